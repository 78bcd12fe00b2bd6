#pragma once
/// @file
/// Passive-aggressive learners, River's `linear_model.PAClassifier` and
/// `linear_model.PARegressor`.

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

namespace detail {

/// Weights, intercept and the step-size rules shared by the passive-aggressive models.
struct PAState {
  std::vector<double> weights;      ///< Weights by feature id.
  std::vector<std::uint8_t> known;  ///< 1 once the feature has a weight (River's dict key).
  double intercept = 0.0;           ///< Intercept.

  /// `w·x + intercept` over the present features that have a weight.
  double raw(DenseView x) const {
    const std::size_t n = std::min(x.values.size(), weights.size());
    double dot = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!is_missing(x.values[i])) dot += weights[i] * x.values[i];
    }
    return dot + intercept;
  }

  /// ||x||² as River computes it: numpy's 2-norm (sqrt of the sum of squares), squared.
  static double norm_sq(DenseView x) {
    double s = 0.0;
    for (const double v : x.values) {
      if (!is_missing(v)) s += v * v;
    }
    const double norm = std::sqrt(s);
    return norm * norm;
  }

  /// River's step size for `mode` 0 (PA), 1 (PA-I) or 2 (PA-II).
  static double tau(int mode, double C, double norm2, double loss) {
    if (mode == 0) return norm2 > 0.0 ? loss / norm2 : 0.0;
    if (mode == 1) return norm2 > 0.0 ? std::min(C, loss / norm2) : 0.0;
    return loss / (norm2 + 0.5 / C);
  }

  /// `w += step·x` over the present features (creating their weights), intercept += step.
  void update(DenseView x, double step, bool learn_intercept) {
    std::size_t last = x.values.size();
    while (last > 0 && is_missing(x.values[last - 1])) --last;
    if (last > weights.size()) {
      weights.resize(last, 0.0);
      known.resize(last, 0);
    }
    for (std::size_t i = 0; i < last; ++i) {
      if (is_missing(x.values[i])) continue;
      weights[i] += step * x.values[i];
      known[i] = 1;
    }
    if (learn_intercept) intercept += step;
  }

  /// Cereal serialisation; sizes are checked.
  template <class Archive>
  void serialize(Archive& ar) {
    ar(weights, known, intercept);
    if (known.size() != weights.size()) {
      throw CheckpointError("PA: corrupt checkpoint (weight vector sizes)");
    }
  }
  /// Whole-state equality.
  friend bool operator==(const PAState&, const PAState&) = default;
};

/// Throws `std::invalid_argument` for a bad `C` or `mode`.
inline void validate_pa(std::string_view model, double C, int mode) {
  if (!(std::isfinite(C) && C > 0.0))
    throw invalid_parameter(std::string(model), "C", "finite and > 0");
  if (mode < 0 || mode > 2) throw invalid_parameter(std::string(model), "mode", "0, 1 or 2");
}

}  // namespace detail

/// Passive-aggressive binary classifier (Crammer et al., 2006): after each sample whose Hinge
/// loss `max(0, 1 - y f(x))` (y = ±1) is positive, moves the weights and, with
/// `learn_intercept`, the intercept by `τ y x`, with τ = loss/||x||² (mode 0), min(C,
/// loss/||x||²) (mode 1, PA-I) or loss/(||x||² + 1/(2C)) (mode 2, PA-II). Probabilities are
/// the sigmoid of the score, as River. Class 1 is River's `True`.
///
/// River's PA has no sample weight: `w` is validated and `w = 0` skips the sample; any positive
/// weight learns it once.
///
/// ```cpp
/// streamwise::linear_model::PAClassifier model;
/// const double x[] = {1.0, -0.5};
/// model.learn_one({x}, 1);
/// model.predict_one({x});  // 1
/// ```
class PAClassifier {
 public:
  static constexpr std::string_view name = "PAClassifier";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are not numbers: one-hot encode them first.
  static constexpr bool accepts_nominal = false;

  /// Hyper-parameters, River's names and defaults.
  struct Params {
    double C = 1.0;               ///< Aggressiveness (finite, > 0).
    int mode = 1;                 ///< 0 (PA), 1 (PA-I) or 2 (PA-II).
    bool learn_intercept = true;  ///< Whether the intercept is learned.

    /// Lists the fields for repr, specs and the factory.
    template <class V>
    void visit(V&& v) {
      v("C", C);
      v("mode", mode);
      v("learn_intercept", learn_intercept);
    }
    /// Throws `std::invalid_argument("PAClassifier: <param> must be ...")`.
    void validate() const { detail::validate_pa(name, C, mode); }
    /// Field-wise equality.
    friend bool operator==(const Params&, const Params&) = default;
    /// Cereal serialisation.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(C, mode, learn_intercept);
    }
  };

  /// River's defaults.
  PAClassifier() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit PAClassifier(const Params& params) : params_(params) { params_.validate(); }

  /// One passive-aggressive update with class `y` (0 or 1). Throws `InvalidInput`, model
  /// unchanged, for an infinite feature, another class id or a bad weight.
  void learn_one(DenseView x, ClassId y, double w = 1.0) {
    detail::check_features(x, name);
    detail::require_binary(y, name);
    require_weight(w, name);
    if (w == 0.0) return;
    const double sign = y == 1 ? 1.0 : -1.0;
    const double loss = std::max(1.0 - sign * state_.raw(x), 0.0);
    const double tau =
        detail::PAState::tau(params_.mode, params_.C, detail::PAState::norm_sq(x), loss);
    state_.update(x, tau * sign, params_.learn_intercept);
  }

  /// Sigmoid of the score (0.5 before any learning; exactly 0/1 beyond ±30, as River).
  double predict_proba_true(DenseView x) const {
    detail::check_features(x, name);
    const double z = state_.raw(x);
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

  /// Current intercept.
  double intercept() const { return state_.intercept; }
  /// Weight of feature `id` (0 if it has none).
  double weight(FeatureId id) const { return has_weight(id) ? state_.weights[id] : 0.0; }
  /// Whether feature `id` has a weight.
  bool has_weight(FeatureId id) const { return id < state_.known.size() && state_.known[id] != 0; }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Cereal serialisation of parameters and state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version)
      throw CheckpointError("PAClassifier: checkpoint from a newer version");
    ar(params_, state_);
  }
  /// Whole-state equality.
  friend bool operator==(const PAClassifier&, const PAClassifier&) = default;

 private:
  Params params_{};
  detail::PAState state_{};
};

/// Passive-aggressive regressor (Crammer et al., 2006): moves the weights (and the intercept)
/// by `τ sign(y - f(x)) x`, τ as in `PAClassifier` for `mode` 0, 1 or 2, from the
/// epsilon-insensitive loss. For parity the loss is River's exactly: `max(0, |f(x) - (2y - 1)|
/// - eps)`, because River's `EpsilonInsensitiveHinge` maps the target as a binary label
/// first (see docs/linear-models.md).
///
/// River's PA has no sample weight: `w` is validated and `w = 0` skips the sample; any positive
/// weight learns it once.
///
/// ```cpp
/// streamwise::linear_model::PARegressor model;
/// const double x[] = {1.0, 2.0};
/// model.learn_one({x}, 3.0);
/// model.predict_one({x});
/// ```
class PARegressor {
 public:
  static constexpr std::string_view name = "PARegressor";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are not numbers: one-hot encode them first.
  static constexpr bool accepts_nominal = false;

  /// Hyper-parameters, River's names and defaults.
  struct Params {
    double C = 1.0;               ///< Aggressiveness (finite, > 0).
    int mode = 1;                 ///< 0 (PA), 1 (PA-I) or 2 (PA-II).
    double eps = 0.1;             ///< Half-width of the insensitive band (finite, >= 0).
    bool learn_intercept = true;  ///< Whether the intercept is learned.

    /// Lists the fields for repr, specs and the factory.
    template <class V>
    void visit(V&& v) {
      v("C", C);
      v("mode", mode);
      v("eps", eps);
      v("learn_intercept", learn_intercept);
    }
    /// Throws `std::invalid_argument("PARegressor: <param> must be ...")`.
    void validate() const {
      detail::validate_pa(name, C, mode);
      if (!(std::isfinite(eps) && eps >= 0.0)) {
        throw invalid_parameter(std::string(name), "eps", "finite and >= 0");
      }
    }
    /// Field-wise equality.
    friend bool operator==(const Params&, const Params&) = default;
    /// Cereal serialisation.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(C, mode, eps, learn_intercept);
    }
  };

  /// River's defaults.
  PARegressor() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit PARegressor(const Params& params) : params_(params) { params_.validate(); }

  /// One passive-aggressive update towards `y`. Throws `InvalidInput`, model unchanged, for an
  /// infinite feature, a non-finite `y` or a bad weight.
  void learn_one(DenseView x, double y, double w = 1.0) {
    detail::check_features(x, name);
    require_finite(y, name, "y");
    require_weight(w, name);
    if (w == 0.0) return;
    const double y_pred = state_.raw(x);
    // River scores the sample with its EpsilonInsensitiveHinge loss, which maps the target
    // through 2y - 1 (a binary-label convention) before the band test; kept for parity.
    const double loss = std::max(std::fabs(y_pred - (y * 2.0 - 1.0)) - params_.eps, 0.0);
    const double tau =
        detail::PAState::tau(params_.mode, params_.C, detail::PAState::norm_sq(x), loss);
    const double diff = y - y_pred;
    const double sign = diff > 0.0 ? 1.0 : (diff < 0.0 ? -1.0 : 0.0);
    state_.update(x, tau * sign, params_.learn_intercept);
  }

  /// `w·x + intercept` (0 before any learning).
  double predict_one(DenseView x) const {
    detail::check_features(x, name);
    return state_.raw(x);
  }

  /// `learn_one` on each row of a row-major block (NaN = absent).
  void learn_many(std::span<const double> data, std::size_t n_cols, std::span<const double> y) {
    const std::size_t n = detail::block_rows(data, n_cols, name);
    if (y.size() != n)
      throw InvalidInput(std::string(name) + ": learn_many needs one target per row");
    for (std::size_t r = 0; r < n; ++r) learn_one({data.subspan(r * n_cols, n_cols)}, y[r]);
  }
  /// `predict_one` of each row of a row-major block.
  void predict_many(std::span<const double> data, std::size_t n_cols, std::span<double> out) const {
    const std::size_t n = detail::block_rows(data, n_cols, name);
    if (out.size() != n) throw InvalidInput(std::string(name) + ": out needs one slot per row");
    for (std::size_t r = 0; r < n; ++r) out[r] = predict_one({data.subspan(r * n_cols, n_cols)});
  }

  /// Current intercept.
  double intercept() const { return state_.intercept; }
  /// Weight of feature `id` (0 if it has none).
  double weight(FeatureId id) const { return has_weight(id) ? state_.weights[id] : 0.0; }
  /// Whether feature `id` has a weight.
  bool has_weight(FeatureId id) const { return id < state_.known.size() && state_.known[id] != 0; }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Cereal serialisation of parameters and state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version)
      throw CheckpointError("PARegressor: checkpoint from a newer version");
    ar(params_, state_);
  }
  /// Whole-state equality.
  friend bool operator==(const PARegressor&, const PARegressor&) = default;

 private:
  Params params_{};
  detail::PAState state_{};
};

}  // namespace streamwise::linear_model

CEREAL_CLASS_VERSION(streamwise::linear_model::PAClassifier,
                     streamwise::linear_model::PAClassifier::class_version)
CEREAL_CLASS_VERSION(streamwise::linear_model::PARegressor,
                     streamwise::linear_model::PARegressor::class_version)
