"""streamwise.evaluate: progressive (test-then-train) validation with River's semantics."""

from __future__ import annotations

import collections
import math
import sys
import time

__all__ = ["progressive_val_score", "iter_progressive_val_score", "prequential_many"]


def _kind(model):
    return getattr(model, "_streamwise_kind", None) or (
        "classifier" if hasattr(model, "predict_proba_one") else "regressor"
    )


def _questions_and_answers(dataset, delay):
    """Yields (i, x, y, w): y is None for a question; the answer to question i comes ``delay``
    samples later (River's ``stream.simulate_qa`` with an integer delay), the remaining answers
    at the end in arrival order."""
    pending = collections.deque()
    for i, (x, y, *extra) in enumerate(dataset):
        kwargs = dict(extra[0]) if extra else {}
        while pending and pending[0][4] <= i:
            j, xj, yj, wj, _ = pending.popleft()
            yield j, xj, yj, wj
        pending.append((i, x, y, kwargs.get("w"), i + delay))
        yield i, x, None, kwargs.get("w")
    for j, xj, yj, wj, _ in pending:
        yield j, xj, yj, wj


def iter_progressive_val_score(dataset, model, metric, delay=None, step=1, measure_time=False,
                               yield_predictions=False):
    """Runs progressive validation and yields a report every ``step`` answers (River's
    ``evaluate.iter_progressive_val_score``): ``{"<Metric>": metric, "Step": n, ...}``.

    Examples
    --------
    >>> from streamwise import evaluate, linear_model, metrics
    >>> data = [({'x': float(i % 2)}, i % 2 == 1) for i in range(100)]
    >>> steps = evaluate.iter_progressive_val_score(data, linear_model.LogisticRegression(),
    ...                                              metrics.Accuracy(), step=50)
    >>> [s['Step'] for s in steps]
    [50, 100]
    """
    if hasattr(metric, "works_with") and not metric.works_with(model):
        raise ValueError(f"{type(metric).__name__} metric is not compatible with {model!r}")
    kind = _kind(model)
    if kind == "classifier" and not getattr(metric, "requires_labels", True):
        predict = model.predict_proba_one
    else:
        predict = model.predict_one
    learn = model.learn_one
    update = metric.update
    next_checkpoint = step if step else None
    prev_checkpoint = None
    n_answers = 0
    start = time.perf_counter()

    def report(y_pred):
        state = {type(metric).__name__: metric, "Step": n_answers}
        if measure_time:
            state["Time"] = time.perf_counter() - start
        if yield_predictions:
            state["Prediction"] = y_pred
        return state

    if delay is None:
        for x, y, *extra in dataset:
            w = extra[0].get("w") if extra else None
            y_pred = predict(x)
            if y_pred is not None and y_pred != {}:
                update(y, y_pred)
            if w is None:
                learn(x, y)
            else:
                learn(x, y, w=w)
            n_answers += 1
            if n_answers == next_checkpoint:
                yield report(y_pred)
                prev_checkpoint = next_checkpoint
                next_checkpoint += step
    else:
        if isinstance(delay, bool) or not isinstance(delay, int) or delay < 0:
            raise ValueError("delay must be None or an int >= 0")
        predictions = {}
        y_pred = None
        for i, x, y, w in _questions_and_answers(dataset, delay):
            if y is None:
                predictions[i] = predict(x)
                continue
            y_pred = predictions.pop(i)
            if y_pred is not None and y_pred != {}:
                update(y, y_pred)
            if w is None:
                learn(x, y)
            else:
                learn(x, y, w=w)
            n_answers += 1
            if n_answers == next_checkpoint:
                yield report(y_pred)
                prev_checkpoint = next_checkpoint
                next_checkpoint += step
    if prev_checkpoint and n_answers != prev_checkpoint:
        yield report(None)


def _clock(seconds):
    """River's ``HH:MM:SS`` for an elapsed time (whole seconds)."""
    h, rem = divmod(int(seconds), 3600)
    m, sec = divmod(rem, 60)
    return f"{h:02d}:{m:02d}:{sec:02d}"


class _Progress:
    """A one-line progress display on stderr: rows answered, their rate and the metric so far,
    redrawn at most five times a second and erased at the end."""

    def __init__(self, metric, total, stream=None):
        self.metric = metric
        self.total = total
        self.stream = sys.stderr if stream is None else stream
        self.start = time.perf_counter()
        self.last = float("-inf")  # the first checkpoint is drawn at once
        self.shown = False

    def update(self, n, force=False):
        now = time.perf_counter()
        if not force and now - self.last < 0.2:
            return
        self.last = now
        elapsed = now - self.start
        rate = n / elapsed if elapsed > 0 else 0.0
        done = f"{n:,d}" if self.total is None else f"{n:,d}/{self.total:,d}"
        line = f"{done} – {rate:,.0f} samples/s – {_clock(elapsed)} – {self.metric}"
        self.stream.write(f"\r{line}\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self):
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def progressive_val_score(dataset, model, metric, delay=None, print_every=0, show_time=False,
                          progress=None, **print_kwargs):
    """Test-then-train evaluation: each sample is predicted, scored, then learnt (River's
    ``evaluate.progressive_val_score``). With an integer ``delay`` the label of sample ``i`` is
    revealed when sample ``i + delay`` arrives (labels still pending at the end are revealed
    then). ``print_every`` prints River's ``[n] metric`` line every ``print_every`` answers (and
    at the end).

    Parameters
    ----------
    dataset
        An iterable of ``(x, y)`` pairs (or ``(x, y, {"w": weight})``).
    model
        A streamwise classifier, regressor or pipeline; it learns in place.
    metric
        A streamwise metric; updated in place and returned.
    delay
        None (test then train at once) or an int number of samples.
    print_every
        Report every this many answers (0: never).
    show_time
        Append the elapsed time to each report, as River does (`` – HH:MM:SS``).
    progress
        A live progress line on stderr (answers so far, samples/s, elapsed time, metric).
        None (the default) shows it only when stderr is a terminal; True forces it, False
        disables it. It is erased when the evaluation ends, so it never mixes with the
        ``print_every`` lines.
    print_kwargs
        Passed to ``print`` for the reports (``file=...``, ``flush=True``...), as in River.

    Returns
    -------
    The metric.

    Examples
    --------
    >>> from streamwise import evaluate, linear_model, metrics, preprocessing
    >>> data = [({'x': float(i % 2), 'z': 1.0}, i % 2 == 1) for i in range(1000)]
    >>> model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
    >>> evaluate.progressive_val_score(data, model, metrics.Accuracy(), print_every=500)
    [500] Accuracy: 99.80%
    [1,000] Accuracy: 99.90%
    Accuracy: 99.90%
    """
    if progress is None:
        isatty = getattr(sys.stderr, "isatty", None)
        progress = bool(isatty and isatty())
    bar = None
    if progress:
        try:
            total = len(dataset)
        except TypeError:
            total = None
        bar = _Progress(metric, total)
    step = print_every
    if bar is not None:
        # Checkpoints every 1,000 answers (or fewer) drive the progress line as well.
        step = math.gcd(print_every, 1000) if print_every else 1000

    def report(state):
        if bar is not None:
            bar.close()
            bar.shown = False
        msg = f"[{state['Step']:,d}] {metric}"
        if show_time:
            msg += f" – {_clock(state['Time'])}"
        print(msg, **print_kwargs)

    last, printed = None, None
    try:
        for state in iter_progressive_val_score(dataset, model, metric, delay=delay, step=step,
                                                measure_time=show_time):
            last = state
            if bar is not None:
                bar.update(state["Step"])
            if print_every and state["Step"] % print_every == 0:
                report(state)
                printed = state["Step"]
        if print_every and last is not None and last["Step"] != printed:
            report(last)
    finally:
        if bar is not None:
            bar.close()
    return metric


class PrequentialResult(tuple):
    """``(metric, curve)`` of :func:`prequential_many`, with the per-row outputs attached.

    Unpacks as ``metric, curve = result``; ``result.y_pred`` holds the prediction made for every
    row before it was learnt (None where a classifier had no class yet) and ``result.y_proba``
    the predicted class probabilities (dicts), when they were asked for.
    """

    def __new__(cls, metric, curve, y_pred, y_proba=None):
        self = super().__new__(cls, (metric, curve))
        self.y_pred = y_pred
        self.y_proba = y_proba
        return self

    @property
    def metric(self):
        """Accuracy (classifiers; no prediction counts as wrong) or MAE (regressors)."""
        return self[0]

    @property
    def curve(self):
        """The cumulative metric after every ``every`` rows."""
        return self[1]


def prequential_many(model, X, y, every=0, feature_names=None, proba=False):
    """Progressive validation over arrays: for every row, in order, predict, score, then learn.

    The same as a Python loop of ``predict_one`` / ``learn_one`` over the rows of ``X`` turned
    into dicts (``{feature_names[j]: X[i, j]}``), scored with accuracy (classifiers: a missing
    prediction counts as wrong) or the mean absolute error (regressors). The model learns in
    place. For streamwise's classifiers, regressors, pipelines and ensembles the loop runs in C++
    with the GIL released (``streamwise._core.evaluate``), with the same results bit for bit;
    other models (and feature names that are not distinct str or int) get the Python loop.

    Bad input raises the error the Python loop raises, at the same row: when row ``k`` is
    refused (a NaN or infinite value, a None or non-numeric target, an unhashable label...),
    rows ``0..k-1`` have been predicted, scored and learnt (the model keeps them), row ``k`` and
    the rows after it have not, and labels first seen at row ``k`` or later are not kept.
    ``X`` that numpy cannot turn into float64, a 1-D ``X`` or a ``y`` of the wrong length raise
    before any row is learnt.

    Parameters
    ----------
    model
        A streamwise classifier, regressor or pipeline.
    X
        A 2-D array of shape ``(n, d)``, converted to C-contiguous float64.
    y
        ``n`` labels (classifiers) or float targets (regressors).
    every
        Record the cumulative metric after every this many rows (0: no curve).
    feature_names
        The ``d`` feature names, in column order (default: ``"0"``, ``"1"``, ...). Models whose
        behaviour depends on names or their order see them as a dict would give them.
    proba
        Also return the class probabilities predicted for every row (classifiers).

    Returns
    -------
    PrequentialResult
        ``(metric, curve)``, with ``.y_pred`` (and ``.y_proba`` when ``proba`` is true).

    Examples
    --------
    >>> import numpy as np
    >>> from streamwise import evaluate, tree
    >>> X = np.array([[0.0], [1.0], [0.0], [1.0]])
    >>> y = np.array([0, 1, 0, 1])
    >>> accuracy, curve = evaluate.prequential_many(tree.HoeffdingTreeClassifier(), X, y,
    ...                                             every=2)
    >>> accuracy, curve
    (0.25, [0.0, 0.25])
    """
    import numpy as np

    X = np.ascontiguousarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got {X.ndim} dimension(s)")
    n, d = X.shape
    if len(y) != n:
        raise ValueError(f"y has {len(y)} values for {n} rows")
    if feature_names is None:
        feature_names = [str(j) for j in range(d)]
    feature_names = list(feature_names)
    if len(feature_names) != d:
        raise ValueError(f"{len(feature_names)} feature names for {d} columns")
    every = int(every or 0)
    if every < 0:
        raise ValueError("every must be >= 0")
    classifier = _kind(model) == "classifier"
    proba = bool(proba) and classifier
    y_list = y.tolist() if hasattr(y, "tolist") else list(y)
    y_pred, y_proba, curve = [], [] if proba else None, []

    native = _native_loop(model, feature_names)
    if native is None:
        score = _python_rows(model, X, y_list, feature_names, classifier, every, proba, 0, n, 0.0,
                             curve, y_pred, y_proba)
    else:
        # The compiled loop stops at a row it cannot take exactly as a dict would (a NaN, a
        # label or target that needs Python's own comparison or arithmetic...): that row goes
        # through predict_one / learn_one here (raising the Python loop's error, if any), and
        # the compiled loop resumes after it.
        score, start = 0.0, 0
        while True:
            score, stop, again = native(model, X, y_list, start, every, feature_names, proba,
                                        score, curve, y_pred, y_proba)
            if stop >= n:
                break
            end = stop + 1 if again else n
            score = _python_rows(model, X, y_list, feature_names, classifier, every, proba, stop,
                                 end, score, curve, y_pred, y_proba)
            if end >= n:
                break
            start = end
    metric = score / n if n else 0.0
    return PrequentialResult(metric, curve, y_pred, y_proba)


#: Set to False to force the Python loop of prequential_many (tests compare the two).
_USE_NATIVE = True


def _native_loop(model, feature_names):
    """The compiled loop (``streamwise._core.evaluate.prequential_many``) when it applies to
    ``model`` and the names (str or int, naming distinct features), else None."""
    if not _USE_NATIVE or not hasattr(model, "_prequential_many"):
        return None
    texts = set()
    for name in feature_names:
        if isinstance(name, bool) or not isinstance(name, (str, int)):
            return None
        texts.add(str(int(name)) if isinstance(name, int) else name)
    if len(texts) != len(feature_names):
        return None  # duplicate names: a dict keeps one value, the Python loop says which
    from streamwise import _core

    return getattr(getattr(_core, "evaluate", None), "prequential_many", None)


def _python_rows(model, X, y_list, feature_names, classifier, every, proba, start, end, score,
                 curve, y_pred, y_proba):
    """Rows ``start..end`` of prequential_many as a Python loop of dicts; returns the score."""
    predict, learn = model.predict_one, model.learn_one
    predict_proba = model.predict_proba_one if proba else None
    for i in range(start, end):
        x = dict(zip(feature_names, X[i].tolist()))
        yi = y_list[i]
        if predict_proba is not None:
            y_proba.append(predict_proba(x))
        p = predict(x)
        y_pred.append(p)
        if classifier:
            score += p is not None and p == yi
        else:
            score += abs(yi - p)
        learn(x, yi)
        if every and (i + 1) % every == 0:
            curve.append(score / (i + 1))
    return score
