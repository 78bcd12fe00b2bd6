#pragma once
/// @file
/// Binary logarithmic loss, River's `metrics.LogLoss`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/metrics/detail/mean_metric.hpp"

namespace streamwise::metrics {

/// Binary log loss: the weighted mean of `-log(p)` for positives and `-log(1 - p)` for negatives,
/// where `p` is the predicted probability of `true`, clamped to [1e-15, 1 - 1e-15] as River does.
///
/// ```cpp
/// streamwise::metrics::LogLoss metric;
/// const bool y_true[] = {true, false, false, true};
/// const double p_true[] = {0.9, 0.1, 0.2, 0.65};
/// for (int i = 0; i < 4; ++i) metric.update(y_true[i], p_true[i]);
/// metric.get();  // 0.216161...
/// ```
class LogLoss {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "LogLoss";
  static constexpr std::uint32_t class_version = 1;
  /// Lower is better.
  static constexpr bool bigger_is_better = false;
  /// Sample weights are honoured (a weighted mean of the per-sample losses).
  static constexpr bool works_with_weights = true;

  LogLoss() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit LogLoss(const Params&) {}

  /// Adds a prediction: `p_true` is the predicted probability that `y_true` is true. Throws
  /// `InvalidInput`, leaving the metric unchanged, when `p_true` is not in [0, 1] (NaN
  /// included) or `w` is negative or non-finite.
  void update(bool y_true, double p_true, double w = 1.0) {
    mean_.update(loss(y_true, p_true, w), w, name);
  }

  /// Removes a previous `update(y_true, p_true, w)`. Throws `InvalidInput` for bad input or if
  /// the total weight would go below 0.
  void revert(bool y_true, double p_true, double w = 1.0) {
    mean_.revert(loss(y_true, p_true, w), w, name);
  }

  /// Weighted mean log loss (0 before any update).
  double get() const { return mean_.mean(); }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// cereal hook: the whole state (throws `CheckpointError` for a newer class version).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("LogLoss: checkpoint from a newer version");
    ar(mean_);
  }

  friend bool operator==(const LogLoss&, const LogLoss&) = default;

 private:
  static double loss(bool y_true, double p_true, double w) {
    detail::require_probability(p_true, name, "p_true");
    require_weight(w, name);
    const double p = detail::clamp_proba(p_true);
    return y_true ? -std::log(p) : -std::log(1.0 - p);
  }

  [[no_unique_address]] Params params_{};
  detail::MeanLoss mean_;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::LogLoss, streamwise::metrics::LogLoss::class_version)
