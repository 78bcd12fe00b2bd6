#pragma once
/// @file
/// Which features a Hoeffding tree leaf watches: every present feature (`AllFeatures`, the
/// plain tree) or a random subset drawn once per leaf (`RandomFeatureSubset`, the trees of the
/// adaptive random forest, River's `BaseRandomLeaf`).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/python_random.hpp"

namespace streamwise::tree {

/// Leaf feature policy of the plain Hoeffding tree: a leaf feeds every present feature to its
/// splitters, in increasing feature id order. Stateless (it adds nothing to checkpoints).
///
/// ```cpp
/// streamwise::tree::HoeffdingTreeClassifier<GaussianSplitter, NamedCriterion, AllFeatures> t;
/// ```
struct AllFeatures {
  /// A leaf record was created or reset at `leaf` (nothing to do).
  void reset_leaf(std::uint32_t /*leaf*/) {}
  /// Leaf records from `n_leaves` on were removed (nothing to do).
  void truncate(std::size_t /*n_leaves*/) {}
  /// Calls `f(id, value)` for every present feature of `x`.
  template <class F>
  void for_each(std::uint32_t /*leaf*/, DenseView x, F&& f) {
    const std::size_t n = x.values.size();
    for (std::size_t i = 0; i < n; ++i) {
      const double v = x.values[i];
      if (!is_missing(v)) f(static_cast<FeatureId>(i), v);
    }
  }
  /// Bytes held besides the object.
  std::size_t memory_size() const { return 0; }
  /// Nothing to check.
  bool consistent(std::size_t /*n_leaves*/) const { return true; }
  friend bool operator==(const AllFeatures&, const AllFeatures&) = default;
};

/// Leaf feature policy of the adaptive random forest's trees (River's `BaseRandomLeaf`): the
/// first time a leaf learns, it draws `max_features` of the sample's present features with
/// Python's `random.sample` over the sorted feature ids, and from then on watches only those,
/// in the drawn order. When fewer features than `max_features` are present, the leaf watches
/// all of them (no draw). The generator is owned by the policy (one per tree), so trees can
/// learn in parallel with results that do not depend on the thread count.
///
/// River sorts feature *names*; this policy sorts feature ids, which is the same order when
/// the names sort like the columns (see docs/forest.md).
///
/// ```cpp
/// using Tree = streamwise::tree::HoeffdingTreeClassifier<GaussianSplitter, NamedCriterion,
///                                                        RandomFeatureSubset>;
/// Tree tree(Tree::Params{}, RandomFeatureSubset(3, 42));  // 3 features per leaf, seed 42
/// ```
class RandomFeatureSubset {
 public:
  /// One feature per leaf, generator seeded with 0.
  RandomFeatureSubset() = default;
  /// `max_features` features per leaf (at least 1), generator `random.Random(seed)`.
  RandomFeatureSubset(std::int64_t max_features, std::int64_t seed)
      : max_features_(max_features < 1 ? 1 : max_features), rng_(seed) {}

  /// Features watched per leaf.
  std::int64_t max_features() const { return max_features_; }
  /// The generator (for tests).
  const PythonRandom& rng() const { return rng_; }
  /// The subset of leaf record `leaf` (empty until it first learns).
  const std::vector<FeatureId>& subset(std::uint32_t leaf) const {
    static const std::vector<FeatureId> none;
    return leaf < subsets_.size() ? subsets_[leaf] : none;
  }

  /// Leaf record `leaf` is new or was replaced: it draws again when it next learns.
  void reset_leaf(std::uint32_t leaf) {
    if (subsets_.size() <= leaf) subsets_.resize(static_cast<std::size_t>(leaf) + 1);
    subsets_[leaf].clear();
  }

  /// Leaf records from `n_leaves` on were removed: forget their subsets.
  void truncate(std::size_t n_leaves) {
    if (subsets_.size() > n_leaves) subsets_.resize(n_leaves);
  }

  /// Calls `f(id, value)` for every feature of the leaf's subset present in `x`, drawing the
  /// subset first if the leaf has none yet.
  template <class F>
  void for_each(std::uint32_t leaf, DenseView x, F&& f) {
    if (subsets_.size() <= leaf) subsets_.resize(static_cast<std::size_t>(leaf) + 1);
    auto& subset = subsets_[leaf];
    if (subset.empty()) draw(x, subset);
    for (FeatureId id : subset) {
      const double v = x[id];
      if (!is_missing(v)) f(id, v);
    }
  }

  /// Bytes held besides the object.
  std::size_t memory_size() const {
    std::size_t n = subsets_.capacity() * sizeof(std::vector<FeatureId>);
    for (const auto& s : subsets_) n += s.capacity() * sizeof(FeatureId);
    return n;
  }
  /// True when no more subsets than leaf records are kept.
  bool consistent(std::size_t n_leaves) const {
    return subsets_.size() <= n_leaves && max_features_ >= 1;
  }

  /// cereal hook: size, generator and subsets.
  template <class Archive>
  void serialize(Archive& ar) {
    ar(max_features_, rng_, subsets_);
  }
  /// Same subset size, generator state and subsets (the scratch is ignored).
  friend bool operator==(const RandomFeatureSubset& a, const RandomFeatureSubset& b) {
    return a.max_features_ == b.max_features_ && a.rng_ == b.rng_ && a.subsets_ == b.subsets_;
  }

 private:
  void draw(DenseView x, std::vector<FeatureId>& subset) {
    present_.clear();
    for (std::size_t i = 0; i < x.values.size(); ++i) {
      if (!is_missing(x.values[i])) present_.push_back(static_cast<FeatureId>(i));
    }
    const auto n = static_cast<std::uint64_t>(present_.size());
    const auto k = static_cast<std::uint64_t>(max_features_);
    if (n >= k) {
      picks_.resize(k);
      rng_.sample_range(n, picks_, scratch_);
      subset.resize(k);
      for (std::size_t i = 0; i < k; ++i) subset[i] = present_[picks_[i]];
    } else {
      subset = present_;
    }
  }

  std::int64_t max_features_ = 1;
  PythonRandom rng_{0};
  std::vector<std::vector<FeatureId>> subsets_;  // by leaf record
  std::vector<FeatureId> present_;               // scratch
  std::vector<std::uint64_t> picks_;             // scratch
  PythonRandom::SampleScratch scratch_;          // scratch
};

}  // namespace streamwise::tree
