"""Bad input gives TypeError / ValueError with a clear message and leaves the model unchanged."""

import math
import pickle

import numpy as np
import pandas as pd
import pytest

from streamwise import compose, drift, linear_model, metrics, naive_bayes, optim, preprocessing, stats


def trained_lr():
    model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
    for i in range(20):
        model.learn_one({"a": float(i), "b": float(-i)}, i % 2 == 0)
    return model


@pytest.mark.parametrize(
    "x,error,message",
    [
        ({"a": float("nan")}, ValueError, "Pipeline: feature 'a' must be finite, got nan"),
        ({"a": float("inf")}, ValueError, "Pipeline: feature 'a' must be finite, got inf"),
        ({"a": None}, ValueError, "Pipeline: feature 'a' is None; leave the key out of x for a missing value"),
        ({1.5: 2.0}, TypeError, "Pipeline: feature names must be str or int, got float 1.5"),
        ({"a": [1, 2]}, TypeError, "Pipeline: feature 'a' has a value of type list; expected a number or a str"),
        ([1.0, 2.0], TypeError, "Pipeline: x must be a dict of features, got list"),
    ],
)
def test_bad_samples(x, error, message):
    model = trained_lr()
    before = pickle.dumps(model)
    with pytest.raises(error) as info:
        model.learn_one(x, True)
    assert str(info.value) == message
    with pytest.raises(error):
        model.predict_proba_one(x)
    assert pickle.dumps(model) == before


def test_new_feature_with_bad_value_leaves_feature_space_unchanged():
    model = linear_model.LinearRegression()
    model.learn_one({"a": 1.0}, 1.0)
    before = pickle.dumps(model)
    with pytest.raises(ValueError):
        model.learn_one({"new": 1.0, "bad": float("nan")}, 1.0)
    assert pickle.dumps(model) == before


def test_nominal_value_for_numeric_model():
    model = linear_model.LinearRegression()
    with pytest.raises(TypeError) as info:
        model.learn_one({"city": "Paris"}, 1.0)
    assert "feature 'city' is a str ('Paris'), but LinearRegression only takes numbers" in str(info.value)


def test_feature_changing_kind():
    model = naive_bayes.GaussianNB()
    model.learn_one({"a": 1.0}, "x")
    with pytest.raises(ValueError) as info:
        model.learn_one({"a": "text"}, "x")
    assert str(info.value) == "GaussianNB: feature 'a' was numeric and is now nominal (str)"


def test_bad_targets():
    reg = linear_model.LinearRegression()
    with pytest.raises(TypeError) as info:
        reg.learn_one({"a": 1.0}, "label")
    assert str(info.value) == "LinearRegression: y must be a number, got str 'label'"
    with pytest.raises(ValueError) as info:
        reg.learn_one({"a": 1.0}, float("nan"))
    assert str(info.value) == "LinearRegression: y must be finite, got nan"
    clf = naive_bayes.GaussianNB()
    with pytest.raises(ValueError) as info:
        clf.learn_one({"a": 1.0}, None)
    assert str(info.value) == "the label y must not be None"
    with pytest.raises(TypeError):
        clf.learn_one({"a": 1.0}, ["unhashable"])
    assert clf.predict_proba_one({"a": 1.0}) == {}


def test_bad_weights():
    model = linear_model.LinearRegression()
    model.learn_one({"a": 1.0}, 1.0)
    before = pickle.dumps(model)
    with pytest.raises(ValueError) as info:
        model.learn_one({"a": 1.0}, 1.0, w=-1.0)
    assert "w must be finite and >= 0" in str(info.value)
    assert pickle.dumps(model) == before


def test_unknown_and_invalid_parameters():
    with pytest.raises(TypeError) as info:
        linear_model.LogisticRegression(learning_rate=0.1)
    assert str(info.value) == "LogisticRegression() got an unexpected keyword argument 'learning_rate'"
    with pytest.raises(ValueError) as info:
        drift.ADWIN(delta=2.0)
    assert str(info.value) == "ADWIN: delta must be in (0, 1)"
    with pytest.raises(TypeError) as info:
        drift.ADWIN(delta="small")
    assert str(info.value) == "ADWIN: delta must be a number, got str 'small'"
    with pytest.raises(TypeError) as info:
        linear_model.LogisticRegression(optimizer="sgd")
    assert "LogisticRegression: optimizer must be one of SGD" in str(info.value)
    with pytest.raises(TypeError) as info:
        stats.Var(1, 2)
    assert str(info.value) == "Var() takes at most 1 positional arguments (2 given)"
    with pytest.raises(ValueError) as info:
        linear_model.LinearRegression(l2=-1.0)
    assert str(info.value) == "LinearRegression: l2 must be finite and >= 0"


def test_statistic_bad_values():
    var = stats.Var()
    var.update(1.0)
    var.update(2.0)
    before = var.get()
    with pytest.raises(ValueError) as info:
        var.update(float("nan"))
    assert str(info.value) == "Var: x must be finite, got nan"
    with pytest.raises(TypeError) as info:
        var.update("3")
    assert str(info.value) == "Var: x must be a number, got str '3'"
    assert var.get() == before


def test_binary_detector_refuses_non_binary_values():
    detector = drift.binary.DDM()
    before = pickle.dumps(detector)
    with pytest.raises(ValueError) as info:
        detector.update(0.5)
    assert "DDM" in str(info.value)
    assert pickle.dumps(detector) == before


def test_regressor_given_a_classifier_label_and_metric_mismatch():
    reg = linear_model.LinearRegression()
    with pytest.raises(TypeError):
        reg.learn_one({"a": 1.0}, True if False else "yes")
    metric = metrics.MAE()
    with pytest.raises(TypeError) as info:
        metric.update("cat", "dog")
    assert str(info.value) == "MAE: y_true must be a number, got str 'cat'"
    from streamwise import evaluate

    with pytest.raises(ValueError) as info:
        evaluate.progressive_val_score([({"a": 1.0}, 1.0)], linear_model.LinearRegression(),
                                       metrics.Accuracy())
    assert "Accuracy metric is not compatible with" in str(info.value)


def test_pipeline_steps_must_be_transformers():
    with pytest.raises(TypeError) as info:
        compose.Pipeline(linear_model.LinearRegression(), preprocessing.StandardScaler())
    assert str(info.value) == "Pipeline: every step but the last must be a transformer; LinearRegression is not"
    with pytest.raises(TypeError) as info:
        compose.Pipeline(lambda x: x, linear_model.LinearRegression())
    assert "is not a streamwise estimator" in str(info.value)


def test_batch_bad_input():
    model = linear_model.LinearRegression()
    with pytest.raises(ValueError) as info:
        model.learn_many(np.ones((3, 2)), [1.0, 2.0])
    assert str(info.value) == "LinearRegression: y has 2 targets for 3 rows"
    with pytest.raises(ValueError) as info:
        model.learn_many(np.ones(3), [1.0, 2.0, 3.0])
    assert str(info.value) == "LinearRegression: X must be 2-D, got 1 dimension(s)"
    with pytest.raises(TypeError) as info:
        model.learn_many(pd.DataFrame({1.5: [1.0]}), [1.0])
    assert str(info.value) == "LinearRegression: column names must be str or int, got float 1.5"
    X = np.array([[1.0], [np.inf], [2.0]])
    with pytest.raises(ValueError) as info:
        model.learn_many(X, [1.0, 2.0, 3.0])
    assert str(info.value).startswith("row 1: ")


def test_checkpoint_rejects_damaged_files(tmp_path):
    from streamwise import checkpoint

    model = stats.Mean()
    model.update(2.0)
    path = tmp_path / "m.swpy"
    checkpoint.save(model, path)
    assert checkpoint.load(path).get() == 2.0
    with pytest.raises(checkpoint.CheckpointError):
        checkpoint.loads(b"garbage")
    data = path.read_bytes().replace(b"streamwise.stats", b"os")
    with pytest.raises(checkpoint.CheckpointError) as info:
        checkpoint.loads(data)
    assert "foreign class" in str(info.value)
    good = pickle.dumps(model)
    with pytest.raises(ValueError):
        # Corrupted C++ payload: the checksum catches it.
        state = model.__getstate__()
        broken = (state[0][:-1] + bytes([state[0][-1] ^ 1]),) + tuple(state[1:])
        stats.Mean.__new__(stats.Mean).__setstate__(broken)
    assert pickle.loads(good).get() == 2.0


def test_model_used_during_a_batch_call_on_another_thread():
    import threading

    model = linear_model.LinearRegression()
    X = np.random.default_rng(0).normal(size=(300_000, 4))
    y = X.sum(axis=1)
    errors = []
    worker = threading.Thread(target=lambda: model.learn_many(X, y))
    worker.start()
    while worker.is_alive():
        try:
            model.predict_one({"0": 1.0})
        except RuntimeError as e:
            errors.append(str(e))
    worker.join()
    # Either the batch was already done, or the call was refused cleanly (never a data race).
    assert all(e == "LinearRegression: the model is in use by a batch call on another thread"
               for e in errors)
    assert isinstance(model.predict_one({"0": 1.0}), float)
