#!/usr/bin/env python3
"""attn-tutor's engine against NumPy, measured in the same run; `make bench` runs it.

Each case runs attn-tutor (`eval SETUP --time OP`: Timing.swift's best of ≥3 runs, the
setup expression timed on its own line and ignored) and then NumPy (bench_numpy.py in a
fresh process, same repetition rule), round after round; each side keeps its best.
Start-up is `attn-tutor eval 1+1` against `python3 -c "import numpy"`, timed by
hyperfine when it is installed (median of many runs), otherwise by a loop here.

Environment: BIN (default .build/release/attn-tutor), BENCH_ROUNDS (default 3),
BENCH_OUT (default Benchmarks/latest.md), BENCH_QUICK=1 (small sizes only, for a smoke test),
BENCH_WAIT (default 180: seconds to wait for the 1-minute load to fall below half the cores).
This script never imports NumPy itself, so NumPy's BLAS threads never compete with the engine.
"""
import ctypes
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("BIN", os.path.join(ROOT, ".build/release/attn-tutor"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
OUT = os.environ.get("BENCH_OUT", os.path.join(ROOT, "Benchmarks/latest.md"))
QUICK = os.environ.get("BENCH_QUICK") == "1"
WAIT = float(os.environ.get("BENCH_WAIT", "180"))

UNITS = {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1.0}


def engine_setup_and_op(case, n):
    if case == "gemm":
        return f"A = randn({n}, {n}); B = randn({n}, {n})", "A @ B"
    if case == "softmax":
        return f"S = randn({n}, {n})", "softmax(S)"
    if case == "attention":
        return f"Q = randn({n}, 64); K = randn({n}, 64); V = randn({n}, 64)", "softmax(Q @ K.T / 8) @ V"
    raise ValueError(case)


def time_engine(case, n):
    setup, op = engine_setup_and_op(case, n)
    out = subprocess.run([BIN, "eval", setup, "--time", op], capture_output=True, text=True, check=True).stdout
    lines = [l for l in out.splitlines() if l.startswith("best of")]
    if len(lines) != 2:
        raise RuntimeError(f"unexpected output from eval --time: {out!r}")
    m = re.match(r"best of \d+: ([0-9.]+) (ns|µs|ms|s)$", lines[-1].strip())
    if not m:
        raise RuntimeError(f"cannot read {lines[-1]!r}")
    return float(m.group(1)) * UNITS[m.group(2)]


def time_numpy(case, n):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "scripts/bench_numpy.py"), case, str(n)],
                         capture_output=True, text=True, check=True).stdout
    return float(out.strip())


def startup():
    """Median seconds from start to exit of each command, and how it was measured."""
    engine = [BIN, "eval", "1+1"]
    python = [sys.executable, "-c", "import numpy"]
    if shutil.which("hyperfine"):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "startup.json")
            subprocess.run(["hyperfine", "-N", "--warmup", "5", "--min-runs", "30", "--export-json", path,
                            " ".join(engine), f"{sys.executable} -c 'import numpy'"],
                           capture_output=True, text=True, check=True)
            with open(path) as f:
                results = json.load(f)["results"]
        return results[0]["median"], results[1]["median"], "hyperfine -N, median of ≥30 runs after 5 warm-ups"
    times = {}
    for name, cmd in (("engine", engine), ("python", python)):
        runs = []
        for i in range(35):
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
            if i >= 5:
                runs.append(time.perf_counter() - start)
        times[name] = statistics.median(runs)
    return times["engine"], times["python"], "subprocess loop, median of 30 runs after 5 warm-ups"


def read(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


# NumPy's version and BLAS, and the kernels its bundled OpenBLAS picked (when it is scipy-openblas).
NUMPY_INFO = """
import ctypes, glob, os
import numpy as np
d = np.show_config(mode='dicts')['Build Dependencies']['blas']
text = f"{np.__version__} with {d.get('name')} {d.get('version')}"
for path in glob.glob(os.path.join(os.path.dirname(np.__file__), '..', 'numpy.libs', '*openblas*')):
    try:
        f = ctypes.CDLL(path).scipy_openblas_get_corename64_
        f.restype = ctypes.c_char_p
        text += f", kernels {f().decode()}"
    except (OSError, AttributeError):
        pass
print(text)
"""


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    flags = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                have = set(line.split(":", 1)[1].split())
                flags = " ".join(x for x in ("sse4_2", "avx", "avx2", "fma", "avx512f") if x in have)
                break
    blas = read(["dpkg-query", "-W", "-f", "${Version}", "libopenblas0-pthread"])
    try:
        # The library attn-tutor links, asked directly: its build, the kernels it picked
        # for this CPU at load time, and how many threads a product uses.
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_config.restype = ctypes.c_char_p
        lib.openblas_get_corename.restype = ctypes.c_char_p
        blas += (f"; {lib.openblas_get_config().decode()}; kernels {lib.openblas_get_corename().decode()}; "
                 f"{lib.openblas_get_num_threads()} threads")
    except (OSError, AttributeError):
        pass
    numpy = read([sys.executable, "-c", NUMPY_INFO])
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": f"{cpu} ({flags})",
        "cores": str(os.cpu_count()),
        "openblas": f"Debian libopenblas0-pthread {blas}",
        "numpy": numpy,
        "swift": read(["swift", "--version"]).splitlines()[0] if shutil.which("swift") else "unknown",
        "python": sys.version.split()[0],
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def fmt_time(s):
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.3g} ms"
    return f"{s:.3g} s"


def main():
    if not os.access(BIN, os.X_OK):
        sys.exit(f"{BIN} is missing: build it with `make build` (make bench does)")
    # A build that just finished leaves the 1-minute load high for a while: give it time.
    limit, deadline = 0.5 * (os.cpu_count() or 1), time.time() + WAIT
    while os.getloadavg()[0] > limit and time.time() < deadline:
        print(f"waiting for a quiet machine (load {os.getloadavg()[0]:.2f})", flush=True)
        time.sleep(15)
    info = machine()
    print(f"machine: {info['cpu']}, {info['cores']} cores, load {info['load']}", flush=True)
    busy = os.getloadavg()[0] > limit
    if busy:
        print("warning: the machine is busy (1-minute load above half the cores); "
              "both sides slow down, but unevenly, so ratios are unreliable", flush=True)
    cases = [("gemm", n) for n in (64, 256, 1024)] + [("softmax", n) for n in (1024, 2048)] + \
            [("attention", n) for n in (256, 512, 1024, 2048, 4096)]
    if QUICK:
        cases = [("gemm", 64), ("softmax", 256), ("attention", 256)]
    best = {}
    for r in range(ROUNDS):
        for case, n in cases:
            e, p = time_engine(case, n), time_numpy(case, n)
            old = best.get((case, n), (float("inf"), float("inf")))
            best[(case, n)] = (min(old[0], e), min(old[1], p))
            print(f"  round {r + 1}: {case} n={n}: attn-tutor {fmt_time(e)}, NumPy {fmt_time(p)}", flush=True)
    start_engine, start_python, start_method = startup()

    targets = {("gemm", 1024): ("≥ 0.95×", lambda ratio: ratio >= 0.95),
               ("softmax", 2048): ("≤ 0.5×", lambda ratio: ratio <= 0.5),
               ("attention", 4096): ("≤ 0.8×", lambda ratio: ratio <= 0.8)}
    rows = []
    for case, n in cases:
        e, p = best[(case, n)]
        if case == "gemm":
            flops = 2 * n ** 3
            name = f"GEMM n={n} (GFLOP/s)"
            ours, theirs = f"{flops / e / 1e9:.1f} ({fmt_time(e)})", f"{flops / p / 1e9:.1f} ({fmt_time(p)})"
            ratio, meaning = p / e, "throughput, engine ÷ NumPy"
        else:
            name = f"softmax {n}×{n}" if case == "softmax" else f"attention n={n}, d=64"
            ours, theirs = fmt_time(e), fmt_time(p)
            ratio, meaning = e / p, "time, engine ÷ NumPy"
        target, ok = targets.get((case, n), ("", None))
        verdict = "" if ok is None else ("met" if ok(ratio) else "**missed**")
        rows.append((name, ours, theirs, f"{ratio:.2f}×", meaning, target, verdict))
    ratio = start_engine / start_python
    rows.append(("start-up: `eval 1+1` vs `python3 -c \"import numpy\"`", fmt_time(start_engine),
                 fmt_time(start_python), f"{ratio:.3f}×", "time, engine ÷ NumPy", "≤ 0.1×",
                 "met" if ratio <= 0.1 else "**missed**"))

    header = ("case", "attn-tutor", "NumPy", "ratio", "ratio is", "target", "")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    table = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(header, widths)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    table += ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    print()
    print("\n".join(table))

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("# Benchmark: attn-tutor's engine against NumPy\n\n")
        f.write("Written by `make bench` (scripts/bench.py); both sides measured in the same run.\n\n")
        for key, label in (("date", "Date"), ("cpu", "CPU"), ("cores", "Cores"), ("openblas", "attn-tutor BLAS"),
                           ("numpy", "NumPy (its BLAS)"), ("swift", "Swift"), ("python", "Python"),
                           ("load", "Load average at start (1, 5, 15 min)")):
            f.write(f"- {label}: {info[key]}\n")
        if busy:
            f.write("- **The machine was busy when this ran: treat the ratios with suspicion.**\n")
        f.write(f"- Rounds: {ROUNDS} (each side's best over the rounds)\n")
        f.write(f"- Start-up measured with: {start_method}\n\n")
        f.write("\n".join(table) + "\n\n")
        f.write("Method: the engine side is `attn-tutor eval SETUP --time OP` (Timing.swift: best of ≥3 runs, "
                "more while under 0.5 s in all; only OP's line is read). The NumPy side is "
                "scripts/bench_numpy.py with the same rule, in its own process. float64 throughout; "
                "softmax is NumPy's usual `e = np.exp(x - x.max(-1, keepdims=True)); e / e.sum(-1, keepdims=True)`; "
                "attention is `softmax(Q @ K.T / 8) @ V` on both sides.\n")
    # The pretrained model's forward pass, in its own script (it appends its own section).
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts/bench_model.py")], check=False,
                   env={**os.environ, "BIN": BIN, "BENCH_OUT": OUT})
    print(f"\nwritten to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
