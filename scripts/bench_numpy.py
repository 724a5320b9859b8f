#!/usr/bin/env python3
"""Times one NumPy case the way attn-tutor's `eval --time` times an expression.

Usage: bench_numpy.py CASE SIZE   (CASE: gemm | softmax | attention)
Prints one line: the best time in seconds.

The repetition rule is Sources/Tutor/Timing.swift's: at least 3 runs, and more while
all runs together took under 0.5 s (at most 1000); the best run counts. Inputs are
standard normal float64, as randn gives. Only the operation is timed, never the setup.
"""
import sys
import time

import numpy as np


def softmax(x):
    # The stable softmax NumPy users write (and the one the softmax lesson shows).
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def best_of(fn):
    best, runs, total = float("inf"), 0, 0.0
    while runs < 3 or (total < 0.5 and runs < 1000):
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        total += elapsed
        runs += 1
    return best


def main():
    case, n = sys.argv[1], int(sys.argv[2])
    rng = np.random.default_rng(0)
    if case == "gemm":
        a, b = rng.standard_normal((n, n)), rng.standard_normal((n, n))
        fn = lambda: a @ b
    elif case == "softmax":
        x = rng.standard_normal((n, n))
        fn = lambda: softmax(x)
    elif case == "attention":
        q, k, v = (rng.standard_normal((n, 64)) for _ in range(3))
        fn = lambda: softmax(q @ k.T / 8) @ v
    else:
        sys.exit(f"unknown case {case}")
    print(repr(best_of(fn)))


if __name__ == "__main__":
    main()
