#pragma once
/// @file
/// Binary recall, River's `metrics.Recall`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"
#include "streamwise/metrics/detail/binary_confusion_metric.hpp"

namespace streamwise::metrics {

/// Binary recall: the weight of correctly predicted positives over the weight of all positives,
/// positive meaning `pos_val`.
///
/// ```cpp
/// streamwise::metrics::Recall recall;  // pos_val = 1
/// recall.update(1, 1);
/// recall.update(1, 0);
/// recall.get();  // 0.5
/// ```
class Recall : public detail::BinaryConfusionMetric<Recall> {
 public:
  /// Hyper-parameters: `pos_val`, the class id treated as positive (default 1, River's `True`).
  /// River's `cm` (a shared confusion matrix) has no C++ counterpart: use `value(cm)` on a
  /// binarised matrix you own.
  using Params = detail::BinaryMetricParams;
  static constexpr std::string_view name = "Recall";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (`pos_val` = class id 1).
  Recall() = default;
  /// Uses the given positive class.
  explicit Recall(const Params& params) : BinaryConfusionMetric(params) {}

  // update(y_true, y_pred, w), revert(...), cm(), params() and serialize() come from
  // detail::BinaryConfusionMetric; bigger_is_better and works_with_weights are true.

  /// Current value (0 before any data and while `pos_val` was never the true class).
  double get() const { return value(cm()); }

  /// The metric evaluated on a binarised confusion matrix: class id 1 is the positive class,
  /// class id 0 the negative one (what `cm()` holds).
  static double value(const ConfusionMatrix& cm) {
    const double tp = cm.true_positives(1);
    const double fn = cm.false_negatives(1);
    const double actual = tp + fn;
    return actual == 0.0 ? 0.0 : tp / actual;
  }

  friend bool operator==(const Recall&, const Recall&) = default;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::Recall, streamwise::metrics::Recall::class_version)
