#pragma once
/// @file
/// Flat node storage of the Hoeffding trees: nodes refer to each other by index, leaves keep
/// their class weights and one splitter per feature, in River's insertion order.

#include <cstddef>
#include <cstdint>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/features.hpp"
#include "streamwise/tree/detail/class_dist.hpp"
#include "streamwise/tree/splitters/nominal_splitter.hpp"

namespace streamwise::tree {

/// Counts that describe a tree's shape (River's `summary`).
struct TreeSummary {
  std::size_t n_nodes = 0;             ///< Branches and leaves.
  std::size_t n_branches = 0;          ///< Internal nodes.
  std::size_t n_leaves = 0;            ///< Leaves.
  std::int64_t n_active_leaves = 0;    ///< Leaves that still learn splitters.
  std::int64_t n_inactive_leaves = 0;  ///< Leaves that only count classes.
  std::size_t height = 0;              ///< Levels (0 for an empty tree, 1 for a lone leaf).
  double total_observed_weight = 0;    ///< Weight of every sample learnt.
  friend bool operator==(const TreeSummary&, const TreeSummary&) = default;
};

}  // namespace streamwise::tree

namespace streamwise::tree::detail {

/// A node of the tree: a leaf (`kind == SplitKind::none`) pointing at its `Leaf` record, or a
/// branch testing `feature`. Children always have larger indices than their parent.
struct Node {
  SplitKind kind = SplitKind::none;     ///< Leaf, or the test of a branch.
  std::uint32_t depth = 0;              ///< Distance from the root.
  FeatureId feature = 0;                ///< Tested feature (branches).
  double value = 0.0;                   ///< Threshold or nominal value (binary branches).
  std::uint32_t leaf = 0;               ///< Index into the leaf records (leaves).
  std::vector<std::uint32_t> children;  ///< Child node indices (branches).
  std::vector<double> branch_values;    ///< Multiway: the nominal value of each child.

  /// True for a leaf.
  bool is_leaf() const { return kind == SplitKind::none; }

  template <class Archive>
  void serialize(Archive& ar) {
    auto k = static_cast<std::uint8_t>(kind);
    ar(k, depth, feature, value, leaf, children, branch_values);
    if constexpr (Archive::is_loading::value) {
      require_consistent(k <= 3, "HoeffdingTree", "has an unknown node kind");
      kind = static_cast<SplitKind>(k);
    }
  }
  friend bool operator==(const Node&, const Node&) = default;
};

/// Where a leaf keeps the splitter of one feature.
struct Slot {
  FeatureId feature = 0;    ///< Watched feature.
  std::uint32_t index = 0;  ///< Index into the leaf's numeric or nominal splitters.
  bool nominal = false;     ///< Which of the two lists.

  template <class Archive>
  void serialize(Archive& ar) {
    ar(feature, index, nominal);
  }
  friend bool operator==(const Slot&, const Slot&) = default;
};

/// A leaf's learning state (River's `HTLeaf` with the majority-class / naive Bayes fields).
template <class Splitter>
struct Leaf {
  ClassDist stats;                       ///< Class weights, insertion order.
  std::uint32_t depth = 0;               ///< Depth of the leaf.
  bool active = true;                    ///< Inactive leaves keep no splitters.
  double last_split_attempt_at = 0.0;    ///< Weight at the last split attempt.
  double mc_correct = 0.0;               ///< nba: weight the majority class got right.
  double nb_correct = 0.0;               ///< nba: weight naive Bayes got right.
  std::vector<Slot> slots;               ///< One per watched feature, first-seen order.
  std::vector<std::int32_t> slot_of;     ///< Feature id -> position in `slots`, or -1.
  std::vector<Splitter> numeric;         ///< Numeric splitters.
  std::vector<NominalSplitter> nominal;  ///< Nominal splitters.
  std::vector<std::uint8_t> disabled;    ///< Feature id -> 1 when removed as poor.

  /// Position in `slots` of feature `f`'s splitter, or -1.
  std::int32_t slot_for(FeatureId f) const { return f < slot_of.size() ? slot_of[f] : -1; }
  /// True when feature `f` was removed as a poor attribute.
  bool is_disabled(FeatureId f) const { return f < disabled.size() && disabled[f] != 0; }

  /// Drops every splitter (River's `deactivate`: `splitters = None`).
  void drop_splitters() {
    std::vector<Slot>().swap(slots);
    std::vector<std::int32_t>().swap(slot_of);
    std::vector<Splitter>().swap(numeric);
    std::vector<NominalSplitter>().swap(nominal);
  }

  /// Approximate bytes held by this leaf (object and heap).
  std::size_t memory_size() const {
    std::size_t n = sizeof(*this) + stats.memory_size() + slots.capacity() * sizeof(Slot) +
                    slot_of.capacity() * sizeof(std::int32_t) + disabled.capacity();
    for (const auto& s : numeric) n += s.memory_size();
    for (const auto& s : nominal) n += s.memory_size();
    n += (numeric.capacity() - numeric.size()) * sizeof(Splitter);
    n += (nominal.capacity() - nominal.size()) * sizeof(NominalSplitter);
    return n;
  }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(stats, depth, active, last_split_attempt_at, mc_correct, nb_correct, slots, slot_of, numeric,
       nominal, disabled);
  }
  friend bool operator==(const Leaf&, const Leaf&) = default;
};

/// A scratch buffer that never takes part in comparisons (a cache, not state).
struct Scratch {
  std::vector<double> values;  ///< The buffer.
  friend bool operator==(const Scratch&, const Scratch&) { return true; }
};

}  // namespace streamwise::tree::detail
