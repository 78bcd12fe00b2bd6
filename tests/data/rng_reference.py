"""Reference outputs of xoshiro256** seeded by SplitMix64, computed with Python integers.

Run: python3 tests/data/rng_reference.py > tests/data/rng_reference.txt
An independent implementation of the published algorithms (Blackman & Vigna), used to pin
streamwise::Rng's output on every platform.
"""

MASK = (1 << 64) - 1


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def xoshiro(seed):
    s = []
    st = seed
    for _ in range(4):
        st, z = splitmix64(st)
        s.append(z)
    while True:
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        yield result


gen = xoshiro(12345)
for _ in range(8):
    print(repr((next(gen) >> 11) * 2.0**-53))
