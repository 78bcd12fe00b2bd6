"""streamwise.evaluate: progressive (test-then-train) validation with River's semantics."""

from __future__ import annotations

import collections
import sys
import time

__all__ = ["progressive_val_score", "iter_progressive_val_score"]


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


def progressive_val_score(dataset, model, metric, delay=None, print_every=0, show_time=False,
                          file=None):
    """Test-then-train evaluation: each sample is predicted, scored, then learnt (River's
    ``evaluate.progressive_val_score``). With an integer ``delay`` the label of sample ``i`` is
    revealed when sample ``i + delay`` arrives (labels still pending at the end are revealed
    then). ``print_every`` prints ``[n] metric`` every ``print_every`` answers (and at the end).

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
    out = sys.stdout if file is None else file
    for state in iter_progressive_val_score(dataset, model, metric, delay=delay,
                                            step=print_every, measure_time=show_time):
        msg = f"[{state['Step']:,d}] {metric}"
        if show_time:
            msg += f" – {state['Time']:.2f}s"
        print(msg, file=out)
    return metric
