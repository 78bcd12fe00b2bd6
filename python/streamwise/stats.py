"""streamwise.stats: River's `stats` module on the C++ core."""

from streamwise._core.stats import *  # noqa: F401,F403
from streamwise._core import stats as _impl

__all__ = [name for name in dir(_impl) if not name.startswith("_")]
