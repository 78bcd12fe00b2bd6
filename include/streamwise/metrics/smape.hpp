#pragma once
/// @file
/// Symmetric mean absolute percentage error, River's `metrics.SMAPE`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/metrics/detail/mean_metric.hpp"

namespace streamwise::metrics {

/// Symmetric mean absolute percentage error, in percent: the weighted mean of
/// `2 |y_true - y_pred| / (|y_true| + |y_pred|)` times 100, a sample with `y_true == y_pred == 0`
/// counting as 0.
///
/// ```cpp
/// streamwise::metrics::SMAPE metric;
/// const double y_true[] = {3, -0.5, 2, 7};
/// const double y_pred[] = {2.5, 0.0, 2, 8};
/// for (int i = 0; i < 4; ++i) metric.update(y_true[i], y_pred[i]);
/// metric.get();  // 57.878788
/// ```
class SMAPE {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "SMAPE";
  static constexpr std::uint32_t class_version = 1;
  /// Lower is better.
  static constexpr bool bigger_is_better = false;
  /// Sample weights are honoured (a weighted mean of the per-sample errors).
  static constexpr bool works_with_weights = true;

  SMAPE() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit SMAPE(const Params&) {}

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

  /// Weighted mean of the symmetric percentage errors, in percent (0 before any update).
  double get() const { return 100.0 * mean_.mean(); }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// cereal hook: the whole state (throws `CheckpointError` for a newer class version).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("SMAPE: checkpoint from a newer version");
    ar(mean_);
  }

  friend bool operator==(const SMAPE&, const SMAPE&) = default;

 private:
  static double loss(double y_true, double y_pred, double w) {
    require_finite(y_true, name, "y_true");
    require_finite(y_pred, name, "y_pred");
    require_weight(w, name);
    const double den = std::fabs(y_true) + std::fabs(y_pred);
    if (den == 0.0) return 0.0;
    return 2.0 * std::fabs(y_true - y_pred) / den;
  }

  [[no_unique_address]] Params params_{};
  detail::MeanLoss mean_;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::SMAPE, streamwise::metrics::SMAPE::class_version)
