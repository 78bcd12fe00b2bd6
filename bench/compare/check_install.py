#!/usr/bin/env python3
"""Prove the comparison venv works: a tiny Hoeffding tree in CapyMOA (on the JVM) and in River.

    build/compare-venv/bin/python bench/compare/check_install.py

Trains both on the same 1,000 seeded rows (label = x0 + x1 > 1) test-then-train and prints
their accuracies; exits non-zero if CapyMOA cannot start MOA or either model fails to learn.
"""

import random
import sys

import numpy as np


def main():
    rng = random.Random(7)
    X = np.array([[rng.random() for _ in range(3)] for _ in range(1000)])
    y = (X[:, 0] + X[:, 1] > 1.0).astype(int)

    from river import tree

    ht = tree.HoeffdingTreeClassifier()
    correct = 0
    for row, t in zip(X, y):
        x = {f"x{j}": float(v) for j, v in enumerate(row)}
        correct += ht.predict_one(x) == int(t)
        ht.learn_one(x, int(t))
    river_acc = correct / len(y)

    import capymoa
    from capymoa.classifier import HoeffdingTree
    from capymoa.stream import NumpyStream

    stream = NumpyStream(X, y, dataset_name="check", target_type="categorical")
    learner = HoeffdingTree(schema=stream.get_schema(), grace_period=200, confidence=1e-7)
    correct = 0
    while stream.has_more_instances():
        inst = stream.next_instance()
        correct += learner.predict(inst) == inst.y_index
        learner.train(inst)
    capy_acc = correct / len(y)
    print(f"River {__import__('river').__version__} HoeffdingTreeClassifier accuracy "
          f"{river_acc:.3f}; CapyMOA {capymoa.__version__} HoeffdingTree accuracy {capy_acc:.3f}")
    if min(river_acc, capy_acc) < 0.7:
        sys.exit("error: a Hoeffding tree did not learn a trivial concept; the install is broken")


if __name__ == "__main__":
    main()
