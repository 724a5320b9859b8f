#!/usr/bin/env python3
"""Expected WordPiece tokens and ids, from Hugging Face's `tokenizers` as the reference.

    pip install tokenizers
    python3 scripts/make_tokenizer_cases.py [MINILM_DIR]

Writes Tests/ModelsTests/Fixtures/tokenizer-cases.json: every case below through the tiny
test tokenizer (Tests/ModelsTests/Fixtures/tiny-bert/tokenizer.json) and, when MINILM_DIR
(a folder holding all-MiniLM-L6-v2's tokenizer.json; default: where `attn-tutor model
install` puts it) exists, through the real one. Padding and truncation are switched off,
as attn-tutor encodes one sentence without either.
"""
import json
import os
import sys

from tokenizers import Tokenizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests/ModelsTests/Fixtures")
DATA = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
DEFAULT_MINILM = os.path.join(DATA, "attn-tutor/models/all-MiniLM-L6-v2")

CASES = [
    # plain words, case, punctuation
    "The animal didn't cross the street because it was too tired.",
    "The animal didn't cross the street because it was too wide.",
    "The trophy doesn't fit into the brown suitcase because it is too large.",
    "A man is playing a guitar on the stage.",
    "Attention weights are not an explanation.",
    "HELLO, World!!",
    "hello...world?!",
    "(very) \"long\" - walks: cafe's",
    "e-mail a@b.com #hashtag $5 100% ~tilde^ `tick` {brace} [bracket] |pipe| \\back/slash_",
    "¿Qué? ¡Sí! «quoted» — dash… “curly” ‘single’ · bullet",
    # accents: stripped after lower-casing (NFD, combining marks dropped)
    "naïve café résumé Ångström ÉCOLE Øre œuvre straße",
    "Crème brûlée à la mode, señor; Zürich, İstanbul",
    "e\u0301 combining acute, o\u0308 and a bare \u0301 mark",
    "ΑΒΓ Σίσυφος ΟΔΥΣΣΕΥΣ привет МИР",
    # digits and numbers
    "1234 12,345.67 3.14159 2nd 10x 1st",
    "٣٤٥ ①②③ ½ ¾ ²",
    # CJK: every ideograph becomes its own word
    "中文 漢字テスト 한국어 日本語です",
    "mixed中文words and 𠀀𪜀 rare ideographs",
    "\u3400\u4dbf\u4e00\u9fff\uf900\ufaff \U0002b820\U0002ceaf \U0002b920",
    # code points newer than Hugging Face's Unicode tables (more: scripts/make_unicode_classes.py)
    "x\u0c3cy x\U0002b820y x\u061dy x\u1734y x\u166dy x\U000111c9y X\u0f73y \u0345\u0f73",
    # control characters, NUL, replacement char, formatting characters
    "tab\there\nnew\rline",
    "nul\x00byte bell\x07 escape\x1b[31mred\x1b[0m",
    "replace\ufffdment zero\u200bwidth soft\u00adhyphen bom\ufeffhere",
    "\x85next-line \u2028line-sep \u2029para-sep",
    "private\ue000use \U000f0000plane and unassigned\u0378here \ufaff",
    # whitespace of every kind
    "   leading and trailing   ",
    "many     spaces\u00a0nbsp\u2003em\u3000ideographic",
    "",
    "   \t\n  ",
    # over-long words (the limit is 100 characters per word)
    "a" * 100,
    "a" * 101,
    "x" * 99 + "é",
    "word " + "supercalifragilistic" * 6 + " word",
    # special tokens written in the text
    "[CLS] [SEP] [MASK] [UNK] [PAD]",
    "the [MASK] sat on the mat",
    "[mask] lower-case is not special",
    # emoji and symbols
    "I ❤ 🤖 emoji 👍🏽 and ♥ ★ → ∑ ∞",
    "it's can't won't y'all o'clock",
    "unbelievable walked walking caféteria",
]


def encode_texts(path, texts):
    tok = Tokenizer.from_file(path)
    tok.no_padding()
    tok.no_truncation()
    out = []
    for text in texts:
        enc = tok.encode(text)
        out.append({"text": text, "tokens": enc.tokens, "ids": enc.ids})
    return out


def encode_all(path):
    return encode_texts(path, CASES)


def main():
    minilm = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_MINILM
    result = {"generator": "scripts/make_tokenizer_cases.py",
              "tiny": encode_all(os.path.join(FIXTURES, "tiny-bert/tokenizer.json"))}
    path = os.path.join(minilm, "tokenizer.json")
    if os.path.exists(path):
        result["minilm"] = encode_all(path)
    else:
        print(f"note: {path} not found; only the tiny tokenizer's cases are written", file=sys.stderr)
    with open(os.path.join(FIXTURES, "tokenizer-cases.json"), "w") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)
    print(f"wrote {len(CASES)} cases × {len(result) - 1} tokenizers")


if __name__ == "__main__":
    main()
