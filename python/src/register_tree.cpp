/// @file
/// `streamwise.tree`: River's Hoeffding trees, adaptive Hoeffding trees and EFDT (default
/// splitters), and `tree.splitter` with the numeric splitters they take as their `splitter`
/// parameter.

#include <cstddef>
#include <string>
#include <vector>

#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/tree/extremely_fast_decision_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_adaptive_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_adaptive_tree_regressor.hpp"
#include "streamwise/tree/hoeffding_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_tree_regressor.hpp"
#include "streamwise/tree/splitters/gaussian_splitter.hpp"
#include "streamwise/tree/splitters/tebst_splitter.hpp"

namespace streamwise::python {

namespace {

/// River's classifiers answer `max(proba, key=proba.get)` over a dict in sorted-label order, so
/// on a tie the smallest label wins (the C++ tree takes the lowest class id, i.e. the label seen
/// first). Labels that do not compare fall back to the lowest id.
template <class E>
py::object river_argmax(const E& e, const std::vector<double>& p) {
  std::size_t best = 0;
  for (std::size_t c = 1; c < p.size(); ++c) {
    if (p[c] > p[best]) best = c;
  }
  py::object label = label_of(e, static_cast<ClassId>(best));
  for (std::size_t c = 0; c < p.size(); ++c) {
    if (c == best || p[c] != p[best]) continue;
    py::object other = label_of(e, static_cast<ClassId>(c));
    try {
      if (other < label) label = other;
    } catch (const py::error_already_set&) {
      // Unorderable labels (River would raise): keep the first seen.
    }
  }
  return label;
}

/// `predict_one` / `predict_many` with River's tie rule (see `river_argmax`).
template <class T, class Cls>
void use_river_ties(Cls& cls) {
  static_assert(uses_river_ties<T>(),
                "list T in uses_river_ties (estimator.hpp): the compiled prequential loop must "
                "apply the same tie rule");
  using E = Estimator<T>;
  cls.attr("predict_one") = py::cpp_function(
      [](E& e, py::handle x) -> py::object {
        const DenseView v = e.features.from_dict(x, T::name, true);
        const std::size_t k = e.model.n_classes();
        if (k == 0) return py::none();
        e.proba.assign(k, 0.0);
        e.model.predict_proba_one(v, e.proba);
        return river_argmax(e, e.proba);
      },
      py::name("predict_one"), py::is_method(cls), py::sibling(py::none()), "x"_a,
      "Most probable label of x (None before any learning; the smallest label on ties).");
  cls.attr("predict_many") = py::cpp_function(
      [](E& e, py::handle X) -> py::object {
        Block b = to_block(e.features, X, T::name);
        const std::size_t k = e.model.n_classes();
        py::list out;
        std::vector<double> scratch;
        for (std::size_t r = 0; r < b.n_rows; ++r) {
          if (k == 0) {
            out.append(py::none());
            continue;
          }
          e.proba.assign(k, 0.0);
          e.model.predict_proba_one(b.row(r, scratch), e.proba);
          out.append(river_argmax(e, e.proba));
        }
        if (!b.is_frame) return py::object(out);
        return as_series(b, out);
      },
      py::name("predict_many"), py::is_method(cls), py::sibling(py::none()), "X"_a,
      "Predicted label of every row (a list, or a Series for a DataFrame).");
}

}  // namespace

void register_tree(py::module_ m) {
  const std::string mod = "streamwise.tree";
  // Splitters first: the trees take them as parameters.
  py::module_ splitter = m.def_submodule("splitter", "Numeric splitters of the Hoeffding trees.");
  register_estimator<tree::GaussianSplitter>(
      splitter, "streamwise.tree.splitter",
      auto_doc<tree::GaussianSplitter>(
          "Gaussian approximation of a numeric feature per class (the classification tree's "
          "default splitter).",
          ">>> from streamwise import tree\n"
          ">>> tree.splitter.GaussianSplitter(n_splits=5)\n"
          "GaussianSplitter (\n  n_splits=5\n)\n"));
  register_estimator<tree::TEBSTSplitter>(
      splitter, "streamwise.tree.splitter",
      auto_doc<tree::TEBSTSplitter>(
          "Truncated extended binary search tree over a numeric feature (the regression tree's "
          "default splitter).",
          ">>> from streamwise import tree\n"
          ">>> tree.splitter.TEBSTSplitter(digits=2)\n"
          "TEBSTSplitter (\n  digits=2\n)\n"));

  auto classifier = register_estimator<tree::HoeffdingTreeClassifier<>>(
      m, mod,
      auto_doc<tree::HoeffdingTreeClassifier<>>(
          "Hoeffding tree classifier (VFDT), step for step River's. str features are nominal.",
          ">>> from streamwise import tree\n"
          ">>> model = tree.HoeffdingTreeClassifier(grace_period=2)\n"
          ">>> data = [({'x': 1.0, 'c': 'a'}, 'yes'), ({'x': 2.0, 'c': 'b'}, 'no'),\n"
          "...         ({'x': 1.1, 'c': 'a'}, 'yes'), ({'x': 2.2, 'c': 'b'}, 'no')]\n"
          ">>> for x, y in data:\n"
          "...     model.learn_one(x, y)\n"
          ">>> model.predict_one({'x': 1.05, 'c': 'a'})\n"
          "'yes'\n"));
  use_river_ties<tree::HoeffdingTreeClassifier<>>(classifier);
  register_estimator<tree::HoeffdingTreeRegressor<>>(
      m, mod,
      auto_doc<tree::HoeffdingTreeRegressor<>>(
          "Hoeffding tree regressor (FIMT-DD style), step for step River's.",
          ">>> from streamwise import tree\n"
          ">>> model = tree.HoeffdingTreeRegressor(leaf_prediction='mean')\n"
          ">>> for i in range(20):\n"
          "...     model.learn_one({'x': float(i)}, 2.0 * i)\n"
          ">>> model.predict_one({'x': 10.0})\n"
          "19.0\n"));

  auto adaptive = register_estimator<tree::HoeffdingAdaptiveTreeClassifier<>>(
      m, mod,
      auto_doc<tree::HoeffdingAdaptiveTreeClassifier<>>(
          "Hoeffding adaptive tree classifier (ADWIN per node, alternate subtrees, bootstrap "
          "sampling), step for step River's for the same seed. str features are nominal.",
          ">>> from streamwise import tree\n"
          ">>> model = tree.HoeffdingAdaptiveTreeClassifier(grace_period=2, seed=42)\n"
          ">>> data = [({'x': 1.0}, 'low'), ({'x': 5.0}, 'high')] * 10\n"
          ">>> for x, y in data:\n"
          "...     model.learn_one(x, y)\n"
          ">>> model.predict_one({'x': 5.2})\n"
          "'high'\n"));
  use_river_ties<tree::HoeffdingAdaptiveTreeClassifier<>>(adaptive);
  register_estimator<tree::HoeffdingAdaptiveTreeRegressor<>>(
      m, mod,
      auto_doc<tree::HoeffdingAdaptiveTreeRegressor<>>(
          "Hoeffding adaptive tree regressor (ADWIN per node on the absolute error, alternate "
          "subtrees), step for step River's for the same seed.",
          ">>> from streamwise import tree\n"
          ">>> model = tree.HoeffdingAdaptiveTreeRegressor(leaf_prediction='mean', seed=1)\n"
          ">>> for i in range(20):\n"
          "...     model.learn_one({'x': float(i)}, 3.0)\n"
          ">>> model.predict_one({'x': 10.0})\n"
          "3.0\n"));
  auto efdt = register_estimator<tree::ExtremelyFastDecisionTreeClassifier<>>(
      m, mod,
      auto_doc<tree::ExtremelyFastDecisionTreeClassifier<>>(
          "Extremely fast decision tree (Hoeffding anytime tree): splits early and re-evaluates "
          "its splits, step for step River's. str features are nominal.",
          ">>> from streamwise import tree\n"
          ">>> model = tree.ExtremelyFastDecisionTreeClassifier(grace_period=2)\n"
          ">>> data = [({'x': 1.0}, 'low'), ({'x': 5.0}, 'high')] * 10\n"
          ">>> for x, y in data:\n"
          "...     model.learn_one(x, y)\n"
          ">>> model.predict_one({'x': 0.8})\n"
          "'low'\n"));
  use_river_ties<tree::ExtremelyFastDecisionTreeClassifier<>>(efdt);
}

}  // namespace streamwise::python
