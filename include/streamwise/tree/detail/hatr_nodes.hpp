#pragma once
/// @file
/// Linked nodes of `HoeffdingAdaptiveTreeRegressor`: every node (leaf or branch) owns a drift
/// detector and an error tracker, and a branch may own an alternate subtree. Nodes are linked
/// by owning pointers because River's adaptive tree swaps whole subtrees while a detached one
/// is still finishing the current sample; an index arena would have to be compacted after
/// every swap.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/drift/adwin.hpp"
#include "streamwise/tree/detail/target_var.hpp"
#include "streamwise/tree/hoeffding_tree_regressor.hpp"

namespace streamwise::tree::detail {

/// One node of the adaptive regression tree. A leaf holds `leaf` (its learning state); a
/// branch holds its test, its target statistics, its children and maybe an alternate subtree.
template <class Splitter, class Model>
struct HatrNode {
  using Leaf = RegLeaf<Splitter, Model>;

  std::optional<Leaf> leaf;                         ///< Set for leaves only.
  drift::ADWIN detector{};                          ///< Watches the absolute error.
  TargetVar error{};                                ///< River's `_error_tracker` (unit weights).
  std::uint32_t depth = 0;                          ///< Node depth (River's `depth`).
  SplitKind kind = SplitKind::none;                 ///< Branch test (none for leaves).
  FeatureId feature = 0;                            ///< Tested feature.
  double value = 0.0;                               ///< Threshold or nominal value.
  std::vector<double> branch_values;                ///< Multiway: the value of each child.
  TargetVar stats{};                                ///< Branch target statistics.
  std::vector<std::unique_ptr<HatrNode>> children;  ///< Branch children.
  std::unique_ptr<HatrNode> alternate;              ///< Alternate subtree, if any.

  HatrNode() = default;
  /// Deep copy (subtrees included).
  HatrNode(const HatrNode& o)
      : leaf(o.leaf),
        detector(o.detector),
        error(o.error),
        depth(o.depth),
        kind(o.kind),
        feature(o.feature),
        value(o.value),
        branch_values(o.branch_values),
        stats(o.stats) {
    children.reserve(o.children.size());
    for (const auto& c : o.children) children.push_back(std::make_unique<HatrNode>(*c));
    if (o.alternate) alternate = std::make_unique<HatrNode>(*o.alternate);
  }
  /// Deep copy assignment.
  HatrNode& operator=(const HatrNode& o) {
    if (this != &o) {
      HatrNode copy(o);
      *this = std::move(copy);
    }
    return *this;
  }
  HatrNode(HatrNode&&) noexcept = default;
  HatrNode& operator=(HatrNode&&) noexcept = default;
  ~HatrNode() = default;

  /// True for a leaf.
  bool is_leaf() const { return leaf.has_value(); }

  /// The node's own fields (no links).
  template <class Archive>
  void serialize_fields(Archive& ar) {
    auto k = static_cast<std::uint8_t>(kind);
    ar(leaf, detector, error, depth, k, feature, value, branch_values, stats);
    if constexpr (Archive::is_loading::value) {
      require_consistent(k <= 3, "HoeffdingAdaptiveTreeRegressor", "has an unknown node kind");
      kind = static_cast<SplitKind>(k);
    }
  }

  /// Deep comparison (subtrees included).
  friend bool operator==(const HatrNode& a, const HatrNode& b) {
    if (!(a.leaf == b.leaf && a.detector == b.detector && a.error == b.error &&
          a.depth == b.depth && a.kind == b.kind && a.feature == b.feature && a.value == b.value &&
          a.branch_values == b.branch_values && a.stats == b.stats &&
          a.children.size() == b.children.size() &&
          static_cast<bool>(a.alternate) == static_cast<bool>(b.alternate))) {
      return false;
    }
    for (std::size_t i = 0; i < a.children.size(); ++i) {
      if (!(*a.children[i] == *b.children[i])) return false;
    }
    return !a.alternate || *a.alternate == *b.alternate;
  }
};

}  // namespace streamwise::tree::detail
