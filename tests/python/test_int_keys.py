"""Int feature keys (issue 5): River's generators yield dicts with int keys, so every feature dict
takes Python `int` keys (not bool), each naming the feature whose name is its decimal text
(`0` and `"0"` are one feature). Every other key type raises TypeError; outputs keyed by feature
use the str name."""

import enum
import itertools
import pickle

import numpy as np
import pandas as pd
import pytest

from streamwise import (
    datasets,
    ensemble,
    linear_model,
    naive_bayes,
    preprocessing,
    tree,
)


def str_keyed(x):
    return {str(k): v for k, v in x.items()}


def run(model, stream, keyed=lambda x: x):
    out = []
    for x, y in stream:
        x = keyed(x)
        if hasattr(model, "predict_proba_one"):
            out.append(model.predict_proba_one(x))
        else:
            out.append(model.predict_one(x))
        model.learn_one(x, y)
    return out


CLASSIFIERS = {
    "LogisticRegression": lambda: preprocessing.StandardScaler() | linear_model.LogisticRegression(),
    "GaussianNB": naive_bayes.GaussianNB,
    "HoeffdingTreeClassifier": tree.HoeffdingTreeClassifier,
    "BaggingClassifier": lambda: ensemble.BaggingClassifier(naive_bayes.GaussianNB(), n_models=3, seed=1),
}


@pytest.mark.parametrize("name", list(CLASSIFIERS))
def test_river_style_loop_over_sea_equals_str_keys(name):
    stream = list(datasets.SEA(seed=1).take(1000))
    assert all(type(k) is int for k in stream[0][0])
    with_ints = run(CLASSIFIERS[name](), stream)
    with_strs = run(CLASSIFIERS[name](), stream, str_keyed)
    assert with_ints == with_strs


def test_river_style_loop_over_friedman_equals_str_keys_and_river():
    river_lm = pytest.importorskip("river.linear_model")
    river_pp = pytest.importorskip("river.preprocessing")
    stream = list(datasets.Friedman(seed=7).take(1000))
    make = lambda: preprocessing.StandardScaler() | linear_model.LinearRegression()
    ours = run(make(), stream)
    assert ours == run(make(), stream, str_keyed)
    # River's own models take the same int-keyed dicts: same answers to 1e-9.
    river = river_pp.StandardScaler() | river_lm.LinearRegression()
    for (x, y), mine in zip(stream, ours):
        assert mine == pytest.approx(river.predict_one(x), rel=1e-9, abs=1e-12)
        river.learn_one(x, y)


def test_int_and_str_keys_name_the_same_feature():
    model = linear_model.LinearRegression()
    model.learn_one({0: 1.0, "1": 2.0}, 3.0)
    model.learn_one({"0": 2.0, 1: 1.0}, 4.0)
    assert model.predict_one({0: 1.5, 1: 1.5}) == model.predict_one({"0": 1.5, "1": 1.5})
    scaler = preprocessing.StandardScaler()
    scaler.learn_one({0: 1.0})
    scaler.learn_one({"0": 3.0})
    assert scaler.transform_one({0: 3.0}) == scaler.transform_one({"0": 3.0}) == {"0": 1.0}
    # Negative and big ints (beyond 64 bits) are named by their decimal text too.
    scaler = preprocessing.StandardScaler()
    scaler.learn_one({-3: 1.0, 2**70: 2.0})
    assert sorted(scaler.transform_one({-3: 1.0, 2**70: 2.0})) == ["-3", str(2**70)]


def test_outputs_are_keyed_by_str_names():
    scaler = preprocessing.StandardScaler()
    for x, _ in datasets.SEA(seed=3).take(20):
        scaler.learn_one(x)
    out = scaler.transform_one({0: 1.0, 1: 2.0, 2: 3.0})
    assert list(out) == ["0", "1", "2"]


def test_int_subclasses_use_int_decimal_text():
    class Col(enum.IntEnum):
        A = 0
        B = 1

    scaler = preprocessing.StandardScaler()
    scaler.learn_one({Col.A: 1.0, Col.B: 2.0})
    assert list(scaler.transform_one({Col.A: 1.0, Col.B: 2.0})) == ["0", "1"]


@pytest.mark.parametrize(
    "key,type_name",
    [(1.0, "float"), (True, "bool"), (False, "bool"), (None, "NoneType"), ((1, 2), "tuple"),
     (b"a", "bytes"), (np.int64(1), "numpy.int64")],
)
def test_other_key_types_still_raise_type_error(key, type_name):
    model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
    for x, y in datasets.SEA(seed=1).take(10):
        model.learn_one(x, y)
    before = pickle.dumps(model)
    with pytest.raises(TypeError, match=r"feature names must be str or int, got " + type_name):
        model.learn_one({5: 1.0, key: 2.0}, True)
    with pytest.raises(TypeError, match="feature names must be str or int"):
        model.predict_proba_one({key: 2.0})
    assert pickle.dumps(model) == before  # nothing changed


def test_bad_key_message_text():
    with pytest.raises(TypeError) as info:
        linear_model.LinearRegression().learn_one({1.5: 1.0}, 1.0)
    assert str(info.value) == "LinearRegression: feature names must be str or int, got float 1.5"


def test_batch_api_takes_int_column_names():
    stream = list(datasets.SEA(seed=2).take(300))
    X = pd.DataFrame([x for x, _ in stream])
    assert list(X.columns) == [0, 1, 2]
    y = pd.Series([y for _, y in stream])
    many, one = naive_bayes.GaussianNB(), naive_bayes.GaussianNB()
    many.learn_many(X, y)
    for x, yi in stream:
        one.learn_one(x, yi)
    assert many.predict_proba_one(stream[0][0]) == one.predict_proba_one(stream[0][0])
    with pytest.raises(TypeError, match="column names must be str or int, got float"):
        naive_bayes.GaussianNB().learn_many(pd.DataFrame({1.5: [1.0]}), pd.Series([True]))


def test_large_int_keyed_stream_take():
    # The same objects come back across samples for small ints: the identity cache stays valid
    # when keys mix ints and strs at the same position.
    scaler = preprocessing.StandardScaler()
    for i, (x, _) in enumerate(itertools.islice(datasets.Friedman(seed=1), 500)):
        scaler.learn_one(x if i % 2 else str_keyed(x))
    assert list(scaler.transform_one(x)) == [str(i) for i in range(10)]
