#pragma once
/// @file
/// Extended binary search tree splitter for regression trees, River's
/// `tree.splitter.EBSTSplitter`.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/tree/criteria/variance_reduction_criterion.hpp"
#include "streamwise/tree/detail/class_dist.hpp"
#include "streamwise/tree/detail/target_var.hpp"

namespace streamwise::tree {

namespace detail {

/// The E-BST shared by `EBSTSplitter` and `TEBSTSplitter`: one node per distinct value with the
/// target statistics of every value at or below it within its subtree (River's `EBSTNode`).
class Ebst {
 public:
  /// One distinct value.
  struct Node {
    double value = 0.0;       ///< The feature value.
    TargetVar estimator;      ///< Targets of values <= value in this subtree.
    std::int32_t left = -1;   ///< Smaller values, or -1.
    std::int32_t right = -1;  ///< Larger values, or -1.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(value, estimator, left, right);
    }
    friend bool operator==(const Node&, const Node&) = default;
  };

  /// Inserts value `x` with target `y` and weight `w` (River's `insert_value`).
  void insert(double x, double y, double w) {
    if (root_ < 0) {
      root_ = push(x, y, w);
      return;
    }
    std::int32_t cur = root_;
    for (;;) {
      Node& n = nodes_[static_cast<std::size_t>(cur)];
      if (x == n.value) {
        n.estimator.update(y, w);
        return;
      }
      if (x < n.value) {
        n.estimator.update(y, w);
        if (n.left < 0) {
          const std::int32_t idx = push(x, y, w);
          nodes_[static_cast<std::size_t>(cur)].left = idx;
          return;
        }
        cur = n.left;
      } else {
        if (n.right < 0) {
          const std::int32_t idx = push(x, y, w);
          nodes_[static_cast<std::size_t>(cur)].right = idx;
          return;
        }
        cur = n.right;
      }
    }
  }

  /// River's in-order search for the best `x <= value` split.
  void best_split(const VarianceReductionCriterion& criterion, const TargetVar& pre,
                  FeatureId feature, RegSplitSuggestion& best) const {
    if (root_ < 0) return;
    enum Op : std::uint8_t { descend, add_aux, sub_aux, process };
    std::vector<std::pair<Op, std::int32_t>> ops{{descend, root_}};
    TargetVar aux;
    while (!ops.empty()) {
      const auto [op, i] = ops.back();
      ops.pop_back();
      const Node& n = nodes_[static_cast<std::size_t>(i)];
      switch (op) {
        case descend:
          if (n.right >= 0) {
            ops.emplace_back(sub_aux, i);
            ops.emplace_back(descend, n.right);
            ops.emplace_back(add_aux, i);
          }
          ops.emplace_back(process, i);
          if (n.left >= 0) ops.emplace_back(descend, n.left);
          break;
        case add_aux:
          aux += n.estimator;
          break;
        case sub_aux:
          aux -= n.estimator;
          break;
        case process: {
          TargetVar post[2] = {n.estimator, pre};
          post[0] += aux;
          post[1] -= post[0];
          const double merit = criterion.merit_of_split(pre, std::span<const TargetVar>(post, 2));
          if (merit > best.merit) {
            best.merit = merit;
            best.kind = SplitKind::numeric_binary;
            best.feature = feature;
            best.value = n.value;
            best.values.clear();
            best.children.assign(post, post + 2);
          }
          break;
        }
      }
    }
  }

  /// River's `remove_bad_splits`: prunes subtrees whose every split point is much worse than
  /// the best one of the last failed split attempt.
  void remove_bad_splits(const VarianceReductionCriterion& criterion, double last_check_ratio,
                         double last_check_vr, double last_check_e, const TargetVar& pre) {
    if (root_ < 0) return;
    enum Phase : std::uint8_t { left_phase, right_phase, eval_phase };
    struct Frame {
      std::int32_t node;
      std::int32_t parent;
      bool is_left;
      Phase phase;
      bool added;
    };
    std::vector<Frame> stack{{root_, -1, true, left_phase, false}};
    TargetVar aux;
    bool child_is_bad = false;
    while (!stack.empty()) {
      Frame& f = stack.back();
      Node& n = nodes_[static_cast<std::size_t>(f.node)];
      if (f.phase == left_phase) {
        f.phase = right_phase;
        if (n.left >= 0) {
          stack.push_back(Frame{n.left, f.node, true, left_phase, false});
        } else {
          child_is_bad = true;
        }
        continue;
      }
      if (f.phase == right_phase) {
        if (!child_is_bad) {
          stack.pop_back();
          child_is_bad = false;
          continue;
        }
        f.phase = eval_phase;
        if (n.right >= 0) {
          aux += n.estimator;
          f.added = true;
          stack.push_back(Frame{n.right, f.node, false, left_phase, false});
        } else {
          child_is_bad = true;
        }
        continue;
      }
      if (f.added) aux -= n.estimator;
      const bool is_bad = child_is_bad;
      const Frame done = f;
      stack.pop_back();
      if (is_bad) {
        TargetVar post[2] = {n.estimator, pre};
        post[0] += aux;
        post[1] -= post[0];
        const double merit = criterion.merit_of_split(pre, std::span<const TargetVar>(post, 2));
        if (merit / last_check_vr < last_check_ratio - 2.0 * last_check_e) {
          n.left = -1;
          n.right = -1;
          if (done.parent < 0) {
            root_ = -1;
          } else if (done.is_left) {
            nodes_[static_cast<std::size_t>(done.parent)].left = -1;
          } else {
            nodes_[static_cast<std::size_t>(done.parent)].right = -1;
          }
          child_is_bad = true;
          continue;
        }
      }
      child_is_bad = false;
    }
    compact();
  }

  /// Nodes reachable from the root, in storage order (index 0 is the root when not empty).
  std::span<const Node> nodes() const { return nodes_; }
  /// Approximate heap bytes.
  std::size_t memory_size() const { return nodes_.capacity() * sizeof(Node); }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(root_, nodes_);
    if constexpr (Archive::is_loading::value) {
      require_consistent(root_ == -1 ? nodes_.empty() : root_ == 0 && !nodes_.empty(), "EBST",
                         "has an invalid root");
      for (std::size_t i = 0; i < nodes_.size(); ++i) {
        for (std::int32_t c : {nodes_[i].left, nodes_[i].right}) {
          require_consistent(c == -1 || (c > static_cast<std::int32_t>(i) &&
                                         static_cast<std::size_t>(c) < nodes_.size()),
                             "EBST", "has an invalid child index");
        }
      }
    }
  }
  friend bool operator==(const Ebst&, const Ebst&) = default;

 private:
  std::int32_t push(double x, double y, double w) {
    Node n;
    n.value = x;
    n.estimator.update(y, w);
    nodes_.push_back(n);
    return static_cast<std::int32_t>(nodes_.size() - 1);
  }
  // Drops unreachable nodes, renumbering in pre-order so children stay after their parent.
  void compact() {
    std::vector<Node> kept;
    if (root_ >= 0) {
      struct Item {
        std::int32_t old;
        std::int32_t parent;
        bool left;
      };
      std::vector<Item> todo{{root_, -1, true}};
      while (!todo.empty()) {
        const Item it = todo.back();
        todo.pop_back();
        const Node& src = nodes_[static_cast<std::size_t>(it.old)];
        const auto idx = static_cast<std::int32_t>(kept.size());
        kept.push_back(Node{src.value, src.estimator, -1, -1});
        if (it.parent >= 0) {
          (it.left ? kept[static_cast<std::size_t>(it.parent)].left
                   : kept[static_cast<std::size_t>(it.parent)].right) = idx;
        }
        if (src.right >= 0) todo.push_back(Item{src.right, idx, false});
        if (src.left >= 0) todo.push_back(Item{src.left, idx, true});
      }
      root_ = 0;
    }
    nodes_ = std::move(kept);
  }

  std::int32_t root_ = -1;
  std::vector<Node> nodes_;
};

}  // namespace detail

/// Watches one numeric feature in one regression leaf with an extended binary search tree
/// (Ikonomovska et al.; the iSOUP variant River uses): every distinct value is a candidate
/// threshold, evaluated exactly by an in-order traversal. Failed split attempts prune hopeless
/// subtrees (`remove_bad_splits`). Memory grows with the feature's cardinality; see
/// `TEBSTSplitter` for a rounded variant.
///
/// ```cpp
/// using Tree = streamwise::tree::HoeffdingTreeRegressor<streamwise::tree::EBSTSplitter>;
/// Tree model;
/// ```
class EBSTSplitter {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "EBSTSplitter";
  static constexpr std::uint32_t class_version = 1;

  EBSTSplitter() = default;
  /// Constructs from (empty) parameters, for uniformity.
  explicit EBSTSplitter(const Params&) {}

  /// Adds value `x` with target `y` and weight `w` (`w = 0` does nothing). Throws
  /// `InvalidInput`, unchanged, for a non-finite `x` or `y` or a bad weight.
  void update(double x, double y, double w) {
    require_finite(x, name);
    require_finite(y, name, "y");
    require_weight(w, name);
    if (w == 0.0) return;
    tree_.insert(x, y, w);
  }
  /// Writes the best threshold into `best` when it beats `best.merit`.
  void best_split(const VarianceReductionCriterion& criterion, const detail::TargetVar& pre,
                  FeatureId feature, bool /*binary_only*/, detail::RegSplitSuggestion& best) const {
    tree_.best_split(criterion, pre, feature, best);
  }
  /// Prunes split points much worse than the last failed attempt's best (FIMT-DD's rule).
  void remove_bad_splits(const VarianceReductionCriterion& criterion, double last_check_ratio,
                         double last_check_vr, double last_check_e, const detail::TargetVar& pre) {
    tree_.remove_bad_splits(criterion, last_check_ratio, last_check_vr, last_check_e, pre);
  }
  /// The search tree.
  const detail::Ebst& tree() const { return tree_; }
  /// Approximate bytes held.
  std::size_t memory_size() const { return sizeof(*this) + tree_.memory_size(); }
  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("EBSTSplitter: checkpoint from a newer version");
    }
    ar(tree_);
  }
  friend bool operator==(const EBSTSplitter&, const EBSTSplitter&) = default;

 private:
  [[no_unique_address]] Params params_{};
  detail::Ebst tree_;
};

}  // namespace streamwise::tree

CEREAL_CLASS_VERSION(streamwise::tree::EBSTSplitter, streamwise::tree::EBSTSplitter::class_version)
