"""River's estimator checks (`river/checks`), applied to every estimator streamwise exposes."""

import copy
import math
import pickle
import random

import numpy as np
import pandas as pd
import pytest

from estimators import (
    BINARY_ONLY,
    DRIFT,
    METRICS,
    PARTS,
    STATS,
    TRANSFORMERS,
    REGRESSORS,
    build,
    of_kind,
    MODEL_MODULES,
    pipelines,
)

CLASSIFIER_CLASSES = of_kind("classifier", MODEL_MODULES)


def approx_equal(a, b, rel=1e-9):
    if isinstance(a, dict):
        assert isinstance(b, dict)
        assert set(a) == set(b)
        for k in a:
            approx_equal(a[k], b[k], rel)
    elif isinstance(a, float) or isinstance(b, float):
        if math.isnan(a):
            assert math.isnan(b)
        else:
            assert a == pytest.approx(b, rel=rel, abs=1e-12)
    else:
        assert a == b


def predict(model, x):
    kind = model._streamwise_kind
    if kind == "classifier":
        return model.predict_proba_one(x)
    if kind == "regressor":
        return model.predict_one(x)
    return model.transform_one(x)


def learn(model, x, y):
    if model._streamwise_kind == "transformer":
        model.learn_one(x)
    else:
        model.learn_one(x, y)


# ---- the model cases: (id, factory, stream fixture name) -----------------------------------------

MODEL_CASES = []
for cls in CLASSIFIER_CLASSES:
    MODEL_CASES.append((cls.__name__, lambda cls=cls: build(cls), "binary_stream"))
    # MultinomialNB needs counts: ImageSegments has negative values (River fails too).
    if cls.__name__ not in BINARY_ONLY and cls.__name__ != "MultinomialNB":
        MODEL_CASES.append((cls.__name__ + "-multiclass", lambda cls=cls: build(cls), "multiclass_stream"))
for cls in REGRESSORS:
    MODEL_CASES.append((cls.__name__, lambda cls=cls: build(cls), "regression_stream"))
for cls in TRANSFORMERS:
    MODEL_CASES.append((cls.__name__, lambda cls=cls: build(cls), "regression_stream"))
for name, factory in pipelines().items():
    stream = "regression_stream" if "Regression" in name and "Logistic" not in name else "binary_stream"
    MODEL_CASES.append((name, factory, stream))

model_case = pytest.mark.parametrize(
    "factory,stream_name", [(f, s) for _, f, s in MODEL_CASES], ids=[i for i, _, _ in MODEL_CASES]
)


@model_case
def test_learn_one_does_not_mutate_input(factory, stream_name, request):
    stream = request.getfixturevalue(stream_name)
    model = factory()
    for x, y in stream[:50]:
        x_copy, y_copy = dict(x), copy.copy(y)
        assert learn(model, x, y) is None
        predict(model, x)
        assert x == x_copy and list(x) == list(x_copy)
        assert y == y_copy


@model_case
def test_predict_before_any_learn(factory, stream_name, request):
    stream = request.getfixturevalue(stream_name)
    model = factory()
    x = stream[0][0]
    out = predict(model, x)
    if model._streamwise_kind == "classifier":
        assert isinstance(out, dict)
        model.predict_one(x)  # a label, or None before any learning
    elif model._streamwise_kind == "regressor":
        assert isinstance(out, float)


@model_case
def test_feature_order_does_not_matter(factory, stream_name, request):
    stream = request.getfixturevalue(stream_name)
    rng = random.Random(42)
    a, b = factory(), factory()
    if type(a).__name__ in ("ARFClassifier", "ARFRegressor"):
        # The forests draw feature subsets by feature position (so does River's ARF, from the
        # order of x's keys): the order the features first came in matters.
        pytest.skip("feature subsets depend on the order features first appear")
    for x, y in stream:
        keys = list(x)
        rng.shuffle(keys)
        shuffled = {k: x[k] for k in keys}
        approx_equal(predict(a, x), predict(b, shuffled))
        learn(a, x, y)
        learn(b, shuffled, y)


@model_case
def test_emerging_and_disappearing_features(factory, stream_name, request):
    stream = request.getfixturevalue(stream_name)
    rng = random.Random(7)
    model = factory()
    for x, y in stream[:100]:
        keep = rng.sample(list(x), max(1, len(x) - 3))
        learn(model, {k: x[k] for k in keep}, y)
    for x, y in stream[100:150]:
        keep = rng.sample(list(x), max(1, len(x) - 3))
        predict(model, {k: x[k] for k in keep})
    # Radically disappearing: only one feature left.
    for x, y in stream[150:]:
        first = next(iter(x))
        predict(model, {first: x[first]})
        learn(model, {first: x[first]}, y)
    predict(model, {})
    predict(model, {"never_seen_before": 1.0})


@model_case
def test_predict_is_pure(factory, stream_name, request):
    stream = request.getfixturevalue(stream_name)
    model = factory()
    for x, y in stream[:50]:
        learn(model, x, y)
    x = stream[60][0]
    first = predict(model, x)
    for _ in range(3):
        approx_equal(predict(model, x), first, rel=0)


@model_case
def test_probabilities(factory, stream_name, request):
    stream = request.getfixturevalue(stream_name)
    model = factory()
    if model._streamwise_kind != "classifier":
        pytest.skip("classifiers only")
    seen = set()
    for x, y in stream:
        proba = model.predict_proba_one(x)
        for p in proba.values():
            assert 0.0 <= p <= 1.0
        if proba:
            assert sum(proba.values()) == pytest.approx(1.0)
            if model.predict_one(x) is not None:
                assert model.predict_one(x) in proba
        learn(model, x, y)
        seen.add(y)
    proba = model.predict_proba_one(stream[0][0])
    if type(model).__name__ in BINARY_ONLY or stream_name == "binary_stream":
        assert set(proba) <= {False, True}
    else:
        assert set(proba) <= seen  # labels come back as given


@model_case
def test_clone_is_independent_and_repr_roundtrips(factory, stream_name, request):
    stream = request.getfixturevalue(stream_name)
    model = factory()
    for x, y in stream[:50]:
        learn(model, x, y)
    clone = model.clone()
    assert type(clone) is type(model)
    assert repr(clone) == repr(model)
    assert clone is not model
    x = stream[60][0]
    before = predict(model, x)
    for x2, y2 in stream[50:100]:
        learn(clone, x2, y2)
    approx_equal(predict(model, x), before, rel=0)
    # A clone starts from scratch: it equals a fresh model.
    fresh, again = factory(), model.clone()
    for x2, y2 in stream[:30]:
        learn(fresh, x2, y2)
        learn(again, x2, y2)
    approx_equal(predict(fresh, x), predict(again, x), rel=0)


@model_case
def test_pickle_and_copies(factory, stream_name, request):
    stream = request.getfixturevalue(stream_name)
    model = factory()
    restored = pickle.loads(pickle.dumps(model))
    assert repr(restored) == repr(model)
    for x, y in stream[:100]:
        learn(model, x, y)
    for other in (pickle.loads(pickle.dumps(model)), copy.copy(model), copy.deepcopy(model)):
        for x, y in stream[100:150]:
            approx_equal(predict(model.clone(include_attributes=True), x), predict(other, x), rel=0)
        # Both keep learning identically.
        a, b = copy.deepcopy(model), other
        for x, y in stream[100:150]:
            learn(a, x, y)
            learn(b, x, y)
            approx_equal(predict(a, x), predict(b, x), rel=0)


@model_case
def test_no_state_aliasing_with_input(factory, stream_name, request):
    stream = request.getfixturevalue(stream_name)
    model = factory()
    for x, y in stream[:20]:
        learn(model, x, y)
    state = pickle.dumps(model)
    x = dict(stream[20][0])
    learn(model, x, stream[20][1])
    snapshot = pickle.dumps(model)
    x.clear()
    assert pickle.dumps(model) == snapshot
    assert pickle.loads(state) is not None


@model_case
def test_many_equals_one(factory, stream_name, request):
    stream = request.getfixturevalue(stream_name)
    one, many = factory(), factory()
    X = pd.DataFrame([x for x, _ in stream])
    y = [y for _, y in stream]
    kind = one._streamwise_kind
    for x, yi in stream[:100]:
        learn(one, x, yi)
    if kind == "transformer":
        many.learn_many(X.iloc[:100])
    else:
        many.learn_many(X.iloc[:100], pd.Series(y[:100]))
    rest = X.iloc[100:]
    if kind == "classifier":
        out = many.predict_proba_many(rest)
        for i, (x, _) in enumerate(stream[100:]):
            expected = one.predict_proba_one(x)
            row = out.iloc[i]
            for label, p in expected.items():
                assert row[label] == pytest.approx(p, rel=1e-12, abs=1e-15)
        labels = many.predict_many(rest)
        assert list(labels) == [one.predict_one(x) for x, _ in stream[100:]]
    elif kind == "regressor":
        out = many.predict_many(rest)
        assert isinstance(out, pd.Series)
        np.testing.assert_allclose(out.to_numpy(), [one.predict_one(x) for x, _ in stream[100:]],
                                   rtol=1e-12)
    else:
        out = many.transform_many(rest)
        for i, (x, _) in enumerate(stream[100:]):
            expected = one.transform_one(x)
            row = out.iloc[i].dropna().to_dict()
            approx_equal(row, expected, rel=1e-12)
    # numpy input: columns are named "0", "1", ... by position.
    arr = X.to_numpy()
    a, b = factory(), factory()
    if kind == "transformer":
        a.learn_many(arr[:50])
    else:
        a.learn_many(arr[:50], y[:50])
    for row, yi in zip(arr[:50], y[:50]):
        learn(b, {str(j): v for j, v in enumerate(row)}, yi)
    for row in arr[50:60]:
        approx_equal(predict(a, {str(j): v for j, v in enumerate(row)}),
                     predict(b, {str(j): v for j, v in enumerate(row)}), rel=1e-12)


# ---- seeds ---------------------------------------------------------------------------------------


def seeded_factories():
    from streamwise import drift, optim, preprocessing, linear_model

    return {
        "KSWIN": lambda: drift.KSWIN(seed=42),
        "FeatureHasher": lambda: preprocessing.FeatureHasher(seed=42),
        "LinearRegression(Normal init)": lambda: linear_model.LinearRegression(
            initializer=optim.initializers.Normal(seed=42)
        ),
    }


@pytest.mark.parametrize("name", list(seeded_factories()))
def test_seeding_is_idempotent(name, regression_stream):
    factory = seeded_factories()[name]
    a, b = factory(), factory()
    if name == "KSWIN":
        values = [x["ordinal_date"] % 7 for x, _ in regression_stream]
        assert a.update_many(values) == b.update_many(values)
        return
    for x, y in regression_stream:
        learn(a, x, y)
        learn(b, x, y)
        approx_equal(predict(a, x), predict(b, x), rel=0)


# ---- statistics, detectors, metrics, parts -------------------------------------------------------


@pytest.mark.parametrize("cls", STATS, ids=lambda c: c.__name__)
def test_statistic_conventions(cls):
    s = build(cls)
    rng = random.Random(1)
    values = [rng.gauss(0, 1) for _ in range(100)]
    bivariate = "PearsonCorr" in cls.__name__ or cls.__name__ == "Cov"
    for v in values[:50]:
        assert (s.update(v, v * 2 + 1) if bivariate else s.update(v)) is None
    assert repr(s.clone()) == repr(s)
    restored = pickle.loads(pickle.dumps(s))
    assert restored.get() == s.get() or (math.isnan(s.get()) and math.isnan(restored.get()))
    c = copy.deepcopy(s)
    for v in values[50:]:
        if bivariate:
            s.update(v, -v)
            restored.update(v, -v)
        else:
            s.update(v)
            restored.update(v)
    assert restored.get() == s.get() or (math.isnan(s.get()) and math.isnan(restored.get()))
    assert isinstance(s._get_params(), dict)


@pytest.mark.parametrize("cls", DRIFT, ids=lambda c: c.__name__)
def test_detector_conventions(cls):
    d = build(cls)
    rng = random.Random(3)
    binary = cls.__module__.endswith("binary")
    stream = [float(rng.random() < (0.1 if i < 500 else 0.7)) if binary else rng.gauss(i >= 500, 0.5)
              for i in range(1000)]
    found = []
    for i, v in enumerate(stream[:700]):
        assert d.update(v) is None
        if d.drift_detected:
            found.append(i)
    restored = pickle.loads(pickle.dumps(d))
    assert repr(restored) == repr(d) == repr(d.clone())
    for i, v in enumerate(stream[700:]):
        d.update(v)
        restored.update(v)
        assert d.drift_detected == restored.drift_detected
    again = build(cls)
    assert again.update_many(stream[:700]) == found


@pytest.mark.parametrize("cls", METRICS, ids=lambda c: c.__name__)
def test_metric_conventions(cls):
    m = cls()
    rng = random.Random(5)
    if m.requires_labels:
        if cls.__name__ in {"MAE", "MSE", "RMSE", "RMSLE", "R2", "SMAPE"}:
            pairs = [(rng.uniform(1, 5), rng.uniform(1, 5)) for _ in range(50)]
        else:
            pairs = [(rng.random() < 0.5, rng.random() < 0.5) for _ in range(50)]
    elif cls.__name__ == "CrossEntropy":
        pairs = []
        for _ in range(50):
            p = rng.random()
            pairs.append((rng.random() < 0.5, {True: p, False: 1 - p}))
    else:
        pairs = [(rng.random() < 0.5, rng.random()) for _ in range(50)]
    for yt, yp in pairs:
        assert m.update(yt, yp) is None
    restored = pickle.loads(pickle.dumps(m))
    assert restored.get() == m.get() or (math.isnan(m.get()) and math.isnan(restored.get()))
    assert repr(restored) == repr(m)
    assert repr(m.clone()) == repr(cls())
    if hasattr(m, "revert"):
        before = m.get()
        m.update(*pairs[0])
        m.revert(*pairs[0])
        assert m.get() == pytest.approx(before, rel=1e-9, abs=1e-12) or math.isnan(before)
    assert isinstance(m.bigger_is_better, bool)


@pytest.mark.parametrize("cls", PARTS, ids=lambda c: c.__module__ + "." + c.__name__)
def test_part_conventions(cls):
    p = cls()
    assert repr(p.clone()) == repr(p)
    assert repr(pickle.loads(pickle.dumps(p))) == repr(p)
    params = p._get_params()
    assert repr(cls(**params)) == repr(p)


def test_every_optimizer_with_every_linear_model(binary_stream, regression_stream):
    from streamwise import linear_model, optim

    optimizers = [cls for cls in PARTS if cls.__module__ == "streamwise.optim"]
    for opt in optimizers:
        for model_cls, stream in ((linear_model.LogisticRegression, binary_stream),
                                  (linear_model.LinearRegression, regression_stream)):
            model = model_cls(optimizer=opt())
            for x, y in stream[:50]:
                model.learn_one(x, y)
            out = model.predict_one(stream[60][0])
            assert out is not None
            assert type(model._get_params()["optimizer"]) is opt
