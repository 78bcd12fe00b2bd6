/// @file
/// `streamwise.forest`: River's adaptive random forests.

#include <string>

#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/forest/arf_classifier.hpp"
#include "streamwise/forest/arf_regressor.hpp"

namespace streamwise::python {

void register_forest(py::module_ m) {
  const std::string mod = "streamwise.forest";
  register_estimator<forest::ARFClassifier>(
      m, mod,
      auto_doc<forest::ARFClassifier>(
          "Adaptive random forest classifier: Hoeffding trees on random feature subsets, with "
          "drift detectors that replace trees.",
          ">>> from streamwise import forest\n"
          ">>> model = forest.ARFClassifier(n_models=3, seed=42)\n"
          ">>> for i in range(40):\n"
          "...     model.learn_one({'x': float(i % 4)}, i % 4 < 2)\n"
          ">>> model.predict_one({'x': 0.0})\n"
          "True\n"));
  register_estimator<forest::ARFRegressor>(
      m, mod,
      auto_doc<forest::ARFRegressor>(
          "Adaptive random forest regressor: Hoeffding regression trees on random feature "
          "subsets, with drift detectors that replace trees.",
          ">>> from streamwise import forest\n"
          ">>> model = forest.ARFRegressor(n_models=3, seed=42)\n"
          ">>> for i in range(40):\n"
          "...     model.learn_one({'x': float(i % 4)}, float(i % 4))\n"
          ">>> isinstance(model.predict_one({'x': 1.0}), float)\n"
          "True\n"));
}

}  // namespace streamwise::python
