#pragma once
/// @file
/// Gini split criterion, River's `GiniSplitCriterion`.

#include <limits>
#include <span>
#include <string_view>

#include "streamwise/tree/criteria/info_gain_criterion.hpp"
#include "streamwise/tree/detail/class_dist.hpp"

namespace streamwise::tree {

/// Gini: `1 - sum_b (w_b / w) * gini_b`, where `gini_b = 1 - sum_c p_c^2` in branch `b`. Like
/// information gain it is `-inf` unless two branches hold more than `min_branch_fraction` of
/// the weight. The merit ranges over 1.
///
/// ```cpp
/// streamwise::tree::GiniCriterion c{0.01};
/// double m = c.merit_of_split(pre, children);
/// ```
struct GiniCriterion {
  /// The `split_criterion` string that selects this criterion.
  static constexpr std::string_view name = "gini";
  /// Smallest share of the weight a branch must hold to count.
  double min_branch_fraction = 0.01;

  /// Merit of splitting `pre` into `post`.
  double merit_of_split(const detail::ClassDist& /*pre*/,
                        std::span<const detail::ClassDist> post) const {
    if (detail::num_subsets_greater_than_frac(post, min_branch_fraction) < 2) {
      return -std::numeric_limits<double>::infinity();
    }
    double total = 0.0;
    for (const auto& d : post) total += d.total();
    double gini = 0.0;
    for (const auto& d : post) {
      const double w = d.total();
      gini += (w / total) * impurity(d, w);
    }
    return 1.0 - gini;
  }
  /// The merit ranges over 1.
  static double range_of_merit(const detail::ClassDist& /*pre*/) { return 1.0; }
  /// Gini impurity of `dist` whose weights sum to `sum` (1 when `sum` is 0).
  static double impurity(const detail::ClassDist& dist, double sum) {
    double gini = 1.0;
    if (sum != 0.0) {
      for (const auto& e : dist.entries()) {
        const double p = e.weight / sum;
        gini -= p * p;
      }
    }
    return gini;
  }
};

}  // namespace streamwise::tree
