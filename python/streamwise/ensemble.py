"""streamwise.ensemble: River's bagging ensembles on the C++ core.

Every ensemble takes any streamwise model as ``model`` (a classifier, or a regressor for
``BaggingRegressor``; pipelines included) and holds ``n_models`` fresh clones of it. With the
same ``seed`` the members see River's Poisson draws in River's order, so the ensemble gives
River's answers.

>>> from streamwise import ensemble, tree
>>> model = ensemble.BaggingClassifier(tree.HoeffdingTreeClassifier(), n_models=3, seed=42)
>>> model.learn_one({'x': 1.0}, 'a')
>>> model.predict_one({'x': 1.0})
'a'
"""

from streamwise._core.ensemble import *  # noqa: F401,F403
from streamwise._core import ensemble as _impl

__all__ = [name for name in dir(_impl) if not name.startswith("_")]
