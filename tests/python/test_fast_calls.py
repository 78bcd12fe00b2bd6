"""The per-sample methods installed as plain CPython descriptors (python/src/fast_call.hpp):
same arguments, keywords, results and errors as the pybind11 methods they replace."""

import math
import pickle

import numpy as np
import pytest

from streamwise import drift, linear_model, preprocessing, stats, tree


def test_keywords_and_positional_arguments_agree():
    a = linear_model.LinearRegression()
    b = linear_model.LinearRegression()
    for i in range(30):
        x = {"u": float(i % 7), "v": float(i % 3)}
        a.learn_one(x, 2.0 * i, 0.5)
        b.learn_one(y=2.0 * i, x=x, w=0.5)
    assert a.predict_one({"u": 1.0, "v": 2.0}) == b.predict_one(x={"u": 1.0, "v": 2.0})
    assert pickle.dumps(a) == pickle.dumps(b)


def test_argument_errors():
    model = linear_model.LogisticRegression()
    with pytest.raises(TypeError, match="missing required argument 'y'"):
        model.learn_one({"a": 1.0})
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        model.learn_one({"a": 1.0}, True, z=1)
    with pytest.raises(TypeError, match="multiple values for argument 'x'"):
        model.learn_one({"a": 1.0}, True, x={"a": 2.0})
    with pytest.raises(TypeError, match="at most 3 arguments"):
        model.learn_one({"a": 1.0}, True, 1.0, 2.0)
    with pytest.raises(TypeError, match="w must be a number, got str"):
        model.learn_one({"a": 1.0}, True, "heavy")
    with pytest.raises(TypeError):
        model.predict_one()
    assert model.predict_proba_one({"a": 1.0}) == {False: 0.5, True: 0.5}


def test_weights_are_numbers_of_any_kind():
    a = stats.Mean()
    b = stats.Mean()
    for i in range(10):
        a.update(float(i), 2.0)
        b.update(np.float32(i), w=np.int64(2))
    assert a.get() == b.get() == 4.5


def test_statistic_update_takes_int_bool_float_and_numpy_scalars():
    s = stats.Var()
    for v in [1, True, 2.5, np.float64(3.0), np.int32(4)]:
        s.update(v)
    assert s.get() == pytest.approx(np.var([1.0, 1.0, 2.5, 3.0, 4.0], ddof=1))
    before = pickle.dumps(s)
    with pytest.raises(ValueError, match="Var: x must be finite, got nan"):
        s.update(math.nan)
    with pytest.raises(TypeError, match="Var: x must be a number, got str 'a'"):
        s.update("a")
    with pytest.raises(TypeError):
        s.update()
    assert pickle.dumps(s) == before
    assert s.update(x=1.0) is None


def test_drift_update_and_flags():
    d = drift.ADWIN()
    seen = []
    for i in range(2000):
        d.update(0.0 if i < 1000 else 5.0)
        if d.drift_detected:
            seen.append(i)
    assert seen and seen[0] >= 1000
    assert d.drift_detected in (True, False)
    with pytest.raises(AttributeError):
        d.drift_detected = True
    with pytest.raises(ValueError, match="ADWIN: x must be finite, got inf"):
        d.update(math.inf)
    d.update(x=1.0)
    w = drift.binary.DDM()
    w.update(True)
    assert w.warning_detected is False


def test_unbuilt_object_raises_instead_of_crashing():
    raw = stats.Mean.__new__(stats.Mean)
    with pytest.raises(TypeError):
        raw.update(1.0)
    with pytest.raises(TypeError):
        raw.get()
    d = drift.ADWIN.__new__(drift.ADWIN)
    with pytest.raises(TypeError):
        d.drift_detected


def test_methods_check_the_type_of_self():
    with pytest.raises(TypeError):
        stats.Mean.update(stats.Var(), 1.0)


def test_numpy_targets_give_python_labels():
    X = np.arange(40, dtype=float).reshape(20, 2)
    y = np.array([i % 3 for i in range(20)], dtype=np.int64)
    a = tree.HoeffdingTreeClassifier()
    a.learn_many(X, y)
    b = tree.HoeffdingTreeClassifier()
    for row, label in zip(X, y):
        b.learn_one({"0": float(row[0]), "1": float(row[1])}, int(label))
    assert pickle.dumps(a) == pickle.dumps(b)
    labels = set(a.predict_proba_one({"0": 1.0, "1": 2.0}))
    assert labels == {0, 1, 2} and all(type(c) is int for c in labels)
    r = linear_model.LinearRegression()
    r.learn_many(X, np.arange(20, dtype=np.float32))
    assert isinstance(r.predict_one({"0": 1.0, "1": 2.0}), float)


def test_pipeline_methods():
    model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
    for i in range(20):
        model.learn_one(x={"a": float(i)}, y=i % 2 == 0)
    p = model.predict_proba_one({"a": 3.0})
    assert set(p) == {False, True} and sum(p.values()) == pytest.approx(1.0)
    assert model.predict_one({"a": 3.0}) in (False, True)
