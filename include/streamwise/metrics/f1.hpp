#pragma once
/// @file
/// Binary F1 score, River's `metrics.F1`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"
#include "streamwise/metrics/detail/binary_confusion_metric.hpp"

namespace streamwise::metrics {

/// Binary F1 score: the harmonic mean of `Precision` and `Recall` for `pos_val` (River's `FBeta`
/// with beta = 1).
///
/// ```cpp
/// streamwise::metrics::F1 f1;  // pos_val = 1
/// const streamwise::ClassId y_true[] = {0, 0, 0, 1, 1, 1};
/// const streamwise::ClassId y_pred[] = {0, 0, 1, 1, 0, 0};
/// for (int i = 0; i < 6; ++i) f1.update(y_true[i], y_pred[i]);
/// f1.get();  // 0.4
/// ```
class F1 : public detail::BinaryConfusionMetric<F1> {
 public:
  /// Hyper-parameters: `pos_val`, the class id treated as positive (default 1, River's `True`).
  /// River's `cm` (a shared confusion matrix) has no C++ counterpart: use `value(cm)` on a
  /// binarised matrix you own.
  using Params = detail::BinaryMetricParams;
  static constexpr std::string_view name = "F1";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (`pos_val` = class id 1).
  F1() = default;
  /// Uses the given positive class.
  explicit F1(const Params& params) : BinaryConfusionMetric(params) {}

  // update(y_true, y_pred, w), revert(...), cm(), params() and serialize() come from
  // detail::BinaryConfusionMetric; bigger_is_better and works_with_weights are true.

  /// Current value (0 before any data and while there is no true positive).
  double get() const { return value(cm()); }

  /// The metric evaluated on a binarised confusion matrix: class id 1 is the positive class,
  /// class id 0 the negative one (what `cm()` holds).
  static double value(const ConfusionMatrix& cm) {
    const double tp = cm.true_positives(1);
    const double predicted = tp + cm.false_positives(1);
    const double actual = tp + cm.false_negatives(1);
    const double p = predicted == 0.0 ? 0.0 : tp / predicted;
    const double r = actual == 0.0 ? 0.0 : tp / actual;
    constexpr double beta2 = 1.0;
    const double denominator = beta2 * p + r;
    return denominator == 0.0 ? 0.0 : (1.0 + beta2) * p * r / denominator;
  }

  friend bool operator==(const F1&, const F1&) = default;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::F1, streamwise::metrics::F1::class_version)
