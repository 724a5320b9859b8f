#!/usr/bin/env python3
"""Training speed and reliability of `attn-tutor train`; `make bench` runs it after the
engine benchmark.

For each task and length, trains from TRAIN_SEEDS seeds (default 20, chosen far apart)
with the default settings through the release binary's --json output, and reports
steps per second (steps / the run's own "seconds") and whether every run reached the
target: accuracy >= 99 % and each query's strongest key the expected one (the mirror
position for reverse; the previous position, with exact zeros above the diagonal, for
previous-token). Exits 1 if any run misses it. Environment: BIN, TRAIN_SEEDS.
"""
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("BIN", os.path.join(ROOT, ".build/release/attn-tutor"))
SEEDS = [s * 7919 + 13 for s in range(int(os.environ.get("TRAIN_SEEDS", "20")))]


def pattern_holds(task, a):
    t = len(a)
    for i, row in enumerate(a):
        best = max(range(t), key=lambda j: row[j])
        if task == "reverse" and best != t - 1 - i:
            return False
        if task == "previous-token":
            if any(row[j] != 0 for j in range(i + 1, t)):
                return False
            if i > 0 and best != i - 1:
                return False
    return True


def main():
    failed = False
    print("| task | T | seeds | steps | steps/s (median) | slowest run | reached target |")
    print("|---|---|---|---|---|---|---|")
    for task, length in [("reverse", 8), ("reverse", 16), ("previous-token", 8), ("previous-token", 16)]:
        rates, worst, ok = [], 0.0, 0
        for seed in SEEDS:
            out = subprocess.run([BIN, "train", task, "--seed", str(seed), "--length", str(length), "--json"],
                                 capture_output=True, text=True, check=True).stdout
            d = json.loads(out)
            rates.append(d["steps"] / d["seconds"])
            worst = max(worst, d["seconds"])
            if d["accuracy"] >= 0.99 and pattern_holds(task, d["attention"]):
                ok += 1
            else:
                print(f"  MISSED: {task} T={length} seed {seed}: accuracy {d['accuracy']}", file=sys.stderr)
        failed |= ok < len(SEEDS)
        print(f"| {task} | {length} | {len(SEEDS)} | {d['steps']} | {statistics.median(rates):.0f} | {worst:.2f} s | {ok}/{len(SEEDS)} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
