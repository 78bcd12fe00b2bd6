#pragma once
/// @file
/// Gaussian numeric splitter for classification trees, River's `tree.splitter.GaussianSplitter`.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
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

/// Watches one numeric feature in one leaf: per class, a running normal distribution (sample
/// variance, `ddof = 1`) and the smallest and largest value seen. Split candidates are
/// `n_splits` evenly spaced thresholds strictly inside the overall range; each class's weight
/// goes left in proportion to its normal CDF at the threshold. Also gives the class-conditional
/// log-density that naive Bayes leaves use. O(classes) memory.
///
/// ```cpp
/// streamwise::tree::GaussianSplitter s;  // n_splits = 10
/// s.update(1.5, 0, 1.0);
/// s.update(3.0, 1, 1.0);
/// double lp = s.cond_log_proba(2.0, 0);  // -inf until class 0 has two values
/// ```
class GaussianSplitter {
 public:
  static constexpr std::string_view name = "GaussianSplitter";
  static constexpr std::uint32_t class_version = 1;
  /// This splitter has a class-conditional log-density (used by naive Bayes leaves).
  static constexpr bool has_log_proba = true;

  /// Hyper-parameters, River's names and defaults.
  struct Params {
    /// Number of thresholds evaluated per split attempt.
    std::int64_t n_splits = 10;

    template <class V>
    void visit(V&& v) {
      v("n_splits", n_splits);
    }
    /// Throws `std::invalid_argument` unless `n_splits` is in [1, 2^20] (the upper bound keeps a
    /// damaged checkpoint from asking for billions of candidate splits per attempt).
    void validate() const {
      if (n_splits <= 0 || n_splits > (1 << 20)) {
        throw invalid_parameter("GaussianSplitter", "n_splits", "in [1, 1048576]");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(n_splits);
    }
  };

  /// One class's running distribution of the feature.
  struct ClassGaussian {
    ClassId cls = 0;            ///< Class id.
    double n = 0.0;             ///< Sum of weights.
    double mean = 0.0;          ///< Running mean.
    double s = 0.0;             ///< Sum of squared deviations (Welford).
    double min = 0.0;           ///< Smallest value seen.
    double max = 0.0;           ///< Largest value seen.
    double variance = 0.0;      ///< `s / (n - 1)` when `n > 1`, else 0 (cached).
    double half_log_var = 0.0;  ///< `0.5 * log(variance)` when `variance > 0` (cached).

    template <class Archive>
    void serialize(Archive& ar) {
      ar(cls, n, mean, s, min, max, variance, half_log_var);
    }
    friend bool operator==(const ClassGaussian&, const ClassGaussian&) = default;
  };

  /// River's defaults (`n_splits = 10`).
  GaussianSplitter() = default;
  /// Validates and stores `params`.
  explicit GaussianSplitter(const Params& params) : params_(params) { params_.validate(); }

  /// Adds value `x` of class `c` with weight `w` (`w = 0` does nothing). Throws `InvalidInput`,
  /// unchanged, for a non-finite `x` or a negative or non-finite `w`.
  void update(double x, ClassId c, double w) {
    require_finite(x, name);
    require_weight(w, name);
    if (w == 0.0) return;
    ClassGaussian* g = find(c);
    if (g == nullptr) {
      classes_.push_back(ClassGaussian{c, 0.0, 0.0, 0.0, x, x, 0.0, 0.0});
      g = &classes_.back();
    } else {
      if (x < g->min) g->min = x;
      if (x > g->max) g->max = x;
    }
    const double mean_old = g->mean;
    g->n += w;
    g->mean += (w / g->n) * (x - g->mean);
    g->s += w * (x - mean_old) * (x - g->mean);
    g->variance = g->n > 1.0 ? g->s / (g->n - 1.0) : 0.0;
    g->half_log_var = g->variance > 0.0 ? 0.5 * std::log(g->variance) : 0.0;
  }

  /// Log-density of `x` under class `c`'s normal; -inf for an unknown class or a variance of 0.
  double cond_log_proba(double x, ClassId c) const {
    const ClassGaussian* g = find(c);
    if (g == nullptr || !(g->n > 1.0) || !(g->variance > 0.0)) {
      return -std::numeric_limits<double>::infinity();
    }
    const double d = x - g->mean;
    return d * d / (-2.0 * g->variance) - half_log_tau - g->half_log_var;
  }

  /// Density of `x` under class `c`'s normal; 0 for an unknown class or a variance of 0.
  double cond_proba(double x, ClassId c) const {
    const ClassGaussian* g = find(c);
    if (g == nullptr || !(g->n > 1.0) || !(g->variance > 0.0)) return 0.0;
    const double sigma = std::sqrt(g->variance);
    const double z = (x - g->mean) / sigma;
    return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi) / sigma;
  }

  /// Writes the best binary split of this feature under `criterion` into `best` when its merit
  /// beats `best.merit` (River's `best_evaluated_split_suggestion`; `best` starts as a null
  /// split with merit -inf).
  template <class Criterion>
  void best_split(const Criterion& criterion, const detail::ClassDist& pre, FeatureId feature,
                  bool /*binary_only*/, detail::SplitSuggestion& best) const {
    if (classes_.empty()) return;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    for (const auto& g : classes_) {
      if (g.min < lo) lo = g.min;
      if (g.max > hi) hi = g.max;
    }
    if (!(lo < std::numeric_limits<double>::infinity())) return;
    const double bin = (hi - lo) / (static_cast<double>(params_.n_splits) + 1.0);
    detail::ClassDist post[2];
    for (std::int64_t i = 0; i < params_.n_splits; ++i) {
      const double split = lo + bin * static_cast<double>(i + 1);
      if (!(lo < split && split < hi)) continue;
      post[0].clear();
      post[1].clear();
      for (const auto& g : classes_) {
        if (split < g.min) {
          post[1].append(g.cls, g.n);
        } else if (split >= g.max) {
          post[0].append(g.cls, g.n);
        } else {
          const double left = cdf(g, split) * g.n;
          post[0].append(g.cls, left);
          post[1].append(g.cls, g.n - left);
        }
      }
      const double merit = criterion.merit_of_split(pre, std::span<const detail::ClassDist>(post));
      if (merit > best.merit) {
        best.merit = merit;
        best.kind = detail::SplitKind::numeric_binary;
        best.feature = feature;
        best.value = split;
        best.values.clear();
        best.children.assign(post, post + 2);
      }
    }
  }

  /// The per-class distributions, in order of first appearance.
  std::span<const ClassGaussian> classes() const { return classes_; }
  /// Approximate bytes held (object and heap).
  std::size_t memory_size() const {
    return sizeof(*this) + classes_.capacity() * sizeof(ClassGaussian);
  }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("GaussianSplitter: checkpoint from a newer version");
    }
    ar(params_, classes_);
    if constexpr (Archive::is_loading::value) {
      detail::require_consistent(params_.n_splits > 0, name, "has n_splits <= 0");
    }
  }
  friend bool operator==(const GaussianSplitter&, const GaussianSplitter&) = default;

 private:
  /// `0.5 * log(2 pi)`.
  static inline const double half_log_tau = 0.5 * std::log(2.0 * std::numbers::pi);

  ClassGaussian* find(ClassId c) {
    for (auto& g : classes_) {
      if (g.cls == c) return &g;
    }
    return nullptr;
  }
  const ClassGaussian* find(ClassId c) const {
    for (const auto& g : classes_) {
      if (g.cls == c) return &g;
    }
    return nullptr;
  }
  /// River's `Gaussian.cdf`: 0 when the standard deviation is 0.
  static double cdf(const ClassGaussian& g, double x) {
    const double sigma = std::pow(g.variance, 0.5);
    if (sigma == 0.0) return 0.0;
    return 0.5 * (1.0 + std::erf((x - g.mean) / sigma / std::numbers::sqrt2));
  }

  Params params_{};
  std::vector<ClassGaussian> classes_;  // River's dicts keyed by class, in insertion order
};

}  // namespace streamwise::tree

CEREAL_CLASS_VERSION(streamwise::tree::GaussianSplitter,
                     streamwise::tree::GaussianSplitter::class_version)
