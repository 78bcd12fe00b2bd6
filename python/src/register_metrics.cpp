/// @file
/// `streamwise.metrics`: River's evaluation metrics.

#include <string>

#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/metrics/accuracy.hpp"
#include "streamwise/metrics/balanced_accuracy.hpp"
#include "streamwise/metrics/cohen_kappa.hpp"
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

}  // namespace

void register_metrics(py::module_ m) {
  const std::string mod = "streamwise.metrics";
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
