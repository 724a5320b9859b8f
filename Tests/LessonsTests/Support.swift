// Every file of this target sees the shared test support (the fixture lesson, temporary directories).
@_exported import TestSupport
