#!/usr/bin/env python3
"""Reference values of all-MiniLM-L6-v2 for a few sentences, from an independent NumPy forward.

    python3 scripts/make_minilm_reference.py [MODEL_DIR]

NumPy only: the token ids come from Tests/ModelsTests/Fixtures/tokenizer-cases.json (written
by scripts/make_tokenizer_cases.py with Hugging Face's tokenizer), the weights straight from
MODEL_DIR/model.safetensors (default: where `attn-tutor model install` puts the model), the
forward pass from scripts/bert_reference.py. Writes Tests/ModelsTests/Fixtures/minilm-reference.json:
per sentence the tokens, ids, attention weights [layer][head][query][key], the last hidden
states and the sentence embedding (6 significant digits; the tests compare to 1e-4), and the
attention "it" pays to "animal" and "street" in the heads the seed article's claim is about.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bert_reference  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests/ModelsTests/Fixtures")
DATA = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")

SENTENCES = [
    "The animal didn't cross the street because it was too tired.",
    "The animal didn't cross the street because it was too wide.",
    "The trophy doesn't fit into the brown suitcase because it is too large.",
    "A man is playing a guitar on the stage.",
    "naïve café résumé Ångström ÉCOLE Øre œuvre straße",
    "中文 漢字テスト 한국어 日本語です",
]


def rounded(a):
    return [float(f"{v:.6g}") for v in np.asarray(a).ravel()]


def main():
    model = sys.argv[1] if len(sys.argv) > 1 else os.path.join(DATA, "attn-tutor/models/all-MiniLM-L6-v2")
    with open(os.path.join(FIXTURES, "tokenizer-cases.json")) as f:
        cases = {c["text"]: c for c in json.load(f)["minilm"]}
    weights, config = bert_reference.load(model)
    out = []
    for text in SENTENCES:
        c = cases[text]
        hidden, attention, embedding = bert_reference.forward(weights, config, c["ids"])
        att = np.stack(attention)          # layer, head, query, key
        entry = {"text": text, "tokens": c["tokens"], "ids": c["ids"],
                 "attention_shape": list(att.shape), "attention": rounded(att),
                 "last_hidden_shape": list(hidden[-1].shape), "last_hidden": rounded(hidden[-1]),
                 "embedding": rounded(embedding)}
        if "animal" in c["tokens"] and "it" in c["tokens"]:
            i, a, s = c["tokens"].index("it"), c["tokens"].index("animal"), c["tokens"].index("street")
            entry["it"] = {f"layer {l} head {h}": {"animal": float(att[l, h, i, a]), "street": float(att[l, h, i, s])}
                           for l, h in ((3, 1), (5, 11))}
        out.append(entry)
    with open(os.path.join(FIXTURES, "minilm-reference.json"), "w") as f:
        json.dump({"generator": "scripts/make_minilm_reference.py", "model": "all-MiniLM-L6-v2", "cases": out}, f)
    for e in out:
        if "it" in e:
            print(e["text"], json.dumps(e["it"]))


if __name__ == "__main__":
    main()
