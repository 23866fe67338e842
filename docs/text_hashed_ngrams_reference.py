#!/usr/bin/env python3
"""Reference implementation of nanogrid's "text-hashed-ngrams" input adapter, written from
docs/text-hashed-ngrams.md and independently of the Java code, using only the standard library.

It produces the test vectors the Java tests check (grid-engine/src/test/resources/
text-hashed-ngrams-vectors.json):

    python3 docs/text_hashed_ngrams_reference.py > grid-engine/src/test/resources/text-hashed-ngrams-vectors.json
"""
import json
import sys
import unicodedata


def murmur3_x86_32(data: bytes, seed: int) -> int:
    """MurmurHash3_x86_32 (Austin Appleby), returned as an unsigned 32-bit integer."""
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = seed & 0xFFFFFFFF
    n = len(data)
    rounded = n - (n % 4)
    for i in range(0, rounded, 4):
        k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)
        k = (k * c1) & 0xFFFFFFFF
        k = ((k << 15) | (k >> 17)) & 0xFFFFFFFF
        k = (k * c2) & 0xFFFFFFFF
        h ^= k
        h = ((h << 13) | (h >> 19)) & 0xFFFFFFFF
        h = (h * 5 + 0xE6546B64) & 0xFFFFFFFF
    k = 0
    tail = n % 4
    if tail >= 3:
        k ^= data[rounded + 2] << 16
    if tail >= 2:
        k ^= data[rounded + 1] << 8
    if tail >= 1:
        k ^= data[rounded]
        k = (k * c1) & 0xFFFFFFFF
        k = ((k << 15) | (k >> 17)) & 0xFFFFFFFF
        k = (k * c2) & 0xFFFFFFFF
        h ^= k
    h ^= n
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    h ^= h >> 16
    return h


def simple_lower(c: str) -> str:
    """The simple (one code point to one code point) Unicode lowercase mapping."""
    if c == "\u0130":  # the one unconditional full mapping that differs from the simple one
        return "i"
    low = c.lower()
    return low if len(low) == 1 else c


def is_token_char(c: str) -> bool:
    return unicodedata.category(c)[0] in "LMN"


def token_class(c: str, punctuation_tokens: bool) -> int:
    """1 for word characters, 2 for punctuation and symbols when they are tokens, 0 for separators."""
    if is_token_char(c):
        return 1
    if punctuation_tokens and unicodedata.category(c)[0] in "PS":
        return 2
    return 0


def ids(text: str, spec: dict) -> list:
    buckets = spec["buckets"]
    seed = spec["seed"]
    char_seed = (seed + 1) & 0xFFFFFFFF
    text = text[: spec["maxChars"]]  # Python strings index code points
    if spec["normalization"] != "none":
        text = unicodedata.normalize(spec["normalization"], text)
    if spec["lowercase"]:
        text = "".join(simple_lower(c) for c in text)
    punctuation_tokens = spec.get("punctuation", "drop") == "tokens"
    tokens, current, current_class = [], [], 0
    for c in text:
        cls = token_class(c, punctuation_tokens)
        if cls != current_class and current:
            tokens.append("".join(current))
            current = []
        if cls != 0:
            current.append(c)
        current_class = cls
    if current:
        tokens.append("".join(current))
    if not tokens:
        return [murmur3_x86_32(b"", seed) % buckets]
    out = []
    words = spec["wordNgrams"]
    if words:
        for n in range(words[0], words[1] + 1):
            for start in range(0, len(tokens) - n + 1):
                gram = " ".join(tokens[start:start + n]).encode("utf-8")
                out.append(murmur3_x86_32(gram, seed) % buckets)
    chars = spec["charNgrams"]
    if chars:
        for token in tokens:
            padded = "<" + token + ">"
            for n in range(chars[0], chars[1] + 1):
                for start in range(0, len(padded) - n + 1):
                    out.append(murmur3_x86_32(padded[start:start + n].encode("utf-8"), char_seed) % buckets)
    return out


SPECS = [
    {"buckets": 262144, "hash": "murmur3_x86_32", "seed": 0, "lowercase": True, "normalization": "NFKC",
     "wordNgrams": [1, 2], "charNgrams": [2, 4], "maxChars": 2000, "encoding": "ids"},
    {"buckets": 1000003, "hash": "murmur3_x86_32", "seed": 4294967295, "lowercase": False, "normalization": "none",
     "wordNgrams": [1, 3], "charNgrams": [], "maxChars": 2000, "encoding": "ids"},
    {"buckets": 97, "hash": "murmur3_x86_32", "seed": 42, "lowercase": True, "normalization": "NFC",
     "wordNgrams": [], "charNgrams": [1, 5], "maxChars": 12, "encoding": "ids"},
    {"buckets": 262144, "hash": "murmur3_x86_32", "seed": 7, "lowercase": True, "normalization": "NFKC",
     "wordNgrams": [1, 2], "charNgrams": [2, 5], "punctuation": "tokens", "maxChars": 2000, "encoding": "ids"},
]

TEXTS = [
    "",
    "   ...!!!  ",
    "Hello, World!",
    "play some jazz on spotify",
    "Je voudrais réserver une table",
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ and ﬁ ligature",
    "İstanbul'da ÇOK güzel bir gün",
    "Привет, как дела? ΟΔΟΣ",
    "नमस्ते दुनिया",
    "こんにちは世界 123",
    "مرحبا بالعالم",
    "emoji 😀 between words 😀😀",
    "e\u0301te\u0301 (decomposed) vs \u00e9t\u00e9",
    "WIN a FREE prize, text 80086 now",
    "it 's a charming and often affecting journey . ",
    "it's a charming... journey!! :-) «quoted» 5€ & co_op",
]


def main():
    vectors = []
    for spec in SPECS:
        for text in TEXTS:
            vectors.append({"spec": spec, "text": text, "ids": ids(text, spec)})
    json.dump({"generator": "docs/text_hashed_ngrams_reference.py", "vectors": vectors}, sys.stdout,
              ensure_ascii=True, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
