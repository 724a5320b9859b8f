#!/usr/bin/env python3
"""An independent Python implementation of attn-tutor's random generator and embeddings.

It follows the algorithm documented in Sources/Tensors/Random.swift, written from the
documentation rather than translated from the Swift code, so the tests can check one
against the other:

- the state is four 64-bit words filled from the seed by SplitMix64;
- each step is xoshiro256** (Blackman and Vigna, 2018);
- rand: the top 53 bits of a step divided by 2**53, uniform in [0, 1);
- randn: Box-Muller, sqrt(-2 ln(1 - u1)) * cos(2 pi u2) from two rand draws.

`embed("the cat", d)` gives each lower-cased word d normal numbers from a generator
seeded with the word's 64-bit FNV-1a hash (see Sources/Language/Builtins/Text.swift).

Run it to print the first numbers of seed 1 (pinned in Tests/TensorsTests).
"""
import math

MASK = (1 << 64) - 1


def splitmix64(state):
    """One SplitMix64 step: returns (new state, output)."""
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Generator:
    def __init__(self, seed):
        z = seed & MASK
        self.s = []
        for _ in range(4):
            z, out = splitmix64(z)
            self.s.append(out)

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) / 2.0**53

    def normal(self):
        u1 = self.uniform()
        u2 = self.uniform()
        return math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)


def fnv1a(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & MASK
    return h


def embed_words(words, d):
    """The rows embed(sentence, d) gives for a list of words."""
    rows = []
    for w in words:
        g = Generator(fnv1a(w.lower()))
        rows.append([g.normal() for _ in range(d)])
    return rows


if __name__ == "__main__":
    g = Generator(1)
    print("seed 1, next():   ", [hex(Generator(1).next())])
    print("seed 1, uniform():", [repr(g.uniform()) for _ in range(4)])
    g = Generator(1)
    print("seed 1, normal(): ", [repr(g.normal()) for _ in range(4)])
    g = Generator(0)
    print("seed 0, uniform():", [repr(g.uniform()) for _ in range(2)])
