#!/usr/bin/env python3
"""River code on streamwise: change the import, keep the code.

    python3 examples/python/quickstart.py
"""

import random

from streamwise import compose, drift, evaluate, linear_model, metrics, optim, preprocessing


def stream(n=5000, seed=42):
    """A seeded binary stream whose concept flips halfway."""
    rng = random.Random(seed)
    for i in range(n):
        x = {"a": rng.gauss(0, 1), "b": rng.gauss(0, 1), "colour": rng.choice(["red", "blue"])}
        score = x["a"] - x["b"] + (0.5 if x["colour"] == "red" else -0.5)
        yield x, (score > 0) if i < n // 2 else (score < 0)


def main():
    model = compose.Pipeline(
        compose.Select("a", "b") | preprocessing.StandardScaler(),
        linear_model.LogisticRegression(optimizer=optim.SGD(0.1)),
    )
    print(model)
    metric = evaluate.progressive_val_score(stream(), model, metrics.Accuracy(), print_every=1000)
    print("final:", metric)

    # Drift detection on the model's error stream.
    detector = drift.binary.DDM()
    model = model.clone()
    for i, (x, y) in enumerate(stream()):
        error = model.predict_one(x) != y
        model.learn_one(x, y)
        detector.update(error)
        if detector.drift_detected:
            print(f"drift detected at sample {i}")


if __name__ == "__main__":
    main()
