# attn-tutor — `make run` starts the tutor, `make test` runs every test.
# Both first install the Debian packages the build needs, if any are missing.

SWIFT ?= swift
PACKAGES := libedit-dev libopenblas-dev tmux pkg-config
BIN := .build/release/attn-tutor

# The suites left out of test-fast: whole-curriculum replays, terminal sessions, the
# reference kernels in debug, the NumPy fixtures, install and browser checks.
SLOW_TESTS := PerfKernelTests|CurriculumTests|ShippedLessonReplayTests|TerminalTests|AnswerTerminalTests|FixtureTests\.|InstallTests|Chromium|MiniLM|HelpTextTests

.PHONY: run test test-fast build debug deps bench fuzz fixtures clean install install-build uninstall

run: build
	@$(BIN)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --disable-xctest

# The edit loop: everything but the slow suites above (make test runs them all).
test-fast: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --disable-xctest --skip '$(SLOW_TESTS)'

# The Swift runtime linked in, as `make install` builds it: the tutor starts in ~9 ms
# instead of ~15, most of which went to resolving symbols of the shared Swift libraries.
build: deps
	$(SWIFT) build -c release --static-swift-stdlib --product attn-tutor

debug: deps
	$(SWIFT) build

# Installs the system packages that are missing (needs root or sudo; apt-get only).
deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Times the engine against NumPy on the same operations, in one run, and prints ratios.
bench: build
	scripts/bench.sh

# Fuzzes the language, lesson files and progress files with libFuzzer, each target for
# FUZZ_SECONDS (default 60); FUZZ_TARGETS picks targets. See scripts/fuzz.sh.
fuzz: deps
	scripts/fuzz.sh

# Regenerates the NumPy fixtures the engine tests compare against.
fixtures:
	python3 scripts/make_fixtures.py

# Installs the program, the lessons, a man page and shell completions under PREFIX
# (DESTDIR stages the files elsewhere, for packaging). The program is built with the Swift
# runtime linked in, so it runs where Swift is not installed; BIN=… installs one already built.
PREFIX ?= /usr/local
DESTDIR ?=
INSTALL_BIN := .build/install/release/attn-tutor
install: $(if $(filter command line,$(origin BIN)),,install-build)
	scripts/install.sh "$(DESTDIR)$(PREFIX)" "$(if $(filter command line,$(origin BIN)),$(BIN),$(INSTALL_BIN))"

install-build: deps
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path .build/install --product attn-tutor

uninstall:
	scripts/install.sh --uninstall "$(DESTDIR)$(PREFIX)"

clean:
	rm -rf .build
