#pragma once
/// @file
/// Running (weighted) variance, River's `stats.Var`.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/mean.hpp"

namespace streamwise::stats {

/// Running weighted variance (Welford's update of the sum of squared deviations).
///
/// The divisor is `n - ddof`, where `n` is the sum of weights; `get()` is 0 until `n > ddof`.
/// Revertible (so `Rolling<Var>` works) and mergeable with `+=` / `-=` (Chan et al.), exactly
/// like River's `__iadd__` / `__isub__`.
///
/// ```cpp
/// streamwise::stats::Var var;  // ddof = 1
/// for (double x : {3.0, 5.0, 4.0, 7.0, 10.0, 12.0}) var.update(x);
/// var.get();  // 12.566666...
/// ```
class Var {
 public:
  /// Hyper-parameters of `Var`.
  struct Params {
    /// Delta degrees of freedom: the divisor is `n - ddof`.
    std::int32_t ddof = 1;

    /// Lists the fields for reflection.
    template <class V>
    void visit(V&& v) {
      v("ddof", ddof);
    }
    /// Throws `std::invalid_argument` unless `ddof >= 0`.
    void validate() const {
      if (ddof < 0) throw invalid_parameter("Var", "ddof", ">= 0");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(ddof);
    }
  };

  static constexpr std::string_view name = "Var";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (`ddof = 1`).
  Var() = default;
  /// Validates and uses `params`.
  explicit Var(const Params& params) : params_(params) { params_.validate(); }

  /// Adds `x` with weight `w`. Throws `InvalidInput` for non-finite `x` or a negative/non-finite
  /// `w`, leaving the state unchanged.
  void update(double x, double w = 1.0) {
    require_finite(x, name);
    require_weight(w, name);
    if (w == 0.0) return;
    const double old_mean = mean_.get();
    mean_.update(x, w);
    sum_sq_ += w * (x - old_mean) * (x - mean_.get());
  }

  /// Removes a previous `update(x, w)`. Throws `InvalidInput` for bad input or if the total
  /// weight would go below 0, leaving the state unchanged. A remainder within rounding error of
  /// 0 (`|n - w| <= 1e-9 w`) empties the statistic instead of throwing.
  void revert(double x, double w = 1.0) {
    require_finite(x, name);
    require_weight(w, name);
    const double remaining = mean_.n() - w;
    if (remaining < -kRevertTolerance * w) {
      throw InvalidInput("Var: cannot revert below a total weight of 0");
    }
    if (w == 0.0) return;
    if (remaining <= kRevertTolerance * w) {
      *this = Var(params_);  // nothing left: drop the rounding residue
      return;
    }
    const double old_mean = mean_.get();
    mean_.revert(x, w);
    sum_sq_ -= w * (x - old_mean) * (x - mean_.get());
  }

  /// Current variance: `S / (n - ddof)` when `n > ddof`, else 0 (River's convention).
  double get() const {
    const double n = mean_.n();
    const double ddof = static_cast<double>(params_.ddof);
    return n > ddof ? sum_sq_ / (n - ddof) : 0.0;
  }
  /// Sum of weights seen.
  double n() const { return mean_.n(); }
  /// The running mean used internally (River's `Var.mean`).
  const Mean& mean() const { return mean_; }
  /// Weighted sum of squared deviations from the mean (River's `_S`).
  double sum_sq() const { return sum_sq_; }

  /// Merges another variance into this one, as if this had seen both streams.
  Var& operator+=(const Var& other) {
    const double n_a = mean_.n();
    const double n_b = other.mean_.n();
    const double total = n_a + n_b;
    double s = sum_sq_ + other.sum_sq_;
    if (total > 0.0) {
      const double d = mean_.get() - other.mean_.get();
      s += d * d * n_a * n_b / total;
    }
    mean_ += other.mean_;
    sum_sq_ = s;
    return *this;
  }
  /// Removes a stream previously merged in (`(a + b) - b == a`).
  Var& operator-=(const Var& other) {
    mean_ -= other.mean_;
    const double n_a = mean_.n();
    const double n_b = other.mean_.n();
    if (n_a == 0.0) {
      sum_sq_ = 0.0;
      return *this;
    }
    const double d = mean_.get() - other.mean_.get();
    sum_sq_ = sum_sq_ - other.sum_sq_ - d * d * n_a * n_b / (n_a + n_b);
    return *this;
  }
  /// Merged copy.
  friend Var operator+(Var a, const Var& b) { return a += b; }
  /// Copy with `b` removed.
  friend Var operator-(Var a, const Var& b) { return a -= b; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and state; loaded parameters are validated (`CheckpointError`).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Var: checkpoint from a newer version");
    ar(params_, mean_, sum_sq_);
    if constexpr (Archive::is_loading::value) {
      try {
        params_.validate();
      } catch (const std::invalid_argument& e) {
        throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
      }
    }
  }

  friend bool operator==(const Var&, const Var&) = default;

 private:
  // Relative slack on the total weight when reverting, for weights that do not add up exactly.
  static constexpr double kRevertTolerance = 1e-9;

  Params params_{};
  Mean mean_{};
  double sum_sq_ = 0.0;
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::Var, streamwise::stats::Var::class_version)
