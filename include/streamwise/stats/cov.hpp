#pragma once
/// @file
/// Running (weighted) covariance, River's `stats.Cov`.

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

/// Running weighted covariance of two variables.
///
/// Keeps the two means and the co-moment `C = sum w (x - mean_x)(y - mean_y)` (Welford's update),
/// and returns `C / (n - ddof)` once the total weight `n` exceeds `ddof`, 0 before. Revertible
/// (`Rolling<Cov>`) and mergeable with `+=` / `-=` (Schubert & Gertz), like River.
///
/// River updates the ratio `C / max(n - ddof, 1)` directly; that equals this value for unit (or
/// integer) weights and `ddof <= 1`, the cases River documents as matching numpy, but drifts from
/// it when the total weight minus `ddof` is below 1 (fractional weights, `ddof >= 2`). This class
/// keeps the exact weighted value in all cases.
///
/// ```cpp
/// streamwise::stats::Cov cov;  // ddof = 1
/// const double xs[] = {-2.1, -1.0, 4.3}, ys[] = {3.0, 1.1, 0.12};
/// for (int i = 0; i < 3; ++i) cov.update(xs[i], ys[i]);
/// cov.get();  // -4.286
/// ```
class Cov {
 public:
  /// Hyper-parameters of `Cov`.
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
      if (ddof < 0) throw invalid_parameter("Cov", "ddof", ">= 0");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(ddof);
    }
  };

  static constexpr std::string_view name = "Cov";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (`ddof = 1`).
  Cov() = default;
  /// Validates and uses `params`.
  explicit Cov(const Params& params) : params_(params) { params_.validate(); }

  /// Adds the pair `(x, y)` with weight `w`. Throws `InvalidInput` for a non-finite `x` or `y` or
  /// a negative/non-finite `w`, leaving the state unchanged.
  void update(double x, double y, double w = 1.0) {
    check(x, y, w);
    if (w == 0.0) return;
    const double dx = x - mean_x_.get();
    mean_x_.update(x, w);
    mean_y_.update(y, w);
    co_moment_ += w * dx * (y - mean_y_.get());
  }

  /// Removes a previous `update(x, y, w)`. Throws `InvalidInput` for bad input or if the total
  /// weight would go below 0, leaving the state unchanged. A remainder within rounding error of
  /// 0 (`|n - w| <= 1e-9 w`) empties the statistic instead of throwing.
  void revert(double x, double y, double w = 1.0) {
    check(x, y, w);
    const double remaining = mean_x_.n() - w;
    if (remaining < -kRevertTolerance * w) {
      throw InvalidInput("Cov: cannot revert below a total weight of 0");
    }
    if (w == 0.0) return;
    if (remaining <= kRevertTolerance * w) {
      *this = Cov(params_);  // nothing left: drop the rounding residue
      return;
    }
    const double dx = x - mean_x_.get();
    mean_x_.revert(x, w);
    mean_y_.revert(y, w);
    co_moment_ -= w * dx * (y - mean_y_.get());
  }

  /// Current covariance: `C / (n - ddof)` when `n > ddof`, else 0.
  double get() const {
    const double n = mean_x_.n();
    const double ddof = static_cast<double>(params_.ddof);
    return n > ddof ? co_moment_ / (n - ddof) : 0.0;
  }
  /// Sum of weights seen.
  double n() const { return mean_x_.n(); }
  /// Running mean of `x`.
  const Mean& mean_x() const { return mean_x_; }
  /// Running mean of `y`.
  const Mean& mean_y() const { return mean_y_; }
  /// The co-moment `sum w (x - mean_x)(y - mean_y)`.
  double co_moment() const { return co_moment_; }

  /// Merges another covariance into this one, as if this had seen both streams.
  Cov& operator+=(const Cov& other) {
    const double n_a = mean_x_.n();
    const double n_b = other.mean_x_.n();
    const double total = n_a + n_b;
    double c = co_moment_ + other.co_moment_;
    if (total > 0.0) {
      c += (mean_x_.get() - other.mean_x_.get()) * (mean_y_.get() - other.mean_y_.get()) * n_a *
           n_b / total;
    }
    mean_x_ += other.mean_x_;
    mean_y_ += other.mean_y_;
    co_moment_ = c;
    return *this;
  }
  /// Removes a stream previously merged in (`(a + b) - b == a`).
  Cov& operator-=(const Cov& other) {
    mean_x_ -= other.mean_x_;
    mean_y_ -= other.mean_y_;
    const double n_a = mean_x_.n();
    const double n_b = other.mean_x_.n();
    if (n_a == 0.0) {
      co_moment_ = 0.0;
      return *this;
    }
    co_moment_ = co_moment_ - other.co_moment_ -
                 (mean_x_.get() - other.mean_x_.get()) * (mean_y_.get() - other.mean_y_.get()) *
                     n_a * n_b / (n_a + n_b);
    return *this;
  }
  /// Merged copy.
  friend Cov operator+(Cov a, const Cov& b) { return a += b; }
  /// Copy with `b` removed.
  friend Cov operator-(Cov a, const Cov& b) { return a -= b; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and state; loaded parameters are validated (`CheckpointError`).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Cov: checkpoint from a newer version");
    ar(params_, mean_x_, mean_y_, co_moment_);
    if constexpr (Archive::is_loading::value) {
      try {
        params_.validate();
      } catch (const std::invalid_argument& e) {
        throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
      }
    }
  }

  friend bool operator==(const Cov&, const Cov&) = default;

 private:
  static void check(double x, double y, double w) {
    require_finite(x, name, "x");
    require_finite(y, name, "y");
    require_weight(w, name);
  }

  // Relative slack on the total weight when reverting, for weights that do not add up exactly.
  static constexpr double kRevertTolerance = 1e-9;

  Params params_{};
  Mean mean_x_{};
  Mean mean_y_{};
  double co_moment_ = 0.0;
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::Cov, streamwise::stats::Cov::class_version)
