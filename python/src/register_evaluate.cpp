/// @file
/// `streamwise._core.evaluate`: the compiled half of `streamwise.evaluate.prequential_many`.

#include <pybind11/pybind11.h>

#include "estimator.hpp"
#include "registers.hpp"

namespace streamwise::python {

void register_evaluate(py::module_ m) {
  m.def(
      "prequential_many",
      [](py::handle model, py::handle X, py::handle y, std::size_t start, std::size_t every,
         py::handle names, bool proba, double score, py::handle curve, py::handle y_pred,
         py::handle y_proba) -> py::object {
        // Every classifier, regressor, pipeline and ensemble has `_prequential_many` (see
        // prequential_rows in estimator.hpp); anything else gets None and the Python loop.
        py::object method = py::getattr(model, "_prequential_many", py::none());
        if (method.is_none()) return py::none();
        return method(X, y, start, every, names, proba, score, curve, y_pred, y_proba);
      },
      "model"_a, "X"_a, "y"_a, "start"_a, "every"_a, "feature_names"_a, "proba"_a, "score"_a,
      "curve"_a, "y_pred"_a, "y_proba"_a,
      "Runs rows start.. of prequential_many in C++ with the GIL released and returns "
      "(score, stop, again): the running score, the first row left undone (n when all are "
      "done; the caller runs row `stop` through predict_one / learn_one) and whether to call "
      "again for the rows after it (else the caller runs them all in Python). Outputs are "
      "appended to curve, y_pred and y_proba. None when the model has no compiled loop.");
}

}  // namespace streamwise::python
