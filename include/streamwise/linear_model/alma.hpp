#pragma once
/// @file
/// Approximate Large Margin Algorithm, River's `linear_model.ALMAClassifier`.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/linear_model/glm.hpp"

namespace streamwise::linear_model {

/// Gentile's ALMA_p (2001), as River implements it (no intercept): with `k` the number of
/// updates so far plus one, a sample whose margin `y w·x` (y = ±1) is below
/// `(1 - alpha) B sqrt(p-1)/sqrt(k)` moves the weights by `C/(sqrt(p-1) sqrt(k)) y x`, then the
/// weights of the present features are divided by max(1, ||w||_p) (the norm over every
/// weight) and `k` grows. Probabilities are the sigmoid of `w·x`. Class 1 is River's `True`.
///
/// River's ALMA has no sample weight: `w` is validated and `w = 0` skips the sample; any
/// positive weight learns it once.
///
/// ```cpp
/// streamwise::linear_model::ALMAClassifier model;
/// const double x[] = {1.0, -0.5};
/// model.learn_one({x}, 1);
/// model.predict_one({x});  // 1
/// ```
class ALMAClassifier {
 public:
  static constexpr std::string_view name = "ALMAClassifier";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are not numbers: one-hot encode them first.
  static constexpr bool accepts_nominal = false;

  /// Hyper-parameters, River's names and defaults.
  struct Params {
    double p = 2.0;                 ///< Order of the norm (finite, > 1).
    double alpha = 0.9;             ///< Approximation to the maximal margin, in (0, 1].
    double B = 1.0 / 0.9;           ///< Margin scale (finite, > 0).
    double C = 1.4142135623730951;  ///< Step scale, River's 2**0.5 (finite, > 0).

    /// Lists the fields for repr, specs and the factory.
    template <class V>
    void visit(V&& v) {
      v("p", p);
      v("alpha", alpha);
      v("B", B);
      v("C", C);
    }
    /// Throws `std::invalid_argument("ALMAClassifier: <param> must be ...")`.
    void validate() const {
      const std::string m(name);
      if (!(std::isfinite(p) && p > 1.0)) throw invalid_parameter(m, "p", "finite and > 1");
      if (!(alpha > 0.0 && alpha <= 1.0)) throw invalid_parameter(m, "alpha", "in (0, 1]");
      if (!(std::isfinite(B) && B > 0.0)) throw invalid_parameter(m, "B", "finite and > 0");
      if (!(std::isfinite(C) && C > 0.0)) throw invalid_parameter(m, "C", "finite and > 0");
    }
    /// Field-wise equality.
    friend bool operator==(const Params&, const Params&) = default;
    /// Cereal serialisation.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(p, alpha, B, C);
    }
  };

  /// River's defaults.
  ALMAClassifier() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit ALMAClassifier(const Params& params) : params_(params) { params_.validate(); }

  /// One ALMA step with class `y` (0 or 1). Throws `InvalidInput`, model unchanged, for an
  /// infinite feature, another class id or a bad weight.
  void learn_one(DenseView x, ClassId y, double w = 1.0) {
    detail::check_features(x, name);
    detail::require_binary(y, name);
    require_weight(w, name);
    if (w == 0.0) return;
    const double sign = y == 1 ? 1.0 : -1.0;
    const double sqrt_k = std::sqrt(static_cast<double>(k_));
    const double root = std::sqrt(params_.p - 1.0);
    const double gamma = params_.B * root / sqrt_k;
    if (!(sign * dot(x) < (1.0 - params_.alpha) * gamma)) return;
    const double eta = params_.C / (root * sqrt_k);
    std::size_t last = x.values.size();
    while (last > 0 && is_missing(x.values[last - 1])) --last;
    if (last > w_.size()) {
      w_.resize(last, 0.0);
      known_.resize(last, 0);
    }
    for (std::size_t i = 0; i < last; ++i) {
      if (is_missing(x.values[i])) continue;
      w_[i] += eta * sign * x.values[i];
      known_[i] = 1;
    }
    const double scale = std::max(1.0, norm());
    for (std::size_t i = 0; i < last; ++i) {
      if (!is_missing(x.values[i])) w_[i] /= scale;
    }
    ++k_;
  }

  /// Sigmoid of `w·x` (0.5 before any learning).
  double predict_proba_true(DenseView x) const {
    detail::check_features(x, name);
    const double z = dot(x);
    if (z < -30.0) return 0.0;
    if (z > 30.0) return 1.0;
    return 1.0 / (1.0 + std::exp(-z));
  }
  /// Writes `{p(0), p(1)}` (extra slots get 0).
  void predict_proba_one(DenseView x, std::span<double> out) const {
    detail::require_proba_room(out, 2, name);
    const double p = predict_proba_true(x);
    out[0] = 1.0 - p;
    out[1] = p;
  }
  /// The more probable class, 0 on a tie.
  ClassId predict_one(DenseView x) const {
    const double p = predict_proba_true(x);
    return p > 1.0 - p ? 1 : 0;
  }
  /// Always 2.
  std::size_t n_classes() const { return 2; }

  /// `learn_one` on each row of a row-major block (NaN = absent).
  void learn_many(std::span<const double> data, std::size_t n_cols, std::span<const ClassId> y) {
    const std::size_t n = detail::block_rows(data, n_cols, name);
    if (y.size() != n)
      throw InvalidInput(std::string(name) + ": learn_many needs one target per row");
    for (std::size_t r = 0; r < n; ++r) learn_one({data.subspan(r * n_cols, n_cols)}, y[r]);
  }
  /// `predict_one` of each row of a row-major block.
  void predict_many(std::span<const double> data, std::size_t n_cols,
                    std::span<ClassId> out) const {
    const std::size_t n = detail::block_rows(data, n_cols, name);
    if (out.size() != n) throw InvalidInput(std::string(name) + ": out needs one slot per row");
    for (std::size_t r = 0; r < n; ++r) out[r] = predict_one({data.subspan(r * n_cols, n_cols)});
  }

  /// Weight of feature `id` (0 if it has none).
  double weight(FeatureId id) const { return has_weight(id) ? w_[id] : 0.0; }
  /// Whether feature `id` has a weight.
  bool has_weight(FeatureId id) const { return id < known_.size() && known_[id] != 0; }
  /// River's `k`: 1 + the number of updates made.
  std::uint64_t k() const { return k_; }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Cereal serialisation of parameters and state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("ALMAClassifier: checkpoint from a newer version");
    }
    ar(params_, w_, known_, k_);
    if (known_.size() != w_.size() || k_ == 0) {
      throw CheckpointError("ALMAClassifier: corrupt checkpoint");
    }
  }
  /// Whole-state equality.
  friend bool operator==(const ALMAClassifier&, const ALMAClassifier&) = default;

 private:
  double dot(DenseView x) const {
    const std::size_t n = std::min(x.values.size(), w_.size());
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!is_missing(x.values[i])) s += w_[i] * x.values[i];
    }
    return s;
  }

  // numpy's vector p-norm of every weight (sqrt of the sum of squares when p = 2).
  double norm() const {
    double s = 0.0;
    if (params_.p == 2.0) {
      for (const double v : w_) s += v * v;
      return std::sqrt(s);
    }
    for (const double v : w_) s += std::pow(std::fabs(v), params_.p);
    return std::pow(s, 1.0 / params_.p);
  }

  Params params_{};
  std::vector<double> w_;
  std::vector<std::uint8_t> known_;
  std::uint64_t k_ = 1;
};

}  // namespace streamwise::linear_model

CEREAL_CLASS_VERSION(streamwise::linear_model::ALMAClassifier,
                     streamwise::linear_model::ALMAClassifier::class_version)
