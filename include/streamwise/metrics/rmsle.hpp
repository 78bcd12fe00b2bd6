#pragma once
/// @file
/// Root mean squared logarithmic error, River's `metrics.RMSLE`.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/metrics/detail/mean_metric.hpp"

namespace streamwise::metrics {

/// Root mean squared logarithmic error: RMSE between `log(y_true + 1)` and `log(y_pred + 1)`.
/// Both values must be greater than -1.
///
/// ```cpp
/// streamwise::metrics::RMSLE metric;
/// const double y_true[] = {3, -0.5, 2, 7};
/// const double y_pred[] = {2.5, 0.0, 2, 8};
/// for (int i = 0; i < 4; ++i) metric.update(y_true[i], y_pred[i]);
/// metric.get();  // 0.357826
/// ```
class RMSLE {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "RMSLE";
  static constexpr std::uint32_t class_version = 1;
  /// Lower is better.
  static constexpr bool bigger_is_better = false;
  /// Sample weights are honoured (a weighted mean of the per-sample errors).
  static constexpr bool works_with_weights = true;

  RMSLE() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit RMSLE(const Params&) {}

  /// Adds a prediction with weight `w`. Throws `InvalidInput`, leaving the metric unchanged, for
  /// a non-finite target or prediction, a value <= -1 (whose logarithm
  /// River cannot take either), or a negative or non-finite weight.
  void update(double y_true, double y_pred, double w = 1.0) {
    mean_.update(loss(y_true, y_pred, w), w, name);
  }

  /// Removes a previous `update(y_true, y_pred, w)`. Throws `InvalidInput` for bad input or if
  /// the total weight would go below 0.
  void revert(double y_true, double y_pred, double w = 1.0) {
    mean_.revert(loss(y_true, y_pred, w), w, name);
  }

  /// Root mean squared logarithmic error (0 before any update).
  double get() const {
    // Reverts can leave -1e-17 where the exact mean is 0; River would return a complex number.
    return std::sqrt(std::max(0.0, mean_.mean()));
  }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// cereal hook: the whole state (throws `CheckpointError` for a newer class version).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("RMSLE: checkpoint from a newer version");
    ar(mean_);
  }

  friend bool operator==(const RMSLE&, const RMSLE&) = default;

 private:
  static double loss(double y_true, double y_pred, double w) {
    require_finite(y_true, name, "y_true");
    require_finite(y_pred, name, "y_pred");
    require_weight(w, name);
    // River takes log(y + 1), not log1p(y): same rounding, same answers.
    const double a = y_true + 1.0;
    const double b = y_pred + 1.0;
    if (!(a > 0.0))
      throw InvalidInput(std::string(name) + ": y_true must be > -1, got " +
                         std::to_string(y_true));
    if (!(b > 0.0))
      throw InvalidInput(std::string(name) + ": y_pred must be > -1, got " +
                         std::to_string(y_pred));
    const double e = std::log(a) - std::log(b);
    return e * e;
  }

  [[no_unique_address]] Params params_{};
  detail::MeanLoss mean_;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::RMSLE, streamwise::metrics::RMSLE::class_version)
