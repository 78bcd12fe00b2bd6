#pragma once
/// @file
/// Matthews correlation coefficient, River's `metrics.MCC`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"
#include "streamwise/metrics/detail/binary_confusion_metric.hpp"

namespace streamwise::metrics {

/// Matthews correlation coefficient of the binarised stream (`pos_val` against everything else),
/// in [-1, 1]. It is 0 whenever the correlation is undefined, i.e. while one side (true classes or
/// predictions) holds a single value.
///
/// ```cpp
/// streamwise::metrics::MCC mcc;  // pos_val = 1
/// const streamwise::ClassId y_true[] = {1, 1, 1, 0};
/// const streamwise::ClassId y_pred[] = {1, 0, 1, 1};
/// for (int i = 0; i < 4; ++i) mcc.update(y_true[i], y_pred[i]);
/// mcc.get();  // -1/3
/// ```
class MCC : public detail::BinaryConfusionMetric<MCC> {
 public:
  /// Hyper-parameters: `pos_val`, the class id treated as positive (default 1, River's `True`).
  /// River's `cm` (a shared confusion matrix) has no C++ counterpart: use `value(cm)` on a
  /// binarised matrix you own.
  using Params = detail::BinaryMetricParams;
  static constexpr std::string_view name = "MCC";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (`pos_val` = class id 1).
  MCC() = default;
  /// Uses the given positive class.
  explicit MCC(const Params& params) : BinaryConfusionMetric(params) {}

  // update(y_true, y_pred, w), revert(...), cm(), params() and serialize() come from
  // detail::BinaryConfusionMetric; bigger_is_better and works_with_weights are true.

  /// Current value (0 before any data).
  double get() const { return value(cm()); }

  /// The metric evaluated on a binarised confusion matrix: class id 1 is the positive class,
  /// class id 0 the negative one (what `cm()` holds).
  static double value(const ConfusionMatrix& cm) {
    const double tp = cm.true_positives(1);
    const double tn = cm.true_negatives(1);
    const double fp = cm.false_positives(1);
    const double fn = cm.false_negatives(1);
    double n = tp + tn + fp + fn;
    if (n == 0.0) n = 1.0;
    const double s = (tp + fn) / n;
    const double p = (tp + fp) / n;
    const double variance = p * s * (1.0 - s) * (1.0 - p);
    // River divides by sqrt(variance) and returns 0 on a zero division; rounding can also make
    // the product a tiny negative number, which is the same undefined case.
    if (!(variance > 0.0)) return 0.0;
    return (tp / n - s * p) / std::sqrt(variance);
  }

  friend bool operator==(const MCC&, const MCC&) = default;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::MCC, streamwise::metrics::MCC::class_version)
