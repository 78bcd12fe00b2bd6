"""Type stubs for streamwise.stream (written by hand)."""

import os
from typing import Any, Callable, Iterator, TextIO

Sample = tuple[Any, Any]

def iter_csv(
    filepath_or_buffer: str | os.PathLike[str] | TextIO,
    target: str | list[str] | None = None,
    converters: dict[Any, Callable[[Any], Any]] | None = None,
    parse_dates: dict[Any, str] | None = None,
    drop: list[str] | None = None,
    drop_nones: bool = False,
    fraction: float = 1.0,
    compression: str | None = "infer",
    seed: int | None = None,
    field_size_limit: int | None = None,
    **kwargs: Any,
) -> Iterator[Sample]: ...
def iter_array(
    X: Any,
    y: Any = None,
    feature_names: list[Any] | None = None,
    target_names: list[Any] | None = None,
    shuffle: bool = False,
    seed: int | None = None,
) -> Iterator[Sample]: ...
def iter_frame(X: Any, y: Any = None, *, shuffle: bool = False, seed: int | None = None) -> Iterator[Sample]: ...
def iter_pandas(X: Any, y: Any = None, **kwargs: Any) -> Iterator[Sample]: ...
