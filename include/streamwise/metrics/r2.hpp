#pragma once
/// @file
/// Coefficient of determination, River's `metrics.R2`.

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

/// Coefficient of determination: `1 - SS_res / SS_tot` with weighted sums, SS_tot taken around
/// the running weighted mean of `y_true` (Welford's update, as River's `stats.Var`). Like River it
/// answers 0 while the total weight is at most 1 and when the targets have no spread.
///
/// ```cpp
/// streamwise::metrics::R2 metric;
/// const double y_true[] = {3, -0.5, 2, 7};
/// const double y_pred[] = {2.5, 0.0, 2, 8};
/// for (int i = 0; i < 4; ++i) metric.update(y_true[i], y_pred[i]);
/// metric.get();  // 0.948608...
/// ```
class R2 {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "R2";
  static constexpr std::uint32_t class_version = 1;
  /// Higher is better (1 is a perfect fit, 0 is the constant mean model).
  static constexpr bool bigger_is_better = true;
  /// Sample weights are honoured (weighted sums of squares, as scikit-learn's `sample_weight`).
  static constexpr bool works_with_weights = true;

  R2() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit R2(const Params&) {}

  /// Adds a prediction with weight `w`. Throws `InvalidInput`, leaving the metric unchanged, for a
  /// non-finite target or prediction, a negative or non-finite weight, or sums that would
  /// overflow a double. A zero weight changes nothing.
  void update(double y_true, double y_pred, double w = 1.0) {
    check(y_true, y_pred, w);
    if (w == 0.0) return;
    const double n = n_ + w;
    const double mean = mean_ + (w / n) * (y_true - mean_);
    const double m2 = m2_ + w * (y_true - mean_) * (y_true - mean);
    const double rss = rss_ + (y_true - y_pred) * (y_true - y_pred) * w;
    commit(n, mean, m2, rss);
  }

  /// Removes a previous `update(y_true, y_pred, w)`. Throws `InvalidInput` for bad input or if
  /// the total weight would go below 0; removing the last sample restores the empty state.
  void revert(double y_true, double y_pred, double w = 1.0) {
    check(y_true, y_pred, w);
    if (w == 0.0) return;
    const double n = n_ - w;
    const double noise = detail::remainder_noise(n_, w);
    if (n < -noise) {
      throw InvalidInput(std::string(name) + ": cannot revert below a total weight of 0");
    }
    if (n <= noise) {
      *this = R2{};
      return;
    }
    // River reverts by updating its variance with weight -w.
    const double mean = mean_ - (w / n) * (y_true - mean_);
    const double m2 = m2_ - w * (y_true - mean_) * (y_true - mean);
    const double rss = rss_ - (y_true - y_pred) * (y_true - y_pred) * w;
    commit(n, mean, m2, rss);
  }

  /// `1 - SS_res / SS_tot`; 0 while the total weight is <= 1 or when SS_tot is 0.
  double get() const {
    if (!(n_ > 1.0)) return 0.0;
    // River computes SS_tot as (n - 1) * Var(y) with ddof = 1; keep its rounding.
    const double total_sum_of_squares = (n_ - 1.0) * (m2_ / (n_ - 1.0));
    if (total_sum_of_squares == 0.0) return 0.0;
    return 1.0 - rss_ / total_sum_of_squares;
  }

  /// Sum of the weights seen.
  double n() const { return n_; }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// cereal hook: the whole state (throws `CheckpointError` for a newer class version).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("R2: checkpoint from a newer version");
    ar(n_, mean_, m2_, rss_);
  }

  friend bool operator==(const R2&, const R2&) = default;

 private:
  static void check(double y_true, double y_pred, double w) {
    require_finite(y_true, name, "y_true");
    require_finite(y_pred, name, "y_pred");
    require_weight(w, name);
  }

  void commit(double n, double mean, double m2, double rss) {
    if (!std::isfinite(mean) || !std::isfinite(m2) || !std::isfinite(rss)) {
      throw InvalidInput(std::string(name) + ": the sums of squares overflow a double");
    }
    n_ = n;
    mean_ = mean;
    m2_ = m2;
    rss_ = rss;
  }

  [[no_unique_address]] Params params_{};
  double n_ = 0.0;     // total weight
  double mean_ = 0.0;  // weighted mean of y_true
  double m2_ = 0.0;    // weighted sum of squares of y_true around its mean
  double rss_ = 0.0;   // weighted residual sum of squares
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::R2, streamwise::metrics::R2::class_version)
