#pragma once
/// @file
/// Mean absolute error, River's `metrics.MAE`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/metrics/detail/mean_metric.hpp"

namespace streamwise::metrics {

/// Mean absolute error: the weighted mean of `|y_true - y_pred|`.
///
/// ```cpp
/// streamwise::metrics::MAE metric;
/// const double y_true[] = {3, -0.5, 2, 7};
/// const double y_pred[] = {2.5, 0.0, 2, 8};
/// for (int i = 0; i < 4; ++i) metric.update(y_true[i], y_pred[i]);
/// metric.get();  // 0.5
/// ```
class MAE {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "MAE";
  static constexpr std::uint32_t class_version = 1;
  /// Lower is better.
  static constexpr bool bigger_is_better = false;
  /// Sample weights are honoured (a weighted mean of the per-sample errors).
  static constexpr bool works_with_weights = true;

  MAE() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit MAE(const Params&) {}

  /// Adds a prediction with weight `w`. Throws `InvalidInput`, leaving the metric unchanged, for
  /// a non-finite target or prediction, or a negative or non-finite weight.
  void update(double y_true, double y_pred, double w = 1.0) {
    mean_.update(loss(y_true, y_pred, w), w, name);
  }

  /// Removes a previous `update(y_true, y_pred, w)`. Throws `InvalidInput` for bad input or if
  /// the total weight would go below 0.
  void revert(double y_true, double y_pred, double w = 1.0) {
    mean_.revert(loss(y_true, y_pred, w), w, name);
  }

  /// Weighted mean absolute error (0 before any update).
  double get() const { return mean_.mean(); }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// cereal hook: the whole state (throws `CheckpointError` for a newer class version).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("MAE: checkpoint from a newer version");
    ar(mean_);
  }

  friend bool operator==(const MAE&, const MAE&) = default;

 private:
  static double loss(double y_true, double y_pred, double w) {
    require_finite(y_true, name, "y_true");
    require_finite(y_pred, name, "y_pred");
    require_weight(w, name);
    return std::fabs(y_true - y_pred);
  }

  [[no_unique_address]] Params params_{};
  detail::MeanLoss mean_;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::MAE, streamwise::metrics::MAE::class_version)
