#pragma once
/// @file
/// Bernoulli naive Bayes, River's `naive_bayes.BernoulliNB`.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/naive_bayes/detail/common.hpp"

namespace streamwise::naive_bayes {

/// Bernoulli naive Bayes: each feature is "on" when its value exceeds `true_threshold`.
///
/// Per class it keeps the number of samples and, per feature, how many of them had the feature
/// on. With `P(f | c) = (on(f, c) + alpha) / (count(c) + 2 alpha)`, the joint log-likelihood of
/// `c` sums, over **every feature seen in training** (in order of first sight, as River's dict),
/// `log(1e-9 + P(f | c))` if `f` is present in `x` and on, else `log(1e-9 + 1 - P(f | c))`.
/// Features never seen in training are ignored. Probabilities are normalised with log-sum-exp
/// as in River.
///
/// ```cpp
/// streamwise::naive_bayes::BernoulliNB model({.alpha = 1.0, .true_threshold = 0.0});
/// const double yes[] = {2, 1, 0}, no[] = {0, 0, 3};
/// model.learn_one({yes}, 0);
/// model.learn_one({no}, 1);
/// const double x[] = {1, 0, 0};
/// model.predict_one({x});  // 0
/// ```
class BernoulliNB {
 public:
  /// Hyper-parameters, River's names and defaults.
  struct Params {
    /// Additive (Laplace/Lidstone) smoothing; 0 disables it.
    double alpha = 1.0;
    /// A feature is on when its value is strictly greater than this.
    double true_threshold = 0.0;

    template <class V>
    void visit(V&& v) {
      v("alpha", alpha);
      v("true_threshold", true_threshold);
    }
    /// Throws `std::invalid_argument` for a negative or non-finite `alpha` or a non-finite
    /// `true_threshold`.
    void validate() const {
      if (!(std::isfinite(alpha) && alpha >= 0.0)) {
        throw invalid_parameter("BernoulliNB", "alpha", "finite and >= 0");
      }
      if (!std::isfinite(true_threshold)) {
        throw invalid_parameter("BernoulliNB", "true_threshold", "finite");
      }
    }
    template <class Archive>
    void serialize(Archive& ar) {
      ar(alpha, true_threshold);
    }
    friend bool operator==(const Params&, const Params&) = default;
  };

  static constexpr std::string_view name = "BernoulliNB";
  static constexpr std::uint32_t class_version = 1;
  /// Added to every probability before its log (River writes `10e-10`).
  static constexpr double prob_eps = 10e-10;

  /// River's defaults (`alpha = 1`, `true_threshold = 0`).
  BernoulliNB() = default;
  /// Validates and uses `params`.
  explicit BernoulliNB(const Params& params) : params_(params) { params_.validate(); }

  /// Learns from one sample of class `y`: the class count grows by `w` and each present
  /// feature that is on adds `w` to its count (River takes no weight; `w` counts the sample
  /// `w` times, `w = 0` does nothing). A present feature that is off still becomes known.
  /// Throws `InvalidInput`, with the model unchanged, for an infinite value, a bad `w`, or a
  /// class id greater than `n_classes()`.
  void learn_one(DenseView x, ClassId y, double w = 1.0) {
    detail::require_finite_sample(x, name);
    require_weight(w, name);
    detail::require_known_or_next(y, n_classes(), name);
    if (w == 0.0) return;
    std::size_t last = x.values.size();
    while (last > 0 && is_missing(x.values[last - 1])) --last;
    std::size_t new_features = 0;
    for (std::size_t i = 0; i < last; ++i) {
      if (!is_missing(x.values[i]) && (i >= seen_.size() || seen_[i] == 0)) ++new_features;
    }
    // Allocate first, then commit with operations that cannot throw.
    seen_order_.reserve(seen_order_.size() + new_features);
    if (seen_.size() < last) seen_.resize(last, 0);
    if (y == class_counts_.size()) {
      std::vector<double> fresh(last, 0.0);
      class_counts_.reserve(class_counts_.size() + 1);
      feature_counts_.reserve(feature_counts_.size() + 1);
      feature_counts_.push_back(std::move(fresh));
      class_counts_.push_back(0.0);
    } else if (feature_counts_[y].size() < last) {
      feature_counts_[y].resize(last, 0.0);
    }
    auto& counts = feature_counts_[y];
    class_counts_[y] += w;
    for (std::size_t i = 0; i < last; ++i) {
      const double v = x.values[i];
      if (is_missing(v)) continue;
      if (v > params_.true_threshold) counts[i] += w;
      if (seen_[i] == 0) {
        seen_[i] = 1;
        seen_order_.push_back(static_cast<FeatureId>(i));
      }
    }
  }

  /// Writes `log P(c) + log P(x | c)` for every known class into `out[0 .. n_classes())`
  /// (River's `joint_log_likelihood`); extra slots get -inf. Throws `InvalidInput` for an
  /// infinite value or a too small `out`.
  void joint_log_likelihood(DenseView x, std::span<double> out) const {
    detail::require_finite_sample(x, name);
    const std::size_t n = n_classes();
    detail::require_room(out, n, name);
    for (std::size_t c = n; c < out.size(); ++c) out[c] = -std::numeric_limits<double>::infinity();
    if (n == 0) return;
    const double total = total_count();
    const double threshold = params_.true_threshold;
    for (std::size_t c = 0; c < n; ++c) {
      const auto& counts = feature_counts_[c];
      const double den = class_counts_[c] + params_.alpha * 2;
      double sum = 0.0;
      for (const FeatureId f : seen_order_) {
        const double p = (detail::at_or_zero(counts, f) + params_.alpha) / den;
        sum += x[f] > threshold ? std::log(prob_eps + p) : std::log(prob_eps + (1.0 - p));
      }
      out[c] = std::log(class_counts_[c] / total) + sum;
    }
  }

  /// Writes the probability of every known class into `out[0 .. n_classes())` (extra slots get
  /// 0). Before any learning nothing is written (River returns `{}`).
  void predict_proba_one(DenseView x, std::span<double> out) const {
    joint_log_likelihood(x, out);
    const std::size_t n = n_classes();
    for (std::size_t c = n; c < out.size(); ++c) out[c] = 0.0;
    if (n > 0) detail::normalise_log_likelihoods(out.first(n));
  }

  /// The most probable class, lowest id on ties; 0 before any learning (River returns None:
  /// check `n_classes()` first).
  ClassId predict_one(DenseView x) const { return detail::predict_via_proba(*this, x); }

  /// Number of classes seen so far.
  std::size_t n_classes() const { return class_counts_.size(); }
  /// Number of distinct features seen in training.
  std::size_t n_features() const { return seen_order_.size(); }
  /// Prior of class `c` (River's `p_class`); 0 for an unknown class.
  double p_class(ClassId c) const {
    return c < class_counts_.size() ? class_counts_[c] / total_count() : 0.0;
  }
  /// Smoothed `P(f on | c)` (River's `p_feature_given_class`); `c` must be a known class.
  double p_feature_given_class(FeatureId f, ClassId c) const {
    return (detail::at_or_zero(feature_counts_.at(c), f) + params_.alpha) /
           (class_counts_.at(c) + params_.alpha * 2);
  }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("BernoulliNB: checkpoint from a newer version");
    }
    ar(params_, class_counts_, feature_counts_, seen_order_);
    if constexpr (Archive::is_loading::value) {
      detail::validate_loaded_params(params_);
      detail::require_consistent(feature_counts_.size() == class_counts_.size(), name,
                                 "has per-class state of different sizes");
      detail::require_valid_class_counts(class_counts_, name);
      // Every known feature was stored in some class's counts, which bounds the ids (and so
      // the flag vector rebuilt here) by the payload size.
      std::size_t bound = 0;
      for (const auto& counts : feature_counts_) bound = std::max(bound, counts.size());
      seen_.assign(bound, 0);
      for (const FeatureId f : seen_order_) {
        detail::require_consistent(f < bound && seen_[f] == 0, name,
                                   "has an invalid list of known features");
        seen_[f] = 1;
      }
    }
  }

  friend bool operator==(const BernoulliNB& a, const BernoulliNB& b) {
    return a.params_ == b.params_ && a.class_counts_ == b.class_counts_ &&
           a.feature_counts_ == b.feature_counts_ && a.seen_order_ == b.seen_order_;
  }

 private:
  double total_count() const {
    double total = 0.0;
    for (double c : class_counts_) total += c;
    return total;
  }

  Params params_{};
  std::vector<double> class_counts_;                 // per class id, in learn order
  std::vector<std::vector<double>> feature_counts_;  // [class][feature]: weight of "on", lazy
  std::vector<FeatureId> seen_order_;                // known features, in order of first sight
  std::vector<std::uint8_t> seen_;                   // per feature id: known? (derived)
};

}  // namespace streamwise::naive_bayes

CEREAL_CLASS_VERSION(streamwise::naive_bayes::BernoulliNB,
                     streamwise::naive_bayes::BernoulliNB::class_version)
