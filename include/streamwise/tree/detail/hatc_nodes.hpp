#pragma once
/// @file
/// Node storage of `HoeffdingAdaptiveTreeClassifier`: one record per node holding the leaf
/// state (leaves), the test and children (branches), and what every adaptive node keeps: its
/// drift detector, its running error and, for branches, an alternate subtree.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/drift/adwin.hpp"
#include "streamwise/tree/detail/class_dist.hpp"
#include "streamwise/tree/detail/tree_nodes.hpp"

namespace streamwise::tree::detail {

/// "No node" marker of `AdaNode` links.
inline constexpr std::uint32_t ada_no_node = std::numeric_limits<std::uint32_t>::max();

/// One node of a Hoeffding adaptive tree (River's `AdaLeafClassifier` / `AdaBranchClassifier`).
template <class Splitter>
struct AdaNode {
  SplitKind kind = SplitKind::none;       ///< Leaf, or the test of a branch.
  std::uint32_t depth = 0;                ///< Depth (an alternate leaf has its branch's).
  FeatureId feature = 0;                  ///< Tested feature (branches).
  double value = 0.0;                     ///< Threshold or nominal value (binary branches).
  std::vector<std::uint32_t> children;    ///< Child node indices (branches).
  std::vector<double> branch_values;      ///< Multiway: the nominal value of each child.
  std::uint32_t alternate = ada_no_node;  ///< Alternate subtree of a branch, or none.
  ClassDist branch_stats;                 ///< Branches: class weights routed through.
  Leaf<Splitter> leaf;                    ///< Leaves: class weights and splitters.
  drift::ADWIN detector;                  ///< Watches this node's 0/1 errors.
  double error_n = 0.0;                   ///< Errors counted (River's `_mean_error.n`).
  double error_mean = 0.0;                ///< Running error rate (`_mean_error.get()`).

  /// True for a leaf.
  bool is_leaf() const { return kind == SplitKind::none; }

  /// River's `stats.Mean.update(x)` on the error estimate.
  void update_error(double x) {
    error_n += 1.0;
    error_mean += (1.0 / error_n) * (x - error_mean);
  }
  /// Forgets the error estimate (River replaces the `Mean` by a fresh clone).
  void reset_error() {
    error_n = 0.0;
    error_mean = 0.0;
  }

  template <class Archive>
  void serialize(Archive& ar) {
    auto k = static_cast<std::uint8_t>(kind);
    ar(k, depth, feature, value, children, branch_values, alternate, branch_stats, leaf, detector,
       error_n, error_mean);
    if constexpr (Archive::is_loading::value) {
      require_consistent(k <= 3, "HoeffdingAdaptiveTreeClassifier", "has an unknown node kind");
      kind = static_cast<SplitKind>(k);
    }
  }
  friend bool operator==(const AdaNode&, const AdaNode&) = default;
};

}  // namespace streamwise::tree::detail
