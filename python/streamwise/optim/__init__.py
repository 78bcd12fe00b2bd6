"""streamwise.optim: optimizers, losses, learning-rate schedulers and weight initializers."""

from streamwise._core.optim import (
    AMSGrad,
    AdaDelta,
    AdaGrad,
    AdaMax,
    Adam,
    Averager,
    FTRLProximal,
    Momentum,
    NesterovMomentum,
    RMSProp,
    SGD,
)
from streamwise.optim import initializers, losses, schedulers

__all__ = [
    "AMSGrad",
    "AdaDelta",
    "AdaGrad",
    "AdaMax",
    "Adam",
    "Averager",
    "FTRLProximal",
    "Momentum",
    "NesterovMomentum",
    "RMSProp",
    "SGD",
    "initializers",
    "losses",
    "schedulers",
]
