#!/usr/bin/env python3
"""The pretrained model's forward pass: attn-tutor against NumPy and PyTorch, in one run.

    python3 scripts/bench_model.py            # run by scripts/bench.py (make bench)

Each side runs in its own process on the same 16-token sentence and the same weights
(the installed all-MiniLM-L6-v2; the bench is skipped with a note when it is missing):

- attn-tutor: `model embed TEXT --time` — tokenizer and forward pass, best of ≥ 20 runs,
  float32 as the checkpoint is (its own kernel, 2 threads: ATTN_TUTOR_THREADS=2), and again
  with --float64 (OpenBLAS dgemm) to compare with NumPy's float64;
- NumPy: scripts/bert_reference.py's forward, float64, with a vectorised erf
  (Abramowitz–Stegun 7.1.26, error < 1.5e-7) instead of the reference's exact per-element one;
- PyTorch: the same forward in torch ops (F.linear, F.layer_norm, F.gelu), float32,
  torch.inference_mode(), 2 threads; token ids given (no tokenizer).

attn-tutor and PyTorch are timed in alternation, three rounds, and each keeps its best, so
a moment of load on a shared machine does not fall on one side only.

Then the whole process: `attn-tutor model attention TEXT --json` (load the model, run the
sentence, print all 72 heads' 16×16 weights), median wall time of 10 runs after 2
warm-ups, and its peak resident memory. Appends a section to BENCH_OUT (default
Benchmarks/latest.md) and prints it. Environment: BIN, BENCH_OUT, MODEL (a model folder).
"""
import json
import math
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("BIN", os.path.join(ROOT, ".build/release/attn-tutor"))
OUT = os.environ.get("BENCH_OUT", os.path.join(ROOT, "Benchmarks/latest.md"))
DATA = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
MODEL = os.environ.get("MODEL", os.path.join(DATA, "attn-tutor/models/all-MiniLM-L6-v2"))
TEXT = "The animal didn't cross the street because it was too tired."   # 16 tokens with [CLS] and [SEP]
UNITS = {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1.0}


def best_of(fn, minimum=20):
    best, runs, total = float("inf"), 0, 0.0
    while runs < minimum or (total < 1.0 and runs < 1000):
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        best, total, runs = min(best, elapsed), total + elapsed, runs + 1
    return best


def numpy_side(ids):
    import numpy as np
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import bert_reference

    def fast_erf(x):
        s = np.sign(x)
        a = np.abs(x)
        t = 1.0 / (1.0 + 0.3275911 * a)
        y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-a * a)
        return s * y

    bert_reference.erf = fast_erf
    w, cfg = bert_reference.load(MODEL)
    return best_of(lambda: bert_reference.forward(w, cfg, ids))


def torch_side(ids):
    import numpy as np
    import torch
    import torch.nn.functional as F
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import bert_reference

    torch.set_num_threads(2)
    raw, cfg = bert_reference.load(MODEL)
    w = {k: torch.from_numpy(v.astype(np.float32)) for k, v in raw.items()}
    heads, eps = cfg["num_attention_heads"], cfg["layer_norm_eps"]
    t = len(ids)
    ids_t = torch.tensor(ids)

    def forward():
        with torch.inference_mode():
            d = w["embeddings.word_embeddings.weight"].shape[1]
            dh = d // heads
            x = (w["embeddings.word_embeddings.weight"][ids_t] + w["embeddings.position_embeddings.weight"][:t]
                 + w["embeddings.token_type_embeddings.weight"][0])
            x = F.layer_norm(x, (d,), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
            for i in range(cfg["num_hidden_layers"]):
                p = f"encoder.layer.{i}."

                def lin(name, v):
                    return F.linear(v, w[p + name + ".weight"], w[p + name + ".bias"])

                q = lin("attention.self.query", x).view(t, heads, dh).transpose(0, 1)
                k = lin("attention.self.key", x).view(t, heads, dh).transpose(0, 1)
                v = lin("attention.self.value", x).view(t, heads, dh).transpose(0, 1)
                a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(dh), dim=-1)
                ctx = (a @ v).transpose(0, 1).reshape(t, d)
                x = F.layer_norm(lin("attention.output.dense", ctx) + x, (d,),
                                 w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
                h = F.gelu(lin("intermediate.dense", x))
                x = F.layer_norm(lin("output.dense", h) + x, (d,),
                                 w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
            return x.mean(0)

    return best_of(forward), torch.__version__


def run_child(mode, ids):
    out = subprocess.run([sys.executable, __file__, mode, json.dumps(ids)], capture_output=True, text=True)
    if out.returncode != 0:
        return None, out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"exit {out.returncode}"
    return json.loads(out.stdout), None


def ours(*flags):
    env = dict(os.environ, ATTN_TUTOR_THREADS="2")
    out = subprocess.run([BIN, "model", "embed", TEXT, "--model", MODEL, "--time", *flags], capture_output=True, text=True,
                         check=True, env=env).stdout
    value, unit = out.strip().split(": ")[1].split(" ")
    return float(value) * UNITS[unit]


def whole_process():
    """Median wall time and peak RSS (MB) of `model attention TEXT --json`."""
    times, peak = [], 0
    cmd = [BIN, "model", "attention", TEXT, "--model", MODEL, "--json"]
    for i in range(12):
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        elapsed = time.perf_counter() - start
        if status != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed")
        if i >= 2:
            times.append(elapsed)
        peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(times), peak


def fmt(s):
    return f"{s * 1e3:.3g} ms"


def main():
    if not os.path.exists(os.path.join(MODEL, "model.safetensors")):
        print(f"note: no model in {MODEL} (attn-tutor model install); the model benchmark is skipped")
        return
    ids = json.loads(subprocess.run([BIN, "model", "tokens", TEXT, "--model", MODEL, "--json"],
                                    capture_output=True, text=True, check=True).stdout)["ids"]
    assert len(ids) == 16, ids
    best_ours, torch_result, torch_problem = float("inf"), None, None
    for _ in range(3):
        best_ours = min(best_ours, ours())
        result, torch_problem = run_child("torch", ids)
        if result is not None and (torch_result is None or result[0] < torch_result[0]):
            torch_result = result
    ours64 = min(ours("--float64") for _ in range(2))
    numpy_time, numpy_problem = run_child("numpy", ids)
    wall, rss = whole_process()
    lines = ["", "## The pretrained model (all-MiniLM-L6-v2, one 16-token sentence)", ""]
    rows = [("forward pass: attn-tutor (float32, 2 threads, with its tokenizer)", fmt(best_ours), "", "")]
    rows.append(("forward pass: attn-tutor --float64", fmt(ours64), "", ""))
    if numpy_time is not None:
        rows.append(("forward pass: NumPy (float64, vectorised erf)", fmt(numpy_time), f"{ours64 / numpy_time:.2f}× NumPy's time (float64 to float64)", ""))
    else:
        rows.append(("forward pass: NumPy", "not measured", numpy_problem, ""))
    if torch_result is not None:
        torch_time, version = torch_result
        ratio = best_ours / torch_time
        rows.append((f"forward pass: PyTorch {version} (float32, 2 threads)", fmt(torch_time),
                     f"{ratio:.2f}× PyTorch's time", "≤ 0.5×: " + ("met" if ratio <= 0.5 else "**missed**")))
    else:
        rows.append(("forward pass: PyTorch", "not measured", torch_problem + " (pip install torch)", "≤ 0.5×: not measured"))
    rows.append(("whole process: load, run, print all 72 heads as JSON", fmt(wall), "median of 10", "≤ 150 ms: " + ("met" if wall <= 0.150 else "**missed**")))
    rows.append(("peak resident memory of that process", f"{rss:.0f} MB", "", "≤ 250 MB: " + ("met" if rss <= 250 else "**missed**")))
    header = ("case", "time", "ratio", "target")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(4)]
    lines.append("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    lines += ["", "Method: scripts/bench_model.py. Each side in its own process, best of ≥ 20 forward passes; "
              "attn-tutor and PyTorch alternate for three rounds and keep their best. The whole-process row runs "
              "`attn-tutor model attention TEXT --json`.", ""]
    text = "\n".join(lines)
    print(text)
    with open(OUT, "a") as f:
        f.write(text)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "numpy":
        print(json.dumps(numpy_side(json.loads(sys.argv[2]))))
    elif len(sys.argv) == 3 and sys.argv[1] == "torch":
        print(json.dumps(torch_side(json.loads(sys.argv[2]))))
    else:
        main()
