"""streamwise.optim.schedulers."""

from streamwise._core.optim.schedulers import *  # noqa: F401,F403
from streamwise._core.optim import schedulers as _impl

__all__ = [name for name in dir(_impl) if not name.startswith("_")]
