"""River 0.26 outputs of the encoders (OneHotEncoder, OrdinalEncoder, FeatureHasher) and of
TargetStandardScaler on fixed streams, for the C++ tests.

Run from this directory (deterministic; river 0.26.x required):

    python3 make_encoders_reference.py

Files written (comma-separated, with a header line):

    encoders_stream.csv        the input stream of dicts: step,feature,kind,value with kind `num`
                               (value = Python repr of the float) or `nom` (value = the string).
                               Keys of each dict are listed in first-appearance order, which is
                               also the order of the dict (and of streamwise feature ids).
                               A step with no rows is an empty dict.
    encoders_one_hot_<cfg>.csv step,name,value: River's transform_one(x) after learn_one(x),
                               one row per output key; `__error__` marks a step where River
                               raises (drop_first on an empty output).
    encoders_ordinal_<cfg>.csv step,phase,feature,value: transform_one(x) `before` and `after`
                               learn_one(x); value `None` when River outputs None.
    encoders_hasher_<cfg>.csv  step,bucket,value: transform_one(x) (the hasher does not learn).
    encoders_hasher_seeds.csv  seed,derived: River's 32-bit MurmurHash3 seed for a given seed.
    encoders_python_str.csv    value_hex,text: Python's str() of doubles (bit pattern in hex).
    encoders_target_stream.csv step,x0,x1,x2,y: a regression stream (`nan` = absent feature).
    encoders_target_<cfg>.csv  step,pred_before,pred_after,mean,var: predict_one(x) before and
                               after learn_one(x, y), and the scaler's running mean and var.
"""

import math
import random
import struct

import river
from river import dummy, linear_model, preprocessing, stats

assert river.__version__.startswith("0.26"), river.__version__


def float_hex(v):
    return struct.pack(">d", v).hex()


def make_stream():
    """Nominal and numeric features; values first seen mid-stream; absent features."""
    rng = random.Random(7)
    cities = ["Paris", "Lyon", "Nice"]
    late_cities = ["Zürich", "Oslo"]
    stream = []
    for t in range(60):
        x = {}
        if t % 7 != 3:
            pool = cities + (late_cities if t >= 25 else [])
            x["city"] = rng.choice(pool)
        if t % 5 != 1:
            x["b"] = rng.choice([1.0, 0.1, 2.5, -3.0, 0.0] + ([1e-07, 1e16, 100.0] if t >= 30 else []))
        x["colour"] = rng.choice(["red", "green"] + (["blue", "a_b"] if t >= 15 else []))
        if t >= 20 and t % 3 != 0:
            x["size"] = rng.choice([0.5, 12.0, 1234.5678, 3.0])
        if t >= 40 and rng.random() < 0.6:
            x["café"] = rng.choice(["oui", "non", ""])
        if t in (10, 33):
            x = {}  # empty samples
        stream.append(x)
    return stream


def order_dict(x, order):
    return {k: x[k] for k in order if k in x}


def main():
    stream = make_stream()
    order = []
    for x in stream:
        for k in x:
            if k not in order:
                order.append(k)
    stream = [order_dict(x, order) for x in stream]

    with open("encoders_stream.csv", "w", encoding="utf-8") as f:
        f.write("step,feature,kind,value\n")
        for t, x in enumerate(stream):
            for k, v in x.items():
                if isinstance(v, str):
                    f.write(f"{t},{k},nom,{v}\n")
                else:
                    f.write(f"{t},{k},num,{v!r}\n")

    # OneHotEncoder
    for cfg, kw in {
        "default": {},
        "drop_zeros": {"drop_zeros": True},
        "drop_first": {"drop_first": True},
        "drop_both": {"drop_zeros": True, "drop_first": True},
    }.items():
        oh = preprocessing.OneHotEncoder(**kw)
        with open(f"encoders_one_hot_{cfg}.csv", "w", encoding="utf-8") as f:
            f.write("step,name,value\n")
            for t, x in enumerate(stream):
                oh.learn_one(x)
                try:
                    out = oh.transform_one(x)
                except ValueError:
                    f.write(f"{t},__error__,0\n")
                    continue
                for name in sorted(out):
                    f.write(f"{t},{name},{out[name]}\n")

    # OrdinalEncoder
    for cfg, kw in {
        "default": {},
        "unknown_none": {"unknown_value": None},
        "reserved": {"unknown_value": 2, "none_value": 0},
        "negative": {"unknown_value": -5, "none_value": -7},
    }.items():
        enc = preprocessing.OrdinalEncoder(**kw)
        with open(f"encoders_ordinal_{cfg}.csv", "w", encoding="utf-8") as f:
            f.write("step,phase,feature,value\n")
            for t, x in enumerate(stream):
                for phase in ("before", "after"):
                    if phase == "after":
                        enc.learn_one(x)
                    out = enc.transform_one(x)
                    for k, v in out.items():
                        f.write(f"{t},{phase},{k},{v}\n")

    # FeatureHasher
    with open("encoders_hasher_seeds.csv", "w") as f:
        f.write("seed,derived\n")
        for seed in (0, 1, 42, 123456789, 2**32 - 1):
            h = preprocessing.FeatureHasher(seed=seed)
            f.write(f"{seed},{h._seed}\n")
    for cfg, kw in {
        "default_seed42": {"seed": 42},
        "n8_seed0": {"n_features": 8, "seed": 0},
        "n8_seed0_nosign": {"n_features": 8, "seed": 0, "alternate_sign": False},
        "n3_seed7": {"n_features": 3, "seed": 7},
    }.items():
        h = preprocessing.FeatureHasher(**kw)
        with open(f"encoders_hasher_{cfg}.csv", "w", encoding="utf-8") as f:
            f.write("step,bucket,value\n")
            for t, x in enumerate(stream):
                h.learn_one(x)
                out = h.transform_one(x)
                for b in sorted(out):
                    f.write(f"{t},{b},{float(out[b])!r}\n")

    # Python's str(float)
    values = [1.0, 0.1, 1e-07, 1e16, 1e15, 123456789012345.6, 1234567890123456.7, 0.0001,
              0.00012345, 1e-05, 2.5, -3.0, 100.0, 1234.5678, 5e-324, 1.7976931348623157e308,
              -1e-300, 0.3, 2.0 / 3.0, 1e22, 9999999999999998.0, 1.5e300, 123.0, -0.5,
              math.pi, 1e100, 4.35, 0.1 + 0.2]
    with open("encoders_python_str.csv", "w") as f:
        f.write("value_hex,text\n")
        for v in values:
            f.write(f"{float_hex(v)},{str(v)}\n")

    # TargetStandardScaler
    rng = random.Random(11)
    rows = []
    for t in range(120):
        x = {}
        for i in range(3):
            if t < 2 or rng.random() < 0.85:
                x[f"x{i}"] = rng.gauss(0, 1 + i)
        y = 50.0 + 3.0 * x.get("x0", 0.0) - 2.0 * x.get("x1", 0.0) + rng.gauss(0, 0.5)
        if 30 <= t < 35:
            y = 42.0  # a run of equal targets
        rows.append((x, y))
    with open("encoders_target_stream.csv", "w") as f:
        f.write("step,x0,x1,x2,y\n")
        for t, (x, y) in enumerate(rows):
            cols = [repr(x[f"x{i}"]) if f"x{i}" in x else "nan" for i in range(3)]
            f.write(f"{t},{','.join(cols)},{y!r}\n")
    for cfg, make in {
        "mean": lambda: dummy.StatisticRegressor(stats.Mean()),
        "blr": lambda: linear_model.BayesianLinearRegression(),
        "linear_regression": lambda: linear_model.LinearRegression(),
    }.items():
        model = preprocessing.TargetStandardScaler(regressor=make())
        with open(f"encoders_target_{cfg}.csv", "w") as f:
            f.write("step,pred_before,pred_after,mean,var\n")
            for t, (x, y) in enumerate(rows):
                before = model.predict_one(x)
                model.learn_one(x, y)
                after = model.predict_one(x)
                f.write(f"{t},{before!r},{after!r},{model.var.mean.get()!r},{model.var.get()!r}\n")


if __name__ == "__main__":
    main()
