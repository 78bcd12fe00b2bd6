#pragma once
/// @file
/// Running Pearson correlation, River's `stats.PearsonCorr`.

#include <cmath>
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

/// Running Pearson correlation of two variables: `Cov(x, y) / sqrt(Var(x) Var(y))`, all three
/// with the same `ddof`, and 0 while either variance is 0 (River's convention). Revertible, so
/// `Rolling<PearsonCorr>` works.
///
/// River keeps two `Var` and one `Cov`, each with its own copy of the means; this class shares
/// one pair of means between them, which gives the same numbers with less work.
///
/// ```cpp
/// streamwise::stats::PearsonCorr corr;
/// const double xs[] = {0, 0, 0, 1, 1, 1, 1}, ys[] = {0, 1, 2, 3, 4, 5, 6};
/// for (int i = 0; i < 7; ++i) corr.update(xs[i], ys[i]);
/// corr.get();  // 0.866025...
/// ```
class PearsonCorr {
 public:
  /// Hyper-parameters of `PearsonCorr`.
  struct Params {
    /// Delta degrees of freedom of the variances and the covariance.
    std::int32_t ddof = 1;

    /// Lists the fields for reflection.
    template <class V>
    void visit(V&& v) {
      v("ddof", ddof);
    }
    /// Throws `std::invalid_argument` unless `ddof >= 0`.
    void validate() const {
      if (ddof < 0) throw invalid_parameter("PearsonCorr", "ddof", ">= 0");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(ddof);
    }
  };

  static constexpr std::string_view name = "PearsonCorr";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (`ddof = 1`).
  PearsonCorr() = default;
  /// Validates and uses `params`.
  explicit PearsonCorr(const Params& params) : params_(params) { params_.validate(); }

  /// Adds the pair `(x, y)`. Throws `InvalidInput` for a non-finite `x` or `y`, leaving the
  /// state unchanged.
  void update(double x, double y) {
    check(x, y);
    const double old_x = mean_x_.get();
    const double old_y = mean_y_.get();
    mean_x_.update(x);
    mean_y_.update(y);
    sxx_ += (x - old_x) * (x - mean_x_.get());
    syy_ += (y - old_y) * (y - mean_y_.get());
    sxy_ += (x - old_x) * (y - mean_y_.get());
  }

  /// Removes a previous `update(x, y)`. Throws `InvalidInput` for bad input or when empty,
  /// leaving the state unchanged.
  void revert(double x, double y) {
    check(x, y);
    if (mean_x_.n() - 1.0 < 0.0) {
      throw InvalidInput("PearsonCorr: cannot revert below a total weight of 0");
    }
    const double old_x = mean_x_.get();
    const double old_y = mean_y_.get();
    mean_x_.revert(x);
    mean_y_.revert(y);
    if (mean_x_.n() == 0.0) {
      sxx_ = syy_ = sxy_ = 0.0;  // exact: nothing left, drop the rounding residue
      return;
    }
    sxx_ -= (x - old_x) * (x - mean_x_.get());
    syy_ -= (y - old_y) * (y - mean_y_.get());
    sxy_ -= (x - old_x) * (y - mean_y_.get());
  }

  /// Current correlation; 0 until both variances are non-zero.
  double get() const {
    const double n = mean_x_.n();
    const double ddof = static_cast<double>(params_.ddof);
    if (!(n > ddof)) return 0.0;
    const double var_x = sxx_ / (n - ddof);
    const double var_y = syy_ / (n - ddof);
    if (var_x == 0.0 || var_y == 0.0) return 0.0;
    return (sxy_ / (n - ddof)) / std::sqrt(var_x * var_y);
  }
  /// Number of pairs seen.
  double n() const { return mean_x_.n(); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and state; loaded parameters are validated (`CheckpointError`).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("PearsonCorr: checkpoint from a newer version");
    }
    ar(params_, mean_x_, mean_y_, sxx_, syy_, sxy_);
    if constexpr (Archive::is_loading::value) {
      try {
        params_.validate();
      } catch (const std::invalid_argument& e) {
        throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
      }
    }
  }

  friend bool operator==(const PearsonCorr&, const PearsonCorr&) = default;

 private:
  static void check(double x, double y) {
    require_finite(x, name, "x");
    require_finite(y, name, "y");
  }

  Params params_{};
  Mean mean_x_{};
  Mean mean_y_{};
  double sxx_ = 0.0;  // sum of squared deviations of x
  double syy_ = 0.0;  // sum of squared deviations of y
  double sxy_ = 0.0;  // co-moment of x and y
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::PearsonCorr, streamwise::stats::PearsonCorr::class_version)
