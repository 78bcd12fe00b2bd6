#pragma once
/// @file
/// Cohen's kappa, River's `metrics.CohenKappa`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"

namespace streamwise::metrics {

/// Cohen's kappa, (p_o - p_e) / (1 - p_e): agreement between the true and predicted classes
/// corrected for the agreement expected by chance, p_e = sum over classes of the product of the
/// true and predicted class frequencies. When p_e = 1 (a single class on both sides) the value is
/// 0, as in River (scikit-learn returns NaN there).
///
/// ```cpp
/// streamwise::metrics::CohenKappa kappa;
/// kappa.update(0, 0);
/// kappa.update(1, 1);
/// kappa.update(1, 0);
/// kappa.get();  // 0.4
/// ```
class CohenKappa {
 public:
  /// River's only parameter, `cm` (a shared confusion matrix), has no C++ counterpart: use
  /// `value(cm)` to evaluate this metric on a matrix you own.
  using Params = NoParams;
  static constexpr std::string_view name = "CohenKappa";
  static constexpr std::uint32_t class_version = 1;
  /// Higher values mean better predictions.
  static constexpr bool bigger_is_better = true;
  /// Sample weights are taken into account.
  static constexpr bool works_with_weights = true;

  CohenKappa() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit CohenKappa(const Params&) {}

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

  /// Current value (0 before any data and while a single class is seen).
  double get() const { return value(cm_); }

  /// The metric evaluated on any confusion matrix (lets several metrics share one matrix).
  static double value(const ConfusionMatrix& cm) {
    const double total = cm.total_weight();
    if (total == 0.0) return 0.0;
    const double observed = cm.total_true_positives() / total;
    double expected = 0.0;
    for (ClassId c = 0; c < cm.n_classes(); ++c) {
      if (cm.is_present(c)) expected += (cm.sum_row(c) / total) * (cm.sum_col(c) / total);
    }
    return expected == 1.0 ? 0.0 : (observed - expected) / (1.0 - expected);
  }

  /// The underlying confusion matrix.
  const ConfusionMatrix& cm() const { return cm_; }
  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version)
      throw CheckpointError("CohenKappa: checkpoint from a newer version");
    ar(cm_);
  }

  friend bool operator==(const CohenKappa&, const CohenKappa&) = default;

 private:
  [[no_unique_address]] Params params_{};
  ConfusionMatrix cm_;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::CohenKappa,
                     streamwise::metrics::CohenKappa::class_version)
