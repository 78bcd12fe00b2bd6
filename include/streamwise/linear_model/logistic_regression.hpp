#pragma once
/// @file
/// Binary logistic regression trained by stochastic gradient descent, River's
/// `linear_model.LogisticRegression`.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/linear_model/glm.hpp"
#include "streamwise/optim/any_loss.hpp"
#include "streamwise/optim/any_optimizer.hpp"
#include "streamwise/optim/losses/log.hpp"
#include "streamwise/optim/sgd.hpp"

namespace streamwise::linear_model {

/// Online binary logistic regression: `p(1 | x) = sigmoid(w·x + intercept)` (the loss's
/// `mean_func`), one optimizer step per sample (River's GLM rules, see `GLM`). Class id 1 is
/// River's `True`, 0 is `False`; other ids are refused. Other binary losses (Hinge...) and any
/// optimizer can be plugged in; `LogisticRegressionT<optim::AnyOptimizer, optim::AnyLoss>` is
/// the run-time-configurable form (its default loss is still Log).
///
/// ```cpp
/// streamwise::linear_model::LogisticRegression model;
/// const double x[] = {1.0, -0.5};
/// model.learn_one({x}, 1);
/// double proba[2];
/// model.predict_proba_one({x}, proba);  // {p(0), p(1)}
/// ```
template <class Optimizer = optim::SGD, class Loss = optim::losses::Log>
class LogisticRegressionT {
 public:
  static constexpr std::string_view name = "LogisticRegression";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are not numbers: one-hot encode them first.
  static constexpr bool accepts_nominal = false;

  /// Hyper-parameters (River's names and defaults: SGD(0.01), Log, l2 = l1 = 0,
  /// intercept_init = 0, intercept_lr = 0.01, clip_gradient = 1e12, Zeros).
  struct Params : GLMParams<Optimizer, Loss> {
    Params() {
      if constexpr (std::is_constructible_v<Loss, optim::losses::Log>) {
        this->loss = Loss(optim::losses::Log{});
      }
    }
    /// Throws `std::invalid_argument("LogisticRegression: <param> must be ...")`.
    void validate() const { this->validate_as(name); }
    /// Field-wise equality.
    friend bool operator==(const Params&, const Params&) = default;
  };

  /// River's defaults.
  LogisticRegressionT() : LogisticRegressionT(Params{}) {}
  /// Validates `params` (throws `std::invalid_argument`).
  explicit LogisticRegressionT(const Params& params) : params_(validated(params)), glm_(params_) {}

  /// One gradient step on `x` (NaN = absent) with class `y` (0 or 1) and weight `w`. Throws
  /// `InvalidInput`, model unchanged, for an infinite feature, another class id or a bad
  /// weight.
  void learn_one(DenseView x, ClassId y, double w = 1.0) {
    const bool dense = detail::check_features(x, name);
    detail::require_binary(y, name);
    require_weight(w, name);
    glm_.learn(x, static_cast<double>(y), w, dense);
  }

  /// Probability of class 1: `mean_func(w·x + intercept)` (0.5 before any learning).
  double predict_proba_true(DenseView x) const {
    const bool dense = detail::check_features(x, name);
    return glm_.loss().mean_func(glm_.raw_dot(x, dense));
  }

  /// Writes `{p(0), p(1)}` (extra slots get 0). Throws `InvalidInput` if `out.size() < 2`.
  void predict_proba_one(DenseView x, std::span<double> out) const {
    detail::require_proba_room(out, 2, name);
    const double p = predict_proba_true(x);
    out[0] = 1.0 - p;
    out[1] = p;
  }

  /// The more probable class, 0 on a tie (River's `max` over `{False, True}`).
  ClassId predict_one(DenseView x) const {
    const double p = predict_proba_true(x);
    return p > 1.0 - p ? 1 : 0;
  }

  /// `learn_one` for a sparse sample (hashed or high-dimensional input, e.g. the output of
  /// `FeatureHasher`): only the present features' weights are read and updated. Throws
  /// `InvalidInput`, model unchanged, for unsorted ids, a non-finite value, another class id or
  /// a bad weight.
  void learn_one(SparseView x, ClassId y, double w = 1.0) {
    detail::check_sparse(x, name);
    detail::require_binary(y, name);
    require_weight(w, name);
    glm_.learn(x, static_cast<double>(y), w);
  }

  /// Probability of class 1 for a sparse sample.
  double predict_proba_true(SparseView x) const {
    detail::check_sparse(x, name);
    return glm_.loss().mean_func(glm_.raw_dot(x));
  }

  /// `{p(0), p(1)}` for a sparse sample (extra slots get 0).
  void predict_proba_one(SparseView x, std::span<double> out) const {
    detail::require_proba_room(out, 2, name);
    const double p = predict_proba_true(x);
    out[0] = 1.0 - p;
    out[1] = p;
  }

  /// The more probable class of a sparse sample, 0 on a tie.
  ClassId predict_one(SparseView x) const {
    const double p = predict_proba_true(x);
    return p > 1.0 - p ? 1 : 0;
  }

  /// Always 2.
  std::size_t n_classes() const { return 2; }

  /// River's `learn_many`: one step on the mean gradient of the rows of a row-major block of
  /// `n_cols` features (every feature present), classes in `y` (0 or 1), `w` empty (1) or one
  /// weight per row. Throws `InvalidInput`, model unchanged, on bad input.
  void learn_many(std::span<const double> data, std::size_t n_cols, std::span<const ClassId> y,
                  std::span<const double> w = {}) {
    const std::size_t n = detail::block_rows(data, n_cols, name);
    if (y.size() != n || (!w.empty() && w.size() != n)) {
      throw InvalidInput(std::string(name) + ": learn_many needs one target (and weight) per row");
    }
    for (double v : data) require_finite(v, name, "x");
    for (ClassId c : y) detail::require_binary(c, name);
    for (double v : w) require_weight(v, name);
    if (n == 0) return;
    targets_.assign(y.begin(), y.end());
    glm_.learn_many(data, n_cols, targets_, w);
  }

  /// Probability of class 1 for each row of a row-major block (NaN = absent), River's
  /// `predict_proba_many(X)[True]`.
  void predict_proba_many(std::span<const double> data, std::size_t n_cols,
                          std::span<double> out) const {
    const std::size_t n = detail::block_rows(data, n_cols, name);
    if (out.size() != n) throw InvalidInput(std::string(name) + ": out needs one slot per row");
    for (std::size_t r = 0; r < n; ++r) {
      out[r] = predict_proba_true({data.subspan(r * n_cols, n_cols)});
    }
  }

  /// Predicted class of each row (River's `predict_many`: p(1) > 0.5).
  void predict_many(std::span<const double> data, std::size_t n_cols,
                    std::span<ClassId> out) const {
    const std::size_t n = detail::block_rows(data, n_cols, name);
    if (out.size() != n) throw InvalidInput(std::string(name) + ": out needs one slot per row");
    for (std::size_t r = 0; r < n; ++r) out[r] = predict_one({data.subspan(r * n_cols, n_cols)});
  }

  /// Current intercept.
  double intercept() const { return glm_.intercept(); }
  /// Weight of feature `id` (0 if it has none).
  double weight(FeatureId id) const { return glm_.weight(id); }
  /// Whether feature `id` has a weight (River: `id in model.weights`).
  bool has_weight(FeatureId id) const { return glm_.has_weight(id); }
  /// The optimizer in its current state.
  const Optimizer& optimizer() const { return glm_.optimizer(); }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Cereal serialisation of parameters and state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("LogisticRegression: checkpoint from a newer version");
    }
    ar(params_, glm_);
  }

  /// Whole-state equality (not the scratch buffer).
  friend bool operator==(const LogisticRegressionT& a, const LogisticRegressionT& b) {
    return a.params_ == b.params_ && a.glm_ == b.glm_;
  }

 private:
  static const Params& validated(const Params& p) {
    p.validate();
    return p;
  }

  Params params_;
  GLM<Optimizer, Loss> glm_;
  std::vector<double> targets_;  // scratch for learn_many
};

/// River's `LogisticRegression` with its defaults (SGD, Log).
using LogisticRegression = LogisticRegressionT<>;

}  // namespace streamwise::linear_model

CEREAL_CLASS_VERSION(streamwise::linear_model::LogisticRegression,
                     streamwise::linear_model::LogisticRegression::class_version)
