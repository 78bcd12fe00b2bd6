#pragma once
/// @file
/// Exhaustive numeric splitter for classification trees, River's
/// `tree.splitter.ExhaustiveSplitter`.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/tree/detail/class_dist.hpp"

namespace streamwise::tree {

namespace detail {
/// `Counter(a) + Counter(b)`: the sums that stay positive, a's keys first.
inline ClassDist counter_add(const ClassDist& a, const ClassDist& b) {
  ClassDist out;
  for (const auto& e : a.entries()) {
    const double* o = b.find(e.cls);
    const double n = e.weight + (o ? *o : 0.0);
    if (n > 0.0) out.append(e.cls, n);
  }
  for (const auto& e : b.entries()) {
    if (a.find(e.cls) == nullptr && e.weight > 0.0) out.append(e.cls, e.weight);
  }
  return out;
}
/// `Counter(a) - Counter(b)`: the differences that stay positive, a's keys first.
inline ClassDist counter_sub(const ClassDist& a, const ClassDist& b) {
  ClassDist out;
  for (const auto& e : a.entries()) {
    const double* o = b.find(e.cls);
    const double n = e.weight - (o ? *o : 0.0);
    if (n > 0.0) out.append(e.cls, n);
  }
  for (const auto& e : b.entries()) {
    if (a.find(e.cls) == nullptr && e.weight < 0.0) out.append(e.cls, 0.0 - e.weight);
  }
  return out;
}
/// `d.update(r)`: overwrite d's keys found in r, append r's other keys; d's keys missing from r
/// keep their old value (as Python's `dict.update` does).
inline void dict_update(ClassDist& d, const ClassDist& r) {
  ClassDist out = d;
  for (const auto& e : r.entries()) {
    bool found = false;
    ClassDist next;
    for (const auto& f : out.entries()) {
      if (f.cls == e.cls) {
        next.append(f.cls, e.weight);
        found = true;
      } else {
        next.append(f.cls, f.weight);
      }
    }
    if (!found) next.append(e.cls, e.weight);
    out = std::move(next);
  }
  d = std::move(out);
}
}  // namespace detail

/// Watches one numeric feature in one leaf with an unbalanced binary search tree holding every
/// distinct value and, per value, the class weights at or below it (left) and above it
/// (right). Every stored value is a candidate threshold, so the best binary split is exact, at
/// the cost of memory that grows with the feature's cardinality. It has no density, so naive
/// Bayes leaves get no information from it (River's `cond_proba` is 0).
///
/// ```cpp
/// streamwise::tree::HoeffdingTreeClassifier<streamwise::tree::ExhaustiveSplitter> model;
/// ```
class ExhaustiveSplitter {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "ExhaustiveSplitter";
  static constexpr std::uint32_t class_version = 1;
  /// No class-conditional density: naive Bayes uses `cond_proba` (always 0).
  static constexpr bool has_log_proba = false;

  /// One value of the search tree.
  struct Node {
    double cut_point = 0.0;         ///< The value.
    detail::ClassDist left;         ///< Weights of values <= cut_point.
    detail::ClassDist right;        ///< Weights of values > cut_point.
    std::int32_t left_child = -1;   ///< Smaller values, or -1.
    std::int32_t right_child = -1;  ///< Larger values, or -1.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(cut_point, left, right, left_child, right_child);
    }
    friend bool operator==(const Node&, const Node&) = default;
  };

  ExhaustiveSplitter() = default;
  /// Constructs from (empty) parameters, for uniformity.
  explicit ExhaustiveSplitter(const Params&) {}

  /// Adds value `x` of class `c` with weight `w`.
  void update(double x, ClassId c, double w) {
    require_finite(x, name);
    require_weight(w, name);
    if (w == 0.0) return;
    if (nodes_.empty()) {
      push(x, c, w);
      return;
    }
    std::size_t cur = 0;
    for (;;) {
      Node& n = nodes_[cur];
      if (x == n.cut_point) {
        n.left.add(c, w);
        return;
      }
      if (x < n.cut_point) {
        n.left.add(c, w);
        if (n.left_child < 0) {
          const auto idx = static_cast<std::int32_t>(nodes_.size());
          nodes_[cur].left_child = idx;
          push(x, c, w);
          return;
        }
        cur = static_cast<std::size_t>(n.left_child);
      } else {
        n.right.add(c, w);
        if (n.right_child < 0) {
          const auto idx = static_cast<std::int32_t>(nodes_.size());
          nodes_[cur].right_child = idx;
          push(x, c, w);
          return;
        }
        cur = static_cast<std::size_t>(n.right_child);
      }
    }
  }

  /// Always 0: the search tree gives no density (River's behaviour).
  double cond_proba(double /*x*/, ClassId /*c*/) const { return 0.0; }
  /// Always -inf (no density).
  double cond_log_proba(double /*x*/, ClassId /*c*/) const {
    return -std::numeric_limits<double>::infinity();
  }

  /// Writes the best threshold among the stored values into `best` when it beats `best.merit`.
  /// The class weights of each candidate are derived exactly as River's depth-first search
  /// derives them (including its `Counter` arithmetic, which drops non-positive counts).
  template <class Criterion>
  void best_split(const Criterion& criterion, const detail::ClassDist& pre, FeatureId feature,
                  bool /*binary_only*/, detail::SplitSuggestion& best) const {
    if (nodes_.empty()) return;
    struct Frame {
      std::int32_t node;
      const detail::ClassDist* actual_parent_left;
      detail::ClassDist parent_left;
      detail::ClassDist parent_right;
      bool root;
      bool left_child;
    };
    std::vector<Frame> stack;
    stack.push_back(Frame{0, nullptr, {}, {}, true, false});
    const detail::ClassDist empty;
    while (!stack.empty()) {
      Frame f = std::move(stack.back());
      stack.pop_back();
      if (f.node < 0) continue;
      const Node& node = nodes_[static_cast<std::size_t>(f.node)];
      detail::ClassDist post[2];
      if (f.root) {
        post[0] = detail::counter_add(empty, node.left);
        post[1] = detail::counter_add(empty, node.right);
      } else {
        post[0] = detail::counter_add(empty, f.parent_left);
        post[1] = detail::counter_add(empty, f.parent_right);
        if (f.left_child) {
          detail::ClassDist exact = detail::counter_add(empty, *f.actual_parent_left);
          detail::dict_update(exact, detail::counter_sub(exact, node.left));
          detail::dict_update(exact, detail::counter_sub(exact, node.right));
          detail::dict_update(post[0], detail::counter_sub(post[0], node.right));
          detail::dict_update(post[1], detail::counter_add(post[1], node.right));
          detail::dict_update(post[1], detail::counter_add(post[1], exact));
          detail::dict_update(post[0], detail::counter_sub(post[0], exact));
        } else {
          detail::dict_update(post[0], detail::counter_add(post[0], node.left));
          detail::dict_update(post[1], detail::counter_sub(post[1], node.left));
        }
      }
      const double merit = criterion.merit_of_split(pre, std::span<const detail::ClassDist>(post));
      if (merit > best.merit) {
        best.merit = merit;
        best.kind = detail::SplitKind::numeric_binary;
        best.feature = feature;
        best.value = node.cut_point;
        best.values.clear();
        best.children.assign(post, post + 2);
      }
      stack.push_back(Frame{node.right_child, &node.left, post[0], post[1], false, false});
      stack.push_back(Frame{node.left_child, &node.left, post[0], post[1], false, true});
    }
  }

  /// The search tree's nodes (index 0 is the root).
  std::span<const Node> nodes() const { return nodes_; }
  /// Approximate bytes held (object and heap).
  std::size_t memory_size() const {
    std::size_t n = sizeof(*this) + nodes_.capacity() * sizeof(Node);
    for (const auto& node : nodes_) n += node.left.memory_size() + node.right.memory_size();
    return n;
  }
  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("ExhaustiveSplitter: checkpoint from a newer version");
    }
    ar(nodes_);
    if constexpr (Archive::is_loading::value) {
      for (std::size_t i = 0; i < nodes_.size(); ++i) {
        for (std::int32_t c : {nodes_[i].left_child, nodes_[i].right_child}) {
          detail::require_consistent(c == -1 || (c > static_cast<std::int32_t>(i) &&
                                                 static_cast<std::size_t>(c) < nodes_.size()),
                                     name, "has an invalid child index");
        }
      }
    }
  }
  friend bool operator==(const ExhaustiveSplitter&, const ExhaustiveSplitter&) = default;

 private:
  void push(double x, ClassId c, double w) {
    Node n;
    n.cut_point = x;
    n.left.add(c, 0.0 + w);
    nodes_.push_back(std::move(n));
  }

  [[no_unique_address]] Params params_{};
  std::vector<Node> nodes_;
};

}  // namespace streamwise::tree

CEREAL_CLASS_VERSION(streamwise::tree::ExhaustiveSplitter,
                     streamwise::tree::ExhaustiveSplitter::class_version)
