#!/usr/bin/env python3
"""Hoeffding trees and adaptive random forests on a stream with a str (nominal) feature.

    python3 examples/python/tree_quickstart.py
"""

import random

from streamwise import forest, metrics, tree


def stream(n, seed=0):
    """A numeric and a str feature; the label depends on both (and is a str)."""
    rng = random.Random(seed)
    for _ in range(n):
        colour = rng.choice(["red", "green", "blue"])
        size = rng.uniform(0, 10)
        if colour == "red":
            y = "big" if size > 5 else "small"
        else:
            y = "big" if size > 2 else "small"
        yield {"size": size, "colour": colour}, y


def main():
    models = {
        "HoeffdingTreeClassifier": tree.HoeffdingTreeClassifier(grace_period=50),
        "ARFClassifier": forest.ARFClassifier(n_models=5, seed=42),
    }
    for name, model in models.items():
        accuracy = metrics.Accuracy()
        for x, y in stream(3000):
            y_pred = model.predict_one(x)  # test first (None before any learning)...
            if y_pred is not None:
                accuracy.update(y, y_pred)
            model.learn_one(x, y)  # ...then train
        print(f"{name}: {accuracy}")

    regressor = tree.HoeffdingTreeRegressor(grace_period=50)
    mae = metrics.MAE()
    for x, y in stream(3000, seed=1):
        target = x["size"] * (2.0 if x["colour"] == "red" else 1.0)
        mae.update(target, regressor.predict_one(x))
        regressor.learn_one(x, target)
    print(f"HoeffdingTreeRegressor: {mae}")


if __name__ == "__main__":
    main()
