#pragma once
/// @file
/// Hellinger distance split criterion, River's `HellingerDistanceCriterion`.

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string_view>

#include "streamwise/tree/criteria/info_gain_criterion.hpp"
#include "streamwise/tree/detail/class_dist.hpp"

namespace streamwise::tree {

/// Hellinger distance between the first two branches, for the binary problem of class 1
/// (positive) against class 0 (negative); classes with other ids are ignored, as in River. A
/// branch without both classes 0 and 1 makes the merit 0. `-inf` unless two branches hold more
/// than `min_branch_fraction` of the weight. The merit ranges over `log2(max(2, #classes))`.
///
/// ```cpp
/// streamwise::tree::HellingerCriterion c{0.01};
/// double m = c.merit_of_split(pre, children);
/// ```
struct HellingerCriterion {
  /// The `split_criterion` string that selects this criterion.
  static constexpr std::string_view name = "hellinger";
  /// Smallest share of the weight a branch must hold to count.
  double min_branch_fraction = 0.01;

  /// Merit of splitting `pre` into `post`.
  double merit_of_split(const detail::ClassDist& /*pre*/,
                        std::span<const detail::ClassDist> post) const {
    // River divides by the total without checking it here.
    if (detail::num_subsets_greater_than_frac(post, min_branch_fraction, false) < 2) {
      return -std::numeric_limits<double>::infinity();
    }
    const double* lp = post[0].find(1);
    const double* ln = post[0].find(0);
    const double* rp = post[1].find(1);
    const double* rn = post[1].find(0);
    if (lp == nullptr || ln == nullptr || rp == nullptr || rn == nullptr) return 0.0;
    const double total_negative = *ln + *rn;
    const double total_positive = *lp + *rp;
    const double a = std::sqrt(*ln / total_negative) - std::sqrt(*lp / total_positive);
    const double b = std::sqrt(*rn / total_negative) - std::sqrt(*rp / total_positive);
    return std::sqrt(a * a + b * b);
  }
  /// Range of the merit: `log2(max(2, number of classes in pre))`.
  static double range_of_merit(const detail::ClassDist& pre) {
    const std::size_t n = pre.size() > 2 ? pre.size() : 2;
    return std::log2(static_cast<double>(n));
  }
};

}  // namespace streamwise::tree
