#pragma once
/// @file
/// Binary precision, River's `metrics.Precision`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"
#include "streamwise/metrics/detail/binary_confusion_metric.hpp"

namespace streamwise::metrics {

/// Binary precision: the weight of correct positive predictions over the weight of all positive
/// predictions, positive meaning `pos_val`.
///
/// ```cpp
/// streamwise::metrics::Precision precision;  // pos_val = 1
/// precision.update(1, 1);
/// precision.update(0, 1);
/// precision.get();  // 0.5
/// ```
class Precision : public detail::BinaryConfusionMetric<Precision> {
 public:
  /// Hyper-parameters: `pos_val`, the class id treated as positive (default 1, River's `True`).
  /// River's `cm` (a shared confusion matrix) has no C++ counterpart: use `value(cm)` on a
  /// binarised matrix you own.
  using Params = detail::BinaryMetricParams;
  static constexpr std::string_view name = "Precision";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (`pos_val` = class id 1).
  Precision() = default;
  /// Uses the given positive class.
  explicit Precision(const Params& params) : BinaryConfusionMetric(params) {}

  // update(y_true, y_pred, w), revert(...), cm(), params() and serialize() come from
  // detail::BinaryConfusionMetric; bigger_is_better and works_with_weights are true.

  /// Current value (0 before any data and while `pos_val` was never predicted).
  double get() const { return value(cm()); }

  /// The metric evaluated on a binarised confusion matrix: class id 1 is the positive class,
  /// class id 0 the negative one (what `cm()` holds).
  static double value(const ConfusionMatrix& cm) {
    const double tp = cm.true_positives(1);
    const double fp = cm.false_positives(1);
    const double predicted = tp + fp;
    return predicted == 0.0 ? 0.0 : tp / predicted;
  }

  friend bool operator==(const Precision&, const Precision&) = default;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::Precision, streamwise::metrics::Precision::class_version)
