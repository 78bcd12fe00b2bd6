"""streamwise.optim.initializers."""

from streamwise._core.optim.initializers import *  # noqa: F401,F403
from streamwise._core.optim import initializers as _impl

__all__ = [name for name in dir(_impl) if not name.startswith("_")]
