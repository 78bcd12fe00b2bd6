"""streamwise.compose: pipelines, unions and feature selection.

``scaler | model`` builds a :class:`Pipeline`, ``scaler + encoder`` a :class:`TransformerUnion`.
A pipeline copies its steps into one C++ pipeline; ``pipeline.steps`` returns copies of the
current steps (River's steps are shared with the pipeline: here, learning through the pipeline
does not change the step objects that were passed in).
"""

from streamwise._core.compose import (
    ClassifierPipeline,
    Discard,
    RegressorPipeline,
    Select,
    TransformerPipeline,
    TransformerUnion,
    _make_pipeline,
)

__all__ = [
    "ClassifierPipeline",
    "Discard",
    "Pipeline",
    "RegressorPipeline",
    "Select",
    "TransformerPipeline",
    "TransformerUnion",
]

_PIPELINES = (ClassifierPipeline, RegressorPipeline, TransformerPipeline)


class _PipelineMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, _PIPELINES)

    def __subclasscheck__(cls, sub):
        return issubclass(sub, _PIPELINES)


class Pipeline(metaclass=_PipelineMeta):
    """A chain of transformers ending with a classifier, a regressor or a transformer.

    Each step learns, then transforms the sample for the next one (River's order); predictions
    only transform. Calling ``Pipeline(*steps)`` returns a :class:`ClassifierPipeline`,
    :class:`RegressorPipeline` or :class:`TransformerPipeline` depending on the last step, and
    ``isinstance(p, Pipeline)`` holds for all three.

    Parameters
    ----------
    *steps
        Estimators, ``(name, estimator)`` pairs, dicts of transformers (a union) or pipelines
        (their steps are inlined).

    Examples
    --------
    >>> from streamwise import compose, linear_model, preprocessing
    >>> model = compose.Pipeline(preprocessing.StandardScaler(), linear_model.LinearRegression())
    >>> model.learn_one({'x': 1.0}, 2.0)
    >>> isinstance(model, compose.Pipeline)
    True
    >>> print(model)
    Pipeline (
      StandardScaler (
        with_std=True
        window_size=None
      ),
      LinearRegression (
        optimizer=SGD (
          lr=Constant (
            learning_rate=0.01
          )
        )
        loss=Squared ()
        l2=0.
        l1=0.
        intercept_init=0.
        intercept_lr=Constant (
          learning_rate=0.01
        )
        clip_gradient=1e+12
        initializer=Zeros ()
      )
    )
    """

    def __new__(cls, *steps):
        return _make_pipeline(steps)
