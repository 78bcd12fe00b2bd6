/// @file
/// The `streamwise._core` extension: one submodule per Python module, each filled by its
/// `register_<module>` function. The public package (`python/streamwise/`) re-exports them.

#include <pybind11/pybind11.h>

#include <string>
#include <unordered_map>

#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/version.hpp"

namespace streamwise::python {

std::unordered_map<PyTypeObject*, StepConverters>& step_converters() {
  static std::unordered_map<PyTypeObject*, StepConverters> map;
  return map;
}
std::unordered_map<std::string, std::function<py::object(const compose::AnyTransformer&)>>&
transformer_from_any() {
  static std::unordered_map<std::string, std::function<py::object(const compose::AnyTransformer&)>>
      map;
  return map;
}
std::unordered_map<std::string, std::function<py::object(const compose::AnyClassifier&)>>&
classifier_from_any() {
  static std::unordered_map<std::string, std::function<py::object(const compose::AnyClassifier&)>>
      map;
  return map;
}
std::unordered_map<std::string, std::function<py::object(const compose::AnyRegressor&)>>&
regressor_from_any() {
  static std::unordered_map<std::string, std::function<py::object(const compose::AnyRegressor&)>>
      map;
  return map;
}

}  // namespace streamwise::python

PYBIND11_MODULE(_core, m) {
  namespace py = pybind11;
  namespace sp = streamwise::python;
  m.doc() = "streamwise's compiled core: River's API on the C++ library.";
  m.attr("__version__") = std::string(streamwise::version_string);

  // Bad samples are ValueErrors (River raises ValueError/TypeError for bad input); unreadable
  // checkpoints get their own ValueError subclass.
  // A module-lifetime exception type (one reference is kept on purpose).
  static PyObject* checkpoint_error =
      PyErr_NewException("streamwise._core.CheckpointError", PyExc_ValueError, nullptr);
  m.attr("CheckpointError") = py::handle(checkpoint_error);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const streamwise::CheckpointError& e) {
      PyErr_SetString(checkpoint_error, e.what());
    } catch (const streamwise::InvalidInput& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });

  // Parts first: models take them as parameters.
  sp::register_optim(m.def_submodule("optim", "Optimizers, losses, schedulers, initializers."));
  sp::register_stats(m.def_submodule("stats", "Running statistics."));
  sp::register_drift(m.def_submodule("drift", "Concept-drift detectors."));
  sp::register_metrics(m.def_submodule("metrics", "Evaluation metrics."));
  sp::register_preprocessing(m.def_submodule("preprocessing", "Feature transformers."));
  sp::register_linear_model(m.def_submodule("linear_model", "Linear models."));
  sp::register_naive_bayes(m.def_submodule("naive_bayes", "Naive Bayes classifiers."));
  sp::register_tree(m.def_submodule("tree", "Hoeffding trees."));
  sp::register_forest(m.def_submodule("forest", "Adaptive random forests."));
  sp::register_compose(m.def_submodule("compose", "Pipelines and unions."));
  sp::register_ensemble(m.def_submodule("ensemble", "Bagging ensembles."));
  sp::register_datasets(m.def_submodule("datasets", "Synthetic data generators."));
  sp::register_evaluate(m.def_submodule("evaluate", "Compiled evaluation loops."));
}
