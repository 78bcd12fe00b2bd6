#pragma once
/// @file
/// The split criterion chosen at run time by its River name ("info_gain", "gini",
/// "hellinger"): the default `Criterion` policy of `HoeffdingTreeClassifier`.

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "streamwise/tree/criteria/gini_criterion.hpp"
#include "streamwise/tree/criteria/hellinger_criterion.hpp"
#include "streamwise/tree/criteria/info_gain_criterion.hpp"
#include "streamwise/tree/detail/class_dist.hpp"

namespace streamwise::tree {

/// Dispatches to `InfoGainCriterion`, `GiniCriterion` or `HellingerCriterion` according to the
/// tree's `split_criterion` parameter (a switch, no virtual call). `name` is empty: any of the
/// three names is accepted.
///
/// ```cpp
/// auto c = streamwise::tree::NamedCriterion::from_name("gini", 0.01);
/// double m = c.merit_of_split(pre, children);
/// ```
struct NamedCriterion {
  /// Empty: this policy accepts every criterion name.
  static constexpr std::string_view name = "";
  /// Which criterion.
  enum class Kind { info_gain, gini, hellinger };
  Kind kind = Kind::info_gain;        ///< The selected criterion.
  double min_branch_fraction = 0.01;  ///< Passed to the selected criterion.

  /// True when `criterion` names one of the three criteria.
  static bool known(std::string_view criterion) {
    return criterion == InfoGainCriterion::name || criterion == GiniCriterion::name ||
           criterion == HellingerCriterion::name;
  }
  /// The criterion called `criterion`; throws `std::invalid_argument` for another name.
  static NamedCriterion from_name(std::string_view criterion, double min_branch_fraction) {
    NamedCriterion c;
    c.min_branch_fraction = min_branch_fraction;
    if (criterion == InfoGainCriterion::name) {
      c.kind = Kind::info_gain;
    } else if (criterion == GiniCriterion::name) {
      c.kind = Kind::gini;
    } else if (criterion == HellingerCriterion::name) {
      c.kind = Kind::hellinger;
    } else {
      throw std::invalid_argument("unknown split criterion " + std::string(criterion));
    }
    return c;
  }

  /// Merit of splitting `pre` into `post` under the selected criterion.
  double merit_of_split(const detail::ClassDist& pre,
                        std::span<const detail::ClassDist> post) const {
    switch (kind) {
      case Kind::gini:
        return GiniCriterion{min_branch_fraction}.merit_of_split(pre, post);
      case Kind::hellinger:
        return HellingerCriterion{min_branch_fraction}.merit_of_split(pre, post);
      case Kind::info_gain:
      default:
        return InfoGainCriterion{min_branch_fraction}.merit_of_split(pre, post);
    }
  }
  /// Range of the merit under the selected criterion.
  double range_of_merit(const detail::ClassDist& pre) const {
    switch (kind) {
      case Kind::gini:
        return GiniCriterion::range_of_merit(pre);
      case Kind::hellinger:
        return HellingerCriterion::range_of_merit(pre);
      case Kind::info_gain:
      default:
        return InfoGainCriterion::range_of_merit(pre);
    }
  }
};

}  // namespace streamwise::tree
