#!/bin/bash
# `make bench`: attn-tutor's engine against NumPy on the same operations, in one run.
# Prints a table of ratios and writes it, with the machine it ran on, to Benchmarks/latest.md.
# Run it on a quiet machine: both sides share the cores, and other work skews the ratios.
# See scripts/bench.py for what is measured and the environment settings.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/attn-tutor}
if [ ! -x "$BIN" ]; then swift build -c release --static-swift-stdlib --product attn-tutor; fi
python3 -c "import numpy" 2>/dev/null || { echo "bench needs NumPy: pip install numpy" >&2; exit 1; }
if ! command -v hyperfine >/dev/null; then
  echo "note: hyperfine is not installed (apt-get install hyperfine); timing start-up with a plain loop" >&2
fi
BIN="$BIN" python3 scripts/bench.py
# Training: steps per second and whether every seed reaches the target (scripts/bench_train.py).
BIN="$BIN" exec python3 scripts/bench_train.py
