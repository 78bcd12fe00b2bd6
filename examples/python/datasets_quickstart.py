#!/usr/bin/env python3
"""River's synthetic streams from the C++ generators: the same samples River gives.

    python3 examples/python/datasets_quickstart.py
"""

from streamwise import datasets, linear_model, metrics, naive_bayes, preprocessing


def main():
    # The first samples of a few generators.
    for stream in (datasets.Agrawal(seed=42), datasets.SEA(seed=42), datasets.STAGGER(seed=42)):
        x, y = next(iter(stream))
        print(type(stream).__name__, x, y)

    # A stream whose concept changes around sample 2,500; accuracy per 1,000 samples shows it.
    stream = datasets.ConceptDriftStream(
        datasets.Agrawal(seed=1, classification_function=0),
        datasets.Agrawal(seed=2, classification_function=4),
        position=2500, width=200, seed=3)
    model = naive_bayes.GaussianNB()
    accuracy = metrics.Accuracy()
    for i, (x, y) in enumerate(stream.take(5000), start=1):
        y_pred = model.predict_one(x)
        if y_pred is not None:
            accuracy.update(y, y_pred)
        model.learn_one(x, y)
        if i % 1000 == 0:
            print(f"[{i}] {accuracy}")
            accuracy = metrics.Accuracy()

    # SEA's features are keyed 0, 1, 2 as in River; int keys name the features "0", "1", "2".
    model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
    accuracy = metrics.Accuracy()
    for x, y in datasets.SEA(seed=42).take(5000):
        y_pred = model.predict_one(x)
        accuracy.update(y, y_pred)
        model.learn_one(x, y)
    print(f"SEA, StandardScaler | LogisticRegression: {accuracy}")


if __name__ == "__main__":
    main()
