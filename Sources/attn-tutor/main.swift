import Tutor

OutputCheck.install()
AttnTutor.main()
