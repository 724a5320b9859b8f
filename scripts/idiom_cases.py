"""NumPy and PyTorch spellings for scripts/make_fixtures.py, evaluated from the very text
attn-tutor runs.

Each expression below is given to Python's eval() with NumPy as np/numpy (or PyTorch as
torch and torch.nn.functional as F) and the inputs as arrays (float64 tensors), and the
same text, after the inputs written as literals, to `attn-tutor eval --json`. The value
Python computes is the expected one.

PyTorch: the PyTorch cases are evaluated by the real PyTorch (`pip install torch`, CPU,
float64 by default); this machine's run used torch 2.13.0+cpu, recorded in the JSON's
"torch" field. Without PyTorch they are left out of a regeneration (with a warning), rather
than computed by a hand-written imitation that could share attn-tutor's misreadings.
"""
import builtins
import math
import re

import numpy as np

# Expressions NumPy evaluates. Names: A, B (3×4), S (4×4), P (3×4, positive), Q, K (4×3),
# V (4×2), X (2×3×4), u (3), v (4), M (3×4, whole and half numbers).
NUMPY = [
    # namespaces: the builtins by their NumPy names
    "np.exp(S)", "numpy.exp(S)", "np.log(P)", "np.sqrt(P)", "np.tanh(S)", "np.abs(A)", "np.sin(A)", "np.cos(A)",
    "np.maximum(A, 0)", "np.minimum(A, B)", "np.maximum(A, B[0])", "np.where(A > 0, A, 0)",
    "np.where(S > 0, 1.0, -np.inf)", "np.triu(S, k=1)", "np.tril(S, k=-1)", "np.triu(np.ones((4, 4)), k=1)",
    "np.tril(np.ones((4, 4)))", "np.ones((2, 3))", "np.zeros((3, 4))", "np.full((2, 3), 7.5)", "np.full((4, 4), -np.inf)",
    "np.zeros_like(A)", "np.ones_like(S)", "np.arange(12).reshape(3, 4)", "np.arange(24).reshape(2, 3, 4)",
    "np.arange(6).reshape((2, 3))", "np.arange(12).reshape(-1, 4)", "np.arange(1, 7, 2)", "np.linspace(0, 1, 5)",
    "np.linspace(-1, 1, num=7)", "np.concatenate([A, B], axis=1)", "np.concatenate([A, B])",
    "np.concatenate((A, B), axis=0)", "np.stack([A, B])", "np.stack([A, B], axis=-1)", "np.hstack([A, B])",
    "np.vstack([A, B])", "np.hstack([u, u])", "np.vstack([u, u])", "np.dot(Q, K.T)", "np.dot(v, v)",
    "np.matmul(Q, K.T)", "np.outer(u, v)", "np.linalg.norm(A, axis=1)", "np.linalg.norm(A)", "np.linalg.norm(v)",
    "np.linalg.norm(A, axis=0, keepdims=True)", "np.transpose(X, (0, 2, 1))", "np.transpose(A)",
    "np.transpose(X, axes=(2, 0, 1))", "np.swapaxes(X, 1, 2)", "np.swapaxes(X, -2, -1)", "np.round(A, 2)",
    "np.round(M)", "np.round(np.pi, 3)", "np.clip(A, -0.5, 0.5)", "np.clip(A, 0, None)", "np.cumsum(v)",
    "np.cumsum(A, axis=1)", "np.cumsum(A, axis=0)", "np.diag(S)", "np.diag(u)", "np.trace(S)", "np.sign(M)",
    "np.einsum('ij->ji', A)", "np.einsum('ii->', S)", "np.einsum('ij->', A)", "np.einsum('ij->i', A)",
    "np.einsum('ii->i', S)", "np.einsum('ij,jk->ik', Q, K.T)", "np.einsum('id,jd->ij', Q, K)",
    "np.einsum('i,i->', v, v)", "np.einsum('i,j->ij', u, v)", "np.einsum('bij,bkj->bik', X, X)",
    "np.einsum('ij,ij->i', A, B)", "np.einsum('ij,jk', Q, K.T)", "np.pi * A", "np.e ** A", "A + np.inf", "-np.inf * v",
    "np.float64(3)", "np.float64(2.5) * A",
    # None and np.newaxis, ... in indexes
    "v[:, np.newaxis]", "v[np.newaxis, :]", "v[:, None] * v[None, :]", "A[:, None, :]", "A[..., None]", "X[..., 0]",
    "X[..., -1, :]", "X[0, ..., 1]", "A[None]", "A[:, None] - A[None, :]",
    # reductions by the NumPy function
    "np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)", "np.exp(S - S.max(axis=-1, keepdims=True))",
    "np.sqrt(np.sum(A ** 2, axis=1))", "np.mean(A, axis=0)", "np.std(A, axis=1)", "np.var(A)", "np.argmax(A, axis=1)",
    "np.argmin(A, axis=0)", "np.max(A, axis=1, keepdims=True)", "np.sum(A, axis=(0, 1))", "np.mean(X, axis=(1, 2))",
    "np.sum(X, axis=(0, 2), keepdims=True)", "np.array([[1, 2], [3, 4]])", "np.array(A)", "np.asarray([1.0, 2.0])",
    "np.square(A)", "np.add(A, B)", "np.multiply(A, B)", "np.subtract(A, B)", "np.divide(A, B)", "np.power(P, 0.5)",
    "np.negative(A)", "np.expand_dims(v, 0)", "np.expand_dims(A, -1)", "np.squeeze(A[:, :1])", "np.amax(A)",
    "np.absolute(A)", "np.isclose(A, A + 1e-9)", "np.allclose(A, A)", "np.any(A > 1)", "np.all(A > -10)",
    "np.logical_and(A > 0, B > 0)", "np.isnan(np.log(A))", "np.exp(S) / np.sum(np.exp(S), axis=-1, keepdims=True)",
    "np.matmul(Q, K.T) / np.sqrt(K.shape[1])", "np.ones((3, 3), dtype=bool).sum()", "np.mean(A > 0)",
    # methods and attributes
    "A.sum()", "A.sum(axis=1)", "A.sum(1)", "A.sum(axis=0, keepdims=True)", "A.mean(axis=-1)", "A.max()",
    "A.max(axis=0)", "A.min(1)", "A.argmax()", "A.argmax(axis=1)", "A.argmin(axis=0)", "A.std()", "A.std(axis=0)",
    "A.var(axis=1, keepdims=True)", "A.reshape(4, 3)", "A.reshape((2, 6))", "A.reshape(-1)", "A.reshape(2, -1)",
    "X.transpose(0, 2, 1)", "X.transpose()", "X.transpose((2, 0, 1))", "A.transpose()", "A.transpose(1, 0)",
    "X.swapaxes(1, 2)", "A.flatten()", "Q.dot(K.T)", "A.T", "X.T", "A.shape[0]", "A.shape[1]", "X.shape[-1]",
    "A.ndim", "X.ndim", "A.size", "A.round(2)", "A.clip(-1, 1)", "A.cumsum(axis=1)", "S.trace()", "S.diagonal()",
    "(A > 0).astype(float)", "(A > 0).sum()", "(A > 0).mean(axis=0)", "A.copy()", "A.mean(axis=(0, 1))",
    "X.sum(axis=-1).max()", "A.max(axis=1, keepdims=True) - A",
    # Python on top
    "len(A)", "len(X)", "len(v)", "max(3, 4)", "min(2.5, -1)", "abs(-3)", "max(A.shape)", "float('-inf')",
    "round(2.567, 2)", "A.shape[0] * A.shape[1]", "math.sqrt(16)", "math.pi", "Q @ K.T / math.sqrt(3)",
    "(Q @ K.T) / np.sqrt(Q.shape[-1])",
    # masks
    "A[A > 0]", "A[A < 0].sum()", "S[S < 0].sum()", "A[(A > 0) & (B > 0)]", "A[(A > 1) | (A < -1)]", "A[~(A > 0)]",
    "A[A > 0].mean()", "v[v > 0]", "A[:, A[0] > 0]", "A[A[:, 0] > 0]", "S[np.tril(np.ones((4, 4))) == 1]",
    "np.where(np.triu(np.ones((4, 4)), 1) == 1, -np.inf, S)", "A[[True, False, True]]", "M[M == M.max()]",
    "X[X > 0].shape", "np.where(np.triu(np.ones((4, 4), dtype=bool), k=1), -np.inf, S)",
]

# Expressions PyTorch evaluates.
TORCH = [
    "torch.softmax(S, dim=-1)", "torch.softmax(S, dim=0)", "F.softmax(S, dim=-1)", "F.softmax(X, dim=1)",
    "S.softmax(dim=-1)", "S.softmax(-1)", "torch.matmul(Q, K.T)", "torch.matmul(Q, K.transpose(-2, -1))",
    "Q @ K.transpose(-2, -1)", "Q @ K.transpose(0, 1)", "X @ X.transpose(-2, -1)", "X.transpose(1, 2)",
    "torch.tril(S)", "torch.tril(S, diagonal=-1)", "torch.triu(S, diagonal=1)", "torch.ones(3, 4)", "torch.zeros(2, 3)",
    "torch.ones((2, 2))", "torch.cat([A, B], dim=1)", "torch.cat([A, B])", "torch.cat((A, B), dim=0)",
    "torch.stack([A, B])", "torch.stack([A, B], dim=1)",
    "S.masked_fill(torch.triu(torch.ones(4, 4), diagonal=1) == 1, float('-inf'))",
    "S.masked_fill(torch.tril(torch.ones(4, 4)) == 0, float('-inf'))",
    "torch.softmax(S.masked_fill(torch.triu(torch.ones(4, 4), diagonal=1) == 1, float('-inf')), dim=-1)",
    "A.view(4, 3)", "A.view(-1)", "X.view(2, 12)", "X.permute(2, 0, 1)", "X.permute(0, 2, 1)", "A.sum(dim=1)",
    "A.sum(dim=0, keepdim=True)", "A.mean(dim=-1, keepdim=True)", "A.max(dim=1).values", "A.max(dim=1).indices",
    "A.argmax(dim=1)", "A.argmin(dim=0)", "A.std(dim=1)", "A.var(dim=0)", "A.var(dim=1, unbiased=False)",
    "torch.std(A)", "torch.var(A, dim=1)", "A.transpose(0, 1)", "A.t()", "A.T", "A.size(0)", "A.size()", "A.dim()",
    "A.numel()", "torch.exp(S)", "torch.sqrt(P)", "torch.tanh(S)", "torch.relu(A)", "F.relu(A)", "torch.sigmoid(A)",
    "torch.where(A > 0, A, torch.zeros_like(A))", "torch.ones_like(A)", "torch.full((2, 3), 7.5)", "torch.eye(3)",
    "torch.linspace(0, 1, 5)", "torch.maximum(A, B)", "torch.clamp(A, min=0)", "torch.clamp(A, -0.5, 0.5)",
    "torch.einsum('ij,kj->ik', Q, K)", "torch.outer(u, v)", "torch.dot(v, v)", "torch.cumsum(A, dim=1)",
    "torch.diag(S)", "torch.trace(S)", "torch.sign(M)", "v.unsqueeze(0)", "v.unsqueeze(1)", "A.flatten()",
    "A.reshape(2, -1)", "A.masked_fill(A < 0, 0.0)", "A[A > 0]", "(A > 0).double().mean()", "(A > 0).sum()",
    "A.exp()", "A.abs().sum()", "A.pow(2)", "(A > 0).float().sum()", "A.matmul(B.T)", "Q.mm(K.T)", "torch.bmm(X, X.transpose(1, 2))",
    "Q @ K.T / math.sqrt(Q.size(-1))", "torch.tensor([[1.0, 2.0], [3.0, 4.0]])", "torch.max(A)",
    "torch.mean(A, dim=0)", "torch.sum(A, dim=1, keepdim=True)", "-torch.inf * v", "torch.pi * u",
    "torch.softmax(Q @ K.transpose(-2, -1) / math.sqrt(3), dim=-1) @ V", "A.shape[-1]", "X.size(1)",
    "torch.arange(6).reshape(2, 3)", "torch.zeros(2, 3, 4).shape", "torch.tril(torch.ones(3, 3)) == 0",
]


def inputs(rnd, pos, ties):
    """The inputs every idiom may use (only those it names go into its source)."""
    return {"A": rnd(3, 4), "B": rnd(3, 4), "S": rnd(4, 4), "P": pos(3, 4), "Q": rnd(4, 3), "K": rnd(4, 3),
            "V": rnd(4, 2), "X": rnd(2, 3, 4), "u": rnd(3), "v": rnd(4), "M": ties(3, 4)}


def used(expr, env):
    """The inputs an expression names, in a fixed order."""
    words = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", expr))
    return {k: v for k, v in env.items() if k in words}


def as_array(value):
    """A result as a float64 NumPy array (bools and ints as 0/1 and whole numbers)."""
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    elif type(value).__name__ == "Size":
        value = list(value)
    return np.asarray(value, dtype=np.float64)


def evaluate_numpy(expr, env):
    scope = {"np": np, "numpy": np, "math": math}
    scope.update({k: np.array(v) for k, v in env.items()})
    return as_array(eval(expr, {"__builtins__": builtins}, scope))  # noqa: S307 - our own expressions


def torch_module():
    """PyTorch and its functional module, and which version; None when it is not installed."""
    try:
        import torch
    except ImportError:
        return None, None, None
    torch.set_default_dtype(torch.float64)
    return torch, torch.nn.functional, f"torch {torch.__version__}"


def evaluate_torch(expr, env, torch, functional):
    scope = {"torch": torch, "F": functional, "math": math}
    scope.update({k: torch.tensor(np.array(v)) for k, v in env.items()})
    return as_array(eval(expr, {"__builtins__": builtins}, scope))  # noqa: S307 - our own expressions
