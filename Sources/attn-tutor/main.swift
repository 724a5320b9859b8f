import Tutor

AttnTutor.main()
