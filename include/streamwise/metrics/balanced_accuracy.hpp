#pragma once
/// @file
/// Balanced accuracy (mean per-class recall), River's `metrics.BalancedAccuracy`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"

namespace streamwise::metrics {

/// Mean recall over the classes that have support. A class that only ever appears among the
/// predictions has no support, so its recall is undefined and it is left out of the mean (as in
/// River and scikit-learn's `balanced_accuracy_score`).
///
/// ```cpp
/// streamwise::metrics::BalancedAccuracy ba;
/// ba.update(0, 0);
/// ba.update(0, 2);  // class 2 is predicted but never true: not averaged
/// ba.update(1, 1);
/// ba.get();  // (0.5 + 1) / 2 = 0.75
/// ```
class BalancedAccuracy {
 public:
  /// River's only parameter, `cm` (a shared confusion matrix), has no C++ counterpart: use
  /// `value(cm)` to evaluate this metric on a matrix you own.
  using Params = NoParams;
  static constexpr std::string_view name = "BalancedAccuracy";
  static constexpr std::uint32_t class_version = 1;
  /// Higher values mean better predictions.
  static constexpr bool bigger_is_better = true;
  /// Sample weights are taken into account.
  static constexpr bool works_with_weights = true;

  BalancedAccuracy() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit BalancedAccuracy(const Params&) {}

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

  /// Current value (0 before any data or while no class has support).
  double get() const { return value(cm_); }

  /// The metric evaluated on any confusion matrix (lets several metrics share one matrix).
  static double value(const ConfusionMatrix& cm) {
    double total = 0.0;
    std::uint64_t n = 0;
    for (ClassId c = 0; c < cm.n_classes(); ++c) {
      const double support = cm.sum_row(c);
      if (support == 0.0) continue;  // absent, or predicted only: recall undefined
      total += cm.weight(c, c) / support;
      ++n;
    }
    return n == 0 ? 0.0 : total / static_cast<double>(n);
  }

  /// The underlying confusion matrix.
  const ConfusionMatrix& cm() const { return cm_; }
  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version)
      throw CheckpointError("BalancedAccuracy: checkpoint from a newer version");
    ar(cm_);
  }

  friend bool operator==(const BalancedAccuracy&, const BalancedAccuracy&) = default;

 private:
  [[no_unique_address]] Params params_{};
  ConfusionMatrix cm_;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::BalancedAccuracy,
                     streamwise::metrics::BalancedAccuracy::class_version)
