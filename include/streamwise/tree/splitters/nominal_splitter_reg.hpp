#pragma once
/// @file
/// Nominal splitter for regression trees, River's `NominalSplitterReg`.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/tree/criteria/variance_reduction_criterion.hpp"
#include "streamwise/tree/detail/target_var.hpp"

namespace streamwise::tree {

/// Watches one nominal feature in one regression leaf: the target statistics of every value.
/// Candidates are the multiway split (when more than two values were seen and multiway splits
/// are allowed) and every one-vs-rest split that strictly beats it.
///
/// ```cpp
/// streamwise::tree::NominalSplitterReg s;
/// s.update(2.0, 10.5, 1.0);  // value code 2, target 10.5
/// ```
class NominalSplitterReg {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "NominalSplitterReg";
  static constexpr std::uint32_t class_version = 1;

  /// Target statistics of one value.
  struct ValueStats {
    double value = 0.0;       ///< Nominal code.
    detail::TargetVar stats;  ///< Targets seen with it.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(value, stats);
    }
    friend bool operator==(const ValueStats&, const ValueStats&) = default;
  };

  NominalSplitterReg() = default;
  /// Constructs from (empty) parameters, for uniformity.
  explicit NominalSplitterReg(const Params&) {}

  /// Adds value `v` with target `y` and weight `w` (`w = 0` does nothing).
  void update(double v, double y, double w) {
    require_finite(v, name);
    require_finite(y, name, "y");
    require_weight(w, name);
    if (w == 0.0) return;
    auto it = std::lower_bound(values_.begin(), values_.end(), v,
                               [](const ValueStats& a, double b) { return a.value < b; });
    if (it == values_.end() || it->value != v) it = values_.insert(it, ValueStats{v, {}});
    it->stats.update(y, w);
  }

  /// Writes the best split into `best` (River's `best_evaluated_split_suggestion`).
  void best_split(const VarianceReductionCriterion& criterion, const detail::TargetVar& pre,
                  FeatureId feature, bool binary_only, detail::RegSplitSuggestion& best) const {
    detail::RegSplitSuggestion local;
    if (!binary_only && values_.size() > 2) {
      local.children.reserve(values_.size());
      for (const auto& v : values_) {
        local.children.push_back(v.stats);
        local.values.push_back(v.value);
      }
      local.merit = criterion.merit_of_split(pre, local.children);
      local.kind = detail::SplitKind::nominal_multiway;
      local.feature = feature;
    }
    for (const auto& v : values_) {
      detail::TargetVar post[2] = {v.stats, pre};
      post[1] -= v.stats;
      const double merit =
          criterion.merit_of_split(pre, std::span<const detail::TargetVar>(post, 2));
      if (merit > local.merit) {
        local.merit = merit;
        local.kind = detail::SplitKind::nominal_binary;
        local.feature = feature;
        local.value = v.value;
        local.values.clear();
        local.children.assign(post, post + 2);
      }
    }
    if (local.kind != detail::SplitKind::none) best = std::move(local);
  }

  /// The values seen, increasing, with their target statistics.
  std::span<const ValueStats> values() const { return values_; }
  /// Approximate bytes held.
  std::size_t memory_size() const {
    return sizeof(*this) + values_.capacity() * sizeof(ValueStats);
  }
  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("NominalSplitterReg: checkpoint from a newer version");
    }
    ar(values_);
  }
  friend bool operator==(const NominalSplitterReg&, const NominalSplitterReg&) = default;

 private:
  [[no_unique_address]] Params params_{};
  std::vector<ValueStats> values_;  // sorted by value
};

}  // namespace streamwise::tree

CEREAL_CLASS_VERSION(streamwise::tree::NominalSplitterReg,
                     streamwise::tree::NominalSplitterReg::class_version)
