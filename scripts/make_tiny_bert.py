#!/usr/bin/env python3
"""Writes the tiny random BERT the Models tests load, and its reference values.

    pip install numpy tokenizers
    python3 scripts/make_tiny_bert.py

Output, in Tests/ModelsTests/Fixtures/:
  tiny-bert/model.safetensors, config.json, tokenizer.json, vocab.txt
      a BERT encoder with 2 layers, 2 heads, d_model 8, a 60-word vocabulary, random
      float32 weights (seeded), in Hugging Face's layout and names;
  tiny-bert-reference.json
      for a few sentences: the tokens and ids from Hugging Face's `tokenizers` reading
      our tokenizer.json, and from scripts/bert_reference.py (NumPy, float64 from the
      stored float32 values) every layer's hidden states, every head's Q, K, V, scores
      and weights, and the sentence embedding;
  dtypes.safetensors, dtypes-expected.json
      the same numbers stored as F64, F32, F16 and BF16, with the values each decodes to.
"""
import json
import math
import os
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bert_reference  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests/ModelsTests/Fixtures")

VOCAB = ("[PAD] [UNK] [CLS] [SEP] [MASK] . , ! ? ' \" ( ) - : the animal didn ##n t cross street because "
         "it was too tired wide a cafe caf ##e ##s ##ing walk 1 2 ##3 ##4 中 文 naive ##ly hello world un "
         "##believ ##able ##a ##b ##c b c x ##x very long and ##k ##ed").split(" ")
assert len(VOCAB) == 60, len(VOCAB)
assert len(set(VOCAB)) == 60

SENTENCES = [
    "The animal didn't cross the street because it was too tired.",
    "Hello, world!",
    "Naïve café: 中文 1234 unbelievable",
    "[MASK] walks (very) long",
]

LAYERS, HEADS, D, FF, POSITIONS = 2, 2, 8, 16, 32


def write_safetensors(path, tensors):
    """tensors: list of (name, dtype, shape, little-endian bytes). Header padded to 8 bytes."""
    header, offset, blobs = {"__metadata__": {"format": "pt"}}, 0, []
    for name, dtype, shape, blob in tensors:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def weights():
    rng = np.random.default_rng(20261201)
    w = {}

    def put(name, *shape, scale=0.5, centre=0.0):
        w[name] = (centre + scale * rng.standard_normal(shape)).astype(np.float32)

    put("embeddings.word_embeddings.weight", len(VOCAB), D, scale=1.0)
    put("embeddings.position_embeddings.weight", POSITIONS, D, scale=0.3)
    put("embeddings.token_type_embeddings.weight", 2, D, scale=0.3)
    put("embeddings.LayerNorm.weight", D, scale=0.1, centre=1.0)
    put("embeddings.LayerNorm.bias", D, scale=0.1)
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        for part in ("query", "key", "value"):
            put(p + f"attention.self.{part}.weight", D, D, scale=0.6)
            put(p + f"attention.self.{part}.bias", D, scale=0.2)
        put(p + "attention.output.dense.weight", D, D, scale=0.4)
        put(p + "attention.output.dense.bias", D, scale=0.1)
        put(p + "attention.output.LayerNorm.weight", D, scale=0.1, centre=1.0)
        put(p + "attention.output.LayerNorm.bias", D, scale=0.1)
        put(p + "intermediate.dense.weight", FF, D, scale=0.5)
        put(p + "intermediate.dense.bias", FF, scale=0.2)
        put(p + "output.dense.weight", D, FF, scale=0.3)
        put(p + "output.dense.bias", D, scale=0.1)
        put(p + "output.LayerNorm.weight", D, scale=0.1, centre=1.0)
        put(p + "output.LayerNorm.bias", D, scale=0.1)
    return w


def tokenizer_json():
    """The structure of all-MiniLM-L6-v2's tokenizer.json, with our vocabulary."""
    special = [{"id": VOCAB.index(t), "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                "normalized": False, "special": True} for t in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")]
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": special,
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {t: {"id": t, "ids": [VOCAB.index(t)], "tokens": [t]} for t in ("[CLS]", "[SEP]")}},
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(VOCAB)}},
    }


def config():
    return {"architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu", "hidden_size": D,
            "intermediate_size": FF, "layer_norm_eps": 1e-12, "max_position_embeddings": POSITIONS,
            "num_attention_heads": HEADS, "num_hidden_layers": LAYERS, "type_vocab_size": 2,
            "vocab_size": len(VOCAB), "pad_token_id": 0, "position_embedding_type": "absolute"}


def per_head_details(w, x, layer):
    """Q, K, V, scores and weights of every head of one layer, from the layer's input x."""
    p = f"encoder.layer.{layer}.attention.self."
    t, dh = x.shape[0], D // HEADS
    out = {}
    for part, key in (("query", "q"), ("key", "k"), ("value", "v")):
        y = x @ w[p + part + ".weight"].T + w[p + part + ".bias"]
        out[key] = y.reshape(t, HEADS, dh).transpose(1, 0, 2)
    out["scores"] = out["q"] @ out["k"].transpose(0, 2, 1) / math.sqrt(dh)
    return out


def main():
    from tokenizers import Tokenizer

    folder = os.path.join(OUT, "tiny-bert")
    os.makedirs(folder, exist_ok=True)
    w = weights()
    write_safetensors(os.path.join(folder, "model.safetensors"),
                      [(n, "F32", a.shape, a.astype("<f4").tobytes()) for n, a in w.items()])
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config(), f, indent=2)
    with open(os.path.join(folder, "tokenizer.json"), "w") as f:
        json.dump(tokenizer_json(), f, ensure_ascii=False, indent=1)
    with open(os.path.join(folder, "vocab.txt"), "w") as f:
        f.write("\n".join(VOCAB) + "\n")

    tok = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
    stored, cfg = bert_reference.load(folder)   # float32 values read back, widened to float64
    cases = []
    for s in SENTENCES:
        enc = tok.encode(s)
        hidden, attention, embedding = bert_reference.forward(stored, cfg, enc.ids)
        layers = []
        for i in range(LAYERS):
            h = per_head_details(stored, hidden[i], i)
            layers.append({"q": h["q"].tolist(), "k": h["k"].tolist(), "v": h["v"].tolist(),
                           "scores": h["scores"].tolist(), "weights": attention[i].tolist()})
        cases.append({"text": s, "tokens": enc.tokens, "ids": enc.ids,
                      "hidden_states": [x.tolist() for x in hidden], "layers": layers,
                      "embedding": embedding.tolist()})
    with open(os.path.join(OUT, "tiny-bert-reference.json"), "w") as f:
        json.dump({"generator": "scripts/make_tiny_bert.py", "cases": cases}, f)

    # One set of numbers in every float format the reader decodes.
    values = np.array([0.0, -0.0, 1.0, -2.5, 3.140625, 65504.0, 1e-5, -1e-7, 6.0e-8, np.inf, -np.inf], dtype=np.float64)
    f16 = values.astype("<f2")
    f32 = values.astype("<f4")
    bf16 = (f32.view("<u4") >> 16).astype("<u2")     # truncation: the stored bits are what they are
    write_safetensors(os.path.join(OUT, "dtypes.safetensors"), [
        ("f64", "F64", values.shape, values.astype("<f8").tobytes()),
        ("f32", "F32", values.shape, f32.tobytes()),
        ("f16", "F16", values.shape, f16.tobytes()),
        ("bf16", "BF16", values.shape, bf16.tobytes()),
        ("matrix", "F32", (2, 3), np.arange(6, dtype="<f4").tobytes()),
    ])
    decoded_bf16 = (bf16.astype(np.uint32) << 16).view(np.float32).astype(np.float64)

    def js(a):
        return [("inf" if v > 0 else "-inf") if np.isinf(v) else float(v) for v in a]

    with open(os.path.join(OUT, "dtypes-expected.json"), "w") as f:
        json.dump({"f64": js(values), "f32": js(f32.astype(np.float64)), "f16": js(f16.astype(np.float64)),
                   "bf16": js(decoded_bf16), "matrix": list(range(6))}, f)
    print(f"wrote {folder} and the references in {OUT}")


if __name__ == "__main__":
    main()
