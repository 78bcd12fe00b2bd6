#pragma once
/// @file
/// C++20 concepts for every estimator kind. Templates (pipelines, ensembles, the learner loop,
/// `Rolling<T>`, checkpoints) constrain their parameters with these, and type erasure at the edges
/// (`AnyClassifier`, ...) wraps anything that satisfies them.

#include <concepts>
#include <cstdint>
#include <span>
#include <string_view>

#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise {

/// Something with a class name, validated hyper-parameters and a versioned cereal `serialize`:
/// what checkpoints, repr and the factory need.
template <class T>
concept Estimator = HasParams<T> && std::default_initializable<T> && std::copy_constructible<T>;

/// A univariate running statistic: `update(x)` then `get()`.
template <class T>
concept Statistic = Estimator<T> && requires(T s, const T cs, double x) {
  s.update(x);
  { cs.get() } -> std::convertible_to<double>;
};

/// A statistic that accepts sample weights: `update(x, w)`.
template <class T>
concept WeightedStatistic = Statistic<T> && requires(T s, double x, double w) {
  s.update(x, w);
};

/// A statistic whose updates can be undone exactly: `revert(x, w)` (needed by `Rolling`).
template <class T>
concept RevertibleStatistic = Statistic<T> && requires(T s, double x) {
  s.revert(x);
};

/// A bivariate statistic (Cov, PearsonCorr): `update(x, y)` then `get()`.
template <class T>
concept BivariateStatistic = Estimator<T> && requires(T s, const T cs, double x, double y) {
  s.update(x, y);
  { cs.get() } -> std::convertible_to<double>;
};

/// A concept-drift detector: `update(x)` then `drift_detected()`. Binary detectors (River's
/// `drift.binary`) take 0 or 1 and reject anything else with `InvalidInput`.
template <class T>
concept DriftDetector = Estimator<T> && requires(T d, const T cd, double x) {
  d.update(x);
  { cd.drift_detected() } -> std::same_as<bool>;
};

/// A detector that also raises warnings before a drift (DDM, EDDM, HDDM-A, HDDM-W).
template <class T>
concept WarningDriftDetector = DriftDetector<T> && requires(const T cd) {
  { cd.warning_detected() } -> std::same_as<bool>;
};

namespace detail {
/// True when `T::update` takes exactly `(Y, P, double)` — ids, reals and booleans all convert
/// into each other implicitly, so a plain `requires` call cannot tell the metric kinds apart.
/// Wrappers such as `metrics::Rolling` name their argument types instead.
template <class T, class Y, class P>
concept updates_with = requires {
  static_cast<void (T::*)(Y, P, double)>(&T::update);
}
|| requires {
  requires std::same_as<typename T::y_true_type, Y>;
  requires std::same_as<typename T::y_pred_type, P>;
};

template <class T>
concept metric_common = Estimator<T> && requires(const T cm) {
  { cm.get() } -> std::convertible_to<double>;
  { T::bigger_is_better } -> std::convertible_to<bool>;
};
}  // namespace detail

/// A metric over true and predicted class ids: `update(y_true, y_pred, w)`.
template <class T>
concept ClassificationMetric =
    detail::metric_common<T> && detail::updates_with<T, ClassId, ClassId>;

/// A metric over real-valued targets and predictions: `update(y_true, y_pred, w)`.
template <class T>
concept RegressionMetric = detail::metric_common<T> && detail::updates_with<T, double, double>;

/// A metric whose updates can be undone exactly (what `metrics::Rolling` needs).
template <class T>
concept RevertibleMetric = (ClassificationMetric<T> &&
                            requires(T m, ClassId y, double w) { m.revert(y, y, w); }) ||
                           (RegressionMetric<T> &&
                            requires(T m, double y, double w) { m.revert(y, y, w); });

/// A binary metric over the true label and the predicted probability of the positive class
/// (LogLoss, ROCAUC): `update(y_true, p_true, w)`.
template <class T>
concept ProbabilisticMetric = detail::metric_common<T> && detail::updates_with<T, bool, double>;

/// An incremental classifier over dense samples; `predict_proba_one` writes one probability per
/// known class id into `out` (sized by `n_classes()`).
template <class T>
concept Classifier = Estimator<T> &&
    requires(T m, const T cm, DenseView x, ClassId y, std::span<double> out) {
  m.learn_one(x, y);
  { cm.predict_one(x) } -> std::convertible_to<ClassId>;
  cm.predict_proba_one(x, out);
  { cm.n_classes() } -> std::convertible_to<std::size_t>;
};

/// An incremental regressor over dense samples.
template <class T>
concept Regressor = Estimator<T> && requires(T m, const T cm, DenseView x, double y) {
  m.learn_one(x, y);
  { cm.predict_one(x) } -> std::convertible_to<double>;
};

/// An incremental transformer: learns from and rewrites dense samples (`out` sized by the caller).
template <class T>
concept Transformer = Estimator<T> &&
    requires(T t, const T ct, DenseView x, std::span<double> out) {
  t.learn_one(x);
  ct.transform_one(x, out);
};

}  // namespace streamwise
