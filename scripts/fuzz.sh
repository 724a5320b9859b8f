#!/bin/bash
# Fuzzes the tutor with libFuzzer, one target after another, each for a bounded time:
#
#   language   scanner, parser, evaluator, error rendering and display (Fuzz/Language)
#   lessons    lesson files: front matter, steps, blocks and fields, then `check`'s replay (Fuzz/Lessons)
#   progress   progress files: loaded, resumed, recorded, saved and loaded again (Fuzz/Progress)
#
# `make fuzz` runs it; settings come from the environment:
#
#   FUZZ_TARGETS="language lessons progress"   which targets, in order
#   FUZZ_SECONDS=60       seconds per target (libFuzzer's -max_total_time); 0 = no time bound
#   FUZZ_RUNS=-1          executions per target (libFuzzer's -runs); -1 = no count bound
#   FUZZ_JOBS=1           parallel fuzzing processes (libFuzzer's -fork); 2 uses both cores
#   FUZZ_TIMEOUT=30       seconds after which one input counts as a hang
#   FUZZ_INTERRUPT_MS=2000  the harness raises the Ctrl-C flag after this long (Fuzz/Common)
#   FUZZ_MAX_LEN          longest input in bytes (default 512; 16384 for lessons, 4096 for progress)
#   FUZZ_DISPLAY=1        0 skips formatting values for display (the language target alone)
#   FUZZ_SANITIZE=fuzzer,address   swiftc -sanitize= value (drop address for speed)
#   FUZZ_DIR=.build-fuzz  build products, corpora and crash artifacts
#
# How it works: Tensors, Display, Language and Lessons are compiled with swiftc as plain
# modules (whole-module, -O, instrumented for coverage and AddressSanitizer), each harness
# (Fuzz/Common + Fuzz/<Target>) is linked against them and OpenBLAS, and libFuzzer starts
# from a corpus of seeds (statements of Tests/Scripts/*.attn; the shipped lessons and test
# fixtures; a few progress files) plus a dictionary of each format's words.
# Limits: -rss_limit_mb=4096 and -malloc_limit_mb=1024, well above the product's own
# 50M-element (400 MB) limit per tensor, so only a runaway allocation trips them.
#
# A finding is written to $FUZZ_DIR/artifacts/<target>/ (crash-*, timeout-*, oom-*);
# reproduce it with `$FUZZ_DIR/fuzz-<target> FILE`, fix it, and add a regression test
# (language inputs go to Tests/Scripts/fuzz-regressions.attn with their expected output).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=${FUZZ_TARGETS:-language lessons progress}
SECONDS_EACH=${FUZZ_SECONDS:-60}
RUNS=${FUZZ_RUNS:--1}
JOBS=${FUZZ_JOBS:-1}
TIMEOUT=${FUZZ_TIMEOUT:-30}
SANITIZE=${FUZZ_SANITIZE:-fuzzer,address}
DIR=${FUZZ_DIR:-.build-fuzz}
SWIFTC=${SWIFTC:-swiftc}
export FUZZ_INTERRUPT_MS=${FUZZ_INTERRUPT_MS:-2000}

mkdir -p "$DIR/modules"
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
module Lessons Sources/Lessons/*.swift

# harness TARGET MODULE…: links Fuzz/Common and Fuzz/<Target> against the modules it needs.
harness() {
    local target=$1 dir=$2; shift 2
    local objects=()
    for m in "$@"; do objects+=("$DIR/modules/$m.o"); done
    echo "linking $DIR/fuzz-$target"
    "$SWIFTC" "${FLAGS[@]}" -module-name "Fuzz$dir" Fuzz/Common/*.swift Fuzz/"$dir"/*.swift \
        "${objects[@]}" $(pkg-config --libs openblas) -o "$DIR/fuzz-$target"
}

# Seeds: every statement of the script tests (multi-line ones joined), one file each.
mkdir -p "$DIR/seeds/language" "$DIR/seeds/lessons" "$DIR/seeds/progress"
python3 - "$DIR/seeds/language" Tests/Scripts/*.attn <<'PY'
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
python3 - "$DIR/language.dict" Sources/Language/Builtins/*.swift <<'PY'
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

# Lessons: every shipped lesson and fixture, whole (libFuzzer cuts them to max_len).
for f in Lessons/*.md Tests/Fixtures/Lessons/*.md; do [ -f "$f" ] && cp "$f" "$DIR/seeds/lessons/$(basename "$f")"; done
cat > "$DIR/lessons.dict" <<'DICT'
"---"
"\x0a"
"\x0d\x0a"
"id: "
"title: "
"summary: "
"order: "
"next: "
"## "
"# "
" {#"
"}"
"```"
"```attn"
"```attn setup"
"```exercise"
"```question"
"ask: "
"task: "
"solution: "
"answer: "
"hint: "
"wrong: "
"explain: "
"save: "
"tolerance: "
"must-use: "
"recheck: "
"dims: "
"choice "
" -> "
":show "
":plot "
" --heat"
"nan"
"1e308"
"9223372036854775807"
"\x1b[2J"
"\x1b]0;x\x07"
DICT

# Progress: a few files of the shape the tutor writes, and broken ones.
printf '{"version":1,"last":"scores","lessons":{"scores":{"hash":"","step":"two","stepIndex":1,"done":["one"],"finished":false}}}' > "$DIR/seeds/progress/one"
printf '{"version":1,"lessons":{}}' > "$DIR/seeds/progress/empty"
printf '{"version":1,"last":"scores","lessons":{"scores":{"hash":"","step":"x","stepIndex":9223372036854775807,"done":[],"finished":true}}}' > "$DIR/seeds/progress/huge"
printf '{"version":2}' > "$DIR/seeds/progress/version"
cat > "$DIR/progress.dict" <<'DICT'
"{"
"}"
"["
"]"
"\"version\":"
"\"lessons\":"
"\"last\":"
"\"hash\":"
"\"step\":"
"\"stepIndex\":"
"\"done\":"
"\"finished\":"
"\"source\":"
"\"steps\":"
"\"status\":"
"\"attempts\":"
"\"hints\":"
"\"seconds\":"
"true"
"false"
"null"
"9223372036854775807"
"-9223372036854775808"
"1e308"
"-1"
DICT

harness language Language Tensors Display Language
harness lessons Lessons Tensors Language Lessons
harness progress Progress Tensors Language Lessons

for target in $TARGETS; do
    case $target in
        language) len=${FUZZ_MAX_LEN:-512} ;;
        lessons) len=${FUZZ_MAX_LEN:-16384} ;;
        progress) len=${FUZZ_MAX_LEN:-4096} ;;
        *) echo "unknown fuzz target $target (language, lessons, progress)" >&2; exit 2 ;;
    esac
    mkdir -p "$DIR/corpus/$target" "$DIR/artifacts/$target"
    echo "fuzzing $target: ${SECONDS_EACH}s, runs $RUNS, timeout ${TIMEOUT}s, interrupt after ${FUZZ_INTERRUPT_MS}ms, $JOBS job(s)"
    ARGS=(-runs="$RUNS" -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -rss_limit_mb=4096 -malloc_limit_mb=1024
          -max_len="$len" -dict="$DIR/$target.dict" -artifact_prefix="$DIR/artifacts/$target/" -print_final_stats=1)
    if [ "$JOBS" -gt 1 ]; then ARGS+=(-fork="$JOBS" -ignore_crashes=0); fi
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=0} \
        "$DIR/fuzz-$target" "${ARGS[@]}" "$DIR/corpus/$target" "$DIR/seeds/$target"
done
