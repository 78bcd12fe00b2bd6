"""Reference runs of River's linear models for tests/cpp/linear_model/*_test.cpp.

Run from this directory:  python3 make_glm_reference.py   (River 0.26.1, numpy)

Writes glm_stream.csv (the stream: x0..x3 with "nan" for an absent feature, a real target, a
binary target and a 3-class target) and one glm_<case>.csv per model configuration with, for
every row of the stream, the prediction made BEFORE learning the row, then the intercept and
the weights AFTER learning it ("nan" for a feature that has no weight yet). Deterministic.
"""

import math

import functools

import numpy as np
from river import linear_model as lm
from river import optim

N = 40
FEATURES = ["x0", "x1", "x2", "x3"]


def make_stream():
    rng = np.random.RandomState(7)
    rows = []
    for t in range(N):
        x = {}
        x["x0"] = float(rng.normal(0.0, 1.0))
        x["x1"] = float(rng.uniform(-2.0, 2.0))
        if t % 3 != 1:  # absent in some rows
            x["x2"] = float(rng.normal(1.0, 0.5))
        if t >= 12:  # appears late
            x["x3"] = float(rng.normal(-1.0, 2.0))
        lin = 1.5 * x["x0"] - 0.7 * x["x1"] + 0.4 * x.get("x2", 0.0) + 0.3 * x.get("x3", 0.0)
        y_reg = lin + 0.5 + float(rng.normal(0.0, 0.3))
        y_bin = bool(lin + float(rng.normal(0.0, 0.5)) > 0.0)
        y_multi = int(0 if lin < -0.5 else (1 if lin < 0.8 else 2))
        rows.append((x, y_reg, y_bin, y_multi))
    return rows


def fmt(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "nan"
    return repr(float(v))


def write(name, header, lines):
    with open(name, "w") as f:
        f.write(",".join(header) + "\n")
        for line in lines:
            f.write(",".join(fmt(v) for v in line) + "\n")


def weights_of(w):
    return [w[k] if k in w else None for k in FEATURES]


def run_glm(name, model, target, proba):
    lines = []
    for x, y_reg, y_bin, y_multi in STREAM:
        y = {"reg": y_reg, "bin": y_bin}[target]
        pred = model.predict_proba_one(x)[True] if proba else model.predict_one(x)
        model.learn_one(x, y)
        lines.append([pred, model.intercept] + weights_of(model.weights))
    write(name, ["pred", "intercept"] + FEATURES, lines)


def run_pa(name, model, target, proba):
    lines = []
    for x, y_reg, y_bin, y_multi in STREAM:
        y = {"reg": y_reg, "bin": y_bin}[target]
        pred = model.predict_proba_one(x)[True] if proba else model.predict_one(x)
        model.learn_one(x, y)
        lines.append([pred, model.intercept] + weights_of(model.weights))
    write(name, ["pred", "intercept"] + FEATURES, lines)


def run_alma(name, model):
    lines = []
    for x, y_reg, y_bin, y_multi in STREAM:
        pred = model.predict_proba_one(x)[True]
        model.learn_one(x, y_bin)
        lines.append([pred, float(model.k)] + weights_of(model.w))
    write(name, ["pred", "k"] + FEATURES, lines)


def run_softmax(name, model):
    lines = []
    for x, y_reg, y_bin, y_multi in STREAM:
        proba = model.predict_proba_one(x)
        line = [proba.get(c, 0.0) for c in range(3)]
        model.learn_one(x, y_multi)
        for c in range(3):
            w = model.weights[c] if c in model.weights else {}
            line += [w.get(k, 0.0) for k in FEATURES]
        lines.append(line)
    header = ["p0", "p1", "p2"] + [f"w{c}_{k}" for c in range(3) for k in FEATURES]
    write(name, header, lines)


def learn_many(model, X, cols, y):
    # River's GLM.learn_many minus its dataframe boundary (no dataframe library is installed
    # here): the same masked learn mode and the same _fit on the numpy block.
    saved = model._enter_learn_mode(set(cols))
    try:
        get_grad = functools.partial(model._eval_gradient_many, X)
        model._fit(x=cols, y=y, w=1, get_grad=get_grad)
    finally:
        model._exit_learn_mode(saved)


def run_learn_many():
    # Two batches of 5 rows, 3 columns, every feature present.
    rng = np.random.RandomState(11)
    X = rng.normal(0.0, 1.0, size=(10, 3))
    y_reg = X @ np.array([1.0, -2.0, 0.5]) + 0.3
    y_bin = y_reg > 0.0
    lines = []
    for kind in ("reg", "bin", "reg_l2", "reg_l1"):
        if kind == "bin":
            model = lm.LogisticRegression()
        elif kind == "reg_l2":
            model = lm.LinearRegression(l2=0.1, initializer=optim.initializers.Normal(seed=3))
        elif kind == "reg_l1":
            model = lm.LinearRegression(l1=0.05)
        else:
            model = lm.LinearRegression()
        y = y_bin if kind == "bin" else y_reg
        for b in range(2):
            learn_many(model, X[5 * b : 5 * b + 5], ["x0", "x1", "x2"], y[5 * b : 5 * b + 5])
            w = model.weights
            lines.append([model.intercept, w["x0"], w["x1"], w["x2"]])
    write("glm_learn_many_x.csv", ["x0", "x1", "x2", "y_reg", "y_bin"],
          [list(X[i]) + [y_reg[i], float(y_bin[i])] for i in range(10)])
    write("glm_learn_many.csv", ["intercept", "x0", "x1", "x2"], lines)


STREAM = make_stream()

if __name__ == "__main__":
    write(
        "glm_stream.csv",
        FEATURES + ["y_reg", "y_bin", "y_multi"],
        [[x.get(k) for k in FEATURES] + [yr, float(yb), float(ym)] for x, yr, yb, ym in STREAM],
    )
    run_glm("glm_linreg_default.csv", lm.LinearRegression(), "reg", False)
    run_glm("glm_linreg_l2.csv", lm.LinearRegression(l2=0.1), "reg", False)
    run_glm("glm_linreg_l1.csv", lm.LinearRegression(l1=0.02), "reg", False)
    run_glm("glm_linreg_huber.csv", lm.LinearRegression(loss=optim.losses.Huber(epsilon=0.5)),
            "reg", False)
    run_glm("glm_linreg_adam.csv", lm.LinearRegression(optimizer=optim.Adam(0.05)), "reg", False)
    run_glm("glm_linreg_no_intercept_lr.csv", lm.LinearRegression(intercept_lr=0.0), "reg", False)
    run_glm("glm_logreg_default.csv", lm.LogisticRegression(), "bin", True)
    run_glm("glm_logreg_l2.csv", lm.LogisticRegression(l2=0.05), "bin", True)
    run_glm("glm_logreg_hinge.csv", lm.LogisticRegression(loss=optim.losses.Hinge()), "bin", True)
    run_glm("glm_logreg_adagrad.csv", lm.LogisticRegression(optimizer=optim.AdaGrad(0.1)), "bin",
            True)
    run_glm("glm_logreg_normal.csv",
            lm.LogisticRegression(initializer=optim.initializers.Normal(mu=0.0, sigma=1.0, seed=42)),
            "bin", True)
    run_glm("glm_perceptron.csv", lm.Perceptron(), "bin", True)
    for mode in (0, 1, 2):
        run_pa(f"glm_pa_classifier_mode{mode}.csv", lm.PAClassifier(C=0.5, mode=mode), "bin", True)
        run_pa(f"glm_pa_regressor_mode{mode}.csv", lm.PARegressor(C=0.5, mode=mode, eps=0.1),
               "reg", False)
    run_alma("glm_alma.csv", lm.ALMAClassifier())
    run_softmax("glm_softmax.csv", lm.SoftmaxRegression())
    run_softmax("glm_softmax_l2.csv", lm.SoftmaxRegression(l2=0.1, optimizer=optim.SGD(0.05)))
    run_learn_many()
