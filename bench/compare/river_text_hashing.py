"""River's speed on the text-like stream of bench_pipeline's BM_HashedLogisticRegression_*.

1,000 numeric word features, each present with probability 0.05 (counts 1-3), River's default
FeatureHasher (2^20 buckets) | LogisticRegression, predict_one then learn_one per sample.
Compare with `build/release/bench/bench_pipeline --benchmark_filter=Hashed` on the same machine.

    python3 bench/compare/river_text_hashing.py
"""

import random
import time

from river import linear_model, preprocessing


def stream(n=2000, seed=11):
    rng = random.Random(seed)
    for _ in range(n):
        x, score = {}, 0.0
        for j in range(1000):
            if rng.random() >= 0.05:
                continue
            count = float(1 + rng.randrange(3))
            x[f"word{j}"] = count
            score += count if j < 100 else (-count if j < 200 else 0.0)
        yield x, score > 0.0


def main():
    data = list(stream())
    model = preprocessing.FeatureHasher(seed=1) | linear_model.LogisticRegression()
    for x, y in data:  # warm-up pass, as the C++ benchmark measures a warm model
        model.predict_one(x)
        model.learn_one(x, y)
    passes = 3
    start = time.perf_counter()
    for _ in range(passes):
        for x, y in data:
            model.predict_one(x)
            model.learn_one(x, y)
    elapsed = time.perf_counter() - start
    print(f"River FeatureHasher | LogisticRegression: {passes * len(data) / elapsed:,.0f} samples/s")


if __name__ == "__main__":
    main()
