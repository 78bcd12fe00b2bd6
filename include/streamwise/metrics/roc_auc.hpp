#pragma once
/// @file
/// River's approximate area under the ROC curve, `metrics.ROCAUC`.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/metrics/detail/mean_metric.hpp"

namespace streamwise::metrics {

/// Approximate ROC AUC over a fixed grid of thresholds, River's way: `n_thresholds` evenly
/// spaced thresholds `i / (n_thresholds - 1)` (the first moved down and the last up by 1e-7),
/// one weighted 2x2 confusion matrix per threshold (is the sample positive, is `p_true` above
/// the threshold), and the trapezoidal area under the resulting (FPR, TPR) points. A sample is
/// positive when `y_true == pos_val`. Exact when the scores only take values that the
/// thresholds separate; otherwise an approximation whose error shrinks as `n_thresholds` grows.
///
/// River's quirk with `pos_val = false` is kept: rates are then read off the cells of the
/// `false` key, which walks the curve the other way and yields a negative area.
///
/// ```cpp
/// streamwise::metrics::ROCAUC metric;  // n_thresholds = 10
/// const bool y_true[] = {false, false, true, true};
/// const double p_true[] = {0.1, 0.4, 0.35, 0.8};
/// for (int i = 0; i < 4; ++i) metric.update(y_true[i], p_true[i]);
/// metric.get();  // 0.875 (the exact AUC is 0.75; n_thresholds = 20 gives it)
/// ```
class ROCAUC {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Number of thresholds discretising [0, 1]; more is closer to the exact AUC, and costs
    /// one 2x2 matrix (32 bytes) and a few additions per update each.
    std::int64_t n_thresholds = 10;
    /// The label value treated as positive.
    bool pos_val = true;

    template <class V>
    void visit(V&& v) {
      v("n_thresholds", n_thresholds);
      v("pos_val", pos_val);
    }
    /// Throws `std::invalid_argument` unless `n_thresholds >= 2` (River divides by
    /// `n_thresholds - 1`).
    void validate() const {
      if (n_thresholds < 2) throw invalid_parameter("ROCAUC", "n_thresholds", ">= 2");
    }
    /// cereal hook.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(n_thresholds, pos_val);
    }
    friend bool operator==(const Params&, const Params&) = default;
  };

  static constexpr std::string_view name = "ROCAUC";
  static constexpr std::uint32_t class_version = 1;
  /// Higher is better.
  static constexpr bool bigger_is_better = true;
  /// Sample weights are honoured (weighted confusion matrices).
  static constexpr bool works_with_weights = true;

  /// River's defaults: 10 thresholds, `pos_val = true`.
  ROCAUC() : ROCAUC(Params{}) {}
  /// Validates `params` and allocates one confusion matrix per threshold.
  explicit ROCAUC(const Params& params) : params_(params) {
    params_.validate();
    counts_.assign(static_cast<std::size_t>(params_.n_thresholds), Cells{});
    build_thresholds();
  }

  /// Adds a prediction: `p_true` is the predicted probability (or any score in [0, 1]) that
  /// `y_true` is true. Throws `InvalidInput`, leaving the metric unchanged, when `p_true` is not
  /// in [0, 1] (NaN included) or `w` is negative or non-finite. No allocation.
  void update(bool y_true, double p_true, double w = 1.0) {
    check(p_true, w);
    if (w == 0.0) return;
    const std::size_t row = 2 * static_cast<std::size_t>(y_true == params_.pos_val);
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      counts_[i][row + static_cast<std::size_t>(p_true > thresholds_[i])] += w;
    }
  }

  /// Removes a previous `update(y_true, p_true, w)`. Throws `InvalidInput`, leaving the metric
  /// unchanged, for bad input or when some cell holds less weight than `w` (the sample was never
  /// added); a cell left with rounding noise only is set to exactly 0.
  void revert(bool y_true, double p_true, double w = 1.0) {
    check(p_true, w);
    if (w == 0.0) return;
    const std::size_t row = 2 * static_cast<std::size_t>(y_true == params_.pos_val);
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      const double c = counts_[i][row + static_cast<std::size_t>(p_true > thresholds_[i])];
      if (c - w < -detail::remainder_noise(c, w)) {
        throw InvalidInput("ROCAUC: cannot revert a sample that was not added");
      }
    }
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      double& c = counts_[i][row + static_cast<std::size_t>(p_true > thresholds_[i])];
      const double left = c - w;
      c = left <= detail::remainder_noise(c, w) ? 0.0 : left;
    }
  }

  /// Area under the (FPR, TPR) polyline, integrated as `-trapezoid(x = FPR, y = TPR)` with a rate
  /// of 0 when its denominator is 0. 0 before any update.
  double get() const {
    const std::size_t pos = params_.pos_val ? 1 : 0;
    const std::size_t neg = 1 - pos;
    double area = 0.0;
    double prev_tpr = 0.0;
    double prev_fpr = 0.0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      const Cells& c = counts_[i];
      const double tp = c[2 * pos + pos];
      const double fn = c[2 * pos + neg];
      const double fp = c[2 * neg + pos];
      const double tn = c[2 * neg + neg];
      const double tpr = safe_div(tp, tp + fn);
      const double fpr = safe_div(fp, fp + tn);
      if (i > 0) area += (fpr - prev_fpr) * (tpr + prev_tpr) / 2.0;
      prev_tpr = tpr;
      prev_fpr = fpr;
    }
    return -area;
  }

  /// The thresholds, in increasing order.
  const std::vector<double>& thresholds() const { return thresholds_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: parameters and state.
  template <class Archive>
  void save(Archive& ar, std::uint32_t /*version*/) const {
    ar(params_, counts_);
  }

  /// cereal hook: reads into temporaries, checks them, then commits; throws `CheckpointError`.
  template <class Archive>
  void load(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("ROCAUC: checkpoint from a newer version");
    Params params;
    std::vector<Cells> counts;
    ar(params, counts);
    try {
      params.validate();
    } catch (const std::invalid_argument& e) {
      throw CheckpointError(std::string("ROCAUC: invalid parameters in checkpoint: ") + e.what());
    }
    // The counts vector was bounded by the payload size; only then is n_thresholds trusted.
    if (counts.size() != static_cast<std::size_t>(params.n_thresholds)) {
      throw CheckpointError(
          "ROCAUC: checkpoint holds " + std::to_string(counts.size()) +
          " confusion matrices for n_thresholds = " + std::to_string(params.n_thresholds));
    }
    params_ = params;
    counts_ = std::move(counts);
    build_thresholds();
  }

  friend bool operator==(const ROCAUC&, const ROCAUC&) = default;

 private:
  // Weighted cells of one threshold's confusion matrix, indexed 2 * (y_true == pos_val) +
  // (p_true > threshold).
  using Cells = std::array<double, 4>;

  static void check(double p_true, double w) {
    detail::require_probability(p_true, name, "p_true");
    require_weight(w, name);
  }

  static double safe_div(double a, double b) { return b == 0.0 ? 0.0 : a / b; }

  void build_thresholds() {
    const std::size_t n = counts_.size();
    thresholds_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      thresholds_[i] = static_cast<double>(i) / static_cast<double>(n - 1);
    }
    thresholds_.front() -= 1e-7;
    thresholds_.back() += 1e-7;
  }

  Params params_;
  std::vector<double> thresholds_;
  std::vector<Cells> counts_;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::ROCAUC, streamwise::metrics::ROCAUC::class_version)
