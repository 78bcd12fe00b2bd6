"""streamwise.evaluate.prequential_many against a Python loop of predict_one / learn_one, and
progressive_val_score's printed reports against River 0.26.1's text."""

import io
import re

import numpy as np
import pytest

river = pytest.importorskip("river")
from river import evaluate as r_evaluate  # noqa: E402
from river import linear_model as r_linear_model  # noqa: E402
from river import metrics as r_metrics  # noqa: E402
from river import preprocessing as r_preprocessing  # noqa: E402

from streamwise import evaluate, linear_model, metrics, preprocessing, tree  # noqa: E402


def arrays(stream):
    names = list(stream[0][0])
    X = np.array([[x[k] for k in names] for x, _ in stream], dtype=np.float64)
    y = [y for _, y in stream]
    return names, X, y


def python_loop(model, names, X, y, every, classifier):
    """The reference: dicts, predict_one, score, learn_one, one row at a time."""
    preds, proba, curve, score = [], [], [], 0.0
    for i, (row, yi) in enumerate(zip(X.tolist(), y)):
        x = dict(zip(names, row))
        if classifier:
            proba.append(model.predict_proba_one(x))
        p = model.predict_one(x)
        preds.append(p)
        score += (p is not None and p == yi) if classifier else abs(yi - p)
        model.learn_one(x, yi)
        if (i + 1) % every == 0:
            curve.append(score / (i + 1))
    return score / len(y), curve, preds, proba


@pytest.mark.parametrize(
    "make",
    [
        tree.HoeffdingTreeClassifier,
        lambda: preprocessing.StandardScaler() | linear_model.LogisticRegression(),
    ],
)
def test_classifier_equals_python_loop(make, binary_stream):
    names, X, y = arrays(binary_stream)
    ref = python_loop(make(), names, X, y, every=20, classifier=True)
    model = make()
    out = evaluate.prequential_many(model, X, y, every=20, feature_names=names, proba=True)
    metric, curve = out
    assert metric == ref[0]
    assert curve == ref[1]
    assert list(out.y_pred) == ref[2]
    assert [dict(p) for p in out.y_proba] == ref[3]
    # the model learnt in place: it answers as the reference model does
    ref_model = make()
    python_loop(ref_model, names, X, y, every=20, classifier=True)
    x0 = dict(zip(names, X[0].tolist()))
    assert model.predict_proba_one(x0) == ref_model.predict_proba_one(x0)


def test_multiclass_labels_equal_python_loop(multiclass_stream):
    names, X, y = arrays(multiclass_stream)
    ref = python_loop(tree.HoeffdingTreeClassifier(), names, X, y, every=50, classifier=True)
    out = evaluate.prequential_many(tree.HoeffdingTreeClassifier(), X, y, every=50,
                                    feature_names=names)
    assert (out.metric, out.curve, list(out.y_pred)) == ref[:3]
    assert out.y_proba is None
    assert out.y_pred[0] is None  # no class before the first label: counted as wrong


def test_regressor_equals_python_loop(regression_stream):
    names, X, y = arrays(regression_stream)
    ref = python_loop(linear_model.LinearRegression(), names, X, y, every=25, classifier=False)
    out = evaluate.prequential_many(linear_model.LinearRegression(), X, y, every=25,
                                    feature_names=names)
    assert (out.metric, out.curve, list(out.y_pred)) == ref[:3]


def test_default_names_and_no_curve():
    X = np.array([[0.0], [1.0], [0.0], [1.0]])
    metric, curve = evaluate.prequential_many(tree.HoeffdingTreeClassifier(), X, [0, 1, 0, 1])
    assert (metric, curve) == (0.25, [])


def test_bad_shapes():
    model = tree.HoeffdingTreeClassifier()
    with pytest.raises(ValueError, match="X must be 2-D"):
        evaluate.prequential_many(model, np.zeros(3), [0, 1, 0])
    with pytest.raises(ValueError, match="y has 2 values for 3 rows"):
        evaluate.prequential_many(model, np.zeros((3, 1)), [0, 1])
    with pytest.raises(ValueError, match="1 feature names for 2 columns"):
        evaluate.prequential_many(model, np.zeros((3, 2)), [0, 1, 0], feature_names=["a"])


# ---- progressive_val_score's reports --------------------------------------------------------


def printed(module_evaluate, model, metric, data, **kwargs):
    buf = io.StringIO()
    module_evaluate.progressive_val_score(data, model, metric, file=buf, **kwargs)
    return buf.getvalue().splitlines()


@pytest.mark.parametrize("print_every", [50, 64, 200])
def test_print_every_matches_river_text(binary_stream, print_every):
    ours = printed(evaluate, preprocessing.StandardScaler() | linear_model.LogisticRegression(),
                   metrics.Accuracy(), binary_stream, print_every=print_every)
    theirs = printed(r_evaluate,
                     r_preprocessing.StandardScaler() | r_linear_model.LogisticRegression(),
                     r_metrics.Accuracy(), binary_stream, print_every=print_every)
    assert ours == theirs
    assert ours[0] == f"[{print_every}] " + ours[0].split("] ", 1)[1]


def test_print_every_regression_text(regression_stream):
    ours = printed(evaluate, linear_model.LinearRegression(), metrics.MAE(), regression_stream,
                   print_every=100)
    theirs = printed(r_evaluate, r_linear_model.LinearRegression(), r_metrics.MAE(),
                     regression_stream, print_every=100)
    assert ours == theirs


def test_show_time_format(binary_stream):
    lines = printed(evaluate, linear_model.LogisticRegression(), metrics.Accuracy(),
                    binary_stream, print_every=100, show_time=True)
    assert len(lines) == 2
    for line in lines:
        assert re.fullmatch(r"\[\d+\] Accuracy: \d+\.\d\d% – \d\d:\d\d:\d\d", line), line


def test_progress_line_on_stderr_only_when_asked(binary_stream, capsys):
    evaluate.progressive_val_score(binary_stream, linear_model.LogisticRegression(),
                                   metrics.Accuracy())
    assert capsys.readouterr().err == ""  # stderr is not a terminal under pytest
    evaluate.progressive_val_score(binary_stream, linear_model.LogisticRegression(),
                                   metrics.Accuracy(), progress=True, print_every=100)
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith("[100] Accuracy: ")
    assert len(out.splitlines()) == 2
    # the progress line was drawn and erased (carriage return, clear to end of line)
    assert err.endswith("\r\x1b[K")
