#pragma once
/// @file
/// Node storage of `ExtremelyFastDecisionTreeClassifier`: every node, branch or leaf, keeps a
/// learning record (class weights and splitters), because the tree keeps learning at its
/// branches to re-evaluate their splits.

#include <cstdint>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/features.hpp"
#include "streamwise/tree/detail/class_dist.hpp"
#include "streamwise/tree/detail/tree_nodes.hpp"

namespace streamwise::tree::detail {

/// One node of an extremely fast decision tree. A leaf has `kind == SplitKind::none`; a branch
/// tests `feature`. Both learn through `state`: a leaf as a Hoeffding tree leaf does, a branch
/// by adding every sample that passes through it to its class weights and splitters (a branch
/// keeps the record of the leaf it grew from). Children have larger indices than their parent.
template <class Splitter>
struct EfdtNode {
  SplitKind kind = SplitKind::none;     ///< Leaf, or the test of a branch.
  FeatureId feature = 0;                ///< Tested feature (branches).
  double value = 0.0;                   ///< Threshold or nominal value (binary branches).
  std::vector<std::uint32_t> children;  ///< Child node indices (branches).
  std::vector<double> branch_values;    ///< Multiway: the nominal value of each child.
  double last_reevaluation_at = 0.0;    ///< Branches: weight when the split was last (re)set.
  Leaf<Splitter> state;                 ///< Class weights, splitters, depth, leaf counters.

  /// True for a leaf.
  bool is_leaf() const { return kind == SplitKind::none; }

  /// Saves or restores the node; throws `CheckpointError` for an unknown node kind.
  template <class Archive>
  void serialize(Archive& ar) {
    auto k = static_cast<std::uint8_t>(kind);
    ar(k, feature, value, children, branch_values, last_reevaluation_at, state);
    if constexpr (Archive::is_loading::value) {
      require_consistent(k <= 3, "ExtremelyFastDecisionTreeClassifier", "has an unknown node kind");
      kind = static_cast<SplitKind>(k);
    }
  }
  /// Field-wise equality.
  friend bool operator==(const EfdtNode&, const EfdtNode&) = default;
};

}  // namespace streamwise::tree::detail
