#!/usr/bin/env python3
"""Writes Tests/Fixtures/numpy_cases.json: attn-tutor sources and what NumPy computes for them.

Every builtin and operator of the expression language gets several cases with random
inputs of several shapes, broadcasting, batched and 1-D `@`, axis=None / negative axes /
keepdims, edge values (inf, -inf, nan, signed zeros, huge and tiny numbers) and empty
shapes where NumPy allows them. Each case is

    {"name": "...", "source": "A = [[...]]; B = [...]; A @ B", "shape": [...], "data": [...]}

with the inputs written as literals that round-trip exactly (Python's repr of a float64),
`data` flattened row-major and non-finite numbers as the strings "inf", "-inf", "nan",
as `attn-tutor eval --json` prints them. A case NumPy refuses has "error" (NumPy's
message) instead of shape and data: attn-tutor must refuse it too.

Expected values come from NumPy. The few builtins NumPy has no counterpart for are
computed from their documented definitions: posenc from the paper's formula, split_heads
as reshape + transpose, rand/randn/embed from scripts/random_reference.py (an
independent implementation of the documented generator), tokens from its definition.

The output is deterministic: each group of cases draws from its own generator, seeded by
SEED and the group's name, so adding cases to one group leaves the others' lines as they
are. The NumPy and PyTorch spellings (scripts/idiom_cases.py) are evaluated by NumPy and
PyTorch from the very text attn-tutor runs. Run `make fixtures` to regenerate.
Tests/FixtureTests runs every case through the built binary.
"""
import json
import math
import os
import sys
import warnings
import zlib

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import random_reference  # noqa: E402
import idiom_cases  # noqa: E402

SEED = 20240521
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "numpy_cases.json")

# Each group of cases draws from its own generator (seeded by the group's name), so adding
# cases to one group leaves every other group's inputs as they were.
rng = np.random.default_rng(SEED)


def seed_group(name):
    global rng
    rng = np.random.default_rng([SEED, zlib.crc32(name.encode())])
warnings.simplefilter("ignore")  # NumPy's warnings for inf/nan are expected here
np.seterr(all="ignore")

cases = []

# Values that stress IEEE corner cases; shuffled into edge tensors.
EDGE = [0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 0.5, -2.5, 3.0,
        1e-300, -1e300, 5e-324, 1.7976931348623157e308, 2.220446049250313e-16]


# ---------------------------------------------------------------- literals

def num(x):
    """A float64 as attn-tutor source, reading back as exactly the same number."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


def lit(a):
    """A tensor literal for a NumPy array (or number)."""
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 0:
        return num(a)
    if a.size == 0:
        if a.ndim == 1:
            return "[]"
        return "reshape([], " + ", ".join(str(n) for n in a.shape) + ")"

    def rows(x):
        if x.ndim == 1:
            return "[" + ", ".join(num(v) for v in x) + "]"
        return "[" + ", ".join(rows(r) for r in x) + "]"

    return rows(a)


def json_number(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


# ---------------------------------------------------------------- inputs

def rnd(*shape, scale=1.0):
    """Standard normal numbers at full precision."""
    return rng.standard_normal(shape) * scale


def pos(*shape):
    """Positive numbers spread over several orders of magnitude."""
    return np.exp(rng.uniform(-3, 3, size=shape))


def ties(*shape):
    """Small whole and half numbers, so comparisons see equal elements and rounding sees halves."""
    return rng.integers(-6, 7, size=shape) / 2.0


def edge(*shape):
    """A mix of edge values and ordinary numbers."""
    pool = np.array(EDGE + list(rnd(5)))
    return rng.choice(pool, size=shape)


# ---------------------------------------------------------------- cases

def add(name, inputs, expr, expected):
    """A case: assign the inputs, evaluate `expr`, expect NumPy's `expected`."""
    source = "".join(f"{k} = {lit(v)}; " for k, v in inputs.items()) + expr
    e = np.asarray(expected)
    if e.dtype == bool or np.issubdtype(e.dtype, np.integer):
        e = e.astype(np.float64)
    assert e.dtype == np.float64, (name, e.dtype)
    cases.append({"name": name, "source": source, "shape": list(e.shape),
                  "data": [json_number(v) for v in e.ravel()]})


def add_error(name, inputs, expr, numpy_call):
    """A case NumPy refuses: `numpy_call` must raise, and attn-tutor must report an error."""
    try:
        numpy_call()
    except Exception as err:  # noqa: BLE001 - any NumPy refusal counts
        message = f"{type(err).__name__}: {err}"
    else:
        raise AssertionError(f"{name}: NumPy accepted it")
    source = "".join(f"{k} = {lit(v)}; " for k, v in inputs.items()) + expr
    cases.append({"name": name, "source": source, "error": message})


SHAPES = [(), (5,), (3, 4), (2, 3, 2)]


def creation():
    for shape in [(3,), (2, 3), (2, 3, 4), (0,), (2, 0), ()]:
        args = ", ".join(map(str, shape))
        add(f"zeros{shape}", {}, f"zeros({args})" if shape else "zeros([])", np.zeros(shape))
        add(f"ones{shape}", {}, f"ones([{args}])", np.ones(shape))
    for n, m, k in [(3, None, 0), (2, 4, 0), (4, 3, 1), (3, None, -1), (3, 5, -2), (3, 3, 5), (0, None, 0), (1, None, 0)]:
        expr = f"eye({n}" + (f", {m}" if m is not None else "") + (f", k={k}" if k else "") + ")"
        add(f"eye {expr}", {}, expr, np.eye(n, m, k))
    add("full 2x3", {}, "full([2, 3], 7.5)", np.full((2, 3), 7.5))
    add("full vector -inf", {}, "full([3], -inf)", np.full(3, -np.inf))
    add("full nan", {}, "full([2, 2], nan)", np.full((2, 2), np.nan))
    add("full int size", {}, "full(4, 2.5)", np.full(4, 2.5))
    v = float(rnd())
    add("full random value", {"v": v}, "full([1, 2, 3], v)", np.full((1, 2, 3), v))
    add("full empty", {}, "full([0, 3], 1)", np.full((0, 3), 1.0))
    for args in [(5,), (2, 7), (1, 2, 0.25), (0.1, 1, 0.3), (5, 0, -1.5), (3, 1), (-2.5,), (0, 1, 0.1),
                 (0, 0.3, 0.1), (1e-3, 2e-3, 1e-4), (-3, 3, 0.7)]:
        add(f"arange{args}", {}, "arange(" + ", ".join(num(a) for a in args) + ")",
            np.arange(*[float(a) for a in args]))
    for _ in range(3):
        a, b = sorted(np.round(rng.uniform(-10, 10, 2), 3))
        s = round(float(rng.uniform(0.3, 2)), 2)
        add("arange random", {}, f"arange({num(a)}, {num(b)}, {num(s)})", np.arange(a, b, s))
        add("arange random descending", {}, f"arange({num(b)}, {num(a)}, {num(-s)})", np.arange(b, a, -s))
    for args in [(0, 1, 5), (-2, 3), (1, 1, 4), (5, -5, 7), (2, 3, 1), (2, 3, 0), (0, 1, 2)]:
        expr = "linspace(" + ", ".join(num(a) if i < 2 else str(a) for i, a in enumerate(args)) + ")"
        add(f"linspace{args}", {}, expr, np.linspace(*args))
    a, b = rnd(2)
    add("linspace random", {"a": a, "b": b}, "linspace(a, b, num=9)", np.linspace(a, b, 9))


def random_numbers():
    """rand/randn/seed against the independent Python implementation of the generator."""
    for seed, shape in [(1, (2, 3)), (42, (4,)), (0, (3, 1)), (123456789, (2, 2))]:
        g = random_reference.Generator(seed)
        u = np.array([g.uniform() for _ in range(int(np.prod(shape)))]).reshape(shape)
        add(f"seed {seed} rand", {}, f"seed({seed}); rand({', '.join(map(str, shape))})", u)
        g = random_reference.Generator(seed)
        z = np.array([g.normal() for _ in range(int(np.prod(shape)))]).reshape(shape)
        add(f"seed {seed} randn", {}, f"seed({seed}); randn([{', '.join(map(str, shape))}])", z)
    # Draws continue from where the previous call stopped.
    g = random_reference.Generator(7)
    first = [g.uniform() for _ in range(3)]
    second = [g.normal() for _ in range(2)]
    add("seed then rand then randn", {}, "seed(7); a = rand(3); randn(2)", np.array(second))
    add("seed then rand", {}, "seed(7); rand(3)", np.array(first))


UNARY = {
    "exp": np.exp, "log": np.log, "sqrt": np.sqrt, "abs": np.abs, "sin": np.sin, "cos": np.cos,
    "tanh": np.tanh, "relu": lambda x: np.maximum(x, 0), "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
}


def elementwise_functions():
    for name, f in UNARY.items():
        for shape in SHAPES:
            x = pos(*shape) if name in ("log", "sqrt") else rnd(*shape, scale=3)
            add(f"{name} {shape}", {"x": x}, f"{name}(x)", f(x))
        x = edge(9)
        add(f"{name} edge values", {"x": x}, f"{name}(x)", f(x))
        x = rnd(2, 3)
        add(f"{name} negative input", {"x": x}, f"{name}(-x)", f(-x))
        x = edge(6)
        add(f"{name} of negated edge values", {"x": x}, f"{name}(-x)", f(-x))
    x = rnd(3, 3) * 10
    add("sin large", {"x": x * 100}, "sin(x)", np.sin(x * 100))
    add("exp overflow", {"x": np.array([700.0, 710.0, -750.0, 1000.0])}, "exp(x)",
        np.exp(np.array([700.0, 710.0, -750.0, 1000.0])))
    x = pos(2, 4)
    add("sqrt unicode", {"x": x}, "√x", np.sqrt(x))
    add("sqrt unicode of sum", {"x": x}, "√(x + 1) * 2", np.sqrt(x + 1) * 2)
    add("sqrt unicode number", {}, "√16 / 2", np.float64(2.0))
    # round: halves go to even, as NumPy does, for any number of decimals.
    x = ties(4, 5)
    add("round halves", {"x": x}, "round(x)", np.round(x))
    x = rnd(3, 4, scale=100)
    for d in [0, 1, 2, 3, -1, -2]:
        add(f"round decimals={d}", {"x": x}, f"round(x, {d})" if d % 2 else f"round(x, decimals={d})",
            np.round(x, d))
    x = np.array([2.675, 1.005, 0.125, 0.375, -0.125, 2.5, 3.5, -2.5, 1e300, math.inf, math.nan, -0.0])
    add("round tricky decimals", {"x": x}, "round(x, 2)", np.round(x, 2))
    add("round scalar", {}, "round(2.5)", np.round(2.5))


BINARY = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide, "**": np.power,
          "<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
          "==": np.equal, "!=": np.not_equal}

PAIRS = [((3, 4), (3, 4)), ((3, 1), (1, 4)), ((2, 3, 4), (4,)), ((), (2, 3)), ((2, 3), ()),
         ((4, 1, 3), (2, 1)), ((0, 3), (1, 3)), ((1,), (5,)), ((2, 1, 1), (1, 3, 2))]


def operators():
    for op, f in BINARY.items():
        for sa, sb in PAIRS:
            if op == "**":
                a, b = pos(*sa), rnd(*sb)
            elif op in ("<", "<=", ">", ">=", "==", "!="):
                a, b = ties(*sa), ties(*sb)
            else:
                a, b = rnd(*sa, scale=2), rnd(*sb, scale=2)
            add(f"A {op} B {sa} {sb}", {"A": a, "B": b}, f"A {op} B", f(a, b))
        # Every pair of edge values, by broadcasting a column against a row.
        col = np.array(EDGE).reshape(-1, 1)
        row = np.array(EDGE).reshape(1, -1)
        add(f"edge grid {op}", {"A": col, "B": row}, f"A {op} B", f(col, row))
        a = rnd(3)
        add(f"number {op} tensor", {"A": a}, f"1.5 {op} A", f(1.5, a))
    # Whole-number powers of negative bases are real; fractional ones are nan, as in NumPy.
    a = rnd(2, 4, scale=3)
    for p in ["2", "3", "-1", "0", "0.5", "-2", "1.5"]:
        add(f"power A ** {p}", {"A": a}, f"A ** {p}", np.power(a, float(p)))
    # Unary minus and Python's precedence.
    a, b, c = rnd(3, 3), rnd(3, 3), rnd(3, 3)
    env = {"A": a, "B": b, "C": c}
    for expr, want in [
        ("-A", -a), ("-(A + B)", -(a + b)), ("- -A", a), ("-A ** 2", -(a ** 2)),
        ("-2 ** 2", np.float64(-4.0)), ("2 ** -1", np.float64(0.5)), ("2 ** 3 ** 2", np.float64(512.0)),
        ("(-2) ** 2", np.float64(4.0)), ("A + B * C", a + b * c), ("(A + B) * C", (a + b) * c),
        ("A - B - C", a - b - c), ("A / B / C", a / b / c), ("A @ B + C", a @ b + c),
        ("A + B @ C", a + b @ c), ("(A + B) @ C", (a + b) @ c), ("A * B @ C", (a * b) @ c),
        ("A @ B * 2", (a @ b) * 2), ("A @ B / 4", (a @ b) / 4), ("A - B < C", (a - b) < c),
        ("A * 2 == A + A", (a * 2) == (a + a)), ("-A @ B", (-a) @ b), ("A ** 2 @ B", (a ** 2) @ b),
        ("+A", a), ("A × B", a * b), ("1 - A ** -2", 1 - a ** -2.0), ("sum(A > 0)", np.sum(a > 0)),
        ("(A > 0) * A", (a > 0) * a), ("(A < B) + (B < A) + (A == B)", (a < b) + 0.0 + (b < a) + (a == b)),
    ]:
        add(f"precedence {expr}", env, expr, want)


MATMUL = [((3, 4), (4, 5)), ((1, 4), (4, 1)), ((4,), (4,)), ((3, 4), (4,)), ((4,), (4, 3)),
          ((2, 3, 4), (2, 4, 5)), ((2, 3, 4), (4, 5)), ((3, 4), (2, 4, 5)), ((2, 1, 3, 4), (5, 4, 2)),
          ((4,), (2, 4, 3)), ((2, 3, 4), (4,)), ((3, 0), (0, 4)), ((0, 3), (3, 2)), ((0, 2, 3), (3, 4)),
          ((1, 1), (1, 1)), ((3, 1, 2, 2), (1, 4, 2, 3)), ((1,), (1,)), ((7, 9), (9, 6)),
          ((0,), (0,)), ((2, 0), (0,)), ((0,), (0, 3)), ((2, 2, 3), (1, 3, 2))]


def matmul():
    for sa, sb in MATMUL:
        a, b = rnd(*sa), rnd(*sb)
        add(f"A @ B {sa} {sb}", {"A": a, "B": b}, "A @ B", a @ b)
    a, b, v = rnd(3, 4), rnd(5, 4), rnd(4)
    c = rnd(3, 5)
    env = {"A": a, "B": b, "C": c, "v": v}
    for expr, want in [
        ("A @ B.T", a @ b.T), ("B @ A.T", b @ a.T), ("A.T @ C", a.T @ c), ("B.T @ C.T", b.T @ c.T),
        ("C.T @ A", c.T @ a), ("v @ A.T", v @ a.T), ("A.T.T @ v", a @ v), ("B @ v.T", b @ v),
        ("A @ Bᵀ", a @ b.T), ("Aᵀ @ C", a.T @ c), ("A · Bᵀ", a @ b.T), ("A @ B.T / √4", a @ b.T / 2),
        ("(A @ B.T).T", (a @ b.T).T), ("A.T @ (A @ B.T)", a.T @ (a @ b.T)),
    ]:
        add(f"transpose in matmul {expr}", env, expr, want)
    x, y, w = rnd(2, 3, 4), rnd(2, 3, 5), rnd(2, 3)
    add("3-D .T in matmul", {"X": x, "W": w}, "X.T @ W", x.T @ w)
    add("batched matmul with transpose builtin", {"X": x, "Y": y},
        "transpose(X, [0, 2, 1]) @ Y", np.transpose(x, (0, 2, 1)) @ y)
    # Non-finite values follow IEEE arithmetic.
    a = np.array([[math.inf, 1.0], [0.0, 1.0], [math.nan, 0.0]])
    b = np.array([[0.0, 1.0], [1.0, -math.inf]])
    add("matmul with inf and nan", {"A": a, "B": b}, "A @ B", a @ b)
    a, b = rnd(16, 33, scale=1e150), rnd(33, 8, scale=1e150)
    add("matmul big inputs", {"A": a, "B": b}, "A @ B", a @ b)
    for sa, sb in [((3, 4), (3, 4)), ((4,), (3,)), ((2, 3, 4), (3, 4, 5)), ((2, 3, 4), (3, 4, 2))]:
        a, b = rnd(*sa), rnd(*sb)
        add_error(f"matmul mismatch {sa} {sb}", {"A": a, "B": b}, "A @ B", lambda a=a, b=b: a @ b)
    add_error("matmul scalar", {"A": rnd(2, 2)}, "A @ 2", lambda: np.matmul(np.ones((2, 2)), 2.0))


REDUCE = {
    "sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min, "argmax": np.argmax,
    "var": np.var, "std": np.std,
    "norm": lambda x, axis=None, keepdims=False: np.linalg.norm(x, axis=axis, keepdims=keepdims),
}


def reductions():
    for name, f in REDUCE.items():
        for shape, axes in [((5,), [None, 0, -1]), ((3, 4), [None, 0, 1, -1, -2]), ((2, 3, 4), [None, 0, 1, -1, -3])]:
            x = ties(*shape) if name == "argmax" else rnd(*shape)
            for i, axis in enumerate(axes):
                keep = i % 2 == 1
                if axis is None:
                    expr = f"{name}(x, keepdims=True)" if keep else f"{name}(x)"
                elif i % 3 == 2:
                    expr = f"{name}(x, {axis})"
                else:
                    expr = f"{name}(x, axis={axis}" + (", keepdims=True)" if keep else ")")
                if name == "argmax" and keep:
                    want = np.argmax(x, axis=axis, keepdims=True)
                else:
                    want = f(x, axis=axis, keepdims=keep) if name != "argmax" else np.argmax(x, axis=axis)
                add(f"{name} {shape} {expr}", {"x": x}, expr, want)
        x = edge(4, 5)
        add(f"{name} edge values", {"x": x}, f"{name}(x, axis=0)", f(x, axis=0))
        x = np.array([[1.0, math.inf, 2.0], [-math.inf, 0.0, 3.0], [math.inf, -math.inf, 1.0]])
        add(f"{name} infinities", {"x": x}, f"{name}(x, axis=1)", f(x, axis=1))
        x = edge(3, 4)
        add(f"{name} edge values, all elements", {"x": x}, f"{name}(x)", f(x))
        x = rnd(3, 2, 2)
        add(f"{name} all elements, keepdims", {"x": x}, f"{name}(x, keepdims=True)",
            np.argmax(x, keepdims=True) if name == "argmax" else f(x, keepdims=True))
        s = float(rnd())
        add(f"{name} scalar", {"s": s}, f"{name}(s)", f(np.float64(s)))
        add_error(f"{name} axis out of range", {"x": rnd(2, 3)}, f"{name}(x, axis=2)",
                  lambda: f(np.ones((2, 3)), axis=2))
        add_error(f"{name} negative axis out of range", {"x": rnd(2, 3)}, f"{name}(x, axis=-3)",
                  lambda: f(np.ones((2, 3)), axis=-3))
    x = rnd(1000, scale=1e3) + 1e6
    add("sum long vector", {"x": x}, "sum(x)", np.sum(x))
    add("mean long vector", {"x": x}, "mean(x)", np.mean(x))
    add("var long vector", {"x": x}, "var(x)", np.var(x))
    x = rnd(4, 300)
    add("sum long rows", {"x": x}, "sum(x, axis=1)", np.sum(x, axis=1))
    x = ties(3, 4)
    x[1, :] = 2.0
    add("argmax ties take the first", {"x": x}, "argmax(x, axis=1)", np.argmax(x, axis=1))
    x = np.array([[1.0, math.nan, 3.0, math.nan], [2.0, 1.0, 0.0, -1.0]])
    add("argmax nan is the maximum", {"x": x}, "argmax(x, axis=1)", np.argmax(x, axis=1))
    add("argmax flat", {"x": x}, "argmax(x)", np.argmax(x))
    # Empty tensors: sums are 0, means nan, extrema refused.
    e = np.zeros((2, 0))
    add("sum empty", {}, "sum(zeros(0))", np.sum(np.zeros(0)))
    add("mean empty", {}, "mean(zeros(0))", np.mean(np.zeros(0)))
    add("var empty", {}, "var(zeros(0))", np.var(np.zeros(0)))
    add("sum empty axis", {}, "sum(zeros(2, 0), axis=1)", np.sum(e, axis=1))
    add("sum over empty result", {}, "sum(zeros(2, 0), axis=0)", np.sum(e, axis=0))
    add("max over empty result", {}, "max(zeros(2, 0), axis=0)", np.max(e, axis=0))
    add("norm empty", {}, "norm(zeros(0, 3), axis=0)", np.linalg.norm(np.zeros((0, 3)), axis=0))
    add_error("max of empty", {}, "max(zeros(0))", lambda: np.max(np.zeros(0)))
    add_error("min of empty axis", {}, "min(zeros(2, 0), axis=1)", lambda: np.min(e, axis=1))
    add_error("argmax of empty", {}, "argmax(zeros(0))", lambda: np.argmax(np.zeros(0)))


def softmax_ref(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def attention():
    for shape, axis in [((5,), None), ((3, 4), None), ((3, 4), 0), ((2, 3, 4), 1), ((2, 3, 4), -3), ((1, 1), None)]:
        x = rnd(*shape, scale=3)
        expr = "softmax(x)" if axis is None else (f"softmax(x, axis={axis})" if axis < 0 else f"softmax(x, {axis})")
        add(f"softmax {shape} {expr}", {"x": x}, expr, softmax_ref(x, -1 if axis is None else axis))
    x = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1002.0]])
    add("softmax is stable", {"x": x}, "softmax(x)", softmax_ref(x))
    x = np.array([[-math.inf, -math.inf, -math.inf], [0.0, -math.inf, 1.0], [math.nan, 0.0, 1.0], [math.inf, 0.0, 1.0]])
    add("softmax non-finite rows", {"x": x}, "softmax(x)", softmax_ref(x))
    s = rnd(4, 4)
    mask = np.triu(np.full((4, 4), -math.inf), 1)
    add("softmax with causal mask", {"S": s}, "softmax(S + causal_mask(4))", softmax_ref(s + mask))
    add("softmax empty axis result", {}, "softmax(zeros(0, 3))", softmax_ref(np.zeros((0, 3))))
    add_error("softmax bad axis", {"x": rnd(2, 3)}, "softmax(x, axis=2)", lambda: np.max(np.ones((2, 3)), axis=2))
    for n in [1, 4, 6, 0]:
        add(f"causal_mask({n})", {}, f"causal_mask({n})", np.triu(np.full((n, n), -math.inf), 1))
    for shape, eps in [((3, 4), None), ((2, 3, 5), None), ((4, 6), 1e-3), ((6,), None), ((2, 1), None)]:
        x = rnd(*shape, scale=2) + 1
        e = 1e-5 if eps is None else eps
        want = (x - x.mean(axis=-1, keepdims=True)) / np.sqrt(x.var(axis=-1, keepdims=True) + e)
        add(f"layernorm {shape} eps={eps}", {"x": x}, "layernorm(x)" if eps is None else f"layernorm(x, eps={num(eps)})", want)
    x = np.full((2, 4), 3.5)
    add("layernorm constant rows", {"x": x}, "layernorm(x)", np.zeros((2, 4)))
    for n, d, h in [(6, 8, 2), (5, 12, 3), (4, 4, 4), (3, 6, 1)]:
        x = rnd(n, d)
        split = x.reshape(n, h, d // h).transpose(1, 0, 2)
        add(f"split_heads ({n},{d}) h={h}", {"X": x}, f"split_heads(X, {h})", split)
        add(f"merge_heads of split ({n},{d}) h={h}", {"X": x}, f"merge_heads(split_heads(X, h={h}))", x)
        t = rnd(h, n, d // h)
        add(f"merge_heads ({h},{n},{d // h})", {"T": t}, "merge_heads(T)", t.transpose(1, 0, 2).reshape(n, d))
    x = rnd(2, 5, 6)
    add("split_heads batched", {"X": x}, "split_heads(X, 3)", x.reshape(2, 5, 3, 2).transpose(0, 2, 1, 3))
    t = rnd(2, 3, 5, 2)
    add("merge_heads batched", {"T": t}, "merge_heads(T)", t.transpose(0, 2, 1, 3).reshape(2, 5, 6))
    for n, d in [(5, 4), (7, 6), (3, 5), (1, 1), (50, 16), (10, 7), (0, 4)]:
        p = np.arange(n, dtype=np.float64)[:, None]
        i = np.arange(d)
        angle = p / np.power(10000.0, (2 * (i // 2)) / d)
        add(f"posenc({n}, {d})", {}, f"posenc({n}, {d})", np.where(i % 2 == 0, np.sin(angle), np.cos(angle)))


def shaping():
    a, b, c = rnd(2, 3), rnd(4, 3), rnd(2, 5)
    add("concat axis 0", {"A": a, "B": b}, "concat(A, B)", np.concatenate([a, b]))
    add("concat axis 1", {"A": a, "C": c}, "concat(A, C, axis=1)", np.concatenate([a, c], axis=1))
    add("concat axis -1 three", {"A": a, "C": c}, "concat(A, C, A, axis=-1)", np.concatenate([a, c, a], axis=-1))
    add("concat one", {"A": a}, "concat(A)", a)
    u, v = rnd(3), rnd(0)
    add("concat vectors with empty", {"u": u}, "concat(u, [], u)", np.concatenate([u, v, u]))
    x, y = rnd(2, 3, 4), rnd(2, 1, 4)
    add("concat 3-D middle axis", {"X": x, "Y": y}, "concat(X, Y, axis=1)", np.concatenate([x, y], axis=1))
    add_error("concat mismatch", {"A": a, "C": c}, "concat(A, C)", lambda: np.concatenate([a, c]))
    add_error("concat bad axis", {"A": a}, "concat(A, A, axis=2)", lambda: np.concatenate([a, a], axis=2))
    add_error("concat ranks differ", {"A": a, "u": u}, "concat(A, u)", lambda: np.concatenate([a, u]))
    d = rnd(2, 3)
    add("stack axis 0", {"A": a, "D": d}, "stack(A, D)", np.stack([a, d]))
    add("stack axis 1", {"A": a, "D": d}, "stack(A, D, axis=1)", np.stack([a, d], axis=1))
    add("stack axis -1", {"A": a, "D": d}, "stack(A, D, A, axis=-1)", np.stack([a, d, a], axis=-1))
    add("stack scalars", {}, "stack(1, 2.5, -3)", np.stack([1.0, 2.5, -3.0]))
    add("stack vectors", {"u": u}, "stack(u, u * 2, axis=1)", np.stack([u, u * 2], axis=1))
    add_error("stack mismatch", {"A": a, "B": b}, "stack(A, B)", lambda: np.stack([a, b]))
    add_error("stack bad axis", {"A": a}, "stack(A, A, axis=3)", lambda: np.stack([a, a], axis=3))
    x = rnd(3, 4)
    for expr, want in [("reshape(x, 2, 6)", x.reshape(2, 6)), ("reshape(x, [3, -1])", x.reshape(3, -1)),
                       ("reshape(x, -1)", x.reshape(-1)), ("reshape(x, 2, -1, 3)", x.reshape(2, -1, 3)),
                       ("reshape(x, [1, 12, 1])", x.reshape(1, 12, 1)), ("reshape(x, 12)", x.reshape(12)),
                       ("reshape(zeros(0, 3), -1, 6)", np.zeros((0, 3)).reshape(-1, 6)),
                       ("reshape(2.5, 1, 1)", np.reshape(2.5, (1, 1))), ("reshape([7], [])", np.reshape([7.0], ()))]:
        add(f"reshape {expr}", {"x": x}, expr, want)
    add_error("reshape wrong count", {"x": x}, "reshape(x, 5, 2)", lambda: x.reshape(5, 2))
    add_error("reshape two unknowns", {"x": x}, "reshape(x, -1, -1)", lambda: x.reshape(-1, -1))
    add_error("reshape -1 does not divide", {"x": x}, "reshape(x, 5, -1)", lambda: x.reshape(5, -1))
    t = rnd(2, 3, 4)
    for expr, want in [("transpose(x)", x.T), ("transpose(T)", np.transpose(t)),
                       ("transpose(T, [2, 0, 1])", np.transpose(t, (2, 0, 1))),
                       ("transpose(T, axes=[-1, 0, 1])", np.transpose(t, (-1, 0, 1))),
                       ("transpose(T, [0, 2, 1])", np.transpose(t, (0, 2, 1))),
                       ("transpose(u)", u), ("transpose(3.5)", np.transpose(3.5)), ("x.T", x.T), ("T.T", t.T),
                       ("u.T", u), ("x.T.T", x), ("xᵀ", x.T)]:
        add(f"transpose {expr}", {"x": x, "T": t, "u": u}, expr, want)
    add_error("transpose repeated axes", {"T": t}, "transpose(T, [0, 0, 1])", lambda: np.transpose(t, (0, 0, 1)))
    add_error("transpose wrong count", {"T": t}, "transpose(T, [1, 0])", lambda: np.transpose(t, (1, 0)))
    add_error("transpose axis out of range", {"T": t}, "transpose(T, [0, 1, 3])", lambda: np.transpose(t, (0, 1, 3)))
    for shape in [(4, 5), (5, 3), (2, 3, 3)]:
        m = rnd(*shape)
        for k in [0, 1, -1, 2, -3, 7]:
            tail = f", {k})" if k > 0 else (f", k={k})" if k else ")")
            add(f"tril {shape} k={k}", {"M": m}, "tril(M" + tail, np.tril(m, k))
            add(f"triu {shape} k={k}", {"M": m}, "triu(M" + tail, np.triu(m, k))
    m = rnd(3, 4)
    add("where threshold", {"M": m}, "where(M > 0, M, 0)", np.where(m > 0, m, 0.0))
    cnd, xx, yy = ties(3, 1) > 0, rnd(1, 4), rnd(3, 4)
    add("where broadcast", {"c": cnd, "X": xx, "Y": yy}, "where(c, X, Y)", np.where(cnd, xx, yy))
    add("where nan condition is true", {"c": np.array([math.nan, 0.0, -0.0, 2.0])}, "where(c, 1, -1)",
        np.where(np.array([math.nan, 0.0, -0.0, 2.0]).astype(bool), 1.0, -1.0))
    add("where scalar condition", {"X": xx}, "where(1, X, 5)", np.where(True, xx, 5.0))
    add_error("where shapes clash", {"X": rnd(2, 3), "Y": rnd(3, 2)}, "where(1, X, Y)",
              lambda: np.where(True, np.ones((2, 3)), np.ones((3, 2))))


def products():
    for sa, sb in [((4,), (4,)), ((3, 4), (4, 5)), ((3, 4), (4,)), ((4,), (4, 2)), ((), (2, 3)), ((2, 3), ()),
                   ((2, 3, 4), (4, 5)), ((2, 3, 4), (5, 4, 2)), ((3, 4), (2, 4, 5)), ((2, 3, 4), (4,)),
                   ((4,), (2, 4, 3)), ((2, 3, 0), (0, 4)), ((0,), (0,))]:
        a, b = rnd(*sa), rnd(*sb)
        add(f"dot {sa} {sb}", {"a": a, "b": b}, "dot(a, b)", np.dot(a, b))
    add_error("dot mismatch", {"a": rnd(3), "b": rnd(4)}, "dot(a, b)", lambda: np.dot(np.ones(3), np.ones(4)))
    add_error("dot N-D mismatch", {"a": rnd(2, 3, 4), "b": rnd(3, 4)}, "dot(a, b)",
              lambda: np.dot(np.ones((2, 3, 4)), np.ones((3, 4))))
    for sa, sb in [((3,), (4,)), ((2, 2), (3,)), ((), (3,)), ((0,), (2,)), ((5,), (5,))]:
        a, b = rnd(*sa), rnd(*sb)
        add(f"outer {sa} {sb}", {"a": a, "b": b}, "outer(a, b)", np.outer(a, b))
    a = rnd(3, 4)
    noise = a * (1 + 1e-7)
    for b, expr, want in [
        (a, "allclose(a, b)", np.allclose(a, a)),
        (noise, "allclose(a, b)", np.allclose(a, noise)),
        (noise, "allclose(a, b, rtol=1e-9)", np.allclose(a, noise, rtol=1e-9)),
        (noise, "allclose(a, b, rtol=0, atol=1e-5)", np.allclose(a, noise, rtol=0, atol=1e-5)),
        (a + 1e-3, "allclose(a, b)", np.allclose(a, a + 1e-3)),
        (a[0], "allclose(a, b)", np.allclose(a, a[0])),
        (a[:, :1], "allclose(a, b)", np.allclose(a, a[:, :1])),
    ]:
        add(f"allclose {expr} {len(cases)}", {"a": a, "b": b}, expr, np.float64(want))
    for x, y in [([1.0, math.inf], [1.0, math.inf]), ([1.0], [math.inf]), ([math.inf], [1.0]),
                 ([math.inf], [-math.inf]), ([math.nan], [math.nan]), ([1.0, -0.0], [1.0, 0.0]),
                 ([1e308], [math.inf]), ([0.0], [1e-9])]:
        add(f"allclose {x} {y}", {"a": np.array(x), "b": np.array(y)}, "allclose(a, b)",
            np.float64(np.allclose(x, y)))
    add_error("allclose shapes clash", {"a": rnd(2, 3), "b": rnd(2)}, "allclose(a, b)",
              lambda: np.allclose(np.ones((2, 3)), np.ones(2)))


def text():
    for sentence in ["the cat sat on the mat", "The cat saw the Cat.", "a", "to be, or not to be!"]:
        words = []
        for piece in sentence.split():
            word = ""
            for ch in piece:
                if ch in ",.!?;:\"":
                    if word:
                        words.append(word)
                        word = ""
                    words.append(ch)
                else:
                    word += ch
            if word:
                words.append(word)
        vocabulary = {}
        ids = [vocabulary.setdefault(w.lower(), len(vocabulary)) for w in words]
        add(f"tokens {sentence!r}", {}, f'tokens("{sentence}")', np.array(ids, dtype=np.float64))
        e = rnd(len(vocabulary), 3)
        add(f"embed table {sentence!r}", {"E": e}, f'embed(tokens("{sentence}"), E)', e[ids])
        add(f"embed random {sentence!r}", {}, f'embed("{sentence}", 5)',
            np.array(random_reference.embed_words(words, 5)))
    e = rnd(6, 4)
    add("embed ids list", {"E": e}, "embed([0, 5, 2, 2], E)", e[[0, 5, 2, 2]])
    add("embed then attend", {}, 'X = embed("the cat sat", 4); softmax(X @ X.T / √4)',
        softmax_ref((lambda x: x @ x.T / 2)(np.array(random_reference.embed_words(["the", "cat", "sat"], 4)))))


def indexing():
    a, t, v = rnd(4, 5), rnd(2, 3, 4), rnd(6)
    env = {"A": a, "T": t, "v": v}
    for expr, want in [
        ("A[0]", a[0]), ("A[-1]", a[-1]), ("A[1, 2]", a[1, 2]), ("A[-1, -2]", a[-1, -2]), ("A[:, 1:3]", a[:, 1:3]),
        ("A[1:]", a[1:]), ("A[:-1]", a[:-1]), ("A[::2]", a[::2]), ("A[::-1]", a[::-1]), ("A[::-2]", a[::-2]),
        ("A[3:0:-1]", a[3:0:-1]), ("A[-100:100]", a[-100:100]), ("A[5:]", a[5:]), ("A[2:2]", a[2:2]),
        ("A[:, ::-1]", a[:, ::-1]), ("A[1:3, [4, 0]]", a[1:3, [4, 0]]), ("A[[0, 0, 3]]", a[[0, 0, 3]]),
        ("A[[-1, 0]]", a[[-1, 0]]), ("A[:, [2]]", a[:, [2]]), ("A[[]]", a[[]]), ("A[0][1]", a[0][1]),
        ("A[-2][-1:]", a[-2][-1:]), ("A[0, :]", a[0, :]), ("A[:, 0]", a[:, 0]), ("A[:]", a[:]),
        ("A[1:3][0]", a[1:3][0]), ("A[:, -1:-4:-1]", a[:, -1:-4:-1]), ("A[0, ::-1]", a[0, ::-1]),
        ("T[1]", t[1]), ("T[:, 0, :]", t[:, 0, :]), ("T[0, :, 1:3]", t[0, :, 1:3]), ("T[-1, -1, -1]", t[-1, -1, -1]),
        ("T[:, :, 0]", t[:, :, 0]), ("T[1, [2, 0]]", t[1, [2, 0]]), ("T[:, 1, [3, 3]]", t[:, 1, [3, 3]]),
        ("T[::-1, 1:]", t[::-1, 1:]), ("v[3]", v[3]), ("v[-1]", v[-1]), ("v[1:4:2]", v[1:4:2]),
        ("v[[5, 1, -6]]", v[[5, 1, -6]]), ("v[:0]", v[:0]), ("(A @ A.T)[0]", (a @ a.T)[0]), ("A.T[1]", a.T[1]),
        ("A[1 + 1, -(1)]", a[2, -1]), ("A[1:2 * 2, ::1 + 1]", a[1:4, ::2]),
        ("A[[0, 1], [1, 2]]", a[[0, 1], [1, 2]]), ("A[[0, 2], [1]]", a[[0, 2], [1]]),
        ("A[[3], [0, 4, 2]]", a[[3], [0, 4, 2]]), ("T[[0, 1], [2, 0], [3, 1]]", t[[0, 1], [2, 0], [3, 1]]),
        ("T[0, :, [0, 1]]", t[0, :, [0, 1]]), ("T[[1, 0], :, 2]", t[[1, 0], :, 2]),
        ("T[:, [0, 2], [1, 3]]", t[:, [0, 2], [1, 3]]), ("T[[1], 1:, [0, 2]]", t[[1], 1:, [0, 2]]),
        ("T[1, [2, 0], 3]", t[1, [2, 0], 3]), ("T[[0, 1], [2, 2]]", t[[0, 1], [2, 2]]),
        ("A[[], [1]]", a[[], [1]]),
    ]:
        add(f"index {expr}", env, expr, want)
    # Python's slice rules, on random bounds and steps (clamping, negative steps, empty results).
    choices = [None, -9, -7, -6, -5, -3, -2, -1, 0, 1, 2, 3, 5, 6, 7, 9]
    steps = [None, 1, 2, 3, -1, -2, -3, 7, -7]
    for _ in range(40):
        s, e = rng.choice(len(choices), 2)
        start, stop, step = choices[s], choices[e], steps[rng.integers(len(steps))]
        text = ("" if start is None else str(start)) + ":" + ("" if stop is None else str(stop))
        if step is not None:
            text += ":" + str(step)
        add(f"slice v[{text}]", {"v": v}, f"v[{text}]", v[slice(start, stop, step)])
    for expr, call in [("A[4]", lambda: a[4]), ("A[-5]", lambda: a[-5]), ("A[:, 5]", lambda: a[:, 5]),
                       ("A[[0, 9]]", lambda: a[[0, 9]]), ("A[0, 0, 0]", lambda: a[0, 0, 0]), ("v[::0]", lambda: v[::0]),
                       ("A[[0, 1], [0, 1, 2]]", lambda: a[[0, 1], [0, 1, 2]]), ("A[0.5]", lambda: a[0.5])]:
        add_error(f"index error {expr}", env, expr, call)
    for expr, want in [("A.shape", np.array(a.shape)), ("T.shape", np.array(t.shape)), ("v.shape", np.array(v.shape)),
                       ("(2.5).shape", np.array(np.shape(2.5))),
                       ("zeros(0, 3).shape", np.array((0, 3))), ("(T @ A[:4, :2]).shape", np.array((t @ a[:4, :2]).shape)),
                       ("A.shape[1]", np.float64(a.shape[1])), ("zeros(A.shape)", np.zeros(a.shape))]:
        add(f"attribute {expr}", env, expr, want)


def empty_tensors():
    """Builtins on tensors with no elements, wherever NumPy accepts them."""
    e03, e20 = np.zeros((0, 3)), np.zeros((2, 0))
    for expr, want in [
        ("exp(E)", np.exp(e03)), ("-E", -e03), ("E * 2 + E", e03 * 2 + e03), ("relu(F)", np.maximum(e20, 0)),
        ("round(E, 2)", np.round(e03, 2)), ("E.T", e03.T), ("transpose(zeros(2, 0, 3))", np.zeros((2, 0, 3)).T),
        ("tril(E)", np.tril(e03)), ("triu(zeros(0, 0))", np.triu(np.zeros((0, 0)))), ("layernorm(E)", e03),
        ("split_heads(zeros(0, 4), 2)", np.zeros((0, 4)).reshape(0, 2, 2).transpose(1, 0, 2)),
        ("where(E, 1, 2)", np.where(e03, 1.0, 2.0)), ("stack([], [])", np.stack([np.zeros(0)] * 2)),
        ("concat(E, E, axis=1)", np.concatenate([e03, e03], axis=1)), ("argmax(zeros(3, 0), axis=0)", np.argmax(np.zeros((3, 0)), axis=0)),
        ("sum(E, axis=0, keepdims=True)", np.sum(e03, axis=0, keepdims=True)), ("mean(F, axis=1)", np.mean(e20, axis=1)),
        ("std(F, axis=1)", np.std(e20, axis=1)), ("E @ zeros(3, 2)", e03 @ np.zeros((3, 2))), ("F @ E", e20 @ e03),
        ("F[:, 1:]", e20[:, 1:]), ("E[::-1]", e03[::-1]), ("E.shape", np.array(e03.shape)), ("softmax(F, axis=0)", e20),
        ("allclose(E, E)", np.float64(np.allclose(e03, e03))), ("E == E", e03 == e03),
        ("eye(0, 3)", np.eye(0, 3)), ("arange(0)", np.arange(0.0)), ("linspace(0, 1, 0)", np.linspace(0, 1, 0)),
    ]:
        add(f"empty {expr}", {"E": e03, "F": e20}, expr, want)


def rnn_ref(x, wx, wh, h0=None):
    h = np.zeros(wx.shape[1]) if h0 is None else np.ravel(h0)
    out = []
    for row in x:
        h = np.tanh(row @ wx + h @ wh)
        out.append(h)
    return np.array(out).reshape(len(x), wx.shape[1])


def rnn_influence_ref(x, wx, wh):
    """|dh_n/dx_t| (Frobenius), accumulated forwards from each t (the engine goes backwards)."""
    h = rnn_ref(x, wx, wh)
    n = len(x)
    norms = []
    for t in range(n):
        jac = np.diag(1 - h[t] ** 2) @ wx.T
        for s in range(t + 1, n):
            jac = np.diag(1 - h[s] ** 2) @ wh.T @ jac
        norms.append(np.linalg.norm(jac))
    return np.array(norms)


def recurrent():
    for n, d, dh in [(4, 3, 5), (1, 2, 2), (6, 4, 3), (0, 3, 2)]:
        x, wx, wh = rnd(n, d), rnd(d, dh, scale=0.8), rnd(dh, dh, scale=0.8)
        env = {"X": x, "Wx": wx, "Wh": wh}
        add(f"rnn ({n},{d})x({d},{dh})", env, "rnn(X, Wx, Wh)", rnn_ref(x, wx, wh))
        h0 = rnd(dh)
        add(f"rnn with h0 ({n},{d})x({d},{dh})", dict(env, h=h0), "rnn(X, Wx, Wh, h0=h)", rnn_ref(x, wx, wh, h0))
        if n:
            add(f"rnn_influence ({n},{d})x({d},{dh})", env, "rnn_influence(X, Wx, Wh)", rnn_influence_ref(x, wx, wh))
    x, wx, wh = rnd(3, 2), rnd(2, 4, scale=3), rnd(4, 4, scale=3)
    add("rnn saturating", {"X": x, "Wx": wx, "Wh": wh}, "rnn(X, Wx, Wh)", rnn_ref(x, wx, wh))
    add("rnn_influence saturating", {"X": x, "Wx": wx, "Wh": wh}, "rnn_influence(X, Wx, Wh)", rnn_influence_ref(x, wx, wh))


def idioms():
    """NumPy and PyTorch spellings, evaluated by NumPy and PyTorch from the same text."""
    env = idiom_cases.inputs(rnd, pos, ties)
    for expr in idiom_cases.NUMPY:
        add(f"numpy {expr}", idiom_cases.used(expr, env), expr, idiom_cases.evaluate_numpy(expr, env))


def torch_idioms():
    env = idiom_cases.inputs(rnd, pos, ties)
    torch, functional, which = idiom_cases.torch_module()
    if torch is None:
        print("warning: PyTorch is not installed; the PyTorch spellings are left out (pip install torch)")
        return None
    print(f"PyTorch cases evaluated by {which}")
    for expr in idiom_cases.TORCH:
        add(f"torch {expr}", idiom_cases.used(expr, env), expr, idiom_cases.evaluate_torch(expr, env, torch, functional))
    return which


def main():
    torch_source = None
    for group in [creation, random_numbers, elementwise_functions, operators, matmul, reductions, attention, shaping,
                  products, text, indexing, empty_tensors, recurrent, idioms, torch_idioms]:
        seed_group(group.__name__)
        result = group()
        if group is torch_idioms:
            torch_source = result
    names = [c["name"] for c in cases]
    dupes = {n for n in names if names.count(n) > 1}
    for c in cases:
        if c["name"] in dupes:
            c["name"] += f" #{cases.index(c)}"
    doc = {
        "generator": "scripts/make_fixtures.py",
        "numpy": np.__version__,
        "seed": SEED,
        "torch": torch_source,
        "count": len(cases),
        "cases": cases,
    }
    text_out = json.dumps(doc, indent=None, separators=(",", ":"), allow_nan=False)
    # One case per line keeps diffs readable.
    text_out = text_out.replace(',{"name":', ',\n{"name":')
    with open(OUT, "w") as f:
        f.write(text_out + "\n")
    print(f"wrote {len(cases)} cases ({len(text_out) / 1e6:.2f} MB) to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
