#pragma once
/// @file
/// Variance reduction split criterion, River's `VarianceReductionSplitCriterion`.

#include <span>
#include <string_view>

#include "streamwise/tree/detail/target_var.hpp"

namespace streamwise::tree {

/// Variance reduction: the target's sample variance before the split minus the weighted
/// variances of the branches, or 0 unless every branch holds at least `min_samples_split`
/// weight. Regression trees compare merits by their ratio, so the range is 1.
///
/// ```cpp
/// streamwise::tree::VarianceReductionCriterion c{5};
/// double m = c.merit_of_split(pre, children);
/// ```
struct VarianceReductionCriterion {
  /// Least weight each branch must hold.
  double min_samples_split = 5;

  /// Merit of splitting `pre` into `post`.
  double merit_of_split(const detail::TargetVar& pre,
                        std::span<const detail::TargetVar> post) const {
    double vr = 0.0;
    const double n = pre.n;
    std::size_t count = 0;
    for (const auto& d : post) {
      if (d.n >= min_samples_split) ++count;
    }
    if (count == post.size()) {
      vr = pre.get();
      for (const auto& d : post) vr -= d.n / n * d.get();
    }
    return vr;
  }
  /// The ratio of merits ranges over 1.
  static double range_of_merit(const detail::TargetVar& /*pre*/) { return 1.0; }
};

}  // namespace streamwise::tree
