#pragma once
/// @file
/// Member functions of `ExtremelyFastDecisionTreeClassifier` (included by its header).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "streamwise/tree/extremely_fast_decision_tree_classifier.hpp"

namespace streamwise::tree {

// ---------------------------------------------------------------------------------------------
// Set-up

template <class S, class C>
void ExtremelyFastDecisionTreeClassifier<S, C>::refresh_derived() {
  const auto& lp = params_.leaf_prediction;
  mode_ = lp == "mc" ? LeafMode::mc : lp == "nb" ? LeafMode::nb : LeafMode::nba;
  max_depth_ = params_.max_depth ? *params_.max_depth : std::numeric_limits<std::int64_t>::max();
  max_byte_size_ = params_.max_size * 1048576.0;
  nominal_indices_.clear();
  for (const auto& n : params_.nominal_attributes) {
    if (n.empty() || n.size() > 9) continue;
    bool digits = true;
    for (char c : n) digits = digits && c >= '0' && c <= '9';
    if (digits) nominal_indices_.push_back(static_cast<FeatureId>(std::stoul(n)));
  }
}

template <class S, class C>
C ExtremelyFastDecisionTreeClassifier<S, C>::make_criterion() const {
  if constexpr (std::is_same_v<C, NamedCriterion>) {
    return NamedCriterion::from_name(params_.split_criterion, params_.min_branch_fraction);
  } else {
    return C{params_.min_branch_fraction};
  }
}

template <class S, class C>
bool ExtremelyFastDecisionTreeClassifier<S, C>::is_nominal(FeatureId f) const {
  if (space_ != nullptr && f < space_->size()) {
    if (space_->kind(f) == FeatureKind::nominal) return true;
    const std::string& n = space_->name(f);
    for (const auto& a : params_.nominal_attributes) {
      if (a == n) return true;
    }
    return false;
  }
  return std::find(nominal_indices_.begin(), nominal_indices_.end(), f) != nominal_indices_.end();
}

// ---------------------------------------------------------------------------------------------
// Routing

template <class S, class C>
int ExtremelyFastDecisionTreeClassifier<S, C>::branch_no(const Node& node, DenseView x) {
  const double v = x[node.feature];
  if (is_missing(v)) return -1;
  switch (node.kind) {
    case detail::SplitKind::numeric_binary:
      return v <= node.value ? 0 : 1;
    case detail::SplitKind::nominal_binary:
      return v == node.value ? 0 : 1;
    case detail::SplitKind::nominal_multiway:
      for (std::size_t i = 0; i < node.branch_values.size(); ++i) {
        if (node.branch_values[i] == v) return static_cast<int>(i);
      }
      return -1;
    default:
      return -1;
  }
}

// River's `most_common_path`: the child with the most weight, the first on ties. A child's
// weight is its own class weights' sum (branches keep theirs), as River's EFDT counts it.
template <class S, class C>
std::uint32_t ExtremelyFastDecisionTreeClassifier<S, C>::most_common_child(
    std::uint32_t node) const {
  const Node& n = nodes_[node];
  if (n.kind == detail::SplitKind::nominal_multiway) {
    std::size_t best = 0;
    double best_w = nodes_[n.children[0]].state.stats.total();
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const double w = nodes_[n.children[i]].state.stats.total();
      if (w > best_w) {
        best = i;
        best_w = w;
      }
    }
    return n.children[best];
  }
  return nodes_[n.children[0]].state.stats.total() < nodes_[n.children[1]].state.stats.total()
             ? n.children[1]
             : n.children[0];
}

template <class S, class C>
std::uint32_t ExtremelyFastDecisionTreeClassifier<S, C>::leaf_for_prediction(DenseView x) const {
  std::uint32_t node = 0;
  while (!nodes_[node].is_leaf()) {
    const int b = branch_no(nodes_[node], x);
    node = b < 0 ? most_common_child(node) : nodes_[node].children[static_cast<std::size_t>(b)];
  }
  return node;
}

// Leaf nodes from left to right (River's `iter_leaves`).
template <class S, class C>
std::vector<std::uint32_t> ExtremelyFastDecisionTreeClassifier<S, C>::find_leaves() const {
  std::vector<std::uint32_t> out;
  if (nodes_.empty()) return out;
  std::vector<std::uint32_t> stack{0};
  while (!stack.empty()) {
    const std::uint32_t i = stack.back();
    stack.pop_back();
    if (nodes_[i].is_leaf()) {
      out.push_back(i);
    } else {
      const auto& ch = nodes_[i].children;
      for (auto it = ch.rbegin(); it != ch.rend(); ++it) stack.push_back(*it);
    }
  }
  return out;
}

template <class S, class C>
std::size_t ExtremelyFastDecisionTreeClassifier<S, C>::height() const {
  if (nodes_.empty()) return 0;
  // Children have larger indices than their parent: one backward pass.
  std::vector<std::size_t> h(nodes_.size(), 1);
  for (std::size_t i = nodes_.size(); i-- > 0;) {
    std::size_t m = 0;
    for (std::uint32_t c : nodes_[i].children) m = std::max(m, h[c]);
    h[i] = 1 + m;
  }
  return h[0];
}

// ---------------------------------------------------------------------------------------------
// Learning records

template <class S, class C>
std::uint32_t ExtremelyFastDecisionTreeClassifier<S, C>::add_leaf(const detail::ClassDist& stats,
                                                                  std::uint32_t depth) {
  Node node;
  node.state.stats = stats;
  node.state.depth = depth;
  node.state.last_split_attempt_at = stats.total();
  nodes_.push_back(std::move(node));
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

template <class S, class C>
bool ExtremelyFastDecisionTreeClassifier<S, C>::uses_naive_bayes(const Leaf& leaf) const {
  switch (mode_) {
    case LeafMode::nb:
      return leaf.active && leaf.stats.total() >= static_cast<double>(params_.nb_threshold);
    case LeafMode::nba:
      return leaf.active && leaf.nb_correct >= leaf.mc_correct;
    default:
      return false;
  }
}

// Naive Bayes over the leaf's splitters, written into `by_class[class id]` (River's
// `do_naive_bayes_prediction`). False, writing nothing, when the leaf has no weight. With
// `Touch`, nominal splitters register the classes they are asked about, as River's
// defaultdict lookups do.
template <class S, class C>
template <bool Touch, class L>
bool ExtremelyFastDecisionTreeClassifier<S, C>::naive_bayes(L& leaf, DenseView x,
                                                            std::span<double> by_class) const {
  const auto entries = leaf.stats.entries();
  const double total = leaf.stats.total();
  if (entries.empty() || total == 0.0) return false;
  for (const auto& e : entries) {
    if (!(e.weight > 0.0)) {
      by_class[e.cls] = 0.0;
      continue;
    }
    double vote = std::log(e.weight / total);
    for (const auto& slot : leaf.slots) {
      const double v = x[slot.feature];
      if (is_missing(v)) continue;
      if (!slot.nominal) {
        const auto& sp = leaf.numeric[slot.index];
        if constexpr (S::has_log_proba) {
          const double lp = sp.cond_log_proba(v, e.cls);
          if (lp > -std::numeric_limits<double>::infinity()) vote += lp;
        } else {
          const double p = sp.cond_proba(v, e.cls);
          vote += p > 0.0 ? std::log(p) : 0.0;
        }
      } else {
        if constexpr (Touch) leaf.nominal[slot.index].touch(e.cls);
        const double p = leaf.nominal[slot.index].cond_proba(v, e.cls);
        vote += p > 0.0 ? std::log(p) : 0.0;
      }
    }
    by_class[e.cls] = vote;
  }
  double max_ll = by_class[entries[0].cls];
  for (const auto& e : entries) max_ll = by_class[e.cls] > max_ll ? by_class[e.cls] : max_ll;
  double sum = 0.0;
  for (const auto& e : entries) sum += std::exp(by_class[e.cls] - max_ll);
  const double lse = max_ll + std::log(sum);
  for (const auto& e : entries) by_class[e.cls] = std::exp(by_class[e.cls] - lse);
  return true;
}

template <class S, class C>
void ExtremelyFastDecisionTreeClassifier<S, C>::update_splitters(Leaf& state, DenseView x,
                                                                 ClassId y, double w) {
  const std::size_t n = x.values.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double v = x.values[i];
    if (is_missing(v)) continue;
    const auto f = static_cast<FeatureId>(i);
    std::int32_t s = state.slot_for(f);
    if (s < 0) [[unlikely]] {
      if (state.slot_of.size() <= f) state.slot_of.resize(f + 1, -1);
      detail::Slot slot;
      slot.feature = f;
      slot.nominal = is_nominal(f);
      if (slot.nominal) {
        slot.index = static_cast<std::uint32_t>(state.nominal.size());
        state.nominal.emplace_back();
      } else {
        slot.index = static_cast<std::uint32_t>(state.numeric.size());
        state.numeric.emplace_back(params_.splitter.params());
      }
      s = static_cast<std::int32_t>(state.slots.size());
      state.slots.push_back(slot);
      state.slot_of[f] = s;
    }
    const detail::Slot& slot = state.slots[static_cast<std::size_t>(s)];
    if (slot.nominal) {
      state.nominal[slot.index].update(v, y, w);
    } else {
      state.numeric[slot.index].update(v, y, w);
    }
  }
}

template <class S, class C>
void ExtremelyFastDecisionTreeClassifier<S, C>::learn_leaf(Leaf& leaf, DenseView x, ClassId y,
                                                           double w) {
  if (leaf.active && mode_ != LeafMode::mc) {
    auto& buf = scratch_.values;
    if (buf.size() < n_classes_) buf.resize(n_classes_);
    if (mode_ == LeafMode::nba) {
      // Score the majority class (normalised as River does) and naive Bayes before learning.
      const double total = leaf.stats.total();
      bool mc_right = leaf.stats.empty();
      if (!mc_right) {
        const auto entries = leaf.stats.entries();
        const bool scale = total != 0.0 && !std::isnan(total);
        const double inv = scale ? 1.0 / total : 1.0;
        std::size_t best = 0;
        double best_p = scale ? entries[0].weight * inv : entries[0].weight;
        for (std::size_t i = 1; i < entries.size(); ++i) {
          const double p = scale ? entries[i].weight * inv : entries[i].weight;
          if (p > best_p) {
            best = i;
            best_p = p;
          }
        }
        mc_right = entries[best].cls == y;
      }
      if (mc_right) leaf.mc_correct += w;
      if (naive_bayes<true>(leaf, x, buf)) {
        const auto entries = leaf.stats.entries();
        std::size_t best = 0;
        for (std::size_t i = 1; i < entries.size(); ++i) {
          if (buf[entries[i].cls] > buf[entries[best].cls]) best = i;
        }
        if (entries[best].cls == y) leaf.nb_correct += w;
      }
    } else if (uses_naive_bayes(leaf)) {
      // "nb": River's prediction just before this update registered these classes.
      naive_bayes<true>(leaf, x, buf);
    }
  }
  leaf.stats.add(y, w);
  if (leaf.active) update_splitters(leaf, x, y, w);
}

template <class S, class C>
void ExtremelyFastDecisionTreeClassifier<S, C>::deactivate(Leaf& leaf) {
  leaf.active = false;
  leaf.drop_splitters();
}

// ---------------------------------------------------------------------------------------------
// Learning

template <class S, class C>
void ExtremelyFastDecisionTreeClassifier<S, C>::learn_one(DenseView x, ClassId y, double w) {
  detail::require_finite_sample(x, name);
  require_weight(w, name);
  if (y > n_classes_) {
    throw InvalidInput(std::string(name) + ": class id " + std::to_string(y) +
                       " skips ids; the next new class id must be " + std::to_string(n_classes_));
  }
  if (w == 0.0) return;
  if (y == n_classes_) ++n_classes_;
  train_weight_seen_ += w;
  if (nodes_.empty()) {
    add_leaf(detail::ClassDist{}, 0);
    n_active_leaves_ = 1;
  }
  // 1. The leaf learns (River's `_sort_to_leaf`), 2. memory check, 3. the branches on the path
  // learn and re-evaluate, and the leaf may split (River's `_process_nodes`).
  const std::uint32_t leaf = sort_to_leaf(x);
  learn_leaf(nodes_[leaf].state, x, y, w);
  if (std::fmod(train_weight_seen_, static_cast<double>(params_.memory_estimate_period)) == 0.0) {
    estimate_model_size();
  }
  process_path(x, y, w);
}

// The leaf `x` belongs to; grows a leaf for a nominal value a multiway branch has not seen.
template <class S, class C>
std::uint32_t ExtremelyFastDecisionTreeClassifier<S, C>::sort_to_leaf(DenseView x) {
  std::uint32_t node = 0;
  while (!nodes_[node].is_leaf()) {
    const int b = branch_no(nodes_[node], x);
    if (b < 0) break;
    node = nodes_[node].children[static_cast<std::size_t>(b)];
  }
  while (!nodes_[node].is_leaf()) {
    const Node& n = nodes_[node];
    if (n.kind == detail::SplitKind::nominal_multiway && !is_missing(x[n.feature])) {
      const double v = x[n.feature];
      const std::uint32_t child = add_leaf(detail::ClassDist{}, n.state.depth + 1);
      nodes_[node].children.push_back(child);
      nodes_[node].branch_values.push_back(v);
      ++n_active_leaves_;
      node = child;
    } else {
      node = most_common_child(node);
      while (!nodes_[node].is_leaf()) {
        const int b = branch_no(nodes_[node], x);
        if (b < 0) break;
        node = nodes_[node].children[static_cast<std::size_t>(b)];
      }
    }
  }
  return node;
}

// River's `_process_nodes`. River rebuilds a branch object when a re-evaluation keeps its
// feature and walks on with the old object; the rebuilt branch holds a copy of the children
// list, so a change a child makes in this same walk (a new test, a replacement, a split of a
// leaf) lands in the old, detached list and is lost, while the leaf counters still move.
// `live` tracks whether changes at the current node reach the tree.
template <class S, class C>
void ExtremelyFastDecisionTreeClassifier<S, C>::process_path(DenseView x, ClassId y, double w) {
  std::uint32_t node = 0;
  bool live = true;
  while (!nodes_[node].is_leaf()) {
    {
      Node& n = nodes_[node];
      n.state.stats.add(y, w);
      update_splitters(n.state, x, y, w);
    }
    // The route is taken with the test as it was before any re-evaluation (River walks on with
    // the branch object it started from).
    const int b = branch_no(nodes_[node], x);
    bool retested = false;
    const Node& n = nodes_[node];
    if (n.state.stats.total() - n.last_reevaluation_at >=
        static_cast<double>(params_.min_samples_reevaluate)) {
      if (reevaluate(node, live, retested)) return;
    }
    live = !retested;
    node = b < 0 ? most_common_child(node) : nodes_[node].children[static_cast<std::size_t>(b)];
  }
  Leaf& leaf = nodes_[node].state;
  if (!growth_allowed_ || !leaf.active) return;
  if (static_cast<std::int64_t>(leaf.depth) >= max_depth_) {
    deactivate(leaf);
    --n_active_leaves_;
    ++n_inactive_leaves_;
    return;
  }
  const double weight_seen = leaf.stats.total();
  if (weight_seen - leaf.last_split_attempt_at >= static_cast<double>(params_.grace_period)) {
    attempt_to_split(node, live);
    // A leaf that split became a branch; River updates the discarded leaf object.
    if (nodes_[node].is_leaf()) nodes_[node].state.last_split_attempt_at = weight_seen;
  }
}

template <class S, class C>
void ExtremelyFastDecisionTreeClassifier<S, C>::suggestions_of(
    const Leaf& state, const C& criterion, std::vector<detail::SplitSuggestion>& out) const {
  out.resize(state.slots.size());
  for (std::size_t i = 0; i < state.slots.size(); ++i) {
    const auto& slot = state.slots[i];
    detail::SplitSuggestion& s = out[i];
    s.merit = -std::numeric_limits<double>::infinity();
    s.kind = detail::SplitKind::none;
    s.feature = 0;
    s.value = 0.0;
    s.values.clear();
    s.children.clear();
    if (slot.nominal) {
      state.nominal[slot.index].best_split(criterion, state.stats, slot.feature,
                                           params_.binary_split, s);
    } else {
      state.numeric[slot.index].best_split(criterion, state.stats, slot.feature,
                                           params_.binary_split, s);
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.merit < b.merit; });
}

template <class S, class C>
double ExtremelyFastDecisionTreeClassifier<S, C>::hoeffding_bound(
    const C& criterion, const detail::ClassDist& stats) const {
  const double range = criterion.range_of_merit(stats);
  return std::sqrt((range * range * std::log(1.0 / params_.delta)) / (2.0 * stats.total()));
}

// Turns `node` into a branch testing `split`, with one new leaf per child.
template <class S, class C>
void ExtremelyFastDecisionTreeClassifier<S, C>::grow_children(std::uint32_t node,
                                                              detail::SplitSuggestion& split) {
  const std::uint32_t depth = nodes_[node].state.depth + 1;
  std::vector<std::uint32_t> children;
  children.reserve(split.children.size());
  for (const auto& stats : split.children) children.push_back(add_leaf(stats, depth));
  Node& n = nodes_[node];
  n.kind = split.kind;
  n.feature = split.feature;
  n.value = split.value;
  n.children = std::move(children);
  n.branch_values = std::move(split.values);
  n.last_reevaluation_at = n.state.stats.total();
}

template <class S, class C>
void ExtremelyFastDecisionTreeClassifier<S, C>::attempt_to_split(std::uint32_t node, bool live) {
  Leaf& leaf = nodes_[node].state;
  if (leaf.stats.is_pure()) return;
  const C criterion = make_criterion();
  auto& suggestions = suggestions_;
  const double majority = leaf.stats.max_weight();
  if (majority != 0.0 && majority / leaf.stats.total() > params_.max_share_to_split) {
    suggestions.resize(1);
    suggestions[0] = detail::SplitSuggestion{};  // only "no split"
  } else {
    suggestions_of(leaf, criterion, suggestions);
  }
  if (suggestions.empty()) return;
  detail::SplitSuggestion& best = suggestions.back();
  const double bound = hoeffding_bound(criterion, leaf.stats);
  if (best.kind == detail::SplitKind::none) {
    // Pre-pruning: "no split" is the best candidate.
    deactivate(leaf);
    ++n_inactive_leaves_;
    --n_active_leaves_;
    return;
  }
  if (!(best.merit > bound || bound < params_.tau)) return;
  const auto n_children = static_cast<std::int64_t>(best.children.size());
  if (live) grow_children(node, best);
  n_active_leaves_ += n_children - 1;
  enforce_size_limit();
}

template <class S, class C>
void ExtremelyFastDecisionTreeClassifier<S, C>::count_subtree_leaves(std::uint32_t node,
                                                                     std::int64_t& active,
                                                                     std::int64_t& inactive) const {
  std::vector<std::uint32_t> stack{node};
  while (!stack.empty()) {
    const std::uint32_t i = stack.back();
    stack.pop_back();
    if (nodes_[i].is_leaf()) {
      (nodes_[i].state.active ? active : inactive) += 1;
    } else {
      for (std::uint32_t c : nodes_[i].children) stack.push_back(c);
    }
  }
}

// River's `_reevaluate_best_split`; true when the walk down must stop. Changes reach the tree
// only when `live` (see `process_path`); `retested` says a new test was put in place.
template <class S, class C>
bool ExtremelyFastDecisionTreeClassifier<S, C>::reevaluate(std::uint32_t node, bool live,
                                                           bool& retested) {
  const Leaf& state = nodes_[node].state;
  if (state.stats.is_pure()) return false;
  const C criterion = make_criterion();
  auto& suggestions = suggestions_;
  suggestions_of(state, criterion, suggestions);
  if (suggestions.empty()) return false;
  detail::SplitSuggestion& best = suggestions.back();
  if (best.kind == detail::SplitKind::none) return true;
  const FeatureId current_feature = nodes_[node].feature;
  const detail::SplitSuggestion* current = nullptr;
  for (const auto& s : suggestions) {
    if (s.kind != detail::SplitKind::none && s.feature == current_feature) {
      current = &s;
      break;
    }
  }
  const double bound = hoeffding_bound(criterion, state.stats);
  if (0.0 - best.merit > bound) {
    // Even "no split" wins: the branch becomes a leaf again, keeping its class weights and
    // splitters.
    std::int64_t active = 0, inactive = 0;
    count_subtree_leaves(node, active, inactive);
    if (live) {
      Node& n = nodes_[node];
      n.kind = detail::SplitKind::none;
      n.feature = 0;
      n.value = 0.0;
      n.children.clear();
      n.branch_values.clear();
      n.last_reevaluation_at = 0.0;
      n.state.active = true;
      n.state.last_split_attempt_at = 0.0;
      n.state.mc_correct = 0.0;
      n.state.nb_correct = 0.0;
      n.state.disabled.clear();
      drop_unreachable();
    }
    n_active_leaves_ += 1 - active;
    n_inactive_leaves_ -= inactive;
    ++events_.killed;
    enforce_size_limit();
    return true;
  }
  if (current == nullptr) return false;
  if (!(best.merit - current->merit > bound || bound < params_.tau)) return false;
  if (best.feature != current_feature) {
    // Another feature wins: a new split with fresh leaves replaces the subtree.
    std::int64_t active = 0, inactive = 0;
    count_subtree_leaves(node, active, inactive);
    const auto n_children = static_cast<std::int64_t>(best.children.size());
    if (live) {
      grow_children(node, best);
      drop_unreachable();
    }
    n_active_leaves_ += n_children - active;
    n_inactive_leaves_ -= inactive;
    ++events_.replaced;
    enforce_size_limit();
    return true;
  }
  // Same feature, newest test; the subtree stays. River cannot rebuild a branch whose number
  // of children changes (it raises); such a change is skipped here.
  Node& n = nodes_[node];
  if (best.children.size() != n.children.size()) return false;
  ++events_.retested;
  if (live) {
    n.kind = best.kind;
    n.value = best.value;
    n.branch_values = std::move(best.values);
    n.last_reevaluation_at = n.state.stats.total();
    retested = true;
  }
  return false;
}

// Removes the nodes no longer reachable from the root, keeping the others in order (so
// children still follow their parent).
template <class S, class C>
void ExtremelyFastDecisionTreeClassifier<S, C>::drop_unreachable() {
  std::vector<std::uint8_t> reachable(nodes_.size(), 0);
  reachable[0] = 1;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (!reachable[i]) continue;
    for (std::uint32_t c : nodes_[i].children) reachable[c] = 1;
  }
  std::vector<std::uint32_t> new_index(nodes_.size(), 0);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (!reachable[i]) continue;
    new_index[i] = static_cast<std::uint32_t>(kept);
    if (kept != i) nodes_[kept] = std::move(nodes_[i]);
    ++kept;
  }
  nodes_.resize(kept);
  for (auto& n : nodes_) {
    for (auto& c : n.children) c = new_index[c];
  }
}

// ---------------------------------------------------------------------------------------------
// Memory management (Kirkby 2007), with this library's own byte counts.

template <class S, class C>
void ExtremelyFastDecisionTreeClassifier<S, C>::enforce_size_limit() {
  const double tree_size = size_estimate_overhead_fraction_ *
                           (active_leaf_size_estimate_ +
                            static_cast<double>(n_inactive_leaves_) * inactive_leaf_size_estimate_);
  if ((n_inactive_leaves_ > 0 || tree_size > max_byte_size_) && params_.stop_mem_management) {
    growth_allowed_ = false;
    return;
  }
  const std::vector<std::uint32_t> leaves = find_leaves();
  std::vector<double> promise(leaves.size());
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    const auto& st = nodes_[leaves[i]].state.stats;
    const double t = st.total();
    promise[i] = t > 0.0 ? t - st.max_weight() : 0.0;
  }
  std::vector<std::size_t> order(leaves.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return promise[a] < promise[b]; });
  std::size_t max_active = 0;
  while (max_active < leaves.size()) {
    ++max_active;
    const double need =
        (static_cast<double>(max_active) * active_leaf_size_estimate_ +
         static_cast<double>(leaves.size() - max_active) * inactive_leaf_size_estimate_) *
        size_estimate_overhead_fraction_;
    if (need > max_byte_size_) {
      --max_active;
      break;
    }
  }
  const std::size_t cutoff = leaves.size() - max_active;
  for (std::size_t k = 0; k < leaves.size(); ++k) {
    Leaf& leaf = nodes_[leaves[order[k]]].state;
    if (k < cutoff) {
      if (leaf.active) {
        deactivate(leaf);
        ++n_inactive_leaves_;
        --n_active_leaves_;
      }
    } else if (!leaf.active && static_cast<std::int64_t>(leaf.depth) < max_depth_) {
      leaf.active = true;  // with empty splitters, as River's activate()
      ++n_active_leaves_;
      --n_inactive_leaves_;
    }
  }
}

template <class S, class C>
std::size_t ExtremelyFastDecisionTreeClassifier<S, C>::memory_size() const {
  std::size_t n = sizeof(*this) + (nodes_.capacity() - nodes_.size()) * sizeof(Node);
  for (const auto& node : nodes_) {
    n += node.state.memory_size() + node.children.capacity() * sizeof(std::uint32_t) +
         node.branch_values.capacity() * sizeof(double) + (sizeof(Node) - sizeof(Leaf));
  }
  return n;
}

template <class S, class C>
void ExtremelyFastDecisionTreeClassifier<S, C>::estimate_model_size() {
  double total_active = 0.0;
  double total_inactive = 0.0;
  for (const auto& node : nodes_) {
    if (!node.is_leaf()) continue;
    (node.state.active ? total_active : total_inactive) +=
        static_cast<double>(node.state.memory_size());
  }
  if (total_active > 0.0 && n_active_leaves_ > 0) {
    active_leaf_size_estimate_ = total_active / static_cast<double>(n_active_leaves_);
  }
  if (total_inactive > 0.0 && n_inactive_leaves_ > 0) {
    inactive_leaf_size_estimate_ = total_inactive / static_cast<double>(n_inactive_leaves_);
  }
  const double actual = static_cast<double>(memory_size());
  const double estimated = static_cast<double>(n_active_leaves_) * active_leaf_size_estimate_ +
                           static_cast<double>(n_inactive_leaves_) * inactive_leaf_size_estimate_;
  if (estimated > 0.0) size_estimate_overhead_fraction_ = actual / estimated;
  if (actual > max_byte_size_) enforce_size_limit();
}

// ---------------------------------------------------------------------------------------------
// Prediction

template <class S, class C>
void ExtremelyFastDecisionTreeClassifier<S, C>::predict_proba_one(DenseView x,
                                                                  std::span<double> out) const {
  detail::require_finite_sample(x, name);
  if (out.size() < n_classes_) {
    throw InvalidInput(std::string(name) + ": out has " + std::to_string(out.size()) +
                       " slots for " + std::to_string(n_classes_) + " classes");
  }
  std::fill(out.begin(), out.end(), 0.0);
  if (nodes_.empty()) return;
  const Leaf& leaf = nodes_[leaf_for_prediction(x)].state;
  if (uses_naive_bayes(leaf)) {
    naive_bayes<false>(leaf, x, out);  // no weight: every class keeps 0, as River's {}
    return;
  }
  const double total = leaf.stats.total();
  const bool scale = total != 0.0 && !std::isnan(total);
  const double inv = scale ? 1.0 / total : 1.0;
  for (const auto& e : leaf.stats.entries()) out[e.cls] = scale ? e.weight * inv : e.weight;
}

// ---------------------------------------------------------------------------------------------
// Inspection

template <class S, class C>
std::string ExtremelyFastDecisionTreeClassifier<S, C>::feature_name(FeatureId f) const {
  if (space_ != nullptr && f < space_->size()) return space_->name(f);
  return std::to_string(f);
}

template <class S, class C>
std::string ExtremelyFastDecisionTreeClassifier<S, C>::value_text(FeatureId f, double v) const {
  if (space_ != nullptr && f < space_->size() && space_->kind(f) == FeatureKind::nominal &&
      v >= 0.0 && v == std::floor(v) && v < static_cast<double>(space_->n_nominal_values(f))) {
    return space_->nominal_value(f, v);
  }
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  return streamwise::detail::format_double(v);
}

template <class S, class C>
std::string ExtremelyFastDecisionTreeClassifier<S, C>::leaf_text(const Leaf& leaf, bool dot) const {
  if (leaf.stats.empty()) return "";
  const char* nl = dot ? "\\n" : "\n\t";
  std::string out = "Class " + std::to_string(leaf.stats.argmax()) + ":";
  const double total = leaf.stats.total();
  std::vector<detail::ClassWeight> sorted(leaf.stats.entries().begin(), leaf.stats.entries().end());
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.cls < b.cls; });
  for (const auto& e : sorted) {
    const double p = total != 0.0 ? e.weight * (1.0 / total) : e.weight;
    // River's round_sig_fig(p, 2) for a probability: one decimal.
    const double magnitude = std::floor(std::log10(std::fabs(p) + 1.0));
    const int decimals =
        std::isfinite(magnitude) && magnitude < 300 ? 1 - static_cast<int>(magnitude) : 1;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals < 1 ? 1 : decimals, p);
    out += nl;
    out += "P(" + std::to_string(e.cls) + ") = " + buf;
  }
  return out;
}

template <class S, class C>
std::string ExtremelyFastDecisionTreeClassifier<S, C>::debug_one(DenseView x) const {
  detail::require_finite_sample(x, name);
  std::string out;
  if (nodes_.empty()) return out;
  std::uint32_t node = 0;
  while (!nodes_[node].is_leaf()) {
    const Node& n = nodes_[node];
    int b = branch_no(n, x);
    std::uint32_t next;
    if (b < 0) {
      next = most_common_child(node);
      b = static_cast<int>(std::find(n.children.begin(), n.children.end(), next) -
                           n.children.begin());
    } else {
      next = n.children[static_cast<std::size_t>(b)];
    }
    const std::string f = feature_name(n.feature);
    switch (n.kind) {
      case detail::SplitKind::numeric_binary:
        out += f + (b == 0 ? " ≤ " : " > ") + streamwise::detail::format_double(n.value);
        break;
      case detail::SplitKind::nominal_binary:
        out += f + (b == 0 ? " = " : " ≠ ") + value_text(n.feature, n.value);
        break;
      default:
        out += f + " = " + value_text(n.feature, n.branch_values[static_cast<std::size_t>(b)]);
        break;
    }
    out += "\n";
    node = next;
  }
  out += leaf_text(nodes_[node].state, false) + "\n";
  return out;
}

template <class S, class C>
std::string ExtremelyFastDecisionTreeClassifier<S, C>::to_dot() const {
  std::string out =
      "digraph {\n  node [shape=box, fontname=\"trebuchet\", fontsize=11];\n"
      "  edge [fontsize=7];\n";
  auto escape = [](const std::string& s) {
    std::string e;
    for (char c : s) {
      if (c == '"') e += '\\';
      e += c;
    }
    return e;
  };
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    std::string label;
    if (n.is_leaf()) {
      label = leaf_text(n.state, true);
      char buf[64];
      const double total = n.state.stats.total();
      std::snprintf(buf, sizeof buf, "%ssamples: %.0f", label.empty() ? "" : "\\n",
                    std::isfinite(total) ? std::trunc(total) : 0.0);
      label += buf;
    } else {
      label = feature_name(n.feature);
    }
    out += "  " + std::to_string(i) + " [label=\"" + escape(label) + "\"];\n";
    for (std::size_t k = 0; k < n.children.size(); ++k) {
      std::string edge;
      switch (n.kind) {
        case detail::SplitKind::numeric_binary: {
          char buf[64];
          std::snprintf(buf, sizeof buf, "%s %.4g", k == 0 ? "≤" : ">", n.value);
          edge = buf;
          break;
        }
        case detail::SplitKind::nominal_binary:
          edge = (k == 0 ? "" : "not ") + value_text(n.feature, n.value);
          break;
        default:
          edge = value_text(n.feature, n.branch_values[k]);
          break;
      }
      out += "  " + std::to_string(i) + " -> " + std::to_string(n.children[k]) + " [xlabel=\"" +
             escape(edge) + "\"];\n";
    }
  }
  out += "}\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checkpoints

template <class S, class C>
template <class Archive>
void ExtremelyFastDecisionTreeClassifier<S, C>::serialize(Archive& ar, std::uint32_t version) {
  if (version > class_version) {
    throw CheckpointError("ExtremelyFastDecisionTreeClassifier: checkpoint from a newer version");
  }
  ar(params_, n_classes_, nodes_, n_active_leaves_, n_inactive_leaves_, active_leaf_size_estimate_,
     inactive_leaf_size_estimate_, size_estimate_overhead_fraction_, growth_allowed_,
     train_weight_seen_, events_);
  if constexpr (Archive::is_loading::value) {
    try {
      params_.validate();
      check_criterion(params_);
    } catch (const std::invalid_argument& e) {
      throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
    }
    refresh_derived();
    // Structure: children after their parent, each node the child of exactly one branch.
    std::vector<std::uint8_t> has_parent(nodes_.size(), 0);
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      const Node& n = nodes_[i];
      if (n.is_leaf()) {
        detail::require_consistent(n.children.empty() && n.branch_values.empty(), name,
                                   "has an invalid leaf node");
      } else {
        const bool multiway = n.kind == detail::SplitKind::nominal_multiway;
        detail::require_consistent(
            (multiway ? !n.children.empty() && n.branch_values.size() == n.children.size()
                      : n.children.size() == 2),
            name, "has a branch with a wrong number of children");
      }
      for (std::uint32_t c : n.children) {
        detail::require_consistent(c > i && c < nodes_.size() && has_parent[c] == 0, name,
                                   "has an invalid child index");
        has_parent[c] = 1;
      }
      detail::require_consistent(i == 0 || has_parent[i] == 1, name, "has unreachable nodes");
      const Leaf& st = n.state;
      for (const auto& e : st.stats.entries()) {
        detail::require_consistent(e.cls < n_classes_, name, "has an unknown class id");
      }
      detail::require_consistent(st.slot_of.size() <= (std::size_t{1} << 24), name,
                                 "has too many features");
      std::size_t n_num = 0, n_nom = 0;
      for (std::size_t k = 0; k < st.slots.size(); ++k) {
        const auto& s = st.slots[k];
        detail::require_consistent(
            (s.nominal ? s.index < st.nominal.size() : s.index < st.numeric.size()) &&
                s.feature < st.slot_of.size() &&
                st.slot_of[s.feature] == static_cast<std::int32_t>(k),
            name, "has an invalid splitter slot");
        (s.nominal ? n_nom : n_num) += 1;
      }
      detail::require_consistent(n_num == st.numeric.size() && n_nom == st.nominal.size(), name,
                                 "has orphan splitters");
      for (std::int32_t s : st.slot_of) {
        detail::require_consistent(s >= -1 && s < static_cast<std::int32_t>(st.slots.size()), name,
                                   "has an invalid splitter slot");
      }
    }
  }
}

}  // namespace streamwise::tree
