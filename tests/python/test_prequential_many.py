"""streamwise.evaluate.prequential_many: the compiled loop (streamwise._core.evaluate, GIL
released) against the Python loop of predict_one / learn_one it replaces, for every classifier,
regressor, pipeline and ensemble; bad input and the state the model is left in."""

import pickle
import threading
import time

import numpy as np
import pytest

from estimators import (
    BINARY_ONLY,
    CLASSIFIER_IDS,
    CLASSIFIERS,
    REGRESSORS,
    TEST_PARAMS,
    build,
    pipelines,
)
from streamwise import _core, ensemble, evaluate, linear_model, naive_bayes, preprocessing, tree


def arrays(stream):
    names = list(stream[0][0])
    X = np.array([[x[k] for k in names] for x, _ in stream], dtype=np.float64)
    y = [y for _, y in stream]
    return names, X, y


def run(make, X, y, use_native, **kwargs):
    """A fresh model through prequential_many: (result or the exception raised, model)."""
    model = make()
    evaluate._USE_NATIVE = use_native
    try:
        return evaluate.prequential_many(model, X, y, **kwargs), model
    except Exception as e:  # noqa: BLE001 - compared with the other loop's
        return e, model
    finally:
        evaluate._USE_NATIVE = True


def compare(make, X, y, **kwargs):
    """The compiled loop gives the Python loop's results and leaves the model in the same state
    (pickle bytes: checkpoint, feature space, label table); an error (MultinomialNB refuses
    negative features, for instance) is the same error at the same row."""
    ref, ref_model = run(make, X, y, False, **kwargs)
    PYTHON_ROWS["n"] = 0
    out, model = run(make, X, y, True, **kwargs)
    if isinstance(ref, Exception):
        assert type(out) is type(ref) and str(out) == str(ref)
    else:
        assert not isinstance(out, Exception), out
        assert out.metric == ref.metric
        assert out.curve == ref.curve
        assert out.y_pred == ref.y_pred
        assert [type(p) for p in out.y_pred] == [type(p) for p in ref.y_pred]
        assert out.y_proba == ref.y_proba
    assert pickle.dumps(model) == pickle.dumps(ref_model)
    return out, PYTHON_ROWS["n"]


PYTHON_ROWS = {"n": 0}


@pytest.fixture(autouse=True)
def count_python_rows(monkeypatch):
    """Counts the rows that go through the Python loop (the compiled loop should do them all)."""
    original = evaluate._python_rows

    def counting(model, X, y_list, names, classifier, every, proba, start, end, *rest):
        PYTHON_ROWS["n"] += end - start
        return original(model, X, y_list, names, classifier, every, proba, start, end, *rest)

    monkeypatch.setattr(evaluate, "_python_rows", counting)


def test_compiled_loop_is_there():
    assert callable(_core.evaluate.prequential_many)
    assert _core.evaluate.prequential_many(object(), None, [], 0, 0, [], False, 0.0, [], [],
                                           None) is None


def with_labels(stream, kind):
    names, X, y = arrays(stream)
    if kind == "bool":
        y = [bool(v) for v in y]
    elif kind == "int":
        classes = sorted(set(map(str, y)))
        y = [classes.index(str(v)) for v in y]
    elif kind == "str":
        y = [f"c{v}" for v in y]
    elif kind == "numpy":
        y = np.array([str(v) for v in y])
    return names, X, y


@pytest.mark.parametrize("make", CLASSIFIERS, ids=CLASSIFIER_IDS)
@pytest.mark.parametrize("labels", ["bool", "int", "str"])
def test_classifier_equals_python_loop(make, labels, binary_stream, multiclass_stream):
    binary = make().__class__.__name__ in BINARY_ONLY
    stream = binary_stream if (binary or labels == "bool") else multiclass_stream
    names, X, y = with_labels(stream, labels)
    out, python_rows = compare(make, X, y, every=17, feature_names=names, proba=True)
    if not isinstance(out, Exception):
        assert python_rows == 0


@pytest.mark.parametrize("make", [tree.HoeffdingTreeClassifier, linear_model.LogisticRegression])
def test_labels_from_numpy_and_binary_labels_that_are_not_bools(make, binary_stream):
    names, X, y = arrays(binary_stream)
    # str labels from a numpy array; for a binary model "yes" / "no" are both truthy and never
    # equal to True / False, so every prediction counts as wrong, as in the Python loop.
    for labels in (np.array(["yes" if v else "no" for v in y]), [2 if v else 0 for v in y],
                   np.array(y, dtype=np.int64)):
        out, python_rows = compare(make, X, labels, every=10, feature_names=names, proba=True)
        assert python_rows == 0


@pytest.mark.parametrize("cls", REGRESSORS, ids=[c.__name__ for c in REGRESSORS])
def test_regressor_equals_python_loop(cls, regression_stream):
    names, X, y = arrays(regression_stream)
    make = lambda: build(cls)  # noqa: E731
    out, python_rows = compare(make, X, y, every=13, feature_names=names)
    assert python_rows == 0
    # int and bool targets, a numpy target array
    compare(make, X, [int(round(v)) for v in y], feature_names=names)
    compare(make, X, np.array(y), every=50, feature_names=names)
    compare(make, X, [v > 40 for v in y], feature_names=names)


@pytest.mark.parametrize("name", list(pipelines()))
def test_pipeline_equals_python_loop(name, binary_stream, regression_stream):
    make = pipelines()[name]
    if make()._streamwise_kind == "transformer":
        pytest.skip("a transformer pipeline has no prequential evaluation")
    classifier = make()._streamwise_kind == "classifier"
    names, X, y = arrays(binary_stream if classifier else regression_stream)
    out, python_rows = compare(make, X, y, every=9, feature_names=names, proba=classifier)
    assert python_rows == 0


def test_srp_and_nested_ensembles(binary_stream, multiclass_stream):
    cases = [
        (lambda: ensemble.SRPClassifier(**TEST_PARAMS["SRPClassifier"]), binary_stream),
        (lambda: ensemble.BaggingClassifier(
            model=preprocessing.StandardScaler() | naive_bayes.GaussianNB(), n_models=3,
            seed=7), multiclass_stream),
    ]
    for make, stream in cases:
        names, X, y = arrays(stream)
        out, python_rows = compare(make, X, y, every=11, feature_names=names, proba=True)
        assert python_rows == 0 and out.metric > 0.5


def test_default_names_int_names_and_a_model_with_other_features(binary_stream):
    names, X, y = arrays(binary_stream)
    for feature_names in (None, list(range(X.shape[1])), names[::-1]):
        out, python_rows = compare(tree.HoeffdingTreeClassifier, X, y,
                                   feature_names=feature_names)
        assert python_rows == 0

    # The model already knows other features (and a column's name at another position): rows
    # are scattered into its feature space exactly as the dicts would be.
    def warmed():
        m = preprocessing.StandardScaler() | linear_model.LogisticRegression()
        m.learn_one({"other": 1.0, names[3]: 2.0}, True)
        return m

    out, python_rows = compare(warmed, X, y, every=7, feature_names=names, proba=True)
    assert python_rows == 0


def test_duplicate_names_use_the_python_loop(binary_stream):
    names, X, y = arrays(binary_stream)
    dup = names[:-1] + [names[0]]
    out, python_rows = compare(tree.HoeffdingTreeClassifier, X, y, feature_names=dup)
    assert python_rows == len(y)


def test_tree_ties_with_mixed_labels(binary_stream):
    # The trees' predict_one takes the smallest label among tied classes (River's rule); with
    # labels that do not compare (int and str) the first seen is kept. The compiled loop
    # reproduces the rule from a table of the labels' order.
    names, X, y = arrays(binary_stream)
    mixed = [(i % 3) if v else f"s{i % 2}" for i, v in enumerate(y)]
    for make in (tree.HoeffdingTreeClassifier, tree.ExtremelyFastDecisionTreeClassifier):
        out, python_rows = compare(make, X, mixed, every=25, feature_names=names, proba=True)
        assert python_rows == 0


def test_too_many_mixed_labels_for_the_order_table_use_the_python_loop():
    n = 2100
    X = np.arange(n, dtype=np.float64).reshape(n, 1) % 7
    y = [i if i % 2 else f"s{i}" for i in range(n)]  # 2100 labels, int and str
    out, python_rows = compare(tree.HoeffdingTreeClassifier, X, y, every=500)
    assert python_rows == n


class NotFalse:
    """A true label that refuses to be compared with False (and equals nothing)."""

    def __bool__(self):
        return True

    def __eq__(self, other):
        if other is False:
            raise RuntimeError("no comparison with False")
        return NotImplemented

    __hash__ = object.__hash__


def test_a_row_the_compiled_loop_hands_over_then_resumes(binary_stream):
    # The compiled loop compares every label with True and False before it starts; this label
    # refuses False, so the row is handed to predict_one / learn_one, where the model predicts
    # True (compared without error: not equal), learns it as True, and the compiled loop
    # resumes at the next row.
    names, X, y = arrays(binary_stream)
    plain = evaluate.prequential_many(linear_model.LogisticRegression(), X, y,
                                      feature_names=names)
    k = next(i for i, p in enumerate(plain.y_pred) if i > 10 and p is True)
    labels = list(y)
    labels[k] = NotFalse()
    out, python_rows = compare(linear_model.LogisticRegression, X, labels, every=10,
                               feature_names=names, proba=True)
    assert python_rows == 1
    assert out.y_pred[k] is True and len(out.y_pred) == len(y)


def test_empty_and_no_curve():
    model = tree.HoeffdingTreeClassifier()
    out = evaluate.prequential_many(model, np.zeros((0, 3)), [], every=5)
    assert (out.metric, out.curve, out.y_pred) == (0.0, [], [])
    assert pickle.dumps(model) == pickle.dumps(tree.HoeffdingTreeClassifier())


# ---- bad input -------------------------------------------------------------------------------


def run_both_failing(make, X, y, error, match, **kwargs):
    """Both loops raise the same error; both models end in the same state, which is the state
    of a model that learnt the rows before the bad one; returns that state's pickle."""
    messages, states = [], []
    for use_native in (False, True):
        model = make()
        evaluate._USE_NATIVE = use_native
        try:
            with pytest.raises(error, match=match) as info:
                evaluate.prequential_many(model, X, y, **kwargs)
        finally:
            evaluate._USE_NATIVE = True
        messages.append(str(info.value))
        states.append(pickle.dumps(model))
    assert messages[0] == messages[1]
    assert states[0] == states[1]
    return states[1], messages[1]


def state_after(make, X, y, k, **kwargs):
    model = make()
    if k:
        evaluate.prequential_many(model, X[:k], y[:k], **kwargs)
    return pickle.dumps(model)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_row_raises_with_rows_before_learnt(bad, multiclass_stream):
    names, X, y = arrays(multiclass_stream)
    X = X.copy()
    k = 120
    X[k, 4] = bad
    X[k + 5, 0] = np.nan
    make = tree.HoeffdingTreeClassifier
    PYTHON_ROWS["n"] = 0
    state, message = run_both_failing(make, X, y, ValueError, "must be finite",
                                      feature_names=names)
    # the reference run asks the Python loop for all rows; the compiled run gives it row k only
    assert PYTHON_ROWS["n"] == len(y) + 1
    print(message)  # HoeffdingTreeClassifier: feature 'region-centroid-...' must be finite, ...
    assert message == (f"HoeffdingTreeClassifier: feature '{names[4]}' must be finite, got "
                       f"{float(bad)!r}")
    assert state == state_after(make, X, y, k, feature_names=names)


def test_non_finite_first_row_leaves_the_model_untouched(regression_stream):
    names, X, y = arrays(regression_stream)
    X = X.copy()
    X[0, 2] = np.nan
    state, _ = run_both_failing(linear_model.LinearRegression, X, y, ValueError,
                                "must be finite", feature_names=names)
    assert state == pickle.dumps(linear_model.LinearRegression())  # no name interned either


def test_new_label_at_the_bad_row_is_not_kept(multiclass_stream):
    names, X, y = arrays(multiclass_stream)
    X = X.copy()
    y = list(y)
    k = 50
    y[k] = "never seen"
    X[k, 1] = np.inf
    make = naive_bayes.GaussianNB
    state, _ = run_both_failing(make, X, y, ValueError, "must be finite", feature_names=names)
    # the label table is part of the pickled state: "never seen" was not kept
    assert state == state_after(make, X, y, k, feature_names=names)


@pytest.mark.parametrize("make", [tree.HoeffdingTreeClassifier, linear_model.LogisticRegression],
                         ids=["multiclass", "binary"])
def test_none_label(make, binary_stream):
    names, X, y = arrays(binary_stream)
    y = list(y)
    k = 30
    y[k] = None
    state, message = run_both_failing(make, X, y, ValueError, "None", feature_names=names)
    print(message)
    assert state == state_after(make, X, y, k, feature_names=names)


def test_unhashable_label(multiclass_stream):
    names, X, y = arrays(multiclass_stream)
    y = list(y)
    k = 77
    y[k] = ["a", "list"]
    make = tree.HoeffdingTreeClassifier
    state, message = run_both_failing(make, X, y, TypeError, "unhashable", feature_names=names)
    assert state == state_after(make, X, y, k, feature_names=names)


@pytest.mark.parametrize("bad,error,match", [(None, TypeError, "unsupported operand"),
                                             ("3.5", TypeError, "unsupported operand"),
                                             (float("nan"), ValueError, "must be finite"),
                                             (float("inf"), ValueError, "must be finite")])
def test_bad_target(bad, error, match, regression_stream):
    names, X, y = arrays(regression_stream)
    y = list(y)
    k = 99
    y[k] = bad
    make = linear_model.LinearRegression
    state, message = run_both_failing(make, X, y, error, match, feature_names=names, every=10)
    print(message)  # e.g. LinearRegression: y must be finite, got nan
    assert state == state_after(make, X, y, k, feature_names=names)


def test_nominal_feature_name(binary_stream):
    names, X, y = arrays(binary_stream)

    def make():
        m = tree.HoeffdingTreeClassifier()
        m.learn_one({names[0]: "a str"}, True)
        return m

    state, message = run_both_failing(make, X, y, ValueError, "nominal", feature_names=names)
    assert state == pickle.dumps(make())


def test_wrong_shapes_and_dtype(binary_stream):
    names, X, y = arrays(binary_stream)
    for X_bad, y_bad, error, match in [
        (X, y[:-1], ValueError, "values for"),
        (X[0], y, ValueError, "2-D"),
        (np.array([["a", "b"]] * len(y)), y, ValueError, "could not convert"),
    ]:
        state, _ = run_both_failing(tree.HoeffdingTreeClassifier, X_bad, y_bad, error, match)
        assert state == pickle.dumps(tree.HoeffdingTreeClassifier())
    with pytest.raises(ValueError, match="feature names for"):
        evaluate.prequential_many(tree.HoeffdingTreeClassifier(), X, y, feature_names=["a"])


def test_model_error_while_learning_propagates():
    # SRPClassifier refuses a sample of another width than its first one: an error raised by the
    # C++ model itself, after the rows before it were learnt.
    names = ["a", "b", "c"]
    X = np.arange(30, dtype=np.float64).reshape(10, 3)
    y = [i % 2 == 0 for i in range(10)]

    def make():
        m = ensemble.SRPClassifier(**TEST_PARAMS["SRPClassifier"])
        for i in range(5):
            m.learn_one({"a": float(i), "b": 1.0}, i % 2 == 0)
        return m

    state, message = run_both_failing(make, X, y, ValueError, None, feature_names=names)
    print(message)


# ---- the GIL -----------------------------------------------------------------------------------


def test_gil_is_released_during_the_loop():
    rng = np.random.default_rng(0)
    n = 400_000
    X = rng.normal(size=(n, 4))
    y = (X[:, 0] + X[:, 1] > 0).tolist()
    model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
    ticks = []
    refused = []
    stop = threading.Event()

    def worker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            try:
                model.predict_one({"0": 1.0})
            except RuntimeError as e:  # the model is busy in the compiled loop
                refused.append(str(e))

    t = threading.Thread(target=worker)
    t.start()
    time.sleep(0.05)
    begin = time.perf_counter()
    out = evaluate.prequential_many(model, X, y)
    end = time.perf_counter()
    stop.set()
    t.join()
    assert out.metric > 0.9
    during = [s for s in ticks if begin < s < end]
    # With the GIL held for the whole call the thread would not run at all meanwhile.
    assert len(during) > 1000, (len(during), end - begin)
    assert refused and "in use by a batch call on another thread" in refused[0]
