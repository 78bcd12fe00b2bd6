"""streamwise.optim.losses."""

from streamwise._core.optim.losses import *  # noqa: F401,F403
from streamwise._core.optim import losses as _impl

__all__ = [name for name in dir(_impl) if not name.startswith("_")]
