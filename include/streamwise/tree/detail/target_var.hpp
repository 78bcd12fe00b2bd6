#pragma once
/// @file
/// The target statistics of regression trees: River's `stats.Var` (ddof = 1) with its update,
/// merge (`+=`) and removal (`-=`) formulas, operation for operation.

#include <limits>
#include <vector>

#include <cereal/cereal.hpp>

#include "streamwise/core/features.hpp"
#include "streamwise/tree/detail/class_dist.hpp"

namespace streamwise::tree::detail {

/// Weighted running mean and variance of the target, mergeable as River's `stats.Var`.
struct TargetVar {
  double n = 0.0;     ///< Sum of weights.
  double mean = 0.0;  ///< Running mean.
  double s = 0.0;     ///< Sum of squared deviations.

  /// Adds `y` with weight `w` (Welford).
  void update(double y, double w) {
    const double mean_old = mean;
    n += w;
    mean += (w / n) * (y - mean);
    s += w * (y - mean_old) * (y - mean);
  }
  /// Sample variance (`ddof = 1`); 0 while `n <= 1`.
  double get() const { return n > 1.0 ? s / (n - 1.0) : 0.0; }

  /// Merges `other` in (River's `Var.__iadd__`).
  TargetVar& operator+=(const TargetVar& other) {
    const double d = mean - other.mean;
    const double merged_s = s + other.s + d * d * n * other.n / (n + other.n);
    const double old_n = n;
    n += other.n;
    mean = (old_n * mean + other.n * other.mean) / n;
    s = merged_s;
    return *this;
  }
  /// Removes `other` (River's `Var.__isub__`: the mean first, then the squared deviations with
  /// the updated mean).
  TargetVar& operator-=(const TargetVar& other) {
    const double old_n = n;
    n -= other.n;
    if (n > 0.0) {
      mean = (old_n * mean - other.n * other.mean) / n;
    } else {
      n = 0.0;
      mean = 0.0;
    }
    const double d = mean - other.mean;
    s = s - other.s - d * d * n * other.n / (n + other.n);
    return *this;
  }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(n, mean, s);
  }
  friend bool operator==(const TargetVar&, const TargetVar&) = default;
};

/// A regression split candidate: merit, test, and the target statistics of each child.
struct RegSplitSuggestion {
  double merit = -std::numeric_limits<double>::infinity();  ///< Criterion value.
  SplitKind kind = SplitKind::none;                         ///< Test kind (none: null split).
  FeatureId feature = 0;                                    ///< Tested feature.
  double value = 0.0;                                       ///< Threshold or nominal value.
  std::vector<double> values;                               ///< Multiway: value per child.
  std::vector<TargetVar> children;                          ///< Target statistics per child.
};

}  // namespace streamwise::tree::detail
