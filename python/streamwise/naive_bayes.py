"""streamwise.naive_bayes: River's `naive_bayes` module on the C++ core."""

from streamwise._core.naive_bayes import *  # noqa: F401,F403
from streamwise._core import naive_bayes as _impl

__all__ = [name for name in dir(_impl) if not name.startswith("_")]
