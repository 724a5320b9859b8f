#!/bin/bash
# Fuzzes the expression language (scanner, parser, evaluator, error rendering, display)
# with libFuzzer. `make fuzz` runs it; settings come from the environment:
#
#   FUZZ_RUNS=1000000     executions to run (libFuzzer's -runs)
#   FUZZ_JOBS=1           parallel fuzzing processes (libFuzzer's -fork); 2 uses both cores
#   FUZZ_TIMEOUT=30       seconds after which one input counts as a hang
#   FUZZ_INTERRUPT_MS=2000  the harness raises the Ctrl-C flag after this long (see Fuzz/)
#   FUZZ_MAX_LEN=512      longest input, in bytes
#   FUZZ_DISPLAY=1        0 skips formatting values for display (the language alone)
#   FUZZ_SANITIZE=fuzzer,address   swiftc -sanitize= value (drop address for speed)
#   FUZZ_DIR=.build-fuzz  build products, corpus and crash artifacts
#
# How it works: Tensors, Display and Language are compiled with swiftc as plain modules
# (whole-module, -O, instrumented for coverage and AddressSanitizer), the harness in
# Fuzz/ is linked against them and OpenBLAS, and libFuzzer starts from a corpus made of
# every statement in Tests/Scripts/*.attn plus a dictionary of the language's tokens.
# Limits: -rss_limit_mb=4096 and -malloc_limit_mb=1024, well above the product's own
# 50M-element (400 MB) limit per tensor, so only a runaway allocation trips them.
#
# A finding is written to $FUZZ_DIR/artifacts/ (crash-*, timeout-*, oom-*); reproduce it
# with `$FUZZ_DIR/fuzz-language FILE`, fix it, and add the input with its expected
# error to Tests/Scripts/fuzz-regressions.attn.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${FUZZ_RUNS:-1000000}
JOBS=${FUZZ_JOBS:-1}
TIMEOUT=${FUZZ_TIMEOUT:-30}
MAX_LEN=${FUZZ_MAX_LEN:-512}
SANITIZE=${FUZZ_SANITIZE:-fuzzer,address}
DIR=${FUZZ_DIR:-.build-fuzz}
SWIFTC=${SWIFTC:-swiftc}
export FUZZ_INTERRUPT_MS=${FUZZ_INTERRUPT_MS:-2000}

mkdir -p "$DIR/modules" "$DIR/corpus" "$DIR/seeds" "$DIR/artifacts"
FLAGS=(-O -wmo -parse-as-library -use-ld=lld -sanitize="$SANITIZE" -swift-version 6 -I "$DIR/modules" -I Sources/CBLAS)

# module NAME SOURCES…: one object file and one .swiftmodule per module.
module() {
    local name=$1; shift
    echo "compiling $name"
    "$SWIFTC" "${FLAGS[@]}" -module-name "$name" -emit-module -emit-module-path "$DIR/modules/$name.swiftmodule" \
        -c "$@" -o "$DIR/modules/$name.o"
}
module Tensors Sources/Tensors/*.swift
module Display Sources/Display/*.swift
module Language Sources/Language/*.swift Sources/Language/Builtins/*.swift
echo "linking $DIR/fuzz-language"
"$SWIFTC" "${FLAGS[@]}" -module-name FuzzLanguage Fuzz/*.swift \
    "$DIR/modules/Tensors.o" "$DIR/modules/Display.o" "$DIR/modules/Language.o" \
    $(pkg-config --libs openblas) -o "$DIR/fuzz-language"

# Seeds: every statement of the script tests (multi-line ones joined), one file each.
python3 - "$DIR/seeds" Tests/Scripts/*.attn <<'PY'
import hashlib, os, sys
out, paths = sys.argv[1], sys.argv[2:]
def open_brackets(text):
    depth, quote = 0, None
    for line in text.split("\n"):
        quote = None
        for c in line:
            if quote:
                if c == quote: quote = None
            elif c in "\"'": quote = c
            elif c == "#": break
            elif c in "([": depth += 1
            elif c in ")]": depth = max(0, depth - 1)
    return depth
count = 0
for path in paths:
    chunk = []
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith("# expect:"): continue
        if not chunk and (not line.strip() or line.lstrip().startswith("#")): continue
        chunk.append(line)
        if open_brackets("\n".join(chunk)) == 0 or not line.strip():
            data = "\n".join(chunk).strip("\n").encode()
            chunk = []
            if data:
                with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f: f.write(data)
                count += 1
print(f"{count} seed statements from {len(paths)} scripts")
PY

# Dictionary: every builtin name, keyword, operator and Unicode spelling (libFuzzer wants
# bytes outside printable ASCII as \xNN).
python3 - "$DIR/attn.dict" Sources/Language/Builtins/*.swift <<'PY'
import re, sys
out, paths = sys.argv[1], sys.argv[2:]
words = set()
for path in paths:
    text = open(path, encoding="utf-8").read()
    words |= {m + "(" for m in re.findall(r'Builtin\("([a-z_]+)\(', text)}
    words |= {m + "(" for m in re.findall(r'elementwise\("([a-z_]+)"', text)}
words |= set("""axis= keepdims=True k= eps= num= decimals= rtol= atol= m= .T .shape pi inf nan None True
    False ** @ == != <= >= [:, ::-1 : ; # ( ) [ ] , = - 1e308 -1 0 1e-320 9223372036854775807 1e15
    2. .5 ᵀ √ · × − ₁ " '""".split()) | {"\n", "[:, "}
def escape(w):
    return "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\' else "\\x%02X" % b for b in w.encode())
with open(out, "w") as f:
    for w in sorted(words): f.write('"%s"\n' % escape(w))
PY

echo "fuzzing: $RUNS runs, timeout ${TIMEOUT}s, interrupt after ${FUZZ_INTERRUPT_MS}ms, $JOBS job(s)"
ARGS=(-runs="$RUNS" -timeout="$TIMEOUT" -rss_limit_mb=4096 -malloc_limit_mb=1024 -max_len="$MAX_LEN"
      -dict="$DIR/attn.dict" -artifact_prefix="$DIR/artifacts/" -print_final_stats=1)
if [ "$JOBS" -gt 1 ]; then ARGS+=(-fork="$JOBS" -ignore_crashes=0); fi
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=0} \
    "$DIR/fuzz-language" "${ARGS[@]}" "$DIR/corpus" "$DIR/seeds"
