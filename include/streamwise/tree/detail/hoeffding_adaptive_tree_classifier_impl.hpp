#pragma once
/// @file
/// Member functions of `HoeffdingAdaptiveTreeClassifier` (included by its header).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "streamwise/tree/hoeffding_adaptive_tree_classifier.hpp"

namespace streamwise::tree {

// ---------------------------------------------------------------------------------------------
// Set-up

template <class S, class C>
void HoeffdingAdaptiveTreeClassifier<S, C>::refresh_derived() {
  const auto& lp = params_.leaf_prediction;
  mode_ = lp == "mc" ? LeafMode::mc : lp == "nb" ? LeafMode::nb : LeafMode::nba;
  // River's None is `sys.getrecursionlimit() - 20` (980 by default); it also bounds the
  // recursion of the update here.
  max_depth_ = params_.max_depth ? *params_.max_depth : 980;
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
C HoeffdingAdaptiveTreeClassifier<S, C>::make_criterion() const {
  if constexpr (std::is_same_v<C, NamedCriterion>) {
    return NamedCriterion::from_name(params_.split_criterion, params_.min_branch_fraction);
  } else {
    return C{params_.min_branch_fraction};
  }
}

template <class S, class C>
bool HoeffdingAdaptiveTreeClassifier<S, C>::is_nominal(FeatureId f) const {
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
// Routing (main tree: alternates are not followed)

template <class S, class C>
int HoeffdingAdaptiveTreeClassifier<S, C>::branch_no(const Node& node, DenseView x) const {
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

// River's `total_weight`: a leaf's class weights, a branch's children left to right.
template <class S, class C>
double HoeffdingAdaptiveTreeClassifier<S, C>::subtree_weight(std::uint32_t node) const {
  const Node& n = nodes_[node];
  if (n.is_leaf()) return n.leaf.stats.total();
  double sum = 0.0;
  for (std::uint32_t c : n.children) sum += subtree_weight(c);
  return sum;
}

// River's `most_common_path`: the heaviest child, the first one on ties.
template <class S, class C>
std::size_t HoeffdingAdaptiveTreeClassifier<S, C>::most_common_branch(std::uint32_t node) const {
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
    return best;
  }
  return subtree_weight(n.children[0]) < subtree_weight(n.children[1]) ? 1 : 0;
}

template <class S, class C>
std::uint32_t HoeffdingAdaptiveTreeClassifier<S, C>::main_leaf(std::uint32_t node,
                                                               DenseView x) const {
  while (!nodes_[node].is_leaf()) {
    const int b = branch_no(nodes_[node], x);
    const std::size_t k = b < 0 ? most_common_branch(node) : static_cast<std::size_t>(b);
    node = nodes_[node].children[k];
  }
  return node;
}

template <class S, class C>
std::size_t HoeffdingAdaptiveTreeClassifier<S, C>::count_leaves(std::uint32_t node) const {
  std::size_t count = 0;
  std::vector<std::uint32_t> stack{node};
  while (!stack.empty()) {
    const std::uint32_t i = stack.back();
    stack.pop_back();
    if (nodes_[i].is_leaf()) {
      ++count;
    } else {
      for (std::uint32_t c : nodes_[i].children) stack.push_back(c);
    }
  }
  return count;
}

// River's `iter_leaves` on an adaptive tree: leaves left to right, each branch child followed
// by the leaves of its alternate subtree (the root's own alternate is not listed).
template <class S, class C>
std::vector<std::uint32_t> HoeffdingAdaptiveTreeClassifier<S, C>::find_leaves() const {
  std::vector<std::uint32_t> out;
  if (root_ == no_node) return out;
  std::vector<std::uint32_t> stack{root_};
  while (!stack.empty()) {
    const std::uint32_t i = stack.back();
    stack.pop_back();
    const Node& n = nodes_[i];
    if (n.is_leaf()) {
      out.push_back(i);
      continue;
    }
    for (auto it = n.children.rbegin(); it != n.children.rend(); ++it) {
      const Node& c = nodes_[*it];
      if (!c.is_leaf() && c.alternate != no_node) stack.push_back(c.alternate);
      stack.push_back(*it);
    }
  }
  return out;
}

template <class S, class C>
std::size_t HoeffdingAdaptiveTreeClassifier<S, C>::n_nodes() const {
  if (root_ == no_node) return 0;
  std::size_t count = 0;
  std::vector<std::uint32_t> stack{root_};
  while (!stack.empty()) {
    const std::uint32_t i = stack.back();
    stack.pop_back();
    ++count;
    for (std::uint32_t c : nodes_[i].children) stack.push_back(c);
  }
  return count;
}

template <class S, class C>
std::size_t HoeffdingAdaptiveTreeClassifier<S, C>::n_leaves() const {
  return root_ == no_node ? 0 : count_leaves(root_);
}

template <class S, class C>
std::size_t HoeffdingAdaptiveTreeClassifier<S, C>::n_branches() const {
  return n_nodes() - n_leaves();
}

template <class S, class C>
std::size_t HoeffdingAdaptiveTreeClassifier<S, C>::n_growing_alternates() const {
  std::size_t count = 0;
  for (const auto& n : nodes_) count += n.alternate != no_node ? 1 : 0;
  return count;
}

template <class S, class C>
std::size_t HoeffdingAdaptiveTreeClassifier<S, C>::height() const {
  if (root_ == no_node) return 0;
  std::size_t best = 0;
  std::vector<std::pair<std::uint32_t, std::size_t>> stack{{root_, 1}};
  while (!stack.empty()) {
    const auto [i, level] = stack.back();
    stack.pop_back();
    best = std::max(best, level);
    for (std::uint32_t c : nodes_[i].children) stack.emplace_back(c, level + 1);
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Leaves

template <class S, class C>
std::uint32_t HoeffdingAdaptiveTreeClassifier<S, C>::new_leaf(const detail::ClassDist& stats,
                                                              std::uint32_t depth) {
  Node n;
  n.depth = depth;
  n.leaf.stats = stats;
  n.leaf.depth = depth;
  n.leaf.last_split_attempt_at = stats.total();
  n.detector = drift::ADWIN(params_.drift_detector.params());
  nodes_.push_back(std::move(n));
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

// River's `do_naive_bayes_prediction`, one value per class entry of the leaf (insertion order).
// Returns false (and clears `dist`) when the leaf has no weight. With `Touch`, nominal
// splitters register the classes they are asked about, as River's defaultdict lookups do.
template <class S, class C>
template <bool Touch, class L>
bool HoeffdingAdaptiveTreeClassifier<S, C>::naive_bayes(L& leaf, DenseView x,
                                                        std::vector<double>& dist) const {
  const auto entries = leaf.stats.entries();
  const double total = leaf.stats.total();
  dist.clear();
  if (entries.empty() || total == 0.0) return false;
  dist.resize(entries.size());
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const auto& e = entries[k];
    if (!(e.weight > 0.0)) {
      dist[k] = 0.0;
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
    dist[k] = vote;
  }
  double max_ll = dist[0];
  for (double d : dist) max_ll = d > max_ll ? d : max_ll;
  double sum = 0.0;
  for (double d : dist) sum += std::exp(d - max_ll);
  const double lse = max_ll + std::log(sum);
  for (double& d : dist) d = std::exp(d - lse);
  return true;
}

// River's `AdaLeafClassifier.prediction`: the leaf's distribution (majority class or naive
// Bayes), divided by (sum * error^2). False for a leaf without classes (River's None); an empty
// `dist` is River's {} (naive Bayes without weight).
template <class S, class C>
template <bool Touch, class N>
bool HoeffdingAdaptiveTreeClassifier<S, C>::leaf_distribution(N& node, DenseView x,
                                                              std::vector<double>& dist) const {
  auto& leaf = node.leaf;
  if (leaf.stats.empty()) return false;
  bool use_nb = false;
  if (leaf.active) {
    if (mode_ == LeafMode::nb) {
      use_nb = leaf.stats.total() >= static_cast<double>(params_.nb_threshold);
    } else if (mode_ == LeafMode::nba) {
      use_nb = leaf.nb_correct >= leaf.mc_correct;
    }
  }
  if (use_nb) {
    naive_bayes<Touch>(leaf, x, dist);
  } else {
    const auto entries = leaf.stats.entries();
    dist.resize(entries.size());
    const double total = leaf.stats.total();
    const bool scale = total != 0.0 && !std::isnan(total);
    const double inv = scale ? 1.0 / total : 1.0;
    for (std::size_t k = 0; k < entries.size(); ++k) {
      dist[k] = scale ? entries[k].weight * inv : entries[k].weight;
    }
  }
  double sum = 0.0;
  for (double d : dist) sum += d;
  const double err = node.error_mean;
  const double factor = sum * err * err;
  if (factor != 0.0 && !std::isnan(factor)) {
    const double inv = 1.0 / factor;
    for (double& d : dist) d *= inv;
  }
  return true;
}

template <class S, class C>
void HoeffdingAdaptiveTreeClassifier<S, C>::update_splitters(Leaf& leaf, DenseView x, ClassId y,
                                                             double w) {
  const std::size_t n = x.values.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double v = x.values[i];
    if (is_missing(v)) continue;
    const auto f = static_cast<FeatureId>(i);
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
  }
}

// The class River's `max(aux, key=aux.get)` picks from a leaf distribution: the first largest
// entry; false for None or {}.
template <class S, class C>
bool HoeffdingAdaptiveTreeClassifier<S, C>::leaf_guess_right(std::uint32_t node, DenseView x,
                                                             ClassId y) {
  auto& dist = scratch_.values;
  if (!leaf_distribution<true>(nodes_[node], x, dist) || dist.empty()) return false;
  std::size_t best = 0;
  for (std::size_t k = 1; k < dist.size(); ++k) {
    if (dist[k] > dist[best]) best = k;
  }
  return nodes_[node].leaf.stats.entries()[best].cls == y;
}

// ---------------------------------------------------------------------------------------------
// Learning

template <class S, class C>
void HoeffdingAdaptiveTreeClassifier<S, C>::learn_one(DenseView x, ClassId y, double w) {
  detail::require_finite_sample(x, name);
  require_weight(w, name);
  if (y > n_classes_) {
    throw InvalidInput(std::string(name) + ": class id " + std::to_string(y) +
                       " skips ids; the next new class id must be " + std::to_string(n_classes_));
  }
  if (w == 0.0) return;
  if (y == n_classes_) ++n_classes_;
  train_weight_seen_ += w;
  if (root_ == no_node) {
    root_ = new_leaf(detail::ClassDist{}, 0);
    n_active_leaves_ = 1;
  }
  structure_changed_ = false;
  learn_node(root_, x, y, w, no_node, 0);
  if (structure_changed_) compact();
  if (std::fmod(train_weight_seen_, static_cast<double>(params_.memory_estimate_period)) == 0.0) {
    estimate_model_size();
  }
}

template <class S, class C>
void HoeffdingAdaptiveTreeClassifier<S, C>::learn_node(std::uint32_t node, DenseView x, ClassId y,
                                                       double w, std::uint32_t parent,
                                                       std::size_t parent_branch) {
  if (nodes_[node].is_leaf()) {
    learn_leaf(node, x, y, w, parent, parent_branch);
  } else {
    learn_branch(node, x, y, w, parent, parent_branch);
  }
}

template <class S, class C>
void HoeffdingAdaptiveTreeClassifier<S, C>::learn_leaf(std::uint32_t node, DenseView x, ClassId y,
                                                       double w, std::uint32_t parent,
                                                       std::size_t parent_branch) {
  if (params_.bootstrap_sampling) {
    const std::uint32_t k = python_poisson(1.0, rng_);
    if (k > 0) w *= static_cast<double>(k);  // a draw of 0 keeps the weight (River)
  }
  const double error = leaf_guess_right(node, x, y) ? 0.0 : 1.0;
  {
    Node& n = nodes_[node];
    const double old_error = n.error_mean;
    n.detector.update(error);
    n.update_error(error);
    if (n.detector.drift_detected() && old_error > n.error_mean) n.reset_error();
  }
  Leaf& leaf = nodes_[node].leaf;
  if (leaf.active) {
    // Naive Bayes adaptive bookkeeping, whatever the prediction mode (River's leaf class).
    bool mc_right = leaf.stats.empty();
    if (!mc_right) {
      const auto entries = leaf.stats.entries();
      const double total = leaf.stats.total();
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
    auto& buf = scratch_.values;
    if (naive_bayes<true>(leaf, x, buf)) {
      std::size_t best = 0;
      for (std::size_t i = 1; i < buf.size(); ++i) {
        if (buf[i] > buf[best]) best = i;
      }
      if (leaf.stats.entries()[best].cls == y) leaf.nb_correct += w;
    }
  }
  leaf.stats.add(y, w);
  if (leaf.active) update_splitters(leaf, x, y, w);
  const double weight_seen = leaf.stats.total();
  if (weight_seen - leaf.last_split_attempt_at >= static_cast<double>(params_.grace_period)) {
    if (static_cast<std::int64_t>(nodes_[node].depth) >= max_depth_) {
      // River deactivates (and counts) again at every attempt once at the depth limit.
      leaf.active = false;
      leaf.drop_splitters();
      ++n_inactive_leaves_;
      --n_active_leaves_;
    } else if (leaf.active) {
      attempt_to_split(node, parent, parent_branch);
      nodes_[node].leaf.last_split_attempt_at = weight_seen;
    }
  }
}

template <class S, class C>
void HoeffdingAdaptiveTreeClassifier<S, C>::learn_branch(std::uint32_t node, DenseView x, ClassId y,
                                                         double w, std::uint32_t parent,
                                                         std::size_t parent_branch) {
  const double error = leaf_guess_right(main_leaf(node, x), x, y) ? 0.0 : 1.0;
  bool change = false;
  {
    Node& n = nodes_[node];
    n.branch_stats.add(y, w);
    const double old_error = n.error_mean;
    n.detector.update(error);
    n.update_error(error);
    change = n.detector.drift_detected();
    if (change && old_error > n.error_mean) {
      n.reset_error();  // the error is falling: no adaptation
      change = false;
    }
  }
  if (change) {
    nodes_[node].reset_error();
    const std::uint32_t alt = new_leaf(detail::ClassDist{}, nodes_[node].depth);
    if (nodes_[node].alternate != no_node) structure_changed_ = true;  // the old one is dropped
    nodes_[node].alternate = alt;
    ++n_alternate_trees_;
  } else if (nodes_[node].alternate != no_node) {
    const std::uint32_t alt = nodes_[node].alternate;
    const double alt_n = nodes_[alt].error_n;
    const double n_obs = nodes_[node].error_n;
    const auto threshold = static_cast<double>(params_.drift_window_threshold);
    if (alt_n > threshold && n_obs > threshold) {
      const double old_rate = nodes_[node].error_mean;
      const double alt_rate = nodes_[alt].error_mean;
      const double n = 1.0 / alt_n + 1.0 / n_obs;
      const double bound = std::sqrt(2.0 * old_rate * (1.0 - old_rate) *
                                     std::log(2.0 / params_.switch_significance) * n);
      if (bound < old_rate - alt_rate) {
        n_active_leaves_ -= static_cast<std::int64_t>(count_leaves(node));
        n_active_leaves_ += static_cast<std::int64_t>(count_leaves(alt));
        kill_tree_children(node);
        if (parent != no_node) {
          nodes_[parent].children[parent_branch] = alt;
          nodes_[node].alternate = no_node;
        } else {
          root_ = nodes_[root_].alternate;  // River keeps the old root's link; it is cut off
        }
        ++n_switch_alternate_trees_;
        structure_changed_ = true;
      } else if (bound < alt_rate - old_rate) {
        if (!nodes_[alt].is_leaf()) kill_tree_children(alt);
        nodes_[node].alternate = no_node;
        ++n_pruned_alternate_trees_;
        structure_changed_ = true;
      }
    }
  }
  // The alternate learns as if it stood where this branch stands (River passes it this
  // branch's parent).
  if (nodes_[node].alternate != no_node) {
    learn_node(nodes_[node].alternate, x, y, w, parent, parent_branch);
  }
  const int b = branch_no(nodes_[node], x);
  if (b >= 0) {
    const auto k = static_cast<std::size_t>(b);
    learn_node(nodes_[node].children[k], x, y, w, node, k);
  } else if (nodes_[node].kind == detail::SplitKind::nominal_multiway &&
             !is_missing(x[nodes_[node].feature])) {
    // A nominal value this branch has not seen: grow a branch for it.
    const double v = x[nodes_[node].feature];
    const std::uint32_t leaf = new_leaf(detail::ClassDist{}, nodes_[node].depth + 1);
    nodes_[node].children.push_back(leaf);
    nodes_[node].branch_values.push_back(v);
    ++n_active_leaves_;
    learn_node(leaf, x, y, w, node, nodes_[node].children.size() - 1);
  } else {
    const std::size_t k = most_common_branch(node);
    learn_node(nodes_[node].children[k], x, y, w, node, k);
  }
}

template <class S, class C>
void HoeffdingAdaptiveTreeClassifier<S, C>::kill_tree_children(std::uint32_t node) {
  const std::vector<std::uint32_t> children = nodes_[node].children;
  for (std::uint32_t c : children) {
    if (!nodes_[c].is_leaf()) {
      const std::uint32_t alt = nodes_[c].alternate;
      if (alt != no_node) {
        if (!nodes_[alt].is_leaf()) kill_tree_children(alt);
        ++n_pruned_alternate_trees_;
        nodes_[c].alternate = no_node;
      }
      kill_tree_children(c);
    } else if (nodes_[c].leaf.active) {
      --n_active_leaves_;
    } else {
      --n_inactive_leaves_;
    }
  }
}

template <class S, class C>
void HoeffdingAdaptiveTreeClassifier<S, C>::attempt_to_split(std::uint32_t node,
                                                             std::uint32_t parent,
                                                             std::size_t parent_branch) {
  {
    const Leaf& leaf = nodes_[node].leaf;
    if (leaf.stats.is_pure()) return;
  }
  const C criterion = make_criterion();
  std::vector<detail::SplitSuggestion> suggestions;
  bool should_split = false;
  {
    Leaf& leaf = nodes_[node].leaf;
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
    if (suggestions.size() < 2) {
      should_split = !suggestions.empty();
    } else {
      const double range = criterion.range_of_merit(leaf.stats);
      const double bound =
          std::sqrt((range * range * std::log(1.0 / params_.delta)) / (2.0 * total));
      const auto& best = suggestions.back();
      const auto& second = suggestions[suggestions.size() - 2];
      if (best.merit - second.merit > bound || bound < params_.tau) should_split = true;
      // remove_poor_attrs: River's adaptive leaves ignore attribute removal.
    }
  }
  if (!should_split) return;
  detail::SplitSuggestion& decision = suggestions.back();
  if (decision.kind == detail::SplitKind::none) {
    Leaf& leaf = nodes_[node].leaf;
    leaf.active = false;
    leaf.drop_splitters();
    ++n_inactive_leaves_;
    --n_active_leaves_;
  } else {
    const std::uint32_t depth = nodes_[node].depth;
    const std::size_t n_children = decision.children.size();
    std::vector<std::uint32_t> children;
    children.reserve(n_children);
    for (std::size_t i = 0; i < n_children; ++i) {
      children.push_back(new_leaf(decision.children[i], depth + 1));
    }
    Node branch;
    branch.kind = decision.kind;
    branch.depth = depth;
    branch.feature = decision.feature;
    branch.value = decision.value;
    branch.children = std::move(children);
    branch.branch_values = std::move(decision.values);
    branch.branch_stats = nodes_[node].leaf.stats;
    branch.detector = drift::ADWIN(params_.drift_detector.params());
    nodes_.push_back(std::move(branch));
    const auto index = static_cast<std::uint32_t>(nodes_.size() - 1);
    n_active_leaves_ += static_cast<std::int64_t>(n_children) - 1;
    if (parent == no_node) {
      root_ = index;
    } else {
      nodes_[parent].children[parent_branch] = index;
    }
    structure_changed_ = true;
  }
  enforce_size_limit();
}

// Drops the nodes no longer reachable from the root (through children and alternates) and
// renumbers the others in depth-first order from the root.
template <class S, class C>
void HoeffdingAdaptiveTreeClassifier<S, C>::compact() {
  std::vector<std::uint32_t> order;
  std::vector<std::uint32_t> map(nodes_.size(), no_node);
  std::vector<std::uint32_t> stack{root_};
  while (!stack.empty()) {
    const std::uint32_t i = stack.back();
    stack.pop_back();
    if (map[i] != no_node) continue;
    map[i] = static_cast<std::uint32_t>(order.size());
    order.push_back(i);
    const Node& n = nodes_[i];
    if (n.alternate != no_node) stack.push_back(n.alternate);
    for (auto it = n.children.rbegin(); it != n.children.rend(); ++it) stack.push_back(*it);
  }
  std::vector<Node> kept;
  kept.reserve(order.size());
  for (std::uint32_t i : order) {
    Node n = std::move(nodes_[i]);
    for (auto& c : n.children) c = map[c];
    if (n.alternate != no_node) n.alternate = map[n.alternate];
    kept.push_back(std::move(n));
  }
  nodes_ = std::move(kept);
  root_ = 0;
}

// ---------------------------------------------------------------------------------------------
// Memory management (Kirkby 2007), with this library's own byte counts.

template <class S, class C>
void HoeffdingAdaptiveTreeClassifier<S, C>::enforce_size_limit() {
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
    const auto& st = nodes_[leaves[i]].leaf.stats;
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
    Node& node = nodes_[leaves[order[k]]];
    Leaf& leaf = node.leaf;
    if (k < cutoff) {
      if (leaf.active) {
        leaf.active = false;
        leaf.drop_splitters();
        ++n_inactive_leaves_;
        --n_active_leaves_;
      }
    } else if (!leaf.active && static_cast<std::int64_t>(node.depth) < max_depth_) {
      leaf.active = true;  // with empty splitters, as River's activate()
      ++n_active_leaves_;
      --n_inactive_leaves_;
    }
  }
}

template <class S, class C>
std::size_t HoeffdingAdaptiveTreeClassifier<S, C>::memory_size() const {
  std::size_t n = sizeof(*this) + (nodes_.capacity() - nodes_.size()) * sizeof(Node);
  for (const auto& node : nodes_) {
    n += sizeof(Node) - sizeof(Leaf) + node.leaf.memory_size() +
         node.children.capacity() * sizeof(std::uint32_t) +
         node.branch_values.capacity() * sizeof(double) + node.branch_stats.memory_size();
  }
  return n;
}

template <class S, class C>
void HoeffdingAdaptiveTreeClassifier<S, C>::estimate_model_size() {
  if (root_ == no_node) return;
  double total_active = 0.0;
  double total_inactive = 0.0;
  for (std::uint32_t i : find_leaves()) {
    const Leaf& leaf = nodes_[i].leaf;
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

template <class S, class C>
void HoeffdingAdaptiveTreeClassifier<S, C>::predict_proba_one(DenseView x,
                                                              std::span<double> out) const {
  detail::require_finite_sample(x, name);
  if (out.size() < n_classes_) {
    throw InvalidInput(std::string(name) + ": out has " + std::to_string(out.size()) +
                       " slots for " + std::to_string(n_classes_) + " classes");
  }
  std::fill(out.begin(), out.end(), 0.0);
  if (root_ == no_node) return;
  std::vector<double> dist;
  auto add = [&](std::uint32_t leaf_node) {
    const Node& n = nodes_[leaf_node];
    if (!leaf_distribution<false>(n, x, dist)) return;  // River would fail on None
    const auto entries = n.leaf.stats.entries();
    for (std::size_t k = 0; k < dist.size(); ++k) out[entries[k].cls] += dist[k];
  };
  // The leaf reached, after the alternates met on the way (an alternate that is a branch is
  // followed down its own main path).
  std::vector<std::uint32_t> pending{root_};
  while (!pending.empty()) {
    std::uint32_t node = pending.back();
    pending.pop_back();
    while (!nodes_[node].is_leaf()) {
      const Node& n = nodes_[node];
      if (n.alternate != no_node) {
        if (nodes_[n.alternate].is_leaf()) {
          add(n.alternate);
        } else {
          pending.push_back(n.alternate);
        }
      }
      const int b = branch_no(n, x);
      node = n.children[b < 0 ? most_common_branch(node) : static_cast<std::size_t>(b)];
    }
    add(node);
  }
  double sum = 0.0;
  for (std::size_t c = 0; c < n_classes_; ++c) sum += out[c];
  if (sum != 0.0 && !std::isnan(sum)) {
    const double inv = 1.0 / sum;
    for (std::size_t c = 0; c < n_classes_; ++c) out[c] *= inv;
  }
}

// ---------------------------------------------------------------------------------------------
// Inspection

template <class S, class C>
std::string HoeffdingAdaptiveTreeClassifier<S, C>::feature_name(FeatureId f) const {
  if (space_ != nullptr && f < space_->size()) return space_->name(f);
  return std::to_string(f);
}

template <class S, class C>
std::string HoeffdingAdaptiveTreeClassifier<S, C>::value_text(FeatureId f, double v) const {
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
std::string HoeffdingAdaptiveTreeClassifier<S, C>::leaf_text(const Leaf& leaf, bool dot) const {
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
std::string HoeffdingAdaptiveTreeClassifier<S, C>::debug_one(DenseView x) const {
  detail::require_finite_sample(x, name);
  std::string out;
  if (root_ == no_node) return out;
  std::uint32_t node = root_;
  while (!nodes_[node].is_leaf()) {
    const Node& n = nodes_[node];
    const int b0 = branch_no(n, x);
    const std::size_t b = b0 < 0 ? most_common_branch(node) : static_cast<std::size_t>(b0);
    const std::string f = feature_name(n.feature);
    switch (n.kind) {
      case detail::SplitKind::numeric_binary:
        out += f + (b == 0 ? " ≤ " : " > ") + streamwise::detail::format_double(n.value);
        break;
      case detail::SplitKind::nominal_binary:
        out += f + (b == 0 ? " = " : " ≠ ") + value_text(n.feature, n.value);
        break;
      default:
        out += f + " = " + value_text(n.feature, n.branch_values[b]);
        break;
    }
    out += "\n";
    node = n.children[b];
  }
  out += leaf_text(nodes_[node].leaf, false) + "\n";
  return out;
}

template <class S, class C>
std::string HoeffdingAdaptiveTreeClassifier<S, C>::to_dot() const {
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
      label = leaf_text(n.leaf, true);
      char buf[64];
      const double total = n.leaf.stats.total();
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
    if (n.alternate != no_node) {
      out += "  " + std::to_string(i) + " -> " + std::to_string(n.alternate) +
             " [style=dashed, xlabel=\"alternate\"];\n";
    }
  }
  out += "}\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checkpoints

template <class S, class C>
template <class Archive>
void HoeffdingAdaptiveTreeClassifier<S, C>::serialize(Archive& ar, std::uint32_t version) {
  if (version > class_version) {
    throw CheckpointError("HoeffdingAdaptiveTreeClassifier: checkpoint from a newer version");
  }
  ar(params_, effective_seed_, rng_, n_classes_, nodes_, root_, n_active_leaves_,
     n_inactive_leaves_, n_alternate_trees_, n_pruned_alternate_trees_, n_switch_alternate_trees_,
     active_leaf_size_estimate_, inactive_leaf_size_estimate_, size_estimate_overhead_fraction_,
     growth_allowed_, train_weight_seen_);
  if constexpr (Archive::is_loading::value) {
    try {
      params_.validate();
      check_criterion(params_);
    } catch (const std::invalid_argument& e) {
      throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
    }
    refresh_derived();
    // Structure: every node reachable exactly once from the root, through children and
    // alternates; alternates only on branches.
    if (root_ == no_node) {
      detail::require_consistent(nodes_.empty(), name, "has nodes but no root");
    } else {
      detail::require_consistent(root_ < nodes_.size(), name, "has an invalid root");
      // Depths: a child one below its branch, an alternate at its branch's level; bounded
      // so that the recursive update cannot overflow the stack.
      const std::uint64_t depth_limit =
          std::min<std::uint64_t>(static_cast<std::uint64_t>(max_depth_), 4096) + 1;
      std::vector<std::uint8_t> seen(nodes_.size(), 0);
      std::vector<std::pair<std::uint32_t, std::uint32_t>> stack{{root_, 0}};
      std::size_t visited = 0;
      while (!stack.empty()) {
        const auto [i, depth] = stack.back();
        stack.pop_back();
        detail::require_consistent(i < nodes_.size() && seen[i] == 0, name,
                                   "has an invalid child index");
        seen[i] = 1;
        ++visited;
        const Node& n = nodes_[i];
        detail::require_consistent(
            n.depth == depth && depth <= depth_limit && (!n.is_leaf() || n.leaf.depth == depth),
            name, "has an invalid node depth");
        if (n.is_leaf()) {
          detail::require_consistent(n.children.empty() && n.alternate == no_node, name,
                                     "has an invalid leaf node");
          continue;
        }
        const bool multiway = n.kind == detail::SplitKind::nominal_multiway;
        detail::require_consistent(
            (multiway ? !n.children.empty() && n.branch_values.size() == n.children.size()
                      : n.children.size() == 2),
            name, "has a branch with a wrong number of children");
        for (std::uint32_t c : n.children) stack.emplace_back(c, depth + 1);
        if (n.alternate != no_node) stack.emplace_back(n.alternate, depth);
      }
      detail::require_consistent(visited == nodes_.size(), name, "has unreachable nodes");
    }
    for (const auto& node : nodes_) {
      for (const auto& e : node.branch_stats.entries()) {
        detail::require_consistent(e.cls < n_classes_, name, "has an unknown class id");
      }
      const Leaf& leaf = node.leaf;
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
      detail::require_consistent(!node.error_n || std::isfinite(node.error_mean), name,
                                 "has an invalid error estimate");
    }
  }
}

}  // namespace streamwise::tree
