#!/usr/bin/env python3
"""The numpy batch path: learn_many / predict_proba_many run their loop in C++.

    python3 examples/python/batch_numpy.py
"""

import numpy as np
import pandas as pd

from streamwise import evaluate, linear_model, preprocessing, tree


def main():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(10_000, 5)), columns=[f"x{i}" for i in range(5)])
    y = pd.Series(X["x0"] - 2 * X["x1"] > 0)
    model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
    model.learn_many(X.iloc[:8000], y.iloc[:8000])  # same as a learn_one loop, row by row
    proba = model.predict_proba_many(X.iloc[8000:])  # a DataFrame with columns False, True
    accuracy = ((proba[True] > 0.5) == y.iloc[8000:]).mean()
    print(f"hold-out accuracy: {accuracy:.3f}")
    # Dicts and frames mix freely: the model knows its features by name.
    print(model.predict_proba_one({"x0": 1.0, "x1": -1.0}))

    # Progressive validation over arrays: predict, score, learn every row, in C++ with the GIL
    # released; the same answers as a predict_one / learn_one loop over dicts.
    result = evaluate.prequential_many(tree.HoeffdingTreeClassifier(), X.to_numpy(),
                                       y.to_numpy(), every=2500, feature_names=list(X.columns))
    print(f"prequential accuracy: {result.metric:.3f}, curve {[round(a, 3) for a in result.curve]}")


if __name__ == "__main__":
    main()
