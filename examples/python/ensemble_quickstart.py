#!/usr/bin/env python3
"""Bagging ensembles of streamwise models, test-then-train on a drifting synthetic stream.

    python3 examples/python/ensemble_quickstart.py
"""

from streamwise import datasets, ensemble, linear_model, metrics, naive_bayes, preprocessing, tree


def main():
    models = {
        "BaggingClassifier(HoeffdingTree)": ensemble.BaggingClassifier(
            tree.HoeffdingTreeClassifier(grace_period=50), n_models=5, seed=42),
        "ADWINBaggingClassifier(GaussianNB)": ensemble.ADWINBaggingClassifier(
            naive_bayes.GaussianNB(), n_models=5, seed=42),
        "LeveragingBaggingClassifier(scaled LogReg)": ensemble.LeveragingBaggingClassifier(
            preprocessing.StandardScaler() | linear_model.LogisticRegression(), n_models=5,
            seed=42),
    }
    # Agrawal's loan stream switches classification function half-way through.
    stream = datasets.ConceptDriftStream(
        datasets.Agrawal(seed=1, classification_function=0),
        datasets.Agrawal(seed=2, classification_function=2),
        position=1000, width=100, seed=7)
    for name, model in models.items():
        accuracy = metrics.Accuracy()
        for x, y in stream.take(2000):
            y_pred = model.predict_one(x)  # test first (None before any learning)...
            if y_pred is not None:
                accuracy.update(y, y_pred)
            model.learn_one(x, y)  # ...then train
        print(f"{name}: {accuracy}")

    regressor = ensemble.BaggingRegressor(
        preprocessing.StandardScaler() | linear_model.LinearRegression(), n_models=5, seed=42)
    mae = metrics.MAE()
    for x, y in datasets.Friedman(seed=3).take(2000):
        x = {str(k): v for k, v in x.items()}  # River numbers Friedman's features; models take str
        mae.update(y, regressor.predict_one(x))
        regressor.learn_one(x, y)
    print(f"BaggingRegressor(scaled LinearRegression) on Friedman: {mae}")


if __name__ == "__main__":
    main()
