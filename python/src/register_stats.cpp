/// @file
/// `streamwise.stats`: River's running statistics.

#include <string>

#include "docs.hpp"
#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/stats/abs_max.hpp"
#include "streamwise/stats/auto_corr.hpp"
#include "streamwise/stats/count.hpp"
#include "streamwise/stats/cov.hpp"
#include "streamwise/stats/entropy.hpp"
#include "streamwise/stats/ew_mean.hpp"
#include "streamwise/stats/ew_var.hpp"
#include "streamwise/stats/iqr.hpp"
#include "streamwise/stats/kurtosis.hpp"
#include "streamwise/stats/max.hpp"
#include "streamwise/stats/mean.hpp"
#include "streamwise/stats/min.hpp"
#include "streamwise/stats/mode.hpp"
#include "streamwise/stats/peak_to_peak.hpp"
#include "streamwise/stats/pearson_corr.hpp"
#include "streamwise/stats/quantile.hpp"
#include "streamwise/stats/rolling_abs_max.hpp"
#include "streamwise/stats/rolling_iqr.hpp"
#include "streamwise/stats/rolling_max.hpp"
#include "streamwise/stats/rolling_min.hpp"
#include "streamwise/stats/rolling_mode.hpp"
#include "streamwise/stats/rolling_peak_to_peak.hpp"
#include "streamwise/stats/rolling_quantile.hpp"
#include "streamwise/stats/sem.hpp"
#include "streamwise/stats/skew.hpp"
#include "streamwise/stats/sum.hpp"
#include "streamwise/stats/var.hpp"

namespace streamwise::python {

namespace {

const char* stat_doc(const std::string& name, const std::string& summary, const std::string& params,
                     const std::string& args = "") {
  return make_doc(summary, params,
                  ">>> from streamwise import stats\n"
                  ">>> s = stats." +
                      name + "(" + args +
                      ")\n"
                      ">>> for x in [1.0, 3.0, 2.0, 5.0]:\n"
                      "...     s.update(x)\n"
                      ">>> isinstance(s.get(), float)\n"
                      "True\n");
}

const char* bivariate_doc(const std::string& name, const std::string& summary,
                          const std::string& params) {
  return make_doc(summary, params,
                  ">>> from streamwise import stats\n"
                  ">>> s = stats." +
                      name +
                      "()\n"
                      ">>> for x, y in [(1.0, 2.0), (2.0, 4.5), (3.0, 5.5)]:\n"
                      "...     s.update(x, y)\n"
                      ">>> s.get() > 0\n"
                      "True\n");
}

}  // namespace

void register_stats(py::module_ m) {
  const std::string mod = "streamwise.stats";
  register_estimator<stats::Mean>(
      m, mod,
      make_doc("Running mean.\n\nThe same answers as River's `stats.Mean`; `update(x, w=1.0)` "
               "takes a weight and `revert` undoes an update.",
               "",
               ">>> from streamwise import stats\n"
               ">>> mean = stats.Mean()\n"
               ">>> for x in [-5, -3, -1, 1, 3]:\n"
               "...     mean.update(x)\n"
               ">>> mean.get()\n"
               "-1.0\n"
               ">>> mean.revert(3)\n"
               ">>> mean.get()\n"
               "-2.0\n"));
  register_estimator<stats::Var>(m, mod,
                                 make_doc("Running variance (Welford), River's `stats.Var`.",
                                          "ddof : int, default 1\n"
                                          "    Delta degrees of freedom: the divisor is n - ddof.",
                                          ">>> from streamwise import stats\n"
                                          ">>> var = stats.Var()\n"
                                          ">>> for x in [3, 5, 4, 7, 10, 12]:\n"
                                          "...     var.update(x)\n"
                                          ">>> round(var.get(), 6)\n"
                                          "12.566667\n"
                                          ">>> stats.Var(ddof=0)\n"
                                          "Var (\n  ddof=0\n)\n"));
  register_estimator<stats::Count>(m, mod, stat_doc("Count", "Number of updates.", ""));
  register_estimator<stats::Sum>(m, mod, stat_doc("Sum", "Running sum.", ""));
  register_estimator<stats::Min>(m, mod, stat_doc("Min", "Running minimum.", ""));
  register_estimator<stats::Max>(m, mod, stat_doc("Max", "Running maximum.", ""));
  register_estimator<stats::AbsMax>(m, mod, stat_doc("AbsMax", "Running maximum of |x|.", ""));
  register_estimator<stats::PeakToPeak>(m, mod,
                                        stat_doc("PeakToPeak", "Running max minus min.", ""));
  register_estimator<stats::EWMean>(
      m, mod,
      stat_doc("EWMean", "Exponentially weighted mean.", "fading_factor : float, default 0.5"));
  register_estimator<stats::EWVar>(
      m, mod,
      stat_doc("EWVar", "Exponentially weighted variance.", "fading_factor : float, default 0.5"));
  register_estimator<stats::Kurtosis>(
      m, mod, stat_doc("Kurtosis", "Running kurtosis.", "bias : bool, default False"));
  register_estimator<stats::Skew>(
      m, mod, stat_doc("Skew", "Running skewness.", "bias : bool, default False"));
  register_estimator<stats::SEM>(
      m, mod, stat_doc("SEM", "Standard error of the mean.", "ddof : int, default 1"));
  register_estimator<stats::Quantile>(
      m, mod, stat_doc("Quantile", "Running quantile (P² algorithm).", "q : float, default 0.5"));
  register_estimator<stats::IQR>(
      m, mod,
      stat_doc("IQR", "Running interquartile range.",
               "q_inf : float, default 0.25\nq_sup : float, default 0.75"));
  register_estimator<stats::Mode>(m, mod,
                                  stat_doc("Mode", "Most common value.", "k : int, default 25"));
  register_estimator<stats::Entropy>(
      m, mod,
      stat_doc("Entropy", "Running entropy of the values seen.",
               "fading_factor : float, default 1\neps : float, default 1e-08"));
  register_estimator<stats::AutoCorr>(
      m, mod, stat_doc("AutoCorr", "Autocorrelation at a lag.", "lag : int", "lag=1"));
  register_estimator<stats::RollingMax>(
      m, mod,
      stat_doc("RollingMax", "Maximum over a window.", "window_size : int", "window_size=3"));
  register_estimator<stats::RollingMin>(
      m, mod,
      stat_doc("RollingMin", "Minimum over a window.", "window_size : int", "window_size=3"));
  register_estimator<stats::RollingAbsMax>(
      m, mod,
      stat_doc("RollingAbsMax", "Maximum of |x| over a window.", "window_size : int",
               "window_size=3"));
  register_estimator<stats::RollingPeakToPeak>(
      m, mod,
      stat_doc("RollingPeakToPeak", "Max minus min over a window.", "window_size : int",
               "window_size=3"));
  register_estimator<stats::RollingQuantile>(
      m, mod,
      stat_doc("RollingQuantile", "Quantile over a window.", "q : float\nwindow_size : int",
               "q=0.5, window_size=3"));
  register_estimator<stats::RollingIQR>(
      m, mod,
      stat_doc("RollingIQR", "Interquartile range over a window.",
               "window_size : int\nq_inf : float, default 0.25\nq_sup : float, default 0.75",
               "window_size=3"));
  register_estimator<stats::RollingMode>(m, mod,
                                         stat_doc("RollingMode", "Most common value over a window.",
                                                  "window_size : int", "window_size=3"));
  register_estimator<stats::Cov>(
      m, mod, bivariate_doc("Cov", "Running covariance.", "ddof : int, default 1"));
  register_estimator<stats::PearsonCorr>(
      m, mod,
      bivariate_doc("PearsonCorr", "Running Pearson correlation.", "ddof : int, default 1"));
}

}  // namespace streamwise::python
