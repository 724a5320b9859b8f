#!/usr/bin/env python3
"""Which code points Hugging Face's tokenizer treats differently from Swift's Unicode tables.

    pip install tokenizers
    python3 scripts/make_unicode_classes.py [MINILM_DIR]

Hugging Face's Rust `tokenizers` asks older Unicode tables than Swift's (the
`unicode_categories` and `unicode-normalization-alignments` crates) whether a character is a
control, whitespace, punctuation or a non-spacing mark, and how it decomposes; Swift asks
its own, newer ones. This script asks `tokenizers` itself, one code point at a time:

  control       BertNormalizer(clean_text) drops '{c}'
  whitespace    BertPreTokenizer cuts 'x{c}y' into 'x', 'y'
  punctuation   BertPreTokenizer cuts 'x{c}y' into 'x', '{c}', 'y'
  non-spacing   BertNormalizer(strip_accents) drops '{c}' (asked only where NFD keeps '{c}')
  mark
  CJK           BertNormalizer(handle_chinese_chars) writes '{c}' as ' {c} '
  NFD           NFD of '{c}'; of U+0345 '{c}' and of '{c}' U+0334, which show a mark whose
                combining class Hugging Face does not know (a starter to it, not reordered)
  lower-case    BertNormalizer(lowercase) of '{c}'

and compares the answers with Swift's for the same questions (BertNormalizer's `unicode…`
functions, run by scripts/unicode_classes_dump.swift, compiled here with swiftc). It writes

  Sources/Models/BertUnicodeTable.swift        the code points where they differ, as ranges
                                               with Hugging Face's classes, Hugging Face's
                                               CJK ranges, decompositions and lower-casings
  Tests/ModelsTests/Fixtures/tokenizer-unicode-cases.json
                                               'x{c}x {c} X{c}' for both ends of every range
                                               and the code points just outside it (four to
                                               a text), through the tiny tokenizer and
                                               all-MiniLM-L6-v2's

Re-run it when Swift's Unicode version or the `tokenizers` version changes (a test compares
the Unicode version recorded in the table with the toolchain's).
"""
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

import tokenizers
from tokenizers import normalizers, pre_tokenizers

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_tokenizer_cases import DEFAULT_MINILM, FIXTURES, ROOT, encode_texts  # noqa: E402

TABLE = os.path.join(ROOT, "Sources/Models/BertUnicodeTable.swift")
CASES = os.path.join(FIXTURES, "tokenizer-unicode-cases.json")
CONTROL, WHITESPACE, PUNCTUATION, MARK = 1, 2, 4, 8
FLAG_NAMES = [(CONTROL, ".control"), (WHITESPACE, ".whitespace"), (PUNCTUATION, ".punctuation"), (MARK, ".strippedMark")]


def scalars():
    return [c for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF]


def hexs(s):
    return ".".join("%x" % ord(ch) for ch in s)


def swift_side():
    """Swift's answers, from scripts/unicode_classes_dump.swift."""
    with tempfile.TemporaryDirectory() as tmp:
        main = os.path.join(tmp, "main.swift")
        with open(os.path.join(ROOT, "scripts/unicode_classes_dump.swift")) as f, open(main, "w") as g:
            g.write(f.read())
        exe = os.path.join(tmp, "dump")
        subprocess.run(["swiftc", "-O", "-o", exe, main, os.path.join(ROOT, "Sources/Models/BertNormalizer.swift"), TABLE], check=True)
        out = subprocess.run([exe], check=True, capture_output=True, text=True).stdout.split("\n")
    version = out[0].split()[1]
    rows = {}
    for line in out[1:]:
        if line:
            cp, bits, ccc, nfd, lower = line.split(" ")
            rows[int(cp, 16)] = (int(bits), int(ccc), nfd, lower)
    return version, rows


def hf_side():
    """Hugging Face's answers: class bits (None where a class cannot show), NFD probes, lower-casing, CJK."""
    clean = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=False, strip_accents=False, lowercase=False)
    cjk = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=True, strip_accents=False, lowercase=False)
    strip = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False)
    lower = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=False, lowercase=True)
    nfd = normalizers.NFD()
    pre = pre_tokenizers.BertPreTokenizer()
    rows, chinese = {}, []
    for cp in scalars():
        ch = chr(cp)
        bits, unknown = 0, 0
        cleaned = clean.normalize_str(ch)
        if cleaned == "":
            bits |= CONTROL
        words = [w for w, _ in pre.pre_tokenize_str("x" + ch + "y")]
        if words == ["x", "y"]:
            bits |= WHITESPACE
            unknown |= PUNCTUATION  # whitespace is asked first
        elif words == ["x", ch, "y"]:
            bits |= PUNCTUATION
        else:
            assert words == ["x" + ch + "y"], (hex(cp), words)
        if cleaned != "" and cleaned != ch:
            assert cleaned == " " and bits & WHITESPACE, (hex(cp), cleaned)
        d = nfd.normalize_str(ch)
        if d == ch:
            if strip.normalize_str(ch) == "":
                bits |= MARK
        else:
            unknown |= MARK  # the scalar itself never reaches the mark filter
        if cjk.normalize_str(ch) == " " + ch + " ":
            chinese.append(cp)
        rows[cp] = (bits, unknown, hexs(d), hexs(nfd.normalize_str("\u0345" + ch)), hexs(nfd.normalize_str(ch + "\u0334")),
                    hexs(lower.normalize_str(ch)))
    return rows, chinese


def ranges(cps):
    out = []
    for cp in cps:
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def name(cp):
    return unicodedata.name(chr(cp), "unnamed in Python's Unicode %s" % unicodedata.unidata_version)


def flags(bits):
    return "[" + ", ".join(n for b, n in FLAG_NAMES if bits & b) + "]"


def swift_hex(s):
    return "[" + ", ".join("0x%04X" % int(x, 16) for x in s.split(".")) + "]"


def main():
    minilm = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_MINILM
    version, swift = swift_side()
    hf, chinese = hf_side()

    overrides = {}  # code point -> Hugging Face's bits, where Swift's differ
    for cp, (bits, unknown, *_rest) in hf.items():
        mine = swift[cp][0]
        wanted = (bits & ~unknown) | (mine & unknown)
        if wanted != mine:
            overrides[cp] = wanted
    runs = []  # [first, last, bits]
    for cp in sorted(overrides):
        if runs and runs[-1][1] == cp - 1 and runs[-1][2] == overrides[cp]:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp, overrides[cp]])

    decompositions = {cp: row[2] for cp, row in hf.items() if row[2] != swift[cp][2]}

    # Marks Hugging Face does not reorder: starters to it.
    def ccc(x, starters):
        return 0 if x in starters else swift[x][1]

    def nfd(text, starters):  # BertNormalizer.decompose, over the tables
        out = []
        for ch in text:
            out += [int(x, 16) for x in (decompositions.get(ord(ch)) or swift[ord(ch)][2]).split(".")]
        i = 0
        while i < len(out):
            if ccc(out[i], starters) == 0:
                i += 1
                continue
            j = i + 1
            while j < len(out) and ccc(out[j], starters) != 0:
                j += 1
            out[i:j] = sorted(out[i:j], key=lambda x: ccc(x, starters))
            i = j
        return ".".join("%x" % x for x in out)

    starters = set()
    for cp, row in hf.items():
        if swift[cp][1] != 0 and (row[3], row[4]) == ("345." + hexs(chr(cp)), hexs(chr(cp)) + ".334") \
                and nfd("\u0345" + chr(cp), set()) != row[3]:
            starters.add(cp)
    for cp, row in hf.items():  # the model holds for every probe
        ch = chr(cp)
        assert (nfd(ch, starters), nfd("\u0345" + ch, starters), nfd(ch + "\u0334", starters)) == row[2:5], (hex(cp), row)
    lowercase = {cp: row[5] for cp, row in hf.items() if row[5] != swift[cp][3]}
    cjk = ranges(chinese)

    lines = [
        "// Generated by scripts/make_unicode_classes.py — do not edit; re-run the script.",
        "//",
        "// Where Hugging Face `tokenizers` %s (its Rust crates' Unicode tables) and Swift's Unicode %s" % (tokenizers.__version__, version),
        "// properties (BertNormalizer's `unicode…` functions) disagree about a code point, asked of",
        "// `tokenizers` one code point at a time: %d code points in %d runs differ in class, %d in"
        % (len(overrides), len(runs), len(decompositions)),
        "// decomposition, %d in combining class, %d in lower-casing. Names are Python's (Unicode %s);"
        % (len(starters), len(lowercase), unicodedata.unidata_version),
        "// after each run, Swift's classes for it.",
        "",
        "extension BertNormalizer {",
        "    /// The newest Unicode version among Swift's scalars when this table was made.",
        "    static let swiftUnicodeVersion = (major: %s, minor: %s)" % tuple(version.split(".")),
        "",
        "    /// Hugging Face's `is_chinese_char` ranges.",
        "    static let chineseRanges: [ClosedRange<UInt32>] = [",
    ]
    lines += ["        0x%04X...0x%04X," % (a, b) for a, b in cjk]
    lines += ["    ]", "",
              "    /// Code points whose classes differ, with Hugging Face's (sorted, not overlapping).",
              "    static let hfClassOverrides: [ClassOverride] = ["]
    for a, b, bits in runs:
        was = flags(swift[a][0])
        span = "U+%04X" % a if a == b else "U+%04X…U+%04X (%d)" % (a, b, b - a + 1)
        lines.append("        .init(0x%04X, 0x%04X, %s),  // %s %s; Swift: %s" % (a, b, flags(bits), span, name(a), was))
    lines += ["    ]", "",
              "    /// Code points Hugging Face decomposes differently: its NFD of each.",
              "    static let hfDecompositions: [UInt32: [UInt32]] = [" + ("" if decompositions else ":]")]
    for cp in sorted(decompositions):
        lines.append("        0x%04X: %s,  // %s" % (cp, swift_hex(decompositions[cp]), name(cp)))
    if decompositions:
        lines.append("    ]")
    lines += ["", "    /// Marks with a combining class in Swift's tables that Hugging Face's orders as starters (class 0).",
              "    static let hfStarters: [ClosedRange<UInt32>] = ["]
    for a, b in ranges(sorted(starters)):
        lines.append("        0x%04X...0x%04X,  // %s" % (a, b, name(a)))
    lines += ["    ]"]
    lines += ["", "    /// Code points Hugging Face lower-cases differently: its lower-casing of each.",
              "    static let hfLowercase: [UInt32: [UInt32]] = [" + ("" if lowercase else ":]")]
    for cp in sorted(lowercase):
        lines.append("        0x%04X: %s,  // %s" % (cp, swift_hex(lowercase[cp]), name(cp)))
    if lowercase:
        lines.append("    ]")
    lines.append("}")
    with open(TABLE, "w") as f:
        f.write("\n".join(lines) + "\n")

    # Test cases: both ends of every run, and the code points just outside, as Hugging Face cuts them.
    probes = set()
    for a, b, _ in runs:
        probes |= {a - 1, a, b, b + 1}
    probes |= set(decompositions) | set(lowercase) | starters
    for a, b in cjk:
        probes |= {a - 1, a, b, b + 1}
    probes = sorted(p for p in probes if 0 < p < 0x110000 and not 0xD800 <= p <= 0xDFFF)
    # Four code points to a text: 'x{c}x {c} X{c}' for each.
    texts = [" ".join("x{0}x {0} X{0}".format(chr(p)) for p in probes[i:i + 4]) for i in range(0, len(probes), 4)]
    result = {"generator": "scripts/make_unicode_classes.py", "tokenizers": tokenizers.__version__,
              "tiny": encode_texts(os.path.join(FIXTURES, "tiny-bert/tokenizer.json"), texts)}
    path = os.path.join(minilm, "tokenizer.json")
    if os.path.exists(path):
        result["minilm"] = encode_texts(path, texts)
    else:
        print(f"note: {path} not found; only the tiny tokenizer's cases are written", file=sys.stderr)
    with open(CASES, "w") as f:
        f.write("{\n")
        keys = list(result)
        for i, k in enumerate(keys):
            v = result[k]
            if isinstance(v, list):
                body = "[\n" + ",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in v) + "\n ]"
            else:
                body = json.dumps(v)
            f.write(" %s: %s%s\n" % (json.dumps(k), body, "," if i < len(keys) - 1 else ""))
        f.write("}\n")
    print(f"Swift Unicode {version}: {len(overrides)} code points in {len(runs)} runs differ in class, "
          f"{len(decompositions)} in decomposition, {len(starters)} in combining class, {len(lowercase)} in lower-casing; CJK ranges {len(cjk)}; "
          f"{len(texts)} test cases")


if __name__ == "__main__":
    main()
