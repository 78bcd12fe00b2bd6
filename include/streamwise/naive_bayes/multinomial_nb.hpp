#pragma once
/// @file
/// Multinomial naive Bayes, River's `naive_bayes.MultinomialNB`.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
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

/// Multinomial naive Bayes over term frequencies (counts or TF-IDF values).
///
/// Per class it keeps the number of samples, the total frequency, and the total frequency of
/// each feature. With `n_terms` the number of distinct features ever seen,
/// `P(f | c) = (count(f, c) + alpha) / (total(c) + alpha * n_terms)` and the joint
/// log-likelihood of `c` is `log P(c) + sum_f x_f * log P(f | c)` over the features present in
/// `x`. Probabilities are those log-likelihoods normalised with log-sum-exp, as in River.
/// A present value of 0 still makes its feature known (it counts in `n_terms`), as in River.
///
/// ```cpp
/// streamwise::naive_bayes::MultinomialNB model({.alpha = 1.0});
/// const double yes[] = {2, 1, 0}, no[] = {1, 0, 2};
/// model.learn_one({yes}, 0);
/// model.learn_one({no}, 1);
/// std::vector<double> proba(model.n_classes());
/// const double x[] = {1, 0, 0};
/// model.predict_proba_one({x}, proba);
/// ```
class MultinomialNB {
 public:
  /// Hyper-parameters, River's names and defaults.
  struct Params {
    /// Additive (Laplace/Lidstone) smoothing; 0 disables it.
    double alpha = 1.0;

    template <class V>
    void visit(V&& v) {
      v("alpha", alpha);
    }
    /// Throws `std::invalid_argument` for a negative or non-finite `alpha`.
    void validate() const {
      if (!(std::isfinite(alpha) && alpha >= 0.0)) {
        throw invalid_parameter("MultinomialNB", "alpha", "finite and >= 0");
      }
    }
    template <class Archive>
    void serialize(Archive& ar) {
      ar(alpha);
    }
    friend bool operator==(const Params&, const Params&) = default;
  };

  static constexpr std::string_view name = "MultinomialNB";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (`alpha = 1`).
  MultinomialNB() = default;
  /// Validates and uses `params`.
  explicit MultinomialNB(const Params& params) : params_(params) { params_.validate(); }

  /// Learns from one sample of class `y`: every present feature adds `w * x_f` to its count
  /// and to the class total (River takes no weight; `w` counts the sample `w` times, `w = 0`
  /// does nothing). Negative frequencies are accepted, as River does. Throws `InvalidInput`,
  /// with the model unchanged, for an infinite value, a bad `w`, or a class id greater than
  /// `n_classes()`.
  void learn_one(DenseView x, ClassId y, double w = 1.0) {
    detail::require_finite_sample(x, name);
    require_weight(w, name);
    detail::require_known_or_next(y, n_classes(), name);
    if (w == 0.0) return;
    std::size_t last = x.values.size();
    while (last > 0 && is_missing(x.values[last - 1])) --last;
    // Allocate first, then commit with operations that cannot throw.
    if (seen_.size() < last) seen_.resize(last, 0);
    if (y == class_counts_.size()) {
      std::vector<double> fresh(last, 0.0);
      class_counts_.reserve(class_counts_.size() + 1);
      class_totals_.reserve(class_totals_.size() + 1);
      feature_counts_.reserve(feature_counts_.size() + 1);
      feature_counts_.push_back(std::move(fresh));
      class_counts_.push_back(0.0);
      class_totals_.push_back(0.0);
    } else if (feature_counts_[y].size() < last) {
      feature_counts_[y].resize(last, 0.0);
    }
    auto& counts = feature_counts_[y];
    class_counts_[y] += w;
    for (std::size_t i = 0; i < last; ++i) {
      const double v = x.values[i];
      if (is_missing(v)) continue;
      const double frequency = w * v;
      counts[i] += frequency;
      class_totals_[y] += frequency;
      if (seen_[i] == 0) {
        seen_[i] = 1;
        ++n_terms_;
      }
    }
  }

  /// Writes `log P(c) + sum_f x_f log P(f | c)` for every known class into
  /// `out[0 .. n_classes())` (River's `joint_log_likelihood`); extra slots get -inf.
  /// Throws `InvalidInput` for an infinite value, a too small `out`, or where River fails with
  /// a math error: a present feature whose smoothed probability is 0 or undefined for some
  /// class (only possible with `alpha = 0` or negative frequencies).
  void joint_log_likelihood(DenseView x, std::span<double> out) const {
    detail::require_finite_sample(x, name);
    const std::size_t n = n_classes();
    detail::require_room(out, n, name);
    for (std::size_t c = n; c < out.size(); ++c) out[c] = -std::numeric_limits<double>::infinity();
    if (n == 0) return;
    const double total = total_count();
    const double smoothing = params_.alpha * static_cast<double>(n_terms_);
    for (std::size_t c = 0; c < n; ++c) {
      const auto& counts = feature_counts_[c];
      const double den = class_totals_[c] + smoothing;
      double sum = 0.0;
      for (std::size_t f = 0; f < x.values.size(); ++f) {
        const double v = x.values[f];
        if (is_missing(v)) continue;
        const double p = (detail::at_or_zero(counts, f) + params_.alpha) / den;
        if (den == 0.0 || !(p > 0.0)) undefined_log(f, c);
        sum += v * std::log(p);
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
  /// Number of distinct features seen so far (River's `n_terms`).
  std::size_t n_terms() const { return static_cast<std::size_t>(n_terms_); }
  /// Prior of class `c` (River's `p_class`); 0 for an unknown class.
  double p_class(ClassId c) const {
    return c < class_counts_.size() ? class_counts_[c] / total_count() : 0.0;
  }
  /// Smoothed `P(f | c)` (River's `p_feature_given_class`); `c` must be a known class.
  double p_feature_given_class(FeatureId f, ClassId c) const {
    return (detail::at_or_zero(feature_counts_.at(c), f) + params_.alpha) /
           (class_totals_.at(c) + params_.alpha * static_cast<double>(n_terms_));
  }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("MultinomialNB: checkpoint from a newer version");
    }
    ar(params_, class_counts_, class_totals_, feature_counts_, seen_);
    if constexpr (Archive::is_loading::value) {
      detail::validate_loaded_params(params_);
      detail::require_consistent(class_totals_.size() == class_counts_.size() &&
                                     feature_counts_.size() == class_counts_.size(),
                                 name, "has per-class state of different sizes");
      detail::require_valid_class_counts(class_counts_, name);
      n_terms_ = 0;
      for (std::uint8_t s : seen_) {
        detail::require_consistent(s <= 1, name, "has an invalid feature flag");
        n_terms_ += s;
      }
    }
  }

  friend bool operator==(const MultinomialNB&, const MultinomialNB&) = default;

 private:
  [[noreturn]] static void undefined_log(std::size_t f, std::size_t c) {
    throw InvalidInput("MultinomialNB: P(feature " + std::to_string(f) + " | class " +
                       std::to_string(c) +
                       ") is 0 or undefined, so its log is too (River raises a math error "
                       "here; use alpha > 0)");
  }

  double total_count() const {
    double total = 0.0;
    for (double c : class_counts_) total += c;
    return total;
  }

  Params params_{};
  std::vector<double> class_counts_;                 // per class id, in learn order
  std::vector<double> class_totals_;                 // per class: sum of frequencies
  std::vector<std::vector<double>> feature_counts_;  // [class][feature], grown on sight
  std::vector<std::uint8_t> seen_;                   // per feature: ever present in learn_one
  std::uint64_t n_terms_ = 0;                        // number of set flags in seen_
};

}  // namespace streamwise::naive_bayes

CEREAL_CLASS_VERSION(streamwise::naive_bayes::MultinomialNB,
                     streamwise::naive_bayes::MultinomialNB::class_version)
