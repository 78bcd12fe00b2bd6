#pragma once
/// @file
/// Member functions of `HoeffdingTreeRegressor` (included by its header).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "streamwise/tree/hoeffding_tree_regressor.hpp"

namespace streamwise::tree {

template <class S, class M, class F>
void HoeffdingTreeRegressor<S, M, F>::refresh_derived() {
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

template <class S, class M, class F>
bool HoeffdingTreeRegressor<S, M, F>::is_nominal(FeatureId f) const {
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

template <class S, class M, class F>
int HoeffdingTreeRegressor<S, M, F>::branch_no(const Node& node, DenseView x) const {
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

template <class S, class M, class F>
double HoeffdingTreeRegressor<S, M, F>::subtree_weight(std::uint32_t node) const {
  if (nodes_[node].is_leaf()) return leaves_[nodes_[node].leaf].stats.n;
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
        f.sum += leaves_[nodes_[child].leaf].stats.n;
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

template <class S, class M, class F>
std::uint32_t HoeffdingTreeRegressor<S, M, F>::most_common_child(std::uint32_t node) const {
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

template <class S, class M, class F>
std::vector<std::uint32_t> HoeffdingTreeRegressor<S, M, F>::find_leaves() const {
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

template <class S, class M, class F>
std::size_t HoeffdingTreeRegressor<S, M, F>::height() const {
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

template <class S, class M, class F>
void HoeffdingTreeRegressor<S, M, F>::disable_attribute(Leaf& leaf, FeatureId f) {
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

template <class S, class M, class F>
void HoeffdingTreeRegressor<S, M, F>::deactivate(Leaf& leaf) {
  leaf.active = false;
  leaf.drop_splitters();
}

template <class S, class M, class F>
std::uint32_t HoeffdingTreeRegressor<S, M, F>::new_leaf(const detail::TargetVar& stats,
                                                        std::uint32_t depth, const Leaf* parent) {
  Leaf leaf;
  leaf.stats = stats;
  leaf.depth = depth;
  leaf.last_split_attempt_at = stats.n;
  // River copies the parent leaf's model (a fresh prototype under a branch), and an adaptive
  // leaf also inherits its parent's error estimates.
  leaf.model = parent != nullptr ? parent->model : params_.leaf_model;
  if (parent != nullptr && mode_ == LeafMode::adaptive) {
    leaf.fmse_mean = parent->fmse_mean;
    leaf.fmse_model = parent->fmse_model;
  }
  leaves_.push_back(std::move(leaf));
  const auto index = static_cast<std::uint32_t>(leaves_.size() - 1);
  features_.reset_leaf(index);
  return index;
}

template <class S, class M, class F>
void HoeffdingTreeRegressor<S, M, F>::learn_leaf(Leaf& leaf, DenseView x, double y, double w) {
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
    const auto leaf_index = static_cast<std::uint32_t>(&leaf - leaves_.data());
    features_.for_each(leaf_index, x, [&](FeatureId f, double v) {
      if (leaf.is_disabled(f)) return;
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
    });
  }
  if (mode_ != LeafMode::mean) leaf.model.learn_one(x, y, w);
}

template <class S, class M, class F>
double HoeffdingTreeRegressor<S, M, F>::leaf_prediction(const Leaf& leaf, DenseView x) const {
  switch (mode_) {
    case LeafMode::mean:
      return leaf.stats.mean;
    case LeafMode::model:
      return leaf.model.predict_one(x);
    default:
      return leaf.fmse_mean < leaf.fmse_model ? leaf.stats.mean : leaf.model.predict_one(x);
  }
}

template <class S, class M, class F>
void HoeffdingTreeRegressor<S, M, F>::learn_one(DenseView x, double y, double w) {
  detail::require_finite_sample(x, name);
  require_finite(y, name, "y");
  require_weight(w, name);
  if (w == 0.0) return;
  train_weight_seen_ += w;
  if (nodes_.empty()) {
    nodes_.push_back(Node{});
    nodes_[0].leaf = new_leaf(detail::TargetVar{}, 0, nullptr);
    n_active_leaves_ = 1;
  }
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
        const double weight_seen = leaf.stats.n;
        if (weight_seen - leaf.last_split_attempt_at >= static_cast<double>(params_.grace_period)) {
          const std::uint32_t leaf_index = nodes_[node].leaf;
          attempt_to_split(node);
          if (nodes_[node].is_leaf()) leaves_[leaf_index].last_split_attempt_at = weight_seen;
        }
      }
    }
  } else {
    for (;;) {
      Node& n = nodes_[node];
      if (n.kind == detail::SplitKind::nominal_multiway && !is_missing(x[n.feature])) {
        const std::uint32_t depth = n.depth + 1;
        const double v = x[n.feature];
        const std::uint32_t leaf = new_leaf(detail::TargetVar{}, depth, nullptr);
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

template <class S, class M, class F>
double HoeffdingTreeRegressor<S, M, F>::predict_one(DenseView x) const {
  detail::require_finite_sample(x, name);
  if (nodes_.empty()) return 0.0;
  std::uint32_t node = 0;
  while (!nodes_[node].is_leaf()) {
    const int b = branch_no(nodes_[node], x);
    node = b < 0 ? most_common_child(node) : nodes_[node].children[static_cast<std::size_t>(b)];
  }
  return leaf_prediction(leaves_[nodes_[node].leaf], x);
}

template <class S, class M, class F>
void HoeffdingTreeRegressor<S, M, F>::attempt_to_split(std::uint32_t node) {
  const std::uint32_t leaf_index = nodes_[node].leaf;
  Leaf& leaf = leaves_[leaf_index];
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
      const std::uint32_t depth = leaf.depth + 1;
      // The children copy the splitting leaf's model (and errors): keep it before reusing the
      // leaf's record.
      Leaf parent;
      parent.model = leaf.model;
      parent.fmse_mean = leaf.fmse_mean;
      parent.fmse_model = leaf.fmse_model;
      const std::size_t n_children = decision.children.size();
      std::vector<std::uint32_t> children;
      children.reserve(n_children);
      for (std::size_t i = 0; i < n_children; ++i) {
        std::uint32_t li = new_leaf(decision.children[i], depth, &parent);
        if (i == 0) {
          leaves_[leaf_index] = std::move(leaves_.back());
          leaves_.pop_back();
          features_.truncate(leaves_.size());
          features_.reset_leaf(leaf_index);
          li = leaf_index;
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

template <class S, class M, class F>
void HoeffdingTreeRegressor<S, M, F>::enforce_size_limit() {
  const double tree_size = size_estimate_overhead_fraction_ *
                           (active_leaf_size_estimate_ +
                            static_cast<double>(n_inactive_leaves_) * inactive_leaf_size_estimate_);
  if ((n_inactive_leaves_ > 0 || tree_size > max_byte_size_) && params_.stop_mem_management) {
    growth_allowed_ = false;
    return;
  }
  std::vector<std::uint32_t> leaves = find_leaves();
  // River's regression promise is -depth: the deepest leaves go first.
  std::vector<std::size_t> order(leaves.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return -static_cast<double>(leaves_[nodes_[leaves[a]].leaf].depth) <
           -static_cast<double>(leaves_[nodes_[leaves[b]].leaf].depth);
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
    Leaf& leaf = leaves_[nodes_[leaves[order[k]]].leaf];
    if (k < cutoff) {
      if (leaf.active) {
        deactivate(leaf);
        ++n_inactive_leaves_;
        --n_active_leaves_;
      }
    } else if (!leaf.active && static_cast<std::int64_t>(leaf.depth) < max_depth_) {
      leaf.active = true;
      ++n_active_leaves_;
      --n_inactive_leaves_;
    }
  }
}

template <class S, class M, class F>
std::size_t HoeffdingTreeRegressor<S, M, F>::memory_size() const {
  std::size_t n = sizeof(*this) + nodes_.capacity() * sizeof(Node) +
                  (leaves_.capacity() - leaves_.size()) * sizeof(Leaf);
  for (const auto& node : nodes_) {
    n += node.children.capacity() * sizeof(std::uint32_t) +
         node.branch_values.capacity() * sizeof(double);
  }
  for (const auto& leaf : leaves_) n += leaf.memory_size();
  return n + features_.memory_size();
}

template <class S, class M, class F>
void HoeffdingTreeRegressor<S, M, F>::estimate_model_size() {
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
// Inspection

namespace detail {
/// Python's `f"{v:,.6f}".rstrip("0")`, as River's statistics print themselves.
inline std::string python_stat_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  const std::string raw = buf;
  const std::size_t start = raw[0] == '-' ? 1 : 0;
  const std::size_t dot = raw.find('.');
  std::string out = raw.substr(0, start);
  const std::string digits = raw.substr(start, dot - start);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  out += raw.substr(dot);
  while (!out.empty() && out.back() == '0') out.pop_back();
  return out;
}
}  // namespace detail

template <class S, class M, class F>
std::string HoeffdingTreeRegressor<S, M, F>::feature_name(FeatureId f) const {
  if (space_ != nullptr && f < space_->size()) return space_->name(f);
  return std::to_string(f);
}

template <class S, class M, class F>
std::string HoeffdingTreeRegressor<S, M, F>::value_text(FeatureId f, double v) const {
  if (space_ != nullptr && f < space_->size() && space_->kind(f) == FeatureKind::nominal &&
      v >= 0.0 && v == std::floor(v) && v < static_cast<double>(space_->n_nominal_values(f))) {
    return space_->nominal_value(f, v);
  }
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  return streamwise::detail::format_double(v);
}

template <class S, class M, class F>
std::string HoeffdingTreeRegressor<S, M, F>::edge_text(const Node& n, std::size_t k,
                                                       bool shorten) const {
  switch (n.kind) {
    case detail::SplitKind::numeric_binary: {
      const char* op = k == 0 ? "≤ " : "> ";
      if (!shorten)
        return feature_name(n.feature) + " " + op + streamwise::detail::format_double(n.value);
      // River's shortened edge: the threshold rounded to 4 decimals.
      char buf[400];
      std::snprintf(buf, sizeof buf, "%.4f", n.value);
      return op + streamwise::detail::format_double(std::strtod(buf, nullptr));
    }
    case detail::SplitKind::nominal_binary:
      if (shorten) return (k == 0 ? "" : "not ") + value_text(n.feature, n.value);
      return feature_name(n.feature) + (k == 0 ? " = " : " ≠ ") + value_text(n.feature, n.value);
    default: {
      const std::string v = value_text(n.feature, n.branch_values[k]);
      return shorten ? v : feature_name(n.feature) + " = " + v;
    }
  }
}

template <class S, class M, class F>
std::string HoeffdingTreeRegressor<S, M, F>::leaf_text(const Leaf& leaf) const {
  return "Mean: " + detail::python_stat_text(leaf.stats.mean) +
         " | Var: " + detail::python_stat_text(leaf.stats.get());
}

template <class S, class M, class F>
std::string HoeffdingTreeRegressor<S, M, F>::debug_one(DenseView x) const {
  detail::require_finite_sample(x, name);
  std::string out;
  if (nodes_.empty()) return out;
  // River walks the path with a generator that, on a missing feature, yields the heaviest
  // child and then walks it (yielding it again): that child prints twice.
  std::uint32_t node = 0;
  for (;;) {
    const Node& n = nodes_[node];
    if (n.is_leaf()) {
      out += leaf_text(leaves_[n.leaf]) + "\n";
      break;
    }
    const int b = branch_no(n, x);
    if (b >= 0) {
      out += edge_text(n, static_cast<std::size_t>(b), false) + "\n";
      node = n.children[static_cast<std::size_t>(b)];
      continue;
    }
    const std::uint32_t next = most_common_child(node);
    const auto k = static_cast<std::size_t>(std::find(n.children.begin(), n.children.end(), next) -
                                            n.children.begin());
    out += edge_text(n, k, false) + "\n";
    const Node& c = nodes_[next];
    if (c.is_leaf()) {
      out += leaf_text(leaves_[c.leaf]) + "\n";
    } else {
      const int cb = branch_no(c, x);
      const std::size_t ck =
          cb >= 0 ? static_cast<std::size_t>(cb)
                  : static_cast<std::size_t>(
                        std::find(c.children.begin(), c.children.end(), most_common_child(next)) -
                        c.children.begin());
      out += edge_text(c, ck, false) + "\n";
    }
    node = next;
  }
  return out;
}

template <class S, class M, class F>
std::string HoeffdingTreeRegressor<S, M, F>::to_dot() const {
  auto escape = [](const std::string& s) {
    std::string e;
    for (char c : s) {
      if (c == '"' || c == '\\') e += '\\';
      e += c;
    }
    return e;
  };
  std::string out =
      "digraph {\n  node [shape=box, fontname=\"trebuchet\", fontsize=11];\n"
      "  edge [fontsize=7];\n";
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    std::string label;
    if (n.is_leaf()) {
      const Leaf& leaf = leaves_[n.leaf];
      char buf[64];
      std::snprintf(buf, sizeof buf, "\\nsamples: %.0f",
                    std::isfinite(leaf.stats.n) ? std::trunc(leaf.stats.n) : 0.0);
      label = escape(leaf_text(leaf)) + buf;
    } else {
      label = escape(feature_name(n.feature));
    }
    out += "  " + std::to_string(i) + " [label=\"" + label + "\"];\n";
    for (std::size_t k = 0; k < n.children.size(); ++k) {
      out += "  " + std::to_string(i) + " -> " + std::to_string(n.children[k]) + " [xlabel=\"" +
             escape(edge_text(n, k, true)) + "\"];\n";
    }
  }
  out += "}\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checkpoints

template <class S, class M, class F>
template <class Archive>
void HoeffdingTreeRegressor<S, M, F>::serialize(Archive& ar, std::uint32_t version) {
  if (version > class_version) {
    throw CheckpointError("HoeffdingTreeRegressor: checkpoint from a newer version");
  }
  ar(params_, nodes_, leaves_, n_active_leaves_, n_inactive_leaves_, active_leaf_size_estimate_,
     inactive_leaf_size_estimate_, size_estimate_overhead_fraction_, growth_allowed_,
     train_weight_seen_);
  if constexpr (!std::is_empty_v<F>) ar(features_);
  if constexpr (Archive::is_loading::value) {
    try {
      params_.validate();
    } catch (const std::invalid_argument& e) {
      throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
    }
    refresh_derived();
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
    for (const auto& leaf : leaves_) {
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
