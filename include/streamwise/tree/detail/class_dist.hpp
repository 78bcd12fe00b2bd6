#pragma once
/// @file
/// Class weights kept in insertion order, the way River's tree keeps them in a dict. The order
/// matters for parity: River sums, normalises and breaks ties in that order, and a class that
/// is present with weight 0 behaves differently from an absent one.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::tree::detail {

/// One class and its weight.
struct ClassWeight {
  ClassId cls = 0;    ///< Class id.
  double weight = 0;  ///< Accumulated weight.

  template <class Archive>
  void serialize(Archive& ar) {
    ar(cls, weight);
  }
  friend bool operator==(const ClassWeight&, const ClassWeight&) = default;
};

/// Class weights in insertion order (River's `dict[class, float]`). Classes are few, so lookups
/// are linear scans over a contiguous vector.
class ClassDist {
 public:
  /// Number of classes present (including those with weight 0).
  std::size_t size() const { return entries_.size(); }
  /// True when no class is present.
  bool empty() const { return entries_.empty(); }
  /// The entries in insertion order.
  std::span<const ClassWeight> entries() const { return entries_; }

  /// Weight of class `c`, or null when absent.
  const double* find(ClassId c) const {
    for (const auto& e : entries_) {
      if (e.cls == c) return &e.weight;
    }
    return nullptr;
  }
  /// `dist[c] += w`, inserting `c` at the end when absent.
  void add(ClassId c, double w) {
    for (auto& e : entries_) {
      if (e.cls == c) {
        e.weight += w;
        return;
      }
    }
    entries_.push_back(ClassWeight{c, w});
  }
  /// `dist[c] = w` for a class known to be absent (appends).
  void append(ClassId c, double w) { entries_.push_back(ClassWeight{c, w}); }
  /// Forgets every class, keeping the capacity.
  void clear() { entries_.clear(); }

  /// Sum of the weights in insertion order (Python's `sum(dist.values())`).
  double total() const {
    double t = 0.0;
    for (const auto& e : entries_) t += e.weight;
    return t;
  }
  /// Largest weight (0 when empty).
  double max_weight() const {
    double m = entries_.empty() ? 0.0 : entries_[0].weight;
    for (const auto& e : entries_) m = e.weight > m ? e.weight : m;
    return m;
  }
  /// Class with the largest weight, the first one on ties (Python's `max(d, key=d.get)`).
  ClassId argmax() const {
    std::size_t best = 0;
    for (std::size_t i = 1; i < entries_.size(); ++i) {
      if (entries_[i].weight > entries_[best].weight) best = i;
    }
    return entries_.empty() ? 0 : entries_[best].cls;
  }
  /// Number of classes with a non-zero weight, counted up to 2.
  bool is_pure() const {
    int count = 0;
    for (const auto& e : entries_) {
      if (e.weight != 0.0 && ++count == 2) return false;
    }
    return true;
  }
  /// Approximate heap bytes held.
  std::size_t memory_size() const { return entries_.capacity() * sizeof(ClassWeight); }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(entries_);
  }
  friend bool operator==(const ClassDist&, const ClassDist&) = default;

 private:
  std::vector<ClassWeight> entries_;
};

/// Kinds of tree tests (branches); `none` is River's null split (feature None).
enum class SplitKind : std::uint8_t {
  none = 0,              ///< No split (pre-pruning candidate).
  numeric_binary = 1,    ///< `x[f] <= threshold` goes left.
  nominal_binary = 2,    ///< `x[f] == value` goes left.
  nominal_multiway = 3,  ///< One child per nominal value.
};

/// A split candidate (River's `BranchFactory`): its merit, the test, and the class weights of
/// each resulting child.
struct SplitSuggestion {
  double merit = -std::numeric_limits<double>::infinity();  ///< Criterion value.
  SplitKind kind = SplitKind::none;                         ///< Test kind.
  FeatureId feature = 0;                                    ///< Tested feature.
  double value = 0.0;                                       ///< Threshold or nominal value.
  std::vector<double> values;       ///< Multiway: the value of each child, in child order.
  std::vector<ClassDist> children;  ///< Class weights of each child.
};

/// Throws `InvalidInput` if a present value of `x` is +-inf (NaN means absent and is fine).
inline void require_finite_sample(DenseView x, std::string_view estimator) {
  if (any_infinite(x.values)) [[unlikely]] {
    for (std::size_t i = 0; i < x.values.size(); ++i) {
      if (std::isinf(x.values[i])) {
        require_finite(x.values[i], estimator, "x[" + std::to_string(i) + "]");
      }
    }
  }
}

/// Throws `CheckpointError` naming `estimator` unless `ok`.
inline void require_consistent(bool ok, std::string_view estimator, std::string_view what) {
  if (!ok) {
    throw CheckpointError("checkpoint payload is damaged: " + std::string(estimator) + " " +
                          std::string(what));
  }
}

}  // namespace streamwise::tree::detail
