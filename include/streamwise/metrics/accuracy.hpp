#pragma once
/// @file
/// Accuracy (share of exact matches), River's `metrics.Accuracy`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"

namespace streamwise::metrics {

/// Weighted share of predictions equal to the true class.
///
/// ```cpp
/// streamwise::metrics::Accuracy acc;
/// acc.update(1, 1);
/// acc.update(0, 1);
/// acc.get();  // 0.5
/// ```
class Accuracy {
 public:
  /// River's only parameter, `cm` (a shared confusion matrix), has no C++ counterpart: use
  /// `value(cm)` to evaluate this metric on a matrix you own.
  using Params = NoParams;
  static constexpr std::string_view name = "Accuracy";
  static constexpr std::uint32_t class_version = 1;
  /// Higher values mean better predictions.
  static constexpr bool bigger_is_better = true;
  /// Sample weights are taken into account.
  static constexpr bool works_with_weights = true;

  Accuracy() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit Accuracy(const Params&) {}

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
    const double total = cm.total_weight();
    return total == 0.0 ? 0.0 : cm.total_true_positives() / total;
  }

  /// The underlying confusion matrix.
  const ConfusionMatrix& cm() const { return cm_; }
  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Accuracy: checkpoint from a newer version");
    ar(cm_);
  }

  friend bool operator==(const Accuracy&, const Accuracy&) = default;

 private:
  [[no_unique_address]] Params params_{};
  ConfusionMatrix cm_;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::Accuracy, streamwise::metrics::Accuracy::class_version)
