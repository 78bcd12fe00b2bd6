#pragma once
/// @file
/// Shared state of the metrics that River builds on a running mean of a per-sample loss
/// (`metrics.base.MeanMetric`): LogLoss, CrossEntropy, MAE, MSE, RMSE, RMSLE, SMAPE.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"

namespace streamwise::metrics::detail {

/// How far from 0 a total weight `n - w` may land through rounding alone when the last sample is
/// reverted: weights summed and subtracted in different orders leave ~1e-16 relative residues.
/// A remainder within this band empties the metric exactly; below it, the revert is refused.
inline double remainder_noise(double n, double w) { return 1e-9 * std::max(n, w); }

/// Weighted running mean of a loss, with River's `stats.Mean` update and revert rules.
///
/// Callers validate the sample and compute the loss first; `update`/`revert` then only touch the
/// state when the result is well defined, so a throwing call leaves it unchanged.
class MeanLoss {
 public:
  /// Adds `loss` with weight `w >= 0` (a zero weight changes nothing: River would divide by zero
  /// on an empty metric and leave a non-empty one unchanged).
  void update(double loss, double w, std::string_view metric) {
    check_loss(loss, metric);
    if (w == 0.0) return;
    const double n = n_ + w;
    const double mean = mean_ + (w / n) * (loss - mean_);
    if (!std::isfinite(mean)) throw overflow(metric);
    n_ = n;
    mean_ = mean;
  }

  /// Removes a previous `update(loss, w)`. Throws `InvalidInput` if the total weight would go
  /// below 0; a remainder within rounding noise of 0 empties the metric exactly.
  void revert(double loss, double w, std::string_view metric) {
    check_loss(loss, metric);
    if (w == 0.0) return;
    const double n = n_ - w;
    const double noise = remainder_noise(n_, w);
    if (n < -noise) {
      throw InvalidInput(std::string(metric) + ": cannot revert below a total weight of 0");
    }
    if (n <= noise) {
      n_ = 0.0;
      mean_ = 0.0;
      return;
    }
    const double mean = mean_ - (w / n) * (loss - mean_);
    if (!std::isfinite(mean)) throw overflow(metric);
    n_ = n;
    mean_ = mean;
  }

  /// Weighted mean of the losses (0 before any update).
  double mean() const { return mean_; }
  /// Sum of the weights.
  double n() const { return n_; }

  /// cereal hook.
  template <class Archive>
  void serialize(Archive& ar) {
    ar(n_, mean_);
  }

  friend bool operator==(const MeanLoss&, const MeanLoss&) = default;

 private:
  static void check_loss(double loss, std::string_view metric) {
    if (!std::isfinite(loss)) throw overflow(metric);
  }
  static InvalidInput overflow(std::string_view metric) {
    return InvalidInput(std::string(metric) + ": the per-sample error overflows a double");
  }

  double n_ = 0.0;
  double mean_ = 0.0;
};

/// Throws `InvalidInput("<metric>: <what> must be a probability in [0, 1], got <p>")`.
inline void require_probability(double p, std::string_view metric, std::string_view what) {
  if (!(p >= 0.0 && p <= 1.0)) {
    throw InvalidInput(std::string(metric) + ": " + std::string(what) +
                       " must be a probability in [0, 1], got " + std::to_string(p));
  }
}

/// River's `_clamp_proba`: probabilities are kept in [1e-15, 1 - 1e-15] before taking logs.
inline double clamp_proba(double p) { return std::clamp(p, 1e-15, 1.0 - 1e-15); }

}  // namespace streamwise::metrics::detail
