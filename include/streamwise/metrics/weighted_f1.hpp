#pragma once
/// @file
/// Support-weighted F1 score, River's `metrics.WeightedF1`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"

namespace streamwise::metrics {

/// Weighted-average F1: per-class F1 scores averaged with each class's support (its weight as the
/// true class) as the averaging weight. Classes that are only predicted have no support and add
/// nothing.
///
/// ```cpp
/// streamwise::metrics::WeightedF1 f1;
/// f1.update(0, 0);
/// f1.update(0, 0);
/// f1.update(1, 0);
/// f1.get();  // (2 * 0.8 + 1 * 0) / 3
/// ```
class WeightedF1 {
 public:
  /// River's only parameter, `cm` (a shared confusion matrix), has no C++ counterpart: use
  /// `value(cm)` to evaluate this metric on a matrix you own.
  using Params = NoParams;
  static constexpr std::string_view name = "WeightedF1";
  static constexpr std::uint32_t class_version = 1;
  /// Higher values mean better predictions.
  static constexpr bool bigger_is_better = true;
  /// Sample weights are taken into account.
  static constexpr bool works_with_weights = true;

  WeightedF1() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit WeightedF1(const Params&) {}

  /// Records a prediction with weight `w` (0 is a no-op). Throws `InvalidInput`, state
  /// unchanged, for a negative or non-finite `w` or a class id >= `ConfusionMatrix::max_classes`.
  void update(ClassId y_true, ClassId y_pred, double w = 1.0) {
    cm_.update(y_true, y_pred, w, name);
  }

  /// Exactly undoes a previous `update(y_true, y_pred, w)`. Throws `InvalidInput`, state
  /// unchanged, when no such update is recorded (see `ConfusionMatrix::revert`).
  void revert(ClassId y_true, ClassId y_pred, double w = 1.0) {
    cm_.revert(y_true, y_pred, w, name);
  }

  /// Current value (0 before any data).
  double get() const { return value(cm_); }

  /// The metric evaluated on any confusion matrix (lets several metrics share one matrix).
  static double value(const ConfusionMatrix& cm) {
    double total = 0.0;
    for (ClassId c = 0; c < cm.n_classes(); ++c) {
      if (!cm.is_present(c)) continue;
      const double tp = cm.weight(c, c);
      const double support = cm.sum_row(c);
      const double predicted = cm.sum_col(c);
      // Precision and recall scaled by the support, in River's order of operations.
      const double p = predicted == 0.0 ? 0.0 : support * tp / predicted;
      const double r = support == 0.0 ? 0.0 : support * tp / support;
      if (p + r != 0.0) total += 2.0 * p * r / (p + r);
    }
    const double weight = cm.total_weight();
    return weight == 0.0 ? 0.0 : total / weight;
  }

  /// The underlying confusion matrix.
  const ConfusionMatrix& cm() const { return cm_; }
  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version)
      throw CheckpointError("WeightedF1: checkpoint from a newer version");
    ar(cm_);
  }

  friend bool operator==(const WeightedF1&, const WeightedF1&) = default;

 private:
  [[no_unique_address]] Params params_{};
  ConfusionMatrix cm_;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::WeightedF1,
                     streamwise::metrics::WeightedF1::class_version)
