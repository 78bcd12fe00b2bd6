"""streamwise.datasets: River's synthetic streams, sample for sample, on the C++ core.

Every generator takes River's constructor parameters; with the same seed, iterating it gives
the very ``(x, y)`` pairs River's ``datasets.synth`` gives (same keys, same values, same types).
Iterating restarts the stream from its seed, as ``iter(dataset)`` does in River, and
``take(k)`` yields the first ``k`` samples.

>>> from streamwise import datasets
>>> for x, y in datasets.SEA(seed=42).take(2):
...     print(x, y)
{0: 6.394267984578837, 1: 0.25010755222666936, 2: 2.7502931836911926} False
{0: 2.2321073814882277, 1: 7.364712141640124, 2: 6.766994874229113} True
"""

import itertools
import math
import random

from streamwise._core.datasets import *  # noqa: F401,F403
from streamwise._core import datasets as _impl
from streamwise._core.datasets import Agrawal

__all__ = [name for name in dir(_impl) if not name.startswith("_")] + ["ConceptDriftStream"]


class ConceptDriftStream:
    """A stream that drifts from ``stream`` to ``drift_stream`` (River's ``synth.ConceptDriftStream``).

    Sample ``t`` (from 1) comes from ``drift_stream`` with probability
    ``1 / (1 + exp(-4 (t - position) / width))``, else from ``stream``; the coin is
    ``random.Random(seed)``, so the same seed and streams give River's samples.

    Parameters
    ----------
    stream
        The stream before the drift (a streamwise generator). Default: ``Agrawal(seed=seed)``.
    drift_stream
        The stream after the drift. Default: ``Agrawal(seed=seed, classification_function=2)``.
    position
        Centre of the drift. Default: 5000.
    width
        Length of the drift. Default: 1000.
    seed
        Seed of the coin. Default: None.
    alpha
        Angle of the change, in degrees in (0, 90]; when given, ``width = int(1 / tan(alpha))``
        (at least 1) replaces ``width``. Default: None.

    Examples
    --------
    >>> from streamwise import datasets
    >>> stream = datasets.ConceptDriftStream(
    ...     datasets.SEA(seed=1), datasets.SEA(seed=2, variant=3), position=50, width=10, seed=42)
    >>> xs = list(stream.take(100))
    >>> len(xs), sorted(xs[0][0])
    (100, [0, 1, 2])
    """

    def __init__(self, stream=None, drift_stream=None, position=5000, width=1000, seed=None,
                 alpha=None):
        if stream is None:
            stream = Agrawal(seed=seed)
        if drift_stream is None:
            drift_stream = Agrawal(seed=seed, classification_function=2)
        for name, s in (("stream", stream), ("drift_stream", drift_stream)):
            if not type(s).__module__.startswith("streamwise"):
                raise TypeError(
                    f"ConceptDriftStream: {name} must be a streamwise generator, got "
                    f"{type(s).__name__}")
        if stream.n_features != drift_stream.n_features:
            # River raises AttributeError here.
            raise AttributeError(
                f"Inconsistent number of features between {type(stream).__name__} "
                f"({stream.n_features}) and {type(drift_stream).__name__} "
                f"({drift_stream.n_features}).")
        if alpha is not None:
            if not 0 < alpha <= 90.0:
                raise ValueError(
                    f"Invalid alpha value: {alpha}. Valid values are in the range (0.0, 90.0]")
            w = int(1 / math.tan(alpha * math.pi / 180))
            self.width = w if w > 0 else 1
        else:
            if width < 1:
                # River divides by zero later.
                raise ValueError("ConceptDriftStream: width must be >= 1")
            self.width = width
        self._width = width
        self.stream = stream
        self.drift_stream = drift_stream
        self.position = position
        self.seed = seed
        self.alpha = alpha

    @property
    def n_features(self):
        return self.stream.n_features

    @property
    def n_classes(self):
        return self.stream.n_classes

    @property
    def n_outputs(self):
        return self.stream.n_outputs

    @property
    def task(self):
        return self.stream.task

    @property
    def n_samples(self):
        return None

    def __iter__(self):
        coin = random.Random(self.seed)
        before = iter(self.stream)
        after = iter(self.drift_stream)
        t = 0
        while True:
            t += 1
            v = -4.0 * float(t - self.position) / float(self.width)
            try:
                p_drift = 1.0 / (1.0 + math.exp(v))
            except OverflowError:  # River raises; the limit is 0
                p_drift = 0.0
            if coin.random() > p_drift:
                yield next(before)
            else:
                yield next(after)

    def take(self, k):
        """Iterates over the first ``k`` samples."""
        return itertools.islice(self, k)

    def _get_params(self):
        return {
            "stream": self.stream,
            "drift_stream": self.drift_stream,
            "position": self.position,
            "width": self._width,
            "seed": self.seed,
            "alpha": self.alpha,
        }

    def clone(self, new_params=None, include_attributes=False):
        params = self._get_params()
        params["stream"] = self.stream.clone(include_attributes=include_attributes)
        params["drift_stream"] = self.drift_stream.clone(include_attributes=include_attributes)
        params.update(new_params or {})
        return type(self)(**params)

    def __repr__(self):
        def indent(text):
            return text.replace("\n", "\n  ")

        lines = [f"{k}={indent(repr(v))}" for k, v in self._get_params().items()]
        return "ConceptDriftStream (\n  " + "\n  ".join(lines) + "\n)"
