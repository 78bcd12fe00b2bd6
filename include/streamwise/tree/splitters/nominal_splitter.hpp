#pragma once
/// @file
/// Nominal splitter for classification trees, River's `NominalSplitterClassif`.

#include <algorithm>
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

/// Watches one nominal feature (values are codes, any finite double) in one leaf: the weight of
/// every (class, value) pair. Split candidates are the multiway split (one branch per value
/// seen, unless only binary splits are allowed) and every one-vs-rest binary split; the best
/// merit wins, the multiway split on ties. Gives `P(value | class)` to naive Bayes leaves.
///
/// ```cpp
/// streamwise::tree::NominalSplitter s;
/// s.update(2.0, 0, 1.0);  // value code 2 seen with class 0
/// s.cond_proba(2.0, 0);   // 1.0
/// ```
class NominalSplitter {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "NominalSplitterClassif";
  static constexpr std::uint32_t class_version = 1;

  /// Weight of one value within one class.
  struct ValueWeight {
    double value = 0.0;   ///< Nominal code.
    double weight = 0.0;  ///< Accumulated weight.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(value, weight);
    }
    friend bool operator==(const ValueWeight&, const ValueWeight&) = default;
  };
  /// The values seen with one class, in order of first appearance.
  struct ClassValues {
    ClassId cls = 0;                  ///< Class id.
    std::vector<ValueWeight> values;  ///< Values and weights.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(cls, values);
    }
    friend bool operator==(const ClassValues&, const ClassValues&) = default;
  };

  NominalSplitter() = default;
  /// Constructs from (empty) parameters, for uniformity.
  explicit NominalSplitter(const Params&) {}

  /// Adds value `v` of class `c` with weight `w`.
  void update(double v, ClassId c, double w) {
    require_finite(v, name);
    require_weight(w, name);
    if (w == 0.0) return;
    ClassValues& cv = touch(c);
    bool found = false;
    for (auto& e : cv.values) {
      if (e.value == v) {
        e.weight += w;
        found = true;
        break;
      }
    }
    if (!found) cv.values.push_back(ValueWeight{v, w});
    const auto it = std::lower_bound(values_.begin(), values_.end(), v);
    if (it == values_.end() || *it != v) values_.insert(it, v);
  }

  /// Registers class `c` (with no values) if new. River's per-class table is a defaultdict
  /// that naive Bayes lookups extend, which fixes the order classes are later listed in.
  ClassValues& touch(ClassId c) {
    for (auto& cv : classes_) {
      if (cv.cls == c) return cv;
    }
    classes_.push_back(ClassValues{c, {}});
    return classes_.back();
  }

  /// `P(value = v | class = c)`: 0 for an unseen value or class.
  double cond_proba(double v, ClassId c) const {
    for (const auto& cv : classes_) {
      if (cv.cls != c) continue;
      const ValueWeight* hit = nullptr;
      for (const auto& e : cv.values) {
        if (e.value == v) {
          hit = &e;
          break;
        }
      }
      if (hit == nullptr) return 0.0;
      double sum = 0.0;
      for (const auto& e : cv.values) sum += e.weight;
      return sum == 0.0 ? 0.0 : hit->weight / sum;
    }
    return 0.0;
  }

  /// Writes the best split of this feature into `best` (River's
  /// `best_evaluated_split_suggestion`): the multiway split first (unless `binary_only`), then
  /// each one-vs-rest split that strictly beats it.
  template <class Criterion>
  void best_split(const Criterion& criterion, const detail::ClassDist& pre, FeatureId feature,
                  bool binary_only, detail::SplitSuggestion& best) const {
    detail::SplitSuggestion local;
    if (!binary_only) {
      local.children.assign(values_.size(), detail::ClassDist{});
      // Classes in increasing id order within each branch (River sorts them).
      std::vector<ClassId> order;
      order.reserve(classes_.size());
      for (const auto& cv : classes_) order.push_back(cv.cls);
      std::sort(order.begin(), order.end());
      for (ClassId c : order) {
        const ClassValues& cv = *find(c);
        for (std::size_t k = 0; k < values_.size(); ++k) {
          for (const auto& e : cv.values) {
            if (e.value == values_[k]) {
              local.children[k].append(c, 0.0 + e.weight);
              break;
            }
          }
        }
      }
      local.merit = criterion.merit_of_split(pre, local.children);
      local.kind = detail::SplitKind::nominal_multiway;
      local.feature = feature;
      local.values = values_;
    }
    detail::ClassDist post[2];
    for (double v : values_) {
      post[0].clear();
      post[1].clear();
      for (const auto& cv : classes_) {
        for (const auto& e : cv.values) {
          post[e.value == v ? 0 : 1].add(cv.cls, e.weight);
        }
      }
      const double merit = criterion.merit_of_split(pre, std::span<const detail::ClassDist>(post));
      if (merit > local.merit) {
        local.merit = merit;
        local.kind = detail::SplitKind::nominal_binary;
        local.feature = feature;
        local.value = v;
        local.values.clear();
        local.children.assign(post, post + 2);
      }
    }
    // River returns this suggestion even with merit -inf (it is then not a null split).
    if (local.kind != detail::SplitKind::none) best = std::move(local);
  }

  /// Distinct values seen, increasing.
  std::span<const double> values() const { return values_; }
  /// Per-class tables in River's order.
  std::span<const ClassValues> classes() const { return classes_; }
  /// Approximate bytes held (object and heap).
  std::size_t memory_size() const {
    std::size_t n = sizeof(*this) + values_.capacity() * sizeof(double) +
                    classes_.capacity() * sizeof(ClassValues);
    for (const auto& cv : classes_) n += cv.values.capacity() * sizeof(ValueWeight);
    return n;
  }
  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("NominalSplitterClassif: checkpoint from a newer version");
    }
    ar(classes_, values_);
    if constexpr (Archive::is_loading::value) {
      detail::require_consistent(std::is_sorted(values_.begin(), values_.end()), name,
                                 "has unsorted values");
    }
  }
  friend bool operator==(const NominalSplitter&, const NominalSplitter&) = default;

 private:
  const ClassValues* find(ClassId c) const {
    for (const auto& cv : classes_) {
      if (cv.cls == c) return &cv;
    }
    return nullptr;
  }

  [[no_unique_address]] Params params_{};
  std::vector<ClassValues> classes_;  // River's defaultdict order
  std::vector<double> values_;        // sorted distinct values
};

}  // namespace streamwise::tree

CEREAL_CLASS_VERSION(streamwise::tree::NominalSplitter,
                     streamwise::tree::NominalSplitter::class_version)
