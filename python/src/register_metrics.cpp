/// @file
/// `streamwise.metrics`: River's evaluation metrics.

#include <string>
#include <vector>

#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/metrics/accuracy.hpp"
#include "streamwise/metrics/balanced_accuracy.hpp"
#include "streamwise/metrics/cohen_kappa.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"
#include "streamwise/metrics/cross_entropy.hpp"
#include "streamwise/metrics/f1.hpp"
#include "streamwise/metrics/log_loss.hpp"
#include "streamwise/metrics/macro_f1.hpp"
#include "streamwise/metrics/mae.hpp"
#include "streamwise/metrics/mcc.hpp"
#include "streamwise/metrics/micro_f1.hpp"
#include "streamwise/metrics/mse.hpp"
#include "streamwise/metrics/precision.hpp"
#include "streamwise/metrics/r2.hpp"
#include "streamwise/metrics/recall.hpp"
#include "streamwise/metrics/rmse.hpp"
#include "streamwise/metrics/rmsle.hpp"
#include "streamwise/metrics/roc_auc.hpp"
#include "streamwise/metrics/smape.hpp"
#include "streamwise/metrics/weighted_f1.hpp"

namespace streamwise::python {

namespace {

const char* label_doc(const std::string& name, const std::string& summary,
                      const std::string& params, const std::string& shown) {
  return make_doc(
      summary + "\n\n`update(y_true, y_pred, w=1.0)` takes labels of any hashable type.", params,
      ">>> from streamwise import metrics\n"
      ">>> y_true = [True, False, True, True, True]\n"
      ">>> y_pred = [True, True, False, True, True]\n"
      ">>> metric = metrics." +
          name +
          "()\n"
          ">>> for yt, yp in zip(y_true, y_pred):\n"
          "...     metric.update(yt, yp)\n"
          ">>> metric\n" +
          shown + "\n");
}

const char* regression_doc(const std::string& name, const std::string& summary,
                           const std::string& shown) {
  return make_doc(summary, "",
                  ">>> from streamwise import metrics\n"
                  ">>> y_true = [3, -0.5, 2, 7]\n"
                  ">>> y_pred = [2.5, 0.0, 2, 8]\n"
                  ">>> metric = metrics." +
                      name +
                      "()\n"
                      ">>> for yt, yp in zip(y_true, y_pred):\n"
                      "...     metric.update(yt, yp)\n"
                      ">>> metric\n" +
                      shown + "\n");
}

const char* proba_doc(const std::string& name, const std::string& summary,
                      const std::string& params, const std::string& shown) {
  return make_doc(summary +
                      "\n\n`y_pred` is the probability of True, or a {label: probability} dict "
                      "(what `predict_proba_one` returns).",
                  params,
                  ">>> from streamwise import metrics\n"
                  ">>> y_true = [True, False, True, True]\n"
                  ">>> y_pred = [0.9, 0.1, 0.8, 0.35]\n"
                  ">>> metric = metrics." +
                      name +
                      "()\n"
                      ">>> for yt, yp in zip(y_true, y_pred):\n"
                      "...     metric.update(yt, yp)\n"
                      ">>> metric\n" +
                      shown + "\n");
}

const std::string pos_val_doc =
    "pos_val\n    Default: True. The label counted as positive (any hashable).";

/// River's `metrics.ConfusionMatrix` on the C++ matrix: labels of any hashable type are interned
/// in the wrapper's label table (the C++ matrix sees class ids); the `classes` argument is kept
/// for `_get_params` only (in River too it affects nothing), in the wrapper's `pos_val` slot.
void register_confusion_matrix(py::module_& m, const std::string& mod) {
  using CM = metrics::ConfusionMatrix;
  using E = Estimator<CM>;
  auto cls = register_estimator<CM, /*Custom=*/true>(
      m, mod,
      make_doc("Confusion matrix for binary and multi-class classification: rows are true labels, "
               "columns predicted labels, cells hold the summed weights.\n\nLabels may be any "
               "hashable. `cm[y_true][y_pred]` reads a cell (0.0 when never seen). Unlike River, "
               "`revert` refuses (ValueError, matrix unchanged) to remove an update that was never "
               "made, and sums are compensated, so reverts leave no rounding residue.",
               "classes\n    Default: None. An initial set of classes; as in River it is kept but "
               "changes nothing (River only documents it for display).\n",
               ">>> from streamwise import metrics\n"
               ">>> y_true = ['cat', 'ant', 'cat', 'cat', 'ant', 'bird']\n"
               ">>> y_pred = ['ant', 'ant', 'cat', 'cat', 'ant', 'cat']\n"
               ">>> cm = metrics.ConfusionMatrix()\n"
               ">>> for yt, yp in zip(y_true, y_pred):\n"
               "...     cm.update(yt, yp)\n"
               ">>> sorted(cm.classes)\n"
               "['ant', 'bird', 'cat']\n"
               ">>> cm['bird']['cat'], cm['bird']['ant']\n"
               "(1.0, 0.0)\n"
               ">>> print(repr(cm).splitlines()[3].rstrip())\n"
               " cat     1      0     2\n"
               ">>> cm['bird']['cat']\n"
               "1.0\n"
               ">>> cm.total_true_positives, cm.false_positives('cat')\n"
               "(4.0, 1.0)\n"));
  cls.def(py::init([](py::object classes) {
            E e;
            e.pos_val = classes;
            return e;
          }),
          "classes"_a = py::none());
  cls.def("_get_params", [](const E& e) { return py::dict("classes"_a = e.pos_val); });
  def_clone_from_params<E>(cls, "A fresh, empty matrix with the same parameters.");
  cls.def(py::pickle([](const E& e) { return get_state(e); },
                     [](const py::tuple& state) { return set_state<CM>(state); }));
  cls.def(
      "update",
      [](E& e, py::handle y_true, py::handle y_pred, double w) {
        bool added_true = false;
        bool added_pred = false;
        const ClassId t = e.labels.encode(y_true, &added_true);
        ClassId p = 0;
        try {
          p = e.labels.encode(y_pred, &added_pred);
          e.model.update(t, p, w);
        } catch (...) {
          if (added_pred) e.labels.forget_last();
          if (added_true) e.labels.forget_last();
          throw;
        }
      },
      "y_true"_a, "y_pred"_a, "w"_a = 1.0,
      "Adds weight `w` to cell (y_true, y_pred) (returns None).");
  cls.def(
      "revert",
      [](E& e, py::handle y_true, py::handle y_pred, double w) {
        const auto t = e.labels.find(y_true);
        const auto p = e.labels.find(y_pred);
        if (!t || !p) {
          throw py::value_error("ConfusionMatrix: cannot revert (" + repr_of(y_true) + ", " +
                                repr_of(y_pred) + "): that update was never made");
        }
        e.model.revert(*t, *p, w);
      },
      "y_true"_a, "y_pred"_a, "w"_a = 1.0, "Undoes an `update` with the same arguments.");
  auto id_of = [](const E& e, py::handle label) -> std::optional<ClassId> {
    return e.labels.find(label);
  };
  cls.def(
      "__getitem__",
      [id_of](const E& e, py::handle y_true) {
        // A defaultdict(float) like River's rows: unknown predicted labels read as 0.0.
        py::dict cells;
        if (auto t = id_of(e, y_true)) {
          for (ClassId p = 0; p < e.model.n_classes(); ++p) {
            if (e.model.count(*t, p) > 0) cells[e.labels.decode(p)] = e.model.weight(*t, p);
          }
        }
        py::object defaultdict = py::module_::import("collections").attr("defaultdict");
        return defaultdict(
            py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(&PyFloat_Type)), cells);
      },
      "y_true"_a, "The row of true label `y_true`: {y_pred: weight}, 0.0 for unseen labels.");
  cls.def_property_readonly(
      "classes",
      [](const E& e) {
        py::list out;
        for (ClassId c : e.model.classes()) out.append(e.labels.decode(c));
        return out;
      },
      "Labels with a non-zero row or column sum, in order of first appearance.");
  auto per_label = [id_of](double (CM::*f)(ClassId) const) {
    return [id_of, f](const E& e, py::handle label) {
      const auto c = id_of(e, label);
      return c ? (e.model.*f)(*c) : 0.0;
    };
  };
  cls.def("support", per_label(&CM::support), "label"_a, "Total weight of true label `label`.");
  cls.def("true_positives", per_label(&CM::true_positives), "label"_a);
  cls.def(
      "true_negatives",
      [id_of](const E& e, py::handle label) {
        const auto c = id_of(e, label);
        return c ? e.model.true_negatives(*c) : e.model.total_true_positives();
      },
      "label"_a, "River's definition: total true positives minus those of `label`.");
  cls.def("false_positives", per_label(&CM::false_positives), "label"_a);
  cls.def("false_negatives", per_label(&CM::false_negatives), "label"_a);
  // A dict of `f` for every label the matrix knows.
  auto by_label = [](double (CM::*f)(ClassId) const) {
    return [f](const E& e) {
      py::dict out;
      for (ClassId c = 0; c < e.model.n_classes(); ++c) out[e.labels.decode(c)] = (e.model.*f)(c);
      return out;
    };
  };
  cls.def_property_readonly("sum_row", by_label(&CM::sum_row), "Total weight per true label.");
  cls.def_property_readonly("sum_col", by_label(&CM::sum_col), "Total weight per predicted label.");
  cls.def_property_readonly("n_samples", [](const E& e) { return e.model.n_samples(); });
  cls.def_property_readonly("total_weight", [](const E& e) { return e.model.total_weight(); });
  cls.def_property_readonly("total_true_positives",
                            [](const E& e) { return e.model.total_true_positives(); });
  auto total = [](double (CM::*f)(ClassId) const) {
    return [f](const E& e) {
      double sum = 0.0;
      for (ClassId c : e.model.classes()) sum += (e.model.*f)(c);
      return sum;
    };
  };
  cls.def_property_readonly("total_true_negatives", total(&CM::true_negatives));
  cls.def_property_readonly("total_false_positives", total(&CM::false_positives));
  cls.def_property_readonly("total_false_negatives", total(&CM::false_negatives));
  replace_method(cls, "__repr__", [](py::handle self) {
    // River's table: sorted classes, integer counts with thousands separators.
    return py::module_::import("streamwise.metrics").attr("_confusion_table")(self);
  });
}

}  // namespace

void register_metrics(py::module_ m) {
  const std::string mod = "streamwise.metrics";
  register_confusion_matrix(m, mod);
  register_estimator<metrics::Accuracy>(
      m, mod, label_doc("Accuracy", "Share of correct predictions.", "", "Accuracy: 60.00%"));
  register_estimator<metrics::BalancedAccuracy>(
      m, mod,
      label_doc("BalancedAccuracy", "Mean of the per-class recalls.", "",
                "BalancedAccuracy: 37.50%"));
  register_estimator<metrics::CohenKappa>(
      m, mod, label_doc("CohenKappa", "Cohen's kappa.", "", "CohenKappa: -25.00%"));
  register_estimator<metrics::MCC>(m, mod,
                                   make_doc("Matthews correlation coefficient.", pos_val_doc,
                                            ">>> from streamwise import metrics\n"
                                            ">>> metric = metrics.MCC()\n"
                                            ">>> for yt, yp in zip([True, False, True, True, "
                                            "True], [True, True, False, True, True]):\n"
                                            "...     metric.update(yt, yp)\n"
                                            ">>> round(metric.get(), 6)\n"
                                            "-0.25\n"));
  register_estimator<metrics::F1>(m, mod,
                                  label_doc("F1", "Binary F1 score.", pos_val_doc, "F1: 75.00%"));
  register_estimator<metrics::Precision>(
      m, mod, label_doc("Precision", "Binary precision.", pos_val_doc, "Precision: 75.00%"));
  register_estimator<metrics::Recall>(
      m, mod, label_doc("Recall", "Binary recall.", pos_val_doc, "Recall: 75.00%"));
  register_estimator<metrics::MacroF1>(
      m, mod, label_doc("MacroF1", "Macro-averaged F1.", "", "MacroF1: 37.50%"));
  register_estimator<metrics::MicroF1>(
      m, mod, label_doc("MicroF1", "Micro-averaged F1.", "", "MicroF1: 60.00%"));
  register_estimator<metrics::WeightedF1>(
      m, mod, label_doc("WeightedF1", "Support-weighted F1.", "", "WeightedF1: 60.00%"));
  register_estimator<metrics::LogLoss>(
      m, mod,
      make_doc("Binary logarithmic loss; `y_pred` is the probability of True or a {label: "
               "probability} dict.",
               "",
               ">>> from streamwise import metrics\n"
               ">>> metric = metrics.LogLoss()\n"
               ">>> for yt, yp in zip([True, False, True, True], [0.9, 0.1, 0.8, 0.35]):\n"
               "...     metric.update(yt, yp)\n"
               ">>> round(metric.get(), 6)\n"
               "0.370922\n"));
  register_estimator<metrics::ROCAUC>(
      m, mod,
      proba_doc("ROCAUC", "Area under the ROC curve, from n_thresholds confusion matrices.",
                "n_thresholds\n    Default: 10.\npos_val\n    Default: True.", "ROCAUC: 100.00%"));
  register_estimator<metrics::CrossEntropy>(
      m, mod,
      make_doc("Multiclass logarithmic loss; `y_pred` is a {label: probability} dict.", "",
               ">>> from streamwise import metrics\n"
               ">>> metric = metrics.CrossEntropy()\n"
               ">>> metric.update(0, {0: 0.8, 1: 0.2})\n"
               ">>> round(metric.get(), 6)\n"
               "0.223144\n"));
  register_estimator<metrics::MAE>(m, mod,
                                   regression_doc("MAE", "Mean absolute error.", "MAE: 0.5"));
  register_estimator<metrics::MSE>(m, mod,
                                   regression_doc("MSE", "Mean squared error.", "MSE: 0.375"));
  register_estimator<metrics::RMSE>(
      m, mod, regression_doc("RMSE", "Root mean squared error.", "RMSE: 0.612372"));
  register_estimator<metrics::RMSLE>(
      m, mod,
      make_doc("Root mean squared logarithmic error.", "",
               ">>> from streamwise import metrics\n"
               ">>> metric = metrics.RMSLE()\n"
               ">>> for yt, yp in zip([3, 0.5, 2, 7], [2.5, 0.0, 2, 8]):\n"
               "...     metric.update(yt, yp)\n"
               ">>> metric.get() > 0\n"
               "True\n"));
  register_estimator<metrics::R2>(
      m, mod, regression_doc("R2", "Coefficient of determination.", "R2: 0.948608"));
  register_estimator<metrics::SMAPE>(
      m, mod,
      regression_doc("SMAPE", "Symmetric mean absolute percentage error.", "SMAPE: 57.878788"));
}

}  // namespace streamwise::python
