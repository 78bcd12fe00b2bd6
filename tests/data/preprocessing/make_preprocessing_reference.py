"""River 0.26 outputs of the numeric preprocessing transformers on a fixed stream of dicts.

Run from this directory (deterministic; river 0.26.x required):

    python3 make_preprocessing_reference.py

The stream has 6 features, numbered by first appearance (feature id = column):

    0  always present, normal values
    1  appears from row 30 on (late), uniform values
    2  absent from about 30% of the rows, large magnitude
    3  constant 4.2 whenever present (absent from rows 10-19)
    4  mostly exact zeros, sometimes a value (sparse)
    5  appears from row 60 on, small integers -2..2 (many ties), sometimes absent

It writes (no header, comma-separated, `nan` = feature absent from the row):

    stream.csv        one row per step, 6 columns: the input values
    <config>.csv      one row per step, 12 columns: columns 0-5 are `transform_one(x)` BEFORE
                      `learn_one(x)` (test-then-train, so features are sometimes unseen), and
                      columns 6-11 are `transform_one(x)` AFTER `learn_one(x)` (River's own
                      docstring examples learn first, then transform)

For windowed MinMaxScaler, River raises TypeError when transforming a feature it has never
seen; the "before" columns are computed feature by feature and such a feature is written as
`nan` (streamwise's documented answer). When a windowed StandardScaler's variance rounds below
zero (all values in the window equal after larger ones left it), River returns a complex
number; it is written as 0.0 (streamwise's documented answer). Binarizer outputs booleans,
written as 1/0.
"""

import math
import random

import river
from river import preprocessing

assert river.__version__.startswith("0.26"), river.__version__

N_ROWS = 200
N_FEATURES = 6

rng = random.Random(2026)
rows = []
for t in range(N_ROWS):
    x = {}
    x[0] = rng.gauss(5.0, 2.0)
    if t >= 30:
        x[1] = rng.uniform(-1.0, 3.0)
    if rng.random() > 0.3:
        x[2] = rng.gauss(-1000.0, 300.0)
    if not 10 <= t < 20:
        x[3] = 4.2
    x[4] = 0.0 if rng.random() < 0.7 else rng.gauss(0.0, 1.0)
    if t >= 60 and rng.random() > 0.15:
        x[5] = float(rng.randint(-2, 2))
    rows.append(x)

CONFIGS = {
    "standard_scaler": lambda: preprocessing.StandardScaler(),
    "standard_scaler_no_std": lambda: preprocessing.StandardScaler(with_std=False),
    "standard_scaler_window5": lambda: preprocessing.StandardScaler(window_size=5),
    "standard_scaler_window5_no_std": lambda: preprocessing.StandardScaler(
        with_std=False, window_size=5
    ),
    "standard_scaler_window1": lambda: preprocessing.StandardScaler(window_size=1),
    "min_max_scaler": lambda: preprocessing.MinMaxScaler(),
    "min_max_scaler_window4": lambda: preprocessing.MinMaxScaler(window_size=4),
    "max_abs_scaler": lambda: preprocessing.MaxAbsScaler(),
    "max_abs_scaler_window3": lambda: preprocessing.MaxAbsScaler(window_size=3),
    "robust_scaler": lambda: preprocessing.RobustScaler(),
    "robust_scaler_no_centering": lambda: preprocessing.RobustScaler(with_centering=False),
    "robust_scaler_no_scaling": lambda: preprocessing.RobustScaler(with_scaling=False),
    "robust_scaler_q10_q90": lambda: preprocessing.RobustScaler(q_inf=0.1, q_sup=0.9),
    "normalizer": lambda: preprocessing.Normalizer(),
    "normalizer_order1": lambda: preprocessing.Normalizer(order=1),
    "normalizer_order0": lambda: preprocessing.Normalizer(order=0),
    "normalizer_order3": lambda: preprocessing.Normalizer(order=3),
    "normalizer_order0_5": lambda: preprocessing.Normalizer(order=0.5),
    "normalizer_order_inf": lambda: preprocessing.Normalizer(order=math.inf),
    "binarizer": lambda: preprocessing.Binarizer(),
    "binarizer_threshold4_2": lambda: preprocessing.Binarizer(threshold=4.2),
}


def fmt(v):
    if v is None:
        return "nan"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, complex):
        # A rolling variance that rounds below zero makes River return a complex number
        # (v ** 0.5 of a negative float); streamwise documents 0.0 there (no spread).
        return "0.0"
    return repr(float(v))


def as_row(d):
    return [fmt(d.get(i)) for i in range(N_FEATURES)]


def transform_feature_by_feature(model, x):
    out = {}
    for k, v in x.items():
        try:
            out.update(model.transform_one({k: v}))
        except TypeError:
            out[k] = math.nan
    return out


with open("stream.csv", "w") as f:
    for x in rows:
        f.write(",".join(as_row(x)) + "\n")

for config, make in CONFIGS.items():
    model = make()
    per_feature = isinstance(model, preprocessing.MinMaxScaler) and model.window_size
    with open(f"{config}.csv", "w") as f:
        for x in rows:
            if per_feature:
                before = transform_feature_by_feature(model, x)
            else:
                before = model.transform_one(dict(x))
            model.learn_one(dict(x))
            after = model.transform_one(dict(x))
            f.write(",".join(as_row(before) + as_row(after)) + "\n")
