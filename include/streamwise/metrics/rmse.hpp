#pragma once
/// @file
/// Root mean squared error, River's `metrics.RMSE`.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/metrics/detail/mean_metric.hpp"

namespace streamwise::metrics {

/// Root mean squared error: the square root of the weighted mean of `(y_true - y_pred)^2`.
///
/// ```cpp
/// streamwise::metrics::RMSE metric;
/// const double y_true[] = {3, -0.5, 2, 7};
/// const double y_pred[] = {2.5, 0.0, 2, 8};
/// for (int i = 0; i < 4; ++i) metric.update(y_true[i], y_pred[i]);
/// metric.get();  // 0.612372
/// ```
class RMSE {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "RMSE";
  static constexpr std::uint32_t class_version = 1;
  /// Lower is better.
  static constexpr bool bigger_is_better = false;
  /// Sample weights are honoured (a weighted mean of the per-sample errors).
  static constexpr bool works_with_weights = true;

  RMSE() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit RMSE(const Params&) {}

  /// Adds a prediction with weight `w`. Throws `InvalidInput`, leaving the metric unchanged, for
  /// a non-finite target or prediction, or a negative or non-finite weight
  /// (and for a squared error that overflows a double, where River raises OverflowError).
  void update(double y_true, double y_pred, double w = 1.0) {
    mean_.update(loss(y_true, y_pred, w), w, name);
  }

  /// Removes a previous `update(y_true, y_pred, w)`. Throws `InvalidInput` for bad input or if
  /// the total weight would go below 0.
  void revert(double y_true, double y_pred, double w = 1.0) {
    mean_.revert(loss(y_true, y_pred, w), w, name);
  }

  /// Square root of the weighted mean squared error (0 before any update).
  double get() const {
    // Reverts can leave -1e-17 where the exact mean is 0; River would return a complex number.
    return std::sqrt(std::max(0.0, mean_.mean()));
  }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// cereal hook: the whole state (throws `CheckpointError` for a newer class version).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("RMSE: checkpoint from a newer version");
    ar(mean_);
  }

  friend bool operator==(const RMSE&, const RMSE&) = default;

 private:
  static double loss(double y_true, double y_pred, double w) {
    require_finite(y_true, name, "y_true");
    require_finite(y_pred, name, "y_pred");
    require_weight(w, name);
    const double e = y_true - y_pred;
    return e * e;
  }

  [[no_unique_address]] Params params_{};
  detail::MeanLoss mean_;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::RMSE, streamwise::metrics::RMSE::class_version)
