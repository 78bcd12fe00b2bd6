#pragma once
/// @file
/// Member functions of `HoeffdingAdaptiveTreeRegressor` (included by its header).

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "streamwise/tree/hoeffding_adaptive_tree_regressor.hpp"

namespace streamwise::tree {

template <class S, class M>
void HoeffdingAdaptiveTreeRegressor<S, M>::refresh_derived() {
  const auto& lp = params_.leaf_prediction;
  mode_ = lp == "mean" ? LeafMode::mean : lp == "model" ? LeafMode::model : LeafMode::adaptive;
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

template <class S, class M>
bool HoeffdingAdaptiveTreeRegressor<S, M>::is_nominal(FeatureId f) const {
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

// The child `x` goes to, or -1 when the feature is missing (or, multiway, an unseen value):
// River's `KeyError`.
template <class S, class M>
int HoeffdingAdaptiveTreeRegressor<S, M>::branch_no(const Node& node, DenseView x) {
  if (node.feature >= x.values.size()) return -1;
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

// River's `total_weight`: a leaf's weight, or the sum over a branch's children (alternates
// excluded).
template <class S, class M>
double HoeffdingAdaptiveTreeRegressor<S, M>::subtree_weight(const Node& node) {
  if (node.is_leaf()) return node.leaf->stats.n;
  double sum = 0.0;
  for (const auto& c : node.children) sum += subtree_weight(*c);
  return sum;
}

template <class S, class M>
int HoeffdingAdaptiveTreeRegressor<S, M>::most_common_branch(const Node& node) {
  if (node.kind == detail::SplitKind::nominal_multiway) {
    std::size_t best = 0;
    double best_w = subtree_weight(*node.children[0]);
    for (std::size_t i = 1; i < node.children.size(); ++i) {
      const double w = subtree_weight(*node.children[i]);
      if (w > best_w) {
        best = i;
        best_w = w;
      }
    }
    return static_cast<int>(best);
  }
  return subtree_weight(*node.children[0]) < subtree_weight(*node.children[1]) ? 1 : 0;
}

template <class S, class M>
std::size_t HoeffdingAdaptiveTreeRegressor<S, M>::count(const Node& node, Count what) {
  if (node.is_leaf()) return what == Count::nodes || what == Count::leaves ? 1 : 0;
  std::size_t n = what == Count::nodes || what == Count::branches ? 1 : 0;
  if (what == Count::alternates && node.alternate) ++n;
  for (const auto& c : node.children) n += count(*c, what);
  return n;
}

template <class S, class M>
std::size_t HoeffdingAdaptiveTreeRegressor<S, M>::height_of(const Node& node) {
  if (node.is_leaf()) return 1;
  std::size_t m = 0;
  for (const auto& c : node.children) m = std::max(m, height_of(*c));
  return 1 + m;
}

// River's `DTBranch.traverse(x, until_leaf=True)`: the main-path leaf, following the heavier
// child when the tested feature is missing.
template <class S, class M>
const typename HoeffdingAdaptiveTreeRegressor<S, M>::Node&
HoeffdingAdaptiveTreeRegressor<S, M>::main_leaf(const Node& start, DenseView x) const {
  const Node* node = &start;
  while (!node->is_leaf()) {
    int b = branch_no(*node, x);
    if (b < 0) b = most_common_branch(*node);
    node = node->children[static_cast<std::size_t>(b)].get();
  }
  return *node;
}

template <class S, class M>
std::unique_ptr<typename HoeffdingAdaptiveTreeRegressor<S, M>::Node>
HoeffdingAdaptiveTreeRegressor<S, M>::new_leaf(const detail::TargetVar& stats, std::uint32_t depth,
                                               const Leaf* parent) const {
  auto node = std::make_unique<Node>();
  node->detector = drift::ADWIN(params_.drift_detector.params());
  node->depth = depth;
  Leaf leaf;
  leaf.stats = stats;
  leaf.depth = depth;
  leaf.last_split_attempt_at = stats.n;
  // A leaf made at a split copies the splitting leaf's model (and, adaptive, its errors);
  // one made under a branch starts from the prototype.
  leaf.model = parent != nullptr ? parent->model : params_.leaf_model;
  if (parent != nullptr && mode_ == LeafMode::adaptive) {
    leaf.fmse_mean = parent->fmse_mean;
    leaf.fmse_model = parent->fmse_model;
  }
  node->leaf = std::move(leaf);
  return node;
}

template <class S, class M>
double HoeffdingAdaptiveTreeRegressor<S, M>::leaf_prediction(const Leaf& leaf, DenseView x) const {
  switch (mode_) {
    case LeafMode::mean:
      return leaf.stats.mean;
    case LeafMode::model:
      return leaf.model.predict_one(x);
    default:
      return leaf.fmse_mean < leaf.fmse_model ? leaf.stats.mean : leaf.model.predict_one(x);
  }
}

// River's `HTLeaf.learn_one` for the three regression leaves.
template <class S, class M>
void HoeffdingAdaptiveTreeRegressor<S, M>::update_leaf(Leaf& leaf, DenseView x, double y,
                                                       double w) {
  if (mode_ == LeafMode::adaptive) {
    const double pred_mean = leaf.stats.mean;
    const double pred_model = leaf.model.predict_one(x);
    const double dm = y - pred_mean;
    const double dl = y - pred_model;
    leaf.fmse_mean = params_.model_selector_decay * leaf.fmse_mean + dm * dm;
    leaf.fmse_model = params_.model_selector_decay * leaf.fmse_model + dl * dl;
  }
  leaf.stats.update(y, w);
  if (leaf.active) {
    const std::size_t n = x.values.size();
    for (std::size_t i = 0; i < n; ++i) {
      const double v = x.values[i];
      if (is_missing(v)) continue;
      const auto f = static_cast<FeatureId>(i);
      if (leaf.is_disabled(f)) continue;
      std::int32_t s = leaf.slot_for(f);
      if (s < 0) {
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
  if (mode_ != LeafMode::mean) leaf.model.learn_one(x, y, w);
}

template <class S, class M>
void HoeffdingAdaptiveTreeRegressor<S, M>::learn_node(Node& node, DenseView x, double y, double w,
                                                      Node* parent, int parent_branch) {
  if (node.is_leaf()) {
    learn_leaf_node(node, x, y, w, parent, parent_branch);
  } else {
    learn_branch_node(node, x, y, w, parent, parent_branch);
  }
}

// River's `AdaLeafRegressor.learn_one`.
template <class S, class M>
void HoeffdingAdaptiveTreeRegressor<S, M>::learn_leaf_node(Node& node, DenseView x, double y,
                                                           double w, Node* parent,
                                                           int parent_branch) {
  Leaf& leaf = *node.leaf;
  const double y_pred = leaf_prediction(leaf, x);
  if (params_.bootstrap_sampling) {
    const std::uint32_t k = python_poisson(1.0, rng_);
    if (k > 0) w *= static_cast<double>(k);  // River keeps the weight on a zero draw
  }
  const double drift_input = std::abs(y - y_pred);
  const double old_error = node.error.mean;
  node.detector.update(drift_input);
  node.error.update(drift_input, 1.0);
  if (node.detector.drift_detected() && node.error.mean < old_error) node.error = {};

  update_leaf(leaf, x, y, w);

  const double weight_seen = leaf.stats.n;
  if (weight_seen - leaf.last_split_attempt_at >= static_cast<double>(params_.grace_period)) {
    if (static_cast<std::int64_t>(node.depth) >= max_depth_) {
      // River counts the deactivation again at every grace period.
      deactivate(leaf);
      ++n_inactive_leaves_;
      --n_active_leaves_;
    } else if (leaf.active) {
      attempt_to_split(node, parent, parent_branch);
      leaf.last_split_attempt_at = weight_seen;
    }
  }
}

// River's `AdaBranchRegressor.learn_one`.
template <class S, class M>
void HoeffdingAdaptiveTreeRegressor<S, M>::learn_branch_node(Node& node, DenseView x, double y,
                                                             double w, Node* parent,
                                                             int parent_branch) {
  const double y_pred = leaf_prediction(*main_leaf(node, x).leaf, x);
  node.stats.update(y, w);

  const double drift_input = std::abs(y - y_pred);
  const double old_error = node.error.mean;
  node.detector.update(drift_input);
  node.error.update(drift_input, 1.0);
  bool error_change = node.detector.drift_detected();
  if (error_change && node.error.mean < old_error) {
    node.error = {};  // the error decreased: keep things as they are
    error_change = false;
  }

  Node* alternate_to_learn = nullptr;
  if (error_change && !node.alternate) {
    node.error = {};
    // A fresh leaf one level up (River builds it as a child, then decrements its depth).
    node.alternate = new_leaf(detail::TargetVar{}, node.depth, nullptr);
    ++n_alternate_trees_;
    alternate_to_learn = node.alternate.get();
  } else if (node.alternate) {
    alternate_to_learn = node.alternate.get();
    const double alt_n = node.alternate->error.n;
    const double cur_n = node.error.n;
    const auto threshold = static_cast<double>(params_.drift_window_threshold);
    if (alt_n > threshold && cur_n > threshold) {
      const double alt_mean = node.alternate->error.mean;
      const double cur_mean = node.error.mean;
      const double alt_s2 = node.alternate->error.get();
      const double cur_s2 = node.error.get();
      const double z = (alt_mean - cur_mean) / std::sqrt(alt_s2 / alt_n + cur_s2 / cur_n);
      // Two-sided p-value of the standard normal: 2 * Phi(-|z|).
      const double p_value = 2.0 * (0.5 * (1.0 + std::erf(-std::abs(z) / std::sqrt(2.0))));
      if (p_value <= params_.switch_significance) {
        if (alt_mean < cur_mean) {
          n_active_leaves_ -= static_cast<std::int64_t>(count(node, Count::leaves));
          n_active_leaves_ += static_cast<std::int64_t>(count(*node.alternate, Count::leaves));
          kill_tree_children(node);
          if (parent != nullptr) {
            replace(parent, parent_branch, std::move(node.alternate));
            alternate_to_learn = nullptr;
          } else {
            // The root is swapped; River's old root still points at its alternate, which
            // therefore learns the sample (as the new root).
            replace(nullptr, -1, std::move(node.alternate));
            alternate_to_learn = root_.get();
          }
          ++n_switch_alternate_trees_;
        } else {
          if (!node.alternate->is_leaf()) kill_tree_children(*node.alternate);
          node.alternate.reset();
          alternate_to_learn = nullptr;
          ++n_pruned_alternate_trees_;
        }
      }
    }
  }

  if (alternate_to_learn != nullptr) {
    learn_node(*alternate_to_learn, x, y, w, parent, parent_branch);
  }

  const int b = branch_no(node, x);
  if (b >= 0) {
    learn_node(*node.children[static_cast<std::size_t>(b)], x, y, w, &node, b);
    return;
  }
  if (node.kind == detail::SplitKind::nominal_multiway && node.feature < x.values.size() &&
      !is_missing(x[node.feature])) {
    // A value the branch has not seen: a new child for it.
    node.children.push_back(new_leaf(detail::TargetVar{}, node.depth + 1, nullptr));
    node.branch_values.push_back(x[node.feature]);
    ++n_active_leaves_;
    const int nb = static_cast<int>(node.children.size() - 1);
    learn_node(*node.children.back(), x, y, w, &node, nb);
    return;
  }
  const int mc = most_common_branch(node);
  learn_node(*node.children[static_cast<std::size_t>(mc)], x, y, w, &node, mc);
}

template <class S, class M>
void HoeffdingAdaptiveTreeRegressor<S, M>::replace(Node* parent, int parent_branch,
                                                   std::unique_ptr<Node> with) {
  if (parent == nullptr) {
    detached_.push_back(std::move(root_));
    root_ = std::move(with);
  } else {
    auto& slot = parent->children[static_cast<std::size_t>(parent_branch)];
    detached_.push_back(std::move(slot));
    slot = std::move(with);
  }
}

// River's `kill_tree_children`: only counters change (and the children's alternates go).
template <class S, class M>
void HoeffdingAdaptiveTreeRegressor<S, M>::kill_tree_children(Node& branch) {
  for (auto& child : branch.children) {
    if (!child->is_leaf()) {
      if (child->alternate) {
        if (!child->alternate->is_leaf()) kill_tree_children(*child->alternate);
        ++n_pruned_alternate_trees_;
        child->alternate.reset();
      }
      kill_tree_children(*child);
    } else if (child->leaf->active) {
      --n_active_leaves_;
    } else {
      --n_inactive_leaves_;
    }
  }
}

template <class S, class M>
void HoeffdingAdaptiveTreeRegressor<S, M>::deactivate(Leaf& leaf) {
  leaf.active = false;
  leaf.drop_splitters();
}

template <class S, class M>
void HoeffdingAdaptiveTreeRegressor<S, M>::disable_attribute(Leaf& leaf, FeatureId f) {
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

// River's `_attempt_to_split`; a split replaces `parent`'s child `parent_branch` (the root
// when `parent` is null), which for an alternate leaf is the branch that owns it.
template <class S, class M>
void HoeffdingAdaptiveTreeRegressor<S, M>::attempt_to_split(Node& node, Node* parent,
                                                            int parent_branch) {
  Leaf& leaf = *node.leaf;
  const VarianceReductionCriterion criterion{static_cast<double>(params_.min_samples_split)};
  std::vector<detail::RegSplitSuggestion> suggestions;
  suggestions.reserve(leaf.slots.size() + 1);
  if (params_.merit_preprune) suggestions.emplace_back();
  for (const auto& slot : leaf.slots) {
    detail::RegSplitSuggestion s;
    if (slot.nominal) {
      leaf.nominal[slot.index].best_split(criterion, leaf.stats, slot.feature, params_.binary_split,
                                          s);
    } else {
      leaf.numeric[slot.index].best_split(criterion, leaf.stats, slot.feature, params_.binary_split,
                                          s);
    }
    suggestions.push_back(std::move(s));
  }
  std::stable_sort(suggestions.begin(), suggestions.end(),
                   [](const auto& a, const auto& b) { return a.merit < b.merit; });
  bool should_split = false;
  double bound = 0.0;
  if (suggestions.size() < 2) {
    should_split = !suggestions.empty();
  } else {
    const double range = VarianceReductionCriterion::range_of_merit(leaf.stats);
    bound = std::sqrt((range * range * std::log(1.0 / params_.delta)) / (2.0 * leaf.stats.n));
    const auto& best = suggestions.back();
    const auto& second = suggestions[suggestions.size() - 2];
    if (best.merit > 0.0 && (second.merit / best.merit < 1.0 - bound || bound < params_.tau)) {
      should_split = true;
    }
    if (params_.remove_poor_attrs) {
      const double best_ratio = second.merit / best.merit;
      std::vector<FeatureId> poor;
      for (const auto& s : suggestions) {
        if (s.kind != detail::SplitKind::none && s.merit / best.merit < best_ratio - 2.0 * bound) {
          poor.push_back(s.feature);
        }
      }
      for (FeatureId f : poor) disable_attribute(leaf, f);
    }
  }
  if (should_split) {
    detail::RegSplitSuggestion& decision = suggestions.back();
    if (decision.kind == detail::SplitKind::none) {
      deactivate(leaf);
      ++n_inactive_leaves_;
      --n_active_leaves_;
    } else {
      auto branch = std::make_unique<Node>();
      branch->detector = drift::ADWIN(params_.drift_detector.params());
      branch->depth = node.depth;
      branch->kind = decision.kind;
      branch->feature = decision.feature;
      branch->value = decision.value;
      branch->branch_values = std::move(decision.values);
      branch->stats = leaf.stats;
      const std::size_t n_children = decision.children.size();
      branch->children.reserve(n_children);
      for (std::size_t i = 0; i < n_children; ++i) {
        branch->children.push_back(new_leaf(decision.children[i], node.depth + 1, &leaf));
      }
      n_active_leaves_ += static_cast<std::int64_t>(n_children) - 1;
      replace(parent, parent_branch, std::move(branch));
    }
    enforce_size_limit();
  } else if (suggestions.size() >= 2 && suggestions.back().merit > 0.0 &&
             suggestions[suggestions.size() - 2].merit > 0.0) {
    // A failed attempt: prune hopeless split points from the E-BSTs.
    const double best = suggestions.back().merit;
    const double ratio = suggestions[suggestions.size() - 2].merit / best;
    if constexpr (requires(S & s) {
                    s.remove_bad_splits(criterion, 0.0, 0.0, 0.0, detail::TargetVar{});
                  }) {
      for (auto& sp : leaf.numeric) sp.remove_bad_splits(criterion, ratio, best, bound, leaf.stats);
    }
  }
}

// River's `_find_leaves`: the root's `iter_leaves`, which lists the alternates of the root's
// descendants (after each one's subtree) but not the root's own alternate.
template <class S, class M>
void HoeffdingAdaptiveTreeRegressor<S, M>::find_leaves(std::vector<Node*>& out) {
  out.clear();
  if (!root_) return;
  struct Walker {
    std::vector<Node*>& out;
    void visit(Node& n) {
      if (n.is_leaf()) {
        out.push_back(&n);
        return;
      }
      for (auto& c : n.children) {
        visit(*c);
        if (!c->is_leaf() && c->alternate) visit(*c->alternate);
      }
    }
  };
  Walker{out}.visit(*root_);
}

template <class S, class M>
void HoeffdingAdaptiveTreeRegressor<S, M>::enforce_size_limit() {
  const double tree_size = size_estimate_overhead_fraction_ *
                           (active_leaf_size_estimate_ +
                            static_cast<double>(n_inactive_leaves_) * inactive_leaf_size_estimate_);
  if ((n_inactive_leaves_ > 0 || tree_size > max_byte_size_) && params_.stop_mem_management) {
    growth_allowed_ = false;  // River's adaptive leaves never read this flag
    return;
  }
  std::vector<Node*> leaves;
  find_leaves(leaves);
  // River's regression promise is -depth: the deepest leaves go first.
  std::stable_sort(leaves.begin(), leaves.end(), [](const Node* a, const Node* b) {
    return -static_cast<double>(a->depth) < -static_cast<double>(b->depth);
  });
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
    Leaf& leaf = *leaves[k]->leaf;
    if (k < cutoff) {
      if (leaf.active) {
        deactivate(leaf);
        ++n_inactive_leaves_;
        --n_active_leaves_;
      }
    } else if (!leaf.active && static_cast<std::int64_t>(leaves[k]->depth) < max_depth_) {
      leaf.active = true;
      ++n_active_leaves_;
      --n_inactive_leaves_;
    }
  }
}

template <class S, class M>
std::size_t HoeffdingAdaptiveTreeRegressor<S, M>::memory_size() const {
  std::size_t n = sizeof(*this);
  if (!root_) return n;
  std::vector<const Node*> stack{root_.get()};
  while (!stack.empty()) {
    const Node* node = stack.back();
    stack.pop_back();
    n += sizeof(Node) + node->children.capacity() * sizeof(void*) +
         node->branch_values.capacity() * sizeof(double);
    if (node->is_leaf()) n += node->leaf->memory_size();
    for (const auto& c : node->children) stack.push_back(c.get());
    if (node->alternate) stack.push_back(node->alternate.get());
  }
  return n;
}

template <class S, class M>
void HoeffdingAdaptiveTreeRegressor<S, M>::estimate_model_size() {
  if (!root_) return;
  std::vector<Node*> leaves;
  find_leaves(leaves);
  double total_active = 0.0;
  double total_inactive = 0.0;
  for (const Node* node : leaves) {
    const auto size = static_cast<double>(node->leaf->memory_size());
    (node->leaf->active ? total_active : total_inactive) += size;
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

template <class S, class M>
void HoeffdingAdaptiveTreeRegressor<S, M>::learn_one(DenseView x, double y, double w) {
  detail::require_finite_sample(x, name);
  require_finite(y, name, "y");
  require_weight(w, name);
  if (w == 0.0) return;
  train_weight_seen_ += w;
  if (!root_) {
    root_ = new_leaf(detail::TargetVar{}, 0, nullptr);
    n_active_leaves_ = 1;
  }
  // Keep the root alive even if it is swapped out while it learns.
  Node& root = *root_;
  learn_node(root, x, y, w, nullptr, -1);
  detached_.clear();
  if (std::fmod(train_weight_seen_, static_cast<double>(params_.memory_estimate_period)) == 0.0) {
    estimate_model_size();
  }
}

template <class S, class M>
double HoeffdingAdaptiveTreeRegressor<S, M>::predict_one(DenseView x) const {
  detail::require_finite_sample(x, name);
  if (!root_) return 0.0;
  if (root_->is_leaf()) return leaf_prediction(*root_->leaf, x);
  // River walks the path and collects each branch's alternate leaf, then the reached leaf. A
  // node reached through the most common path (missing feature) is visited twice by River's
  // walk, so its alternate counts twice.
  double sum = 0.0;
  std::size_t n = 0;
  const Node* node = root_.get();
  bool twice = false;
  while (!node->is_leaf()) {
    if (node->alternate) {
      const Node& alt = main_leaf(*node->alternate, x);
      const double p = leaf_prediction(*alt.leaf, x);
      for (int k = twice ? 2 : 1; k > 0; --k) {
        sum += p;
        ++n;
      }
    }
    int b = branch_no(*node, x);
    twice = b < 0;
    if (b < 0) b = most_common_branch(*node);
    node = node->children[static_cast<std::size_t>(b)].get();
  }
  sum += leaf_prediction(*node->leaf, x);
  ++n;
  return sum / static_cast<double>(n);
}

template <class S, class M>
template <class Archive>
void HoeffdingAdaptiveTreeRegressor<S, M>::serialize(Archive& ar, std::uint32_t version) {
  if (version > class_version) {
    throw CheckpointError("HoeffdingAdaptiveTreeRegressor: checkpoint from a newer version");
  }
  ar(params_, effective_seed_, rng_, n_active_leaves_, n_inactive_leaves_, n_alternate_trees_,
     n_pruned_alternate_trees_, n_switch_alternate_trees_, active_leaf_size_estimate_,
     inactive_leaf_size_estimate_, size_estimate_overhead_fraction_, growth_allowed_,
     train_weight_seen_);
  // The tree in pre-order (node, children, then alternate), each node with its shape, so that
  // loading needs no recursion.
  constexpr std::size_t max_levels = 4096;
  if constexpr (Archive::is_saving::value) {
    std::uint64_t n_nodes = 0;
    std::vector<Node*> stack;
    if (root_) stack.push_back(root_.get());
    std::vector<Node*> order;
    while (!stack.empty()) {
      Node* node = stack.back();
      stack.pop_back();
      order.push_back(node);
      if (node->alternate) stack.push_back(node->alternate.get());
      for (auto it = node->children.rbegin(); it != node->children.rend(); ++it) {
        stack.push_back(it->get());
      }
    }
    n_nodes = order.size();
    ar(n_nodes);
    for (Node* node : order) {
      auto n_children = static_cast<std::uint64_t>(node->children.size());
      bool has_alternate = static_cast<bool>(node->alternate);
      ar(n_children, has_alternate);
      node->serialize_fields(ar);
    }
  } else {
    std::uint64_t n_nodes = 0;
    ar(n_nodes);
    root_.reset();
    struct Frame {
      Node* node;
      std::uint64_t children_left;
      bool alternate_left;
    };
    std::vector<Frame> stack;
    for (std::uint64_t i = 0; i < n_nodes; ++i) {
      std::uint64_t n_children = 0;
      bool has_alternate = false;
      ar(n_children, has_alternate);
      auto node = std::make_unique<Node>();
      node->serialize_fields(ar);
      const bool multiway = node->kind == detail::SplitKind::nominal_multiway;
      if (node->is_leaf()) {
        detail::require_consistent(
            n_children == 0 && !has_alternate && node->kind == detail::SplitKind::none, name,
            "has an invalid leaf node");
      } else {
        detail::require_consistent(
            node->kind != detail::SplitKind::none &&
                (multiway ? n_children > 0 && node->branch_values.size() == n_children
                          : n_children == 2),
            name, "has a branch with a wrong number of children");
      }
      Node* raw = node.get();
      if (i == 0) {
        root_ = std::move(node);
      } else {
        while (!stack.empty() && stack.back().children_left == 0 && !stack.back().alternate_left) {
          stack.pop_back();
        }
        detail::require_consistent(!stack.empty(), name, "has a damaged node list");
        Frame& top = stack.back();
        if (top.children_left > 0) {
          top.node->children.push_back(std::move(node));
          --top.children_left;
        } else {
          top.node->alternate = std::move(node);
          top.alternate_left = false;
        }
      }
      if (n_children > 0 || has_alternate) {
        detail::require_consistent(stack.size() < max_levels, name, "is too deep");
        stack.push_back(Frame{raw, n_children, has_alternate});
      }
    }
    for (const auto& f : stack) {
      detail::require_consistent(f.children_left == 0 && !f.alternate_left, name,
                                 "has a damaged node list");
    }
    try {
      params_.validate();
    } catch (const std::invalid_argument& e) {
      throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
    }
    refresh_derived();
    if (root_) {
      std::vector<const Node*> check{root_.get()};
      while (!check.empty()) {
        const Node* node = check.back();
        check.pop_back();
        for (const auto& c : node->children) check.push_back(c.get());
        if (node->alternate) check.push_back(node->alternate.get());
        if (!node->is_leaf()) continue;
        const Leaf& leaf = *node->leaf;
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
        detail::require_consistent(n_num == leaf.numeric.size() && n_nom == leaf.nominal.size(),
                                   name, "has orphan splitters");
        for (std::int32_t s : leaf.slot_of) {
          detail::require_consistent(s >= -1 && s < static_cast<std::int32_t>(leaf.slots.size()),
                                     name, "has an invalid splitter slot");
        }
      }
    }
  }
}

}  // namespace streamwise::tree
