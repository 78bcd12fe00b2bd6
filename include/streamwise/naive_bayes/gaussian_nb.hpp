#pragma once
/// @file
/// Gaussian naive Bayes, River's `naive_bayes.GaussianNB`.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
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

/// Gaussian naive Bayes: one normal distribution per (class, feature), fitted online with
/// Welford's update and the population variance (River's `proba.Gaussian` with `ddof = 0`).
///
/// The joint log-likelihood of class `c` is `log P(c) + sum_i log(1e-9 + pdf_ci(x_i))` over the
/// features present in `x`; a feature the class has never seen (or whose variance is still 0)
/// contributes `log(1e-9)`. Probabilities are the log-likelihoods normalised with log-sum-exp,
/// exactly as River computes them. Class ids must appear in order (0, 1, ...).
///
/// ```cpp
/// streamwise::naive_bayes::GaussianNB model;
/// const double rows[4][2] = {{-1, -1}, {-2, -1}, {1, 1}, {2, 2}};
/// for (int i = 0; i < 4; ++i) model.learn_one({rows[i]}, i < 2 ? 0 : 1);
/// std::vector<double> proba(model.n_classes());
/// const double x[] = {-0.8, -1.0};
/// model.predict_proba_one({x}, proba);  // proba[0] > proba[1]
/// model.predict_one({x});               // 0
/// ```
class GaussianNB {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "GaussianNB";
  static constexpr std::uint32_t class_version = 1;
  /// Added to every density before its log (River's `_PDF_EPS`, written `10e-10` there).
  static constexpr double pdf_eps = 10e-10;

  /// The running normal distribution of one feature within one class.
  struct FeatureGaussian {
    double n = 0.0;     ///< Sum of weights.
    double mean = 0.0;  ///< Running mean.
    double s = 0.0;     ///< Sum of squared deviations (Welford's M2).

    /// Adds `x` with weight `w` (River's `stats.Var.update`).
    void update(double x, double w) {
      const double mean_old = mean;
      n += w;
      mean += (w / n) * (x - mean);
      s += w * (x - mean_old) * (x - mean);
    }
    /// Population variance (0 while empty).
    double variance() const { return n > 0.0 ? s / n : 0.0; }
    /// Density at `x`; 0 while the variance is 0 (River's `proba.Gaussian.__call__`).
    double pdf(double x) const {
      if (n > 0.0) {
        const double var = s / n;
        if (var > 0.0) {
          const double sigma = std::sqrt(var);
          const double z = (x - mean) / sigma;
          return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi) / sigma;
        }
      }
      return 0.0;
    }
    template <class Archive>
    void serialize(Archive& ar) {
      ar(n, mean, s);
    }
    friend bool operator==(const FeatureGaussian&, const FeatureGaussian&) = default;
  };

  /// An empty model (no parameters).
  GaussianNB() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit GaussianNB(const Params&) {}

  /// Learns from one sample of class `y` with weight `w` (River takes no weight; `w` counts the
  /// sample `w` times: the class count grows by `w` and every Gaussian gets weight `w`; `w = 0`
  /// does nothing). Features that are NaN are absent and left alone. Throws `InvalidInput`,
  /// with the model unchanged, for an infinite value, a negative or non-finite `w`, or a class
  /// id greater than `n_classes()`.
  void learn_one(DenseView x, ClassId y, double w = 1.0) {
    detail::require_finite_sample(x, name);
    require_weight(w, name);
    detail::require_known_or_next(y, n_classes(), name);
    if (w == 0.0) return;
    std::size_t last = x.values.size();
    while (last > 0 && is_missing(x.values[last - 1])) --last;
    // Allocate first, then commit with operations that cannot throw.
    if (y == class_counts_.size()) {
      std::vector<FeatureGaussian> fresh(last);
      class_counts_.reserve(class_counts_.size() + 1);
      gaussians_.reserve(gaussians_.size() + 1);
      gaussians_.push_back(std::move(fresh));
      class_counts_.push_back(0.0);
    } else if (gaussians_[y].size() < last) {
      gaussians_[y].resize(last);
    }
    auto& gaussians = gaussians_[y];
    class_counts_[y] += w;
    for (std::size_t i = 0; i < last; ++i) {
      const double v = x.values[i];
      if (!is_missing(v)) gaussians[i].update(v, w);
    }
  }

  /// Writes `log P(c) + log P(x | c)` for every known class into `out[0 .. n_classes())`
  /// (River's `joint_log_likelihood`); extra slots get -inf. Nothing is written before any
  /// learning. Throws `InvalidInput` for an infinite value or an `out` that is too small.
  void joint_log_likelihood(DenseView x, std::span<double> out) const {
    detail::require_finite_sample(x, name);
    const std::size_t n = n_classes();
    detail::require_room(out, n, name);
    for (std::size_t c = n; c < out.size(); ++c) out[c] = -std::numeric_limits<double>::infinity();
    if (n == 0) return;
    const double log_eps = std::log(pdf_eps);
    const double total = total_count();
    for (std::size_t c = 0; c < n; ++c) {
      const auto& gaussians = gaussians_[c];
      double sum = 0.0;
      for (std::size_t i = 0; i < x.values.size(); ++i) {
        const double v = x.values[i];
        if (is_missing(v)) continue;
        sum += i < gaussians.size() ? std::log(pdf_eps + gaussians[i].pdf(v)) : log_eps;
      }
      out[c] = std::log(class_counts_[c] / total) + sum;
    }
  }

  /// Writes the probability of every known class into `out[0 .. n_classes())` (extra slots get
  /// 0). Before any learning there are no classes and nothing is written (River returns `{}`).
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
  /// Prior of class `c`: its (weighted) count over the total (River's `p_class`); 0 for an
  /// unknown class.
  double p_class(ClassId c) const {
    return c < class_counts_.size() ? class_counts_[c] / total_count() : 0.0;
  }
  /// The Gaussian of feature `f` within class `c`, or null if that class has never seen it.
  const FeatureGaussian* gaussian(ClassId c, FeatureId f) const {
    if (c >= gaussians_.size() || f >= gaussians_[c].size() || gaussians_[c][f].n == 0.0) {
      return nullptr;
    }
    return &gaussians_[c][f];
  }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("GaussianNB: checkpoint from a newer version");
    }
    ar(class_counts_, gaussians_);
    if constexpr (Archive::is_loading::value) {
      detail::require_consistent(gaussians_.size() == class_counts_.size(), name,
                                 "has Gaussians for a different number of classes");
      detail::require_valid_class_counts(class_counts_, name);
    }
  }

  friend bool operator==(const GaussianNB&, const GaussianNB&) = default;

 private:
  double total_count() const {
    double total = 0.0;
    for (double c : class_counts_) total += c;
    return total;
  }

  [[no_unique_address]] Params params_{};
  std::vector<double> class_counts_;                     // per class id, in learn order
  std::vector<std::vector<FeatureGaussian>> gaussians_;  // [class][feature], grown on sight
};

}  // namespace streamwise::naive_bayes

CEREAL_CLASS_VERSION(streamwise::naive_bayes::GaussianNB,
                     streamwise::naive_bayes::GaussianNB::class_version)
