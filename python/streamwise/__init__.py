"""streamwise: online machine learning on a C++ core, with River's API.

Change one import and River code runs on the C++ library::

    from streamwise import compose, linear_model, metrics, preprocessing, evaluate

Every estimator takes feature dicts (str keys; numbers, or str for nominal features), learns
one sample at a time with ``learn_one`` and answers at any moment; ``learn_many`` /
``predict_many`` run whole numpy arrays or DataFrames in C++.
"""

from streamwise import _core
from streamwise import (
    checkpoint,
    compose,
    datasets,
    drift,
    ensemble,
    evaluate,
    forest,
    linear_model,
    metrics,
    naive_bayes,
    optim,
    preprocessing,
    stats,
    stream,
    tree,
)

__version__ = _core.__version__

__all__ = [
    "checkpoint",
    "compose",
    "datasets",
    "drift",
    "ensemble",
    "evaluate",
    "forest",
    "linear_model",
    "metrics",
    "naive_bayes",
    "optim",
    "preprocessing",
    "stats",
    "stream",
    "tree",
]
