#pragma once
/// @file
/// Information gain split criterion, River's `InfoGainSplitCriterion`.

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string_view>

#include "streamwise/tree/detail/class_dist.hpp"

namespace streamwise::tree {

namespace detail {
/// How many branches hold more than `min_frac` of the total weight (River's
/// `num_subsets_greater_than_frac`; 0 when the total is 0).
inline int num_subsets_greater_than_frac(std::span<const ClassDist> dists, double min_frac,
                                         bool guard_zero_total = true) {
  double total = 0.0;
  constexpr std::size_t stack = 16;
  double sums_stack[stack];
  std::vector<double> sums_heap;
  double* sums = sums_stack;
  if (dists.size() > stack) {
    sums_heap.resize(dists.size());
    sums = sums_heap.data();
  }
  for (std::size_t i = 0; i < dists.size(); ++i) {
    sums[i] = dists[i].total();
    total += sums[i];
  }
  int n = 0;
  if (total > 0.0 || !guard_zero_total) {
    for (std::size_t i = 0; i < dists.size(); ++i) {
      if (sums[i] / total > min_frac) ++n;
    }
  }
  return n;
}
}  // namespace detail

/// Information gain: entropy before the split minus the weighted entropy of the branches. A
/// split that leaves fewer than two branches with more than `min_branch_fraction` of the weight
/// is worth `-inf`. The merit ranges over `log2(max(2, #classes))`.
///
/// ```cpp
/// streamwise::tree::InfoGainCriterion c{0.01};
/// double r = c.range_of_merit(pre);               // 1 for two classes
/// double m = c.merit_of_split(pre, children);     // in [0, r]
/// ```
struct InfoGainCriterion {
  /// The `split_criterion` string that selects this criterion.
  static constexpr std::string_view name = "info_gain";
  /// Smallest share of the weight a branch must hold to count.
  double min_branch_fraction = 0.01;

  /// Merit of splitting `pre` into `post`.
  double merit_of_split(const detail::ClassDist& pre,
                        std::span<const detail::ClassDist> post) const {
    if (detail::num_subsets_greater_than_frac(post, min_branch_fraction) < 2) {
      return -std::numeric_limits<double>::infinity();
    }
    return entropy(pre) - entropy(post);
  }
  /// Range of the merit: `log2(max(2, number of classes in pre))`.
  static double range_of_merit(const detail::ClassDist& pre) {
    const std::size_t n = pre.size() > 2 ? pre.size() : 2;
    return std::log2(static_cast<double>(n));
  }
  /// Entropy (bits) of one distribution; 0 when empty.
  static double entropy(const detail::ClassDist& dist) {
    double h = 0.0;
    double sum = 0.0;
    for (const auto& e : dist.entries()) {
      if (e.weight > 0.0) {
        h -= e.weight * std::log2(e.weight);
        sum += e.weight;
      }
    }
    return sum > 0.0 ? (h + sum * std::log2(sum)) / sum : 0.0;
  }
  /// Weighted mean entropy of several distributions.
  static double entropy(std::span<const detail::ClassDist> dists) {
    double total = 0.0;
    double h = 0.0;
    for (const auto& d : dists) total += d.total();
    for (const auto& d : dists) h += d.total() * entropy(d);
    return h / total;
  }
};

}  // namespace streamwise::tree
