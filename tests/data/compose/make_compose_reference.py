"""River 0.26 outputs of pipelines and progressive validation on a fixed stream.

Run from this directory (deterministic; river 0.26.x required):

    python3 make_compose_reference.py

The stream has 4 numeric features x0..x3 (feature id = column) and two targets:

    x0, x1   always present
    x2       appears from row 20 on
    x3       absent from about 15% of the rows
    y_class  3 classes, ids 0, 1, 2 in order of first appearance
    y_reg    a noisy linear function of the features

Files (no header, comma-separated, `nan` = absent / no value):

    stream.csv           x0, x1, x2, x3, y_class, y_reg
    std_gnb.csv          StandardScaler | GaussianNB, test-then-train: per row, before learning
                         the row: n_classes, P(0), P(1), P(2) (nan for unseen classes), argmax
    minmax_blr.csv       MinMaxScaler | BayesianLinearRegression: per row, prediction before
                         learning the row
    union_gnb.csv        (StandardScaler | Prefixer('std_')) + (MinMaxScaler | Prefixer('mm_'))
                         | GaussianNB, same columns as std_gnb.csv (the prefixes keep River from
                         merging the two parts' equal keys, i.e. the parts sit side by side)
    union_discard_blr.csv  (Discard('x2','x3') | StandardScaler) + (Discard('x0','x1') |
                         MinMaxScaler) | BayesianLinearRegression, predictions as minmax_blr.csv
    select_blr.csv       Select('x0','x1') | StandardScaler | BayesianLinearRegression
    discard_gnb.csv      Discard('x1') | MinMaxScaler | GaussianNB, columns as std_gnb.csv
    pvs_<name>.csv       iter_progressive_val_score(step=1): the metric after every answer
                         (one number per line; the last one is progressive_val_score's result)
    pvs_reg_delay7_every30.csv  iter_progressive_val_score(step=30, delay=7) reports: step, MAE
    std_logreg.csv       StandardScaler | LogisticRegression on y_bin = (y_class == 2): per row,
                         before learning it, P(True) and predict_one (1/0)
    std_linreg.csv       StandardScaler | LinearRegression on y_reg: predictions
    pvs_logreg_delay3.csv  progressive validation of the logistic pipeline, Accuracy, delay=3
    pvs_logloss.csv, pvs_rocauc_delay4.csv  StandardScaler | GaussianNB on y_bin scored with
                         LogLoss (no delay) and ROCAUC (delay 4), the metric after every answer
    pvs_crossentropy_delay2.csv  StandardScaler | GaussianNB on y_class, CrossEntropy, delay 2
"""

import math
import random

import river
from river import compose, evaluate, linear_model, metrics, naive_bayes, preprocessing

assert river.__version__.startswith("0.26"), river.__version__

N = 200
rng = random.Random(7)
rows = []
for t in range(N):
    x = {"x0": rng.gauss(0.0, 1.0), "x1": rng.uniform(-2.0, 5.0)}
    if t >= 20:
        x["x2"] = rng.gauss(10.0, 3.0)
    if rng.random() > 0.15:
        x["x3"] = rng.gauss(-1.0, 0.5)
    score = x["x0"] + 0.3 * x["x1"] + rng.gauss(0.0, 0.7)
    raw = 0 if score < -0.3 else (1 if score < 0.9 else 2)
    y_reg = 2.0 * x["x0"] - x["x1"] + 0.1 * x.get("x2", 0.0) + rng.gauss(0.0, 0.2)
    rows.append((x, raw, y_reg))

# Class ids in order of first appearance, as a LabelEncoder assigns them.
ids = {}
for _, raw, _ in rows:
    ids.setdefault(raw, len(ids))
data = [(x, ids[raw], y_reg) for x, raw, y_reg in rows]
FEATURES = ["x0", "x1", "x2", "x3"]


def fmt(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "nan"
    return repr(float(v))


def write(name, lines):
    with open(name, "w") as f:
        for line in lines:
            f.write(",".join(fmt(v) for v in line) + "\n")


write("stream.csv", [[x.get(k) for k in FEATURES] + [y, yr] for x, y, yr in data])


def run_classifier(model):
    out = []
    for x, y, _ in data:
        proba = model.predict_proba_one(x)
        pred = model.predict_one(x)
        out.append([len(proba)] + [proba.get(c) for c in range(3)] + [pred])
        model.learn_one(x, y)
    return out


def run_regressor(model):
    out = []
    for x, _, y in data:
        out.append([model.predict_one(x)])
        model.learn_one(x, y)
    return out


write("std_gnb.csv", run_classifier(preprocessing.StandardScaler() | naive_bayes.GaussianNB()))
write(
    "minmax_blr.csv",
    run_regressor(preprocessing.MinMaxScaler() | linear_model.BayesianLinearRegression()),
)
write(
    "union_gnb.csv",
    run_classifier(
        compose.TransformerUnion(
            preprocessing.StandardScaler() | compose.Prefixer("std_"),
            preprocessing.MinMaxScaler() | compose.Prefixer("mm_"),
        )
        | naive_bayes.GaussianNB()
    ),
)
write(
    "union_discard_blr.csv",
    run_regressor(
        compose.TransformerUnion(
            compose.Discard("x2", "x3") | preprocessing.StandardScaler(),
            compose.Discard("x0", "x1") | preprocessing.MinMaxScaler(),
        )
        | linear_model.BayesianLinearRegression()
    ),
)
write(
    "select_blr.csv",
    run_regressor(
        compose.Select("x0", "x1")
        | preprocessing.StandardScaler()
        | linear_model.BayesianLinearRegression()
    ),
)
write(
    "discard_gnb.csv",
    run_classifier(
        compose.Discard("x1") | preprocessing.MinMaxScaler() | naive_bayes.GaussianNB()
    ),
)


def pvs(name, model, metric, target, delay):
    dataset = [(x, y if target == "class" else yr) for x, y, yr in data]
    values = [
        state[metric.__class__.__name__].get()
        for state in evaluate.iter_progressive_val_score(
            dataset, model, metric, delay=delay, step=1
        )
    ]
    final = evaluate.progressive_val_score(
        dataset, model.clone(), metric.clone(), delay=delay
    ).get()
    assert values[-1] == final, (name, values[-1], final)
    write(f"pvs_{name}.csv", [[v] for v in values])


clf = lambda: preprocessing.StandardScaler() | naive_bayes.GaussianNB()
reg = lambda: preprocessing.MinMaxScaler() | linear_model.BayesianLinearRegression()
pvs("clf", clf(), metrics.Accuracy(), "class", None)
pvs("clf_delay1", clf(), metrics.Accuracy(), "class", 1)
pvs("clf_delay5", clf(), metrics.Accuracy(), "class", 5)
pvs("reg", reg(), metrics.MAE(), "reg", None)
pvs("reg_delay7", reg(), metrics.MAE(), "reg", 7)
pvs("reg_delay0", reg(), metrics.MAE(), "reg", 0)

# Report steps with print_every = 30 (River's checkpoints: every 30 answers, then the last one).
with open("pvs_reg_delay7_every30.csv", "w") as f:
    for state in evaluate.iter_progressive_val_score(
        [(x, yr) for x, _, yr in data], reg(), metrics.MAE(), delay=7, step=30
    ):
        f.write(f"{state['Step']},{state['MAE'].get()!r}\n")

# Linear models (binary target: y_bin = (y_class == 2), River's True is class id 1).
out = []
model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
for x, y, _ in data:
    proba = model.predict_proba_one(x)
    out.append([proba[True], 1.0 if model.predict_one(x) else 0.0])
    model.learn_one(x, y == 2)
write("std_logreg.csv", out)
write(
    "std_linreg.csv",
    run_regressor(preprocessing.StandardScaler() | linear_model.LinearRegression()),
)
values = [
    state["Accuracy"].get()
    for state in evaluate.iter_progressive_val_score(
        [(x, y == 2) for x, y, _ in data],
        preprocessing.StandardScaler() | linear_model.LogisticRegression(),
        metrics.Accuracy(),
        delay=3,
        step=1,
    )
]
write("pvs_logreg_delay3.csv", [[v] for v in values])

# Probabilistic metrics (River scores them with predict_proba_one and reads P(True)); labels
# are bools, the first one False, so False/True are class ids 0/1 in order of appearance.
bin_data = [(x, y == 2) for x, y, _ in data]
assert bin_data[0][1] is False
for name, metric, delay in [("logloss", metrics.LogLoss(), None), ("rocauc_delay4", metrics.ROCAUC(), 4)]:
    values = [
        state[metric.__class__.__name__].get()
        for state in evaluate.iter_progressive_val_score(
            bin_data,
            preprocessing.StandardScaler() | naive_bayes.GaussianNB(),
            metric,
            delay=delay,
            step=1,
        )
    ]
    write(f"pvs_{name}.csv", [[v] for v in values])

# CrossEntropy reads every class probability.
pvs("crossentropy_delay2", clf(), metrics.CrossEntropy(), "class", 2)
