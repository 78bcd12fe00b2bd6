#pragma once
/// @file
/// Linear regression trained by stochastic gradient descent, River's
/// `linear_model.LinearRegression`.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/linear_model/glm.hpp"
#include "streamwise/optim/any_loss.hpp"
#include "streamwise/optim/any_optimizer.hpp"
#include "streamwise/optim/losses/squared.hpp"
#include "streamwise/optim/sgd.hpp"

namespace streamwise::linear_model {

/// Online linear regression: `y = w·x + intercept`, one optimizer step per sample on the loss
/// gradient (River's GLM: separate intercept learning rate, L1 or L2 penalty, gradient
/// clipping, weights created on first sight of a feature). Any regression loss and optimizer
/// can be plugged in; `LinearRegression` is the default (SGD(0.01), Squared) and
/// `LinearRegressionT<optim::AnyOptimizer, optim::AnyLoss>` the run-time-configurable form.
///
/// ```cpp
/// streamwise::linear_model::LinearRegression model;
/// const double x[] = {1.0, 2.0};
/// model.learn_one({x}, 3.0);
/// model.predict_one({x});
/// ```
template <class Optimizer = optim::SGD, class Loss = optim::losses::Squared>
class LinearRegressionT {
 public:
  static constexpr std::string_view name = "LinearRegression";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are not numbers: one-hot encode them first.
  static constexpr bool accepts_nominal = false;

  /// Hyper-parameters (River's names and defaults: SGD(0.01), Squared, l2 = l1 = 0,
  /// intercept_init = 0, intercept_lr = 0.01, clip_gradient = 1e12, Zeros).
  struct Params : GLMParams<Optimizer, Loss> {
    /// Throws `std::invalid_argument("LinearRegression: <param> must be ...")`.
    void validate() const { this->validate_as(name); }
    /// Field-wise equality.
    friend bool operator==(const Params&, const Params&) = default;
  };

  /// River's defaults.
  LinearRegressionT() : LinearRegressionT(Params{}) {}
  /// Validates `params` (throws `std::invalid_argument`).
  explicit LinearRegressionT(const Params& params) : params_(validated(params)), glm_(params_) {}

  /// One gradient step on `x` (NaN = absent), target `y`, weight `w` (scales the loss
  /// gradient). Throws `InvalidInput`, model unchanged, for an infinite feature, a non-finite
  /// `y` or a bad weight.
  void learn_one(DenseView x, double y, double w = 1.0) {
    const bool dense = detail::check_features(x, name);
    require_finite(y, name, "y");
    require_weight(w, name);
    glm_.learn(x, y, w, dense);
  }

  /// `mean_func(w·x + intercept)` (0 before any learning). Features without a weight count 0.
  double predict_one(DenseView x) const {
    const bool dense = detail::check_features(x, name);
    return glm_.loss().mean_func(glm_.raw_dot(x, dense));
  }

  /// `learn_one` for a sparse sample (hashed or high-dimensional input, e.g. the output of
  /// `FeatureHasher`): only the present features' weights are read and updated. Throws
  /// `InvalidInput`, model unchanged, for unsorted ids, a non-finite value, `y` or weight.
  void learn_one(SparseView x, double y, double w = 1.0) {
    detail::check_sparse(x, name);
    require_finite(y, name, "y");
    require_weight(w, name);
    glm_.learn(x, y, w);
  }

  /// `predict_one` for a sparse sample.
  double predict_one(SparseView x) const {
    detail::check_sparse(x, name);
    return glm_.loss().mean_func(glm_.raw_dot(x));
  }

  /// River's `learn_many`: one step on the mean gradient of the rows of a row-major block of
  /// `n_cols` features (every feature present). `w` is empty (1) or one weight per row. Throws
  /// `InvalidInput`, model unchanged, for a non-finite value, a size mismatch or a bad weight.
  void learn_many(std::span<const double> data, std::size_t n_cols, std::span<const double> y,
                  std::span<const double> w = {}) {
    const std::size_t n = detail::block_rows(data, n_cols, name);
    if (y.size() != n || (!w.empty() && w.size() != n)) {
      throw InvalidInput(std::string(name) + ": learn_many needs one target (and weight) per row");
    }
    for (double v : data) require_finite(v, name, "x");
    for (double v : y) require_finite(v, name, "y");
    for (double v : w) require_weight(v, name);
    if (n == 0) return;
    glm_.learn_many(data, n_cols, y, w);
  }

  /// `predict_one` of each row of a row-major block into `out` (one per row; NaN = absent).
  void predict_many(std::span<const double> data, std::size_t n_cols, std::span<double> out) const {
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
      throw CheckpointError("LinearRegression: checkpoint from a newer version");
    }
    ar(params_, glm_);
  }

  /// Whole-state equality.
  friend bool operator==(const LinearRegressionT&, const LinearRegressionT&) = default;

 private:
  static const Params& validated(const Params& p) {
    p.validate();
    return p;
  }

  Params params_;
  GLM<Optimizer, Loss> glm_;
};

/// River's `LinearRegression` with its defaults (SGD, Squared).
using LinearRegression = LinearRegressionT<>;

}  // namespace streamwise::linear_model

CEREAL_CLASS_VERSION(streamwise::linear_model::LinearRegression,
                     streamwise::linear_model::LinearRegression::class_version)
