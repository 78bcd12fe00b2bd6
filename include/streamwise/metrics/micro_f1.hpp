#pragma once
/// @file
/// Micro-averaged F1 score, River's `metrics.MicroF1`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"

namespace streamwise::metrics {

/// Micro-averaged F1: F1 of the pooled true/false positives of all classes. For single-label
/// classification micro precision, micro recall and micro F1 all equal the accuracy; the value is
/// computed the way River computes it (pooled counts, then the harmonic mean).
///
/// ```cpp
/// streamwise::metrics::MicroF1 f1;
/// f1.update(0, 0);
/// f1.update(1, 2);
/// f1.get();  // 0.5
/// ```
class MicroF1 {
 public:
  /// River's only parameter, `cm` (a shared confusion matrix), has no C++ counterpart: use
  /// `value(cm)` to evaluate this metric on a matrix you own.
  using Params = NoParams;
  static constexpr std::string_view name = "MicroF1";
  static constexpr std::uint32_t class_version = 1;
  /// Higher values mean better predictions.
  static constexpr bool bigger_is_better = true;
  /// Sample weights are taken into account.
  static constexpr bool works_with_weights = true;

  MicroF1() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit MicroF1(const Params&) {}

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
    const double tp = cm.total_true_positives();
    double fp = 0.0;
    for (ClassId c = 0; c < cm.n_classes(); ++c) {
      if (cm.is_present(c)) fp += cm.false_positives(c);
    }
    const double p = tp + fp == 0.0 ? 0.0 : tp / (tp + fp);
    const double r = p;  // micro recall pools the same counts
    return p + r == 0.0 ? 0.0 : 2.0 * p * r / (p + r);
  }

  /// The underlying confusion matrix.
  const ConfusionMatrix& cm() const { return cm_; }
  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("MicroF1: checkpoint from a newer version");
    ar(cm_);
  }

  friend bool operator==(const MicroF1&, const MicroF1&) = default;

 private:
  [[no_unique_address]] Params params_{};
  ConfusionMatrix cm_;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::MicroF1, streamwise::metrics::MicroF1::class_version)
