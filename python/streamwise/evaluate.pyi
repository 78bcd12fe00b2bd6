"""Type stubs for streamwise.evaluate (written by hand)."""

from typing import Any, Iterable, Iterator, Sequence, TypeVar

M = TypeVar("M")

def iter_progressive_val_score(
    dataset: Iterable[Any],
    model: Any,
    metric: Any,
    delay: int | None = None,
    step: int = 1,
    measure_time: bool = False,
    yield_predictions: bool = False,
) -> Iterator[dict[str, Any]]: ...
def progressive_val_score(
    dataset: Iterable[Any],
    model: Any,
    metric: M,
    delay: int | None = None,
    print_every: int = 0,
    show_time: bool = False,
    progress: bool | None = None,
    **print_kwargs: Any,
) -> M: ...

class PrequentialResult(tuple[float, list[float]]):
    y_pred: list[Any]
    y_proba: list[dict[Any, float]] | None
    def __new__(
        cls,
        metric: float,
        curve: list[float],
        y_pred: list[Any],
        y_proba: list[dict[Any, float]] | None = None,
    ) -> PrequentialResult: ...
    @property
    def metric(self) -> float: ...
    @property
    def curve(self) -> list[float]: ...

def prequential_many(
    model: Any,
    X: Any,
    y: Sequence[Any] | Any,
    every: int = 0,
    feature_names: Sequence[str] | None = None,
    proba: bool = False,
) -> PrequentialResult: ...
