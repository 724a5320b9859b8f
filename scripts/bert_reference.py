#!/usr/bin/env python3
"""An independent NumPy forward pass of a BERT encoder, read straight from safetensors.

Used as the reference the Swift `Models` module is tested against: nothing here is
shared with the Swift code. NumPy only (the token ids come from the caller).

    python3 scripts/bert_reference.py MODEL_DIR IDS...      # prints JSON for one sentence

The computation follows Hugging Face's BertModel in eval mode:
embeddings = LayerNorm(word[ids] + position[0..T-1] + token_type[0]);
each layer: Q, K, V = x Wᵀ + b per head, softmax(Q Kᵀ / √d_head) V, output dense,
residual + LayerNorm, intermediate dense + erf-GELU, output dense, residual + LayerNorm;
sentence embedding = mean over tokens, divided by its L2 norm.
"""
import json
import math
import os
import struct
import sys

import numpy as np

DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def read_safetensors(path):
    """Every tensor of a safetensors file as float64 (BF16 widened by hand)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        chunk = raw[base + begin:base + end]
        if info["dtype"] == "BF16":
            bits = np.frombuffer(chunk, dtype="<u2").astype(np.uint32) << 16
            values = bits.view(np.float32)
        else:
            values = np.frombuffer(chunk, dtype=np.dtype(DTYPES[info["dtype"]]).newbyteorder("<"))
        out[name] = values.astype(np.float64).reshape(info["shape"])
    return out


def erf(x):
    """Vectorised erf (math.erf per element: exact to double precision)."""
    return np.vectorize(math.erf, otypes=[np.float64])(x)


def layer_norm(x, gamma, beta, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def forward(w, config, ids):
    """Hidden states per layer, attention weights [layer][head][query][key], and the embedding."""
    p = "bert." if "bert.embeddings.word_embeddings.weight" in w else ""
    heads = config["num_attention_heads"]
    eps = config.get("layer_norm_eps", 1e-12)
    ids = np.asarray(ids, dtype=np.int64)
    t = len(ids)
    x = (w[p + "embeddings.word_embeddings.weight"][ids]
         + w[p + "embeddings.position_embeddings.weight"][:t]
         + w[p + "embeddings.token_type_embeddings.weight"][0])
    x = layer_norm(x, w[p + "embeddings.LayerNorm.weight"], w[p + "embeddings.LayerNorm.bias"], eps)
    hidden, attention = [x], []
    d = x.shape[1]
    dh = d // heads
    for i in range(config["num_hidden_layers"]):
        q_ = f"{p}encoder.layer.{i}."

        def lin(name, v):
            return v @ w[q_ + name + ".weight"].T + w[q_ + name + ".bias"]

        q = lin("attention.self.query", x).reshape(t, heads, dh).transpose(1, 0, 2)
        k = lin("attention.self.key", x).reshape(t, heads, dh).transpose(1, 0, 2)
        v = lin("attention.self.value", x).reshape(t, heads, dh).transpose(1, 0, 2)
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(dh)
        scores = scores - scores.max(axis=-1, keepdims=True)
        e = np.exp(scores)
        a = e / e.sum(axis=-1, keepdims=True)
        attention.append(a)
        ctx = (a @ v).transpose(1, 0, 2).reshape(t, d)
        x = layer_norm(lin("attention.output.dense", ctx) + x,
                       w[q_ + "attention.output.LayerNorm.weight"], w[q_ + "attention.output.LayerNorm.bias"], eps)
        h = lin("intermediate.dense", x)
        h = h * 0.5 * (1.0 + erf(h / math.sqrt(2.0)))
        x = layer_norm(lin("output.dense", h) + x,
                       w[q_ + "output.LayerNorm.weight"], w[q_ + "output.LayerNorm.bias"], eps)
        hidden.append(x)
    mean = x.mean(axis=0)
    embedding = mean / np.linalg.norm(mean)
    return hidden, attention, embedding


def load(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        config = json.load(f)
    return read_safetensors(os.path.join(model_dir, "model.safetensors")), config


if __name__ == "__main__":
    weights, cfg = load(sys.argv[1])
    hs, att, emb = forward(weights, cfg, [int(a) for a in sys.argv[2:]])
    print(json.dumps({"attention": [a.tolist() for a in att], "embedding": emb.tolist()}))
