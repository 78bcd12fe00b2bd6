#pragma once
/// @file
/// Member functions of `HoeffdingTreeClassifier` (included by its header).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "streamwise/tree/hoeffding_tree_classifier.hpp"

namespace streamwise::tree {

// ---------------------------------------------------------------------------------------------
// Set-up

template <class S, class C, class F>
void HoeffdingTreeClassifier<S, C, F>::refresh_derived() {
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

template <class S, class C, class F>
C HoeffdingTreeClassifier<S, C, F>::make_criterion() const {
  if constexpr (std::is_same_v<C, NamedCriterion>) {
    return NamedCriterion::from_name(params_.split_criterion, params_.min_branch_fraction);
  } else {
    return C{params_.min_branch_fraction};
  }
}

template <class S, class C, class F>
bool HoeffdingTreeClassifier<S, C, F>::is_nominal(FeatureId f) const {
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

template <class S, class C, class F>
int HoeffdingTreeClassifier<S, C, F>::branch_no(const Node& node, DenseView x) const {
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

// Weight of a subtree as River sums it: a leaf's class weights, a branch's children left to
// right. Iterative (post-order with an explicit stack) so deep trees cannot overflow the stack.
template <class S, class C, class F>
double HoeffdingTreeClassifier<S, C, F>::subtree_weight(std::uint32_t node) const {
  if (nodes_[node].is_leaf()) return leaves_[nodes_[node].leaf].stats.total();
  struct Frame {
    std::uint32_t node;
    std::size_t next;
    double sum;
  };
  // A fixed stack covers any realistic depth without allocating; deeper trees spill to the heap.
  constexpr std::size_t inline_depth = 64;
  std::array<Frame, inline_depth> fixed;
  std::vector<Frame> spill;
  std::size_t size = 0;
  auto at = [&](std::size_t i) -> Frame& {
    return i < inline_depth ? fixed[i] : spill[i - inline_depth];
  };
  auto push = [&](Frame f) {
    if (size < inline_depth) {
      fixed[size] = f;
    } else {
      spill.push_back(f);
    }
    ++size;
  };
  auto pop = [&] {
    --size;
    if (size >= inline_depth) spill.pop_back();
  };
  push(Frame{node, 0, 0.0});
  double result = 0.0;
  while (size > 0) {
    Frame& f = at(size - 1);
    const Node& n = nodes_[f.node];
    if (f.next < n.children.size()) {
      const std::uint32_t child = n.children[f.next++];
      if (nodes_[child].is_leaf()) {
        f.sum += leaves_[nodes_[child].leaf].stats.total();
      } else {
        push(Frame{child, 0, 0.0});
      }
      continue;
    }
    const double done = f.sum;
    pop();
    if (size == 0) {
      result = done;
    } else {
      at(size - 1).sum += done;
    }
  }
  return result;
}

// River's `most_common_path`: the heaviest child, the first one on ties.
template <class S, class C, class F>
std::uint32_t HoeffdingTreeClassifier<S, C, F>::most_common_child(std::uint32_t node) const {
  const Node& n = nodes_[node];
  if (n.kind == detail::SplitKind::nominal_multiway) {
    std::size_t best = 0;
    double best_w = subtree_weight(n.children[0]);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const double w = subtree_weight(n.children[i]);
      if (w > best_w) {
        best = i;
        best_w = w;
      }
    }
    return n.children[best];
  }
  return subtree_weight(n.children[0]) < subtree_weight(n.children[1]) ? n.children[1]
                                                                       : n.children[0];
}

template <class S, class C, class F>
std::uint32_t HoeffdingTreeClassifier<S, C, F>::leaf_for_prediction(DenseView x) const {
  std::uint32_t node = 0;
  while (!nodes_[node].is_leaf()) {
    const int b = branch_no(nodes_[node], x);
    node = b < 0 ? most_common_child(node) : nodes_[node].children[static_cast<std::size_t>(b)];
  }
  return node;
}

// Leaves from left to right (River's `iter_leaves`).
template <class S, class C, class F>
std::vector<std::uint32_t> HoeffdingTreeClassifier<S, C, F>::find_leaves() const {
  std::vector<std::uint32_t> out;
  if (nodes_.empty()) return out;
  out.reserve(leaves_.size());
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

template <class S, class C, class F>
std::size_t HoeffdingTreeClassifier<S, C, F>::height() const {
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
// Leaves

template <class S, class C, class F>
std::uint32_t HoeffdingTreeClassifier<S, C, F>::new_leaf(const detail::ClassDist& stats,
                                                         std::uint32_t depth) {
  Leaf leaf;
  leaf.stats = stats;
  leaf.depth = depth;
  leaf.last_split_attempt_at = stats.total();
  leaves_.push_back(std::move(leaf));
  const auto index = static_cast<std::uint32_t>(leaves_.size() - 1);
  features_.reset_leaf(index);
  return index;
}

template <class S, class C, class F>
bool HoeffdingTreeClassifier<S, C, F>::uses_naive_bayes(const Leaf& leaf) const {
  switch (mode_) {
    case LeafMode::nb:
      return leaf.active && leaf.stats.total() >= static_cast<double>(params_.nb_threshold);
    case LeafMode::nba:
      return leaf.active && leaf.nb_correct >= leaf.mc_correct;
    default:
      return false;
  }
}

// River's `do_naive_bayes_prediction`, written into `by_class[class id]`. Returns false (and
// writes nothing) when the leaf has no weight. With `Touch`, nominal splitters register the
// classes they are asked about, as River's defaultdict lookups do.
template <class S, class C, class F>
template <bool Touch, class L>
bool HoeffdingTreeClassifier<S, C, F>::naive_bayes(L& leaf, DenseView x,
                                                   std::span<double> by_class) const {
  const auto entries = leaf.stats.entries();
  const double total = leaf.stats.total();
  if (entries.empty() || total == 0.0) return false;
  for (const auto& e : entries) {
    double vote;
    if (e.weight > 0.0) {
      vote = std::log(e.weight / total);
    } else {
      by_class[e.cls] = 0.0;
      continue;
    }
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

template <class S, class C, class F>
void HoeffdingTreeClassifier<S, C, F>::update_splitters(Leaf& leaf, DenseView x, ClassId y,
                                                        double w) {
  const auto leaf_index = static_cast<std::uint32_t>(&leaf - leaves_.data());
  features_.for_each(leaf_index, x, [&](FeatureId f, double v) {
    if (leaf.is_disabled(f)) [[unlikely]]
      return;
    std::int32_t s = leaf.slot_for(f);
    if (s < 0) [[unlikely]] {
      if (leaf.slot_of.size() <= f) leaf.slot_of.resize(f + 1, -1);
      detail::Slot slot;
      slot.feature = f;
      slot.nominal = is_nominal(f);
      if (slot.nominal) {
        slot.index = static_cast<std::uint32_t>(leaf.nominal.size());
        leaf.nominal.emplace_back();
      } else {
        slot.index = static_cast<std::uint32_t>(leaf.numeric.size());
        leaf.numeric.emplace_back(params_.splitter.params());
      }
      s = static_cast<std::int32_t>(leaf.slots.size());
      leaf.slots.push_back(slot);
      leaf.slot_of[f] = s;
    }
    const detail::Slot& slot = leaf.slots[static_cast<std::size_t>(s)];
    if (slot.nominal) {
      leaf.nominal[slot.index].update(v, y, w);
    } else {
      leaf.numeric[slot.index].update(v, y, w);
    }
  });
}

template <class S, class C, class F>
void HoeffdingTreeClassifier<S, C, F>::learn_leaf(Leaf& leaf, DenseView x, ClassId y, double w) {
  if (leaf.active && mode_ != LeafMode::mc) {
    auto& buf = scratch_.values;
    if (buf.size() < n_classes_) buf.resize(n_classes_);
    if (mode_ == LeafMode::nba) {
      // The majority class (normalised as River does) and naive Bayes, before learning.
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

template <class S, class C, class F>
void HoeffdingTreeClassifier<S, C, F>::disable_attribute(Leaf& leaf, FeatureId f) {
  const std::int32_t s = leaf.slot_for(f);
  if (s < 0) return;
  const detail::Slot gone = leaf.slots[static_cast<std::size_t>(s)];
  leaf.slots.erase(leaf.slots.begin() + s);
  if (gone.nominal) {
    leaf.nominal.erase(leaf.nominal.begin() + gone.index);
  } else {
    leaf.numeric.erase(leaf.numeric.begin() + gone.index);
  }
  for (auto& slot : leaf.slots) {
    if (slot.nominal == gone.nominal && slot.index > gone.index) --slot.index;
  }
  std::fill(leaf.slot_of.begin(), leaf.slot_of.end(), -1);
  for (std::size_t i = 0; i < leaf.slots.size(); ++i) {
    leaf.slot_of[leaf.slots[i].feature] = static_cast<std::int32_t>(i);
  }
  if (leaf.disabled.size() <= f) leaf.disabled.resize(f + 1, 0);
  leaf.disabled[f] = 1;
}

template <class S, class C, class F>
void HoeffdingTreeClassifier<S, C, F>::deactivate(Leaf& leaf) {
  leaf.active = false;
  leaf.drop_splitters();
}

// ---------------------------------------------------------------------------------------------
// Learning

template <class S, class C, class F>
void HoeffdingTreeClassifier<S, C, F>::learn_one(DenseView x, ClassId y, double w) {
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
    nodes_.push_back(Node{});
    nodes_[0].leaf = new_leaf(detail::ClassDist{}, 0);
    n_active_leaves_ = 1;
  }
  // Walk down until a leaf, or a branch that cannot route x.
  std::uint32_t node = 0;
  while (!nodes_[node].is_leaf()) {
    const int b = branch_no(nodes_[node], x);
    if (b < 0) break;
    node = nodes_[node].children[static_cast<std::size_t>(b)];
  }
  if (nodes_[node].is_leaf()) {
    Leaf& leaf = leaves_[nodes_[node].leaf];
    learn_leaf(leaf, x, y, w);
    if (growth_allowed_ && leaf.active) {
      if (static_cast<std::int64_t>(leaf.depth) >= max_depth_) {
        deactivate(leaf);
        --n_active_leaves_;
        ++n_inactive_leaves_;
      } else {
        const double weight_seen = leaf.stats.total();
        if (weight_seen - leaf.last_split_attempt_at >= static_cast<double>(params_.grace_period)) {
          const std::uint32_t leaf_index = nodes_[node].leaf;
          attempt_to_split(node);
          // A leaf that split is gone; River updates the discarded object.
          if (nodes_[node].is_leaf()) leaves_[leaf_index].last_split_attempt_at = weight_seen;
        }
      }
    }
  } else {
    for (;;) {
      Node& n = nodes_[node];
      if (n.kind == detail::SplitKind::nominal_multiway && !is_missing(x[n.feature])) {
        // A nominal value this branch has not seen: grow a branch for it.
        const std::uint32_t depth = n.depth + 1;
        const double v = x[n.feature];
        const std::uint32_t leaf = new_leaf(detail::ClassDist{}, depth);
        Node child;
        child.depth = depth;
        child.leaf = leaf;
        const auto child_index = static_cast<std::uint32_t>(nodes_.size());
        nodes_.push_back(std::move(child));
        nodes_[node].children.push_back(child_index);
        nodes_[node].branch_values.push_back(v);
        ++n_active_leaves_;
        node = child_index;
      } else {
        node = most_common_child(node);
        while (!nodes_[node].is_leaf()) {
          const int b = branch_no(nodes_[node], x);
          if (b < 0) break;
          node = nodes_[node].children[static_cast<std::size_t>(b)];
        }
      }
      if (nodes_[node].is_leaf()) break;
    }
    learn_leaf(leaves_[nodes_[node].leaf], x, y, w);
  }
  if (std::fmod(train_weight_seen_, static_cast<double>(params_.memory_estimate_period)) == 0.0) {
    estimate_model_size();
  }
}

template <class S, class C, class F>
void HoeffdingTreeClassifier<S, C, F>::attempt_to_split(std::uint32_t node) {
  const std::uint32_t leaf_index = nodes_[node].leaf;
  Leaf& leaf = leaves_[leaf_index];
  if (leaf.stats.is_pure()) return;
  const C criterion = make_criterion();
  std::vector<detail::SplitSuggestion> suggestions;
  const double total = leaf.stats.total();
  const double majority = leaf.stats.max_weight();
  if (majority != 0.0 && majority / total > params_.max_share_to_split) {
    suggestions.emplace_back();  // only the null split
  } else {
    suggestions.reserve(leaf.slots.size() + 1);
    if (params_.merit_preprune) suggestions.emplace_back();
    for (const auto& slot : leaf.slots) {
      detail::SplitSuggestion s;
      if (slot.nominal) {
        leaf.nominal[slot.index].best_split(criterion, leaf.stats, slot.feature,
                                            params_.binary_split, s);
      } else {
        leaf.numeric[slot.index].best_split(criterion, leaf.stats, slot.feature,
                                            params_.binary_split, s);
      }
      suggestions.push_back(std::move(s));
    }
  }
  std::stable_sort(suggestions.begin(), suggestions.end(),
                   [](const auto& a, const auto& b) { return a.merit < b.merit; });
  bool should_split = false;
  if (suggestions.size() < 2) {
    should_split = !suggestions.empty();
  } else {
    const double range = criterion.range_of_merit(leaf.stats);
    const double bound = std::sqrt((range * range * std::log(1.0 / params_.delta)) / (2.0 * total));
    const auto& best = suggestions.back();
    const auto& second = suggestions[suggestions.size() - 2];
    if (best.merit - second.merit > bound || bound < params_.tau) should_split = true;
    if (params_.remove_poor_attrs && mode_ == LeafMode::mc) {
      // Naive Bayes leaves keep every attribute (River's override of disable_attribute).
      std::vector<FeatureId> poor;
      for (const auto& s : suggestions) {
        if (s.kind != detail::SplitKind::none && best.merit - s.merit > bound) {
          poor.push_back(s.feature);
        }
      }
      for (FeatureId f : poor) disable_attribute(leaf, f);
    }
  }
  if (!should_split) return;
  detail::SplitSuggestion& decision = suggestions.back();
  if (decision.kind == detail::SplitKind::none) {
    // Pre-pruning: not splitting wins.
    deactivate(leaf);
    ++n_inactive_leaves_;
    --n_active_leaves_;
  } else {
    const std::uint32_t depth = leaf.depth + 1;
    const std::size_t n_children = decision.children.size();
    std::vector<std::uint32_t> children;
    children.reserve(n_children);
    for (std::size_t i = 0; i < n_children; ++i) {
      std::uint32_t li;
      if (i == 0) {
        // Reuse the splitting leaf's record for the first child.
        Leaf fresh;
        fresh.stats = decision.children[0];
        fresh.depth = depth;
        fresh.last_split_attempt_at = fresh.stats.total();
        leaves_[leaf_index] = std::move(fresh);
        features_.reset_leaf(leaf_index);
        li = leaf_index;
      } else {
        li = new_leaf(decision.children[i], depth);
      }
      Node child;
      child.depth = depth;
      child.leaf = li;
      children.push_back(static_cast<std::uint32_t>(nodes_.size()));
      nodes_.push_back(std::move(child));
    }
    Node& branch = nodes_[node];
    branch.kind = decision.kind;
    branch.feature = decision.feature;
    branch.value = decision.value;
    branch.leaf = 0;
    branch.children = std::move(children);
    branch.branch_values = std::move(decision.values);
    n_active_leaves_ += static_cast<std::int64_t>(n_children) - 1;
  }
  enforce_size_limit();
}

// ---------------------------------------------------------------------------------------------
// Memory management (Kirkby 2007), with this library's own byte counts.

template <class S, class C, class F>
void HoeffdingTreeClassifier<S, C, F>::enforce_size_limit() {
  const double tree_size = size_estimate_overhead_fraction_ *
                           (active_leaf_size_estimate_ +
                            static_cast<double>(n_inactive_leaves_) * inactive_leaf_size_estimate_);
  if ((n_inactive_leaves_ > 0 || tree_size > max_byte_size_) && params_.stop_mem_management) {
    growth_allowed_ = false;
    return;
  }
  std::vector<std::uint32_t> leaves = find_leaves();
  std::vector<double> promise(leaves.size());
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    const auto& st = leaves_[nodes_[leaves[i]].leaf].stats;
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
    Leaf& leaf = leaves_[nodes_[leaves[order[k]]].leaf];
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

template <class S, class C, class F>
std::size_t HoeffdingTreeClassifier<S, C, F>::memory_size() const {
  std::size_t n = sizeof(*this) + nodes_.capacity() * sizeof(Node) +
                  (leaves_.capacity() - leaves_.size()) * sizeof(Leaf);
  for (const auto& node : nodes_) {
    n += node.children.capacity() * sizeof(std::uint32_t) +
         node.branch_values.capacity() * sizeof(double);
  }
  for (const auto& leaf : leaves_) n += leaf.memory_size();
  return n + features_.memory_size();
}

template <class S, class C, class F>
void HoeffdingTreeClassifier<S, C, F>::estimate_model_size() {
  if (nodes_.empty()) return;
  double total_active = 0.0;
  double total_inactive = 0.0;
  for (const auto& leaf : leaves_) {
    (leaf.active ? total_active : total_inactive) += static_cast<double>(leaf.memory_size());
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

template <class S, class C, class F>
void HoeffdingTreeClassifier<S, C, F>::predict_proba_one(DenseView x, std::span<double> out) const {
  detail::require_finite_sample(x, name);
  if (out.size() < n_classes_) {
    throw InvalidInput(std::string(name) + ": out has " + std::to_string(out.size()) +
                       " slots for " + std::to_string(n_classes_) + " classes");
  }
  std::fill(out.begin(), out.end(), 0.0);
  if (nodes_.empty()) return;
  const Leaf& leaf = leaves_[nodes_[leaf_for_prediction(x)].leaf];
  if (uses_naive_bayes(leaf)) {
    if (naive_bayes<false>(leaf, x, out)) return;
    // No weight: River returns {} and every class keeps 0.
    return;
  }
  const double total = leaf.stats.total();
  const bool scale = total != 0.0 && !std::isnan(total);
  const double inv = scale ? 1.0 / total : 1.0;
  for (const auto& e : leaf.stats.entries()) out[e.cls] = scale ? e.weight * inv : e.weight;
}

// ---------------------------------------------------------------------------------------------
// Inspection

template <class S, class C, class F>
std::string HoeffdingTreeClassifier<S, C, F>::feature_name(FeatureId f) const {
  if (space_ != nullptr && f < space_->size()) return space_->name(f);
  return std::to_string(f);
}

template <class S, class C, class F>
std::string HoeffdingTreeClassifier<S, C, F>::value_text(FeatureId f, double v) const {
  if (space_ != nullptr && f < space_->size() && space_->kind(f) == FeatureKind::nominal &&
      v >= 0.0 && v == std::floor(v) && v < static_cast<double>(space_->n_nominal_values(f))) {
    return space_->nominal_value(f, v);
  }
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  return streamwise::detail::format_double(v);
}

template <class S, class C, class F>
std::string HoeffdingTreeClassifier<S, C, F>::leaf_text(const Leaf& leaf, bool dot) const {
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

template <class S, class C, class F>
std::string HoeffdingTreeClassifier<S, C, F>::debug_one(DenseView x) const {
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
  out += leaf_text(leaves_[nodes_[node].leaf], false) + "\n";
  return out;
}

template <class S, class C, class F>
std::string HoeffdingTreeClassifier<S, C, F>::to_dot() const {
  std::string out =
      "digraph {\n  node [shape=box, fontname=\"trebuchet\", fontsize=11];\n"
      "  edge [fontsize=7];\n";
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    std::string label;
    if (n.is_leaf()) {
      const Leaf& leaf = leaves_[n.leaf];
      label = leaf_text(leaf, true);
      char buf[64];
      const double total = leaf.stats.total();
      std::snprintf(buf, sizeof buf, "%ssamples: %.0f", label.empty() ? "" : "\\n",
                    std::isfinite(total) ? std::trunc(total) : 0.0);
      label += buf;
    } else {
      label = feature_name(n.feature);
    }
    std::string escaped;
    for (char c : label) {
      if (c == '"') escaped += '\\';
      escaped += c;
    }
    out += "  " + std::to_string(i) + " [label=\"" + escaped + "\"];\n";
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
      std::string e2;
      for (char c : edge) {
        if (c == '"') e2 += '\\';
        e2 += c;
      }
      out += "  " + std::to_string(i) + " -> " + std::to_string(n.children[k]) + " [xlabel=\"" +
             e2 + "\"];\n";
    }
  }
  out += "}\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checkpoints

template <class S, class C, class F>
template <class Archive>
void HoeffdingTreeClassifier<S, C, F>::serialize(Archive& ar, std::uint32_t version) {
  if (version > class_version) {
    throw CheckpointError("HoeffdingTreeClassifier: checkpoint from a newer version");
  }
  ar(params_, n_classes_, nodes_, leaves_, n_active_leaves_, n_inactive_leaves_,
     active_leaf_size_estimate_, inactive_leaf_size_estimate_, size_estimate_overhead_fraction_,
     growth_allowed_, train_weight_seen_);
  if constexpr (!std::is_empty_v<F>) ar(features_);
  if constexpr (Archive::is_loading::value) {
    try {
      params_.validate();
      check_criterion(params_);
    } catch (const std::invalid_argument& e) {
      throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
    }
    refresh_derived();
    // Structure: children after their parent, every leaf record used exactly once.
    std::vector<std::uint8_t> used(leaves_.size(), 0);
    std::size_t n_leaf_nodes = 0;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      const Node& n = nodes_[i];
      if (n.is_leaf()) {
        detail::require_consistent(
            n.children.empty() && n.leaf < leaves_.size() && used[n.leaf] == 0, name,
            "has an invalid leaf node");
        used[n.leaf] = 1;
        ++n_leaf_nodes;
        continue;
      }
      const bool multiway = n.kind == detail::SplitKind::nominal_multiway;
      detail::require_consistent(
          (multiway ? !n.children.empty() && n.branch_values.size() == n.children.size()
                    : n.children.size() == 2),
          name, "has a branch with a wrong number of children");
      for (std::uint32_t c : n.children) {
        detail::require_consistent(c > i && c < nodes_.size(), name, "has an invalid child index");
      }
    }
    detail::require_consistent(n_leaf_nodes == leaves_.size(), name, "has unused leaves");
    detail::require_consistent(features_.consistent(leaves_.size()), name,
                               "has an invalid leaf feature policy");
    detail::require_consistent(!nodes_.empty() || leaves_.empty(), name, "has leaves but no root");
    for (const auto& leaf : leaves_) {
      for (const auto& e : leaf.stats.entries()) {
        detail::require_consistent(e.cls < n_classes_, name, "has an unknown class id");
      }
      detail::require_consistent(leaf.slot_of.size() <= (std::size_t{1} << 24), name,
                                 "has too many features");
      std::size_t n_num = 0, n_nom = 0;
      for (std::size_t k = 0; k < leaf.slots.size(); ++k) {
        const auto& s = leaf.slots[k];
        detail::require_consistent(
            (s.nominal ? s.index < leaf.nominal.size() : s.index < leaf.numeric.size()) &&
                s.feature < leaf.slot_of.size() &&
                leaf.slot_of[s.feature] == static_cast<std::int32_t>(k),
            name, "has an invalid splitter slot");
        (s.nominal ? n_nom : n_num) += 1;
      }
      detail::require_consistent(n_num == leaf.numeric.size() && n_nom == leaf.nominal.size(), name,
                                 "has orphan splitters");
      for (std::int32_t s : leaf.slot_of) {
        detail::require_consistent(s >= -1 && s < static_cast<std::int32_t>(leaf.slots.size()),
                                   name, "has an invalid splitter slot");
      }
    }
  }
}

}  // namespace streamwise::tree
