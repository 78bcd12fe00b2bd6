#pragma once
/// @file
/// The perceptron, River's `linear_model.Perceptron`.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/linear_model/glm.hpp"
#include "streamwise/optim/any_initializer.hpp"
#include "streamwise/optim/losses/hinge.hpp"
#include "streamwise/optim/sgd.hpp"

namespace streamwise::linear_model {

/// Rosenblatt's perceptron seen as a logistic regression with the Hinge loss at threshold 0 and
/// a learning rate of 1 for the weights and the intercept (River's formulation): a wrong (or
/// zero-margin) prediction moves the weights by `±x` and the intercept by `±1`.
/// `predict_proba_one` is the sigmoid of the raw score, as River. Class 1 is River's `True`.
///
/// ```cpp
/// streamwise::linear_model::Perceptron model;
/// const double x[] = {1.0, -0.5};
/// model.learn_one({x}, 1);
/// model.predict_one({x});  // 1
/// ```
class Perceptron {
 public:
  static constexpr std::string_view name = "Perceptron";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are not numbers: one-hot encode them first.
  static constexpr bool accepts_nominal = false;

  /// Hyper-parameters, River's names and defaults.
  struct Params {
    double l2 = 0.0;                      ///< L2 penalty (finite, >= 0).
    double clip_gradient = 1e12;          ///< Bound on the loss gradient (> 0).
    optim::AnyInitializer initializer{};  ///< Initial value of new weights (Zeros).

    /// Lists the fields for repr, specs and the factory.
    template <class V>
    void visit(V&& v) {
      v("l2", l2);
      v("clip_gradient", clip_gradient);
      v("initializer", initializer);
    }
    /// Throws `std::invalid_argument("Perceptron: <param> must be ...")`.
    void validate() const { glm_params(*this).validate_as(name); }
    /// Field-wise equality.
    friend bool operator==(const Params&, const Params&) = default;
    /// Cereal serialisation.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(l2, clip_gradient, initializer);
    }
  };

  /// River's defaults.
  Perceptron() : Perceptron(Params{}) {}
  /// Validates `params` (throws `std::invalid_argument`).
  explicit Perceptron(const Params& params) : params_(params), glm_(checked(params)) {}

  /// One perceptron update on `x` (NaN = absent) with class `y` (0 or 1). Throws
  /// `InvalidInput`, model unchanged, for an infinite feature, another class id or a bad weight.
  void learn_one(DenseView x, ClassId y, double w = 1.0) {
    detail::check_features(x, name);
    detail::require_binary(y, name);
    require_weight(w, name);
    glm_.learn(x, static_cast<double>(y), w);
  }

  /// Sigmoid of the raw score (0.5 before any learning).
  double predict_proba_true(DenseView x) const {
    detail::check_features(x, name);
    return glm_.loss().mean_func(glm_.raw_dot(x));
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
  double intercept() const { return glm_.intercept(); }
  /// Weight of feature `id` (0 if it has none).
  double weight(FeatureId id) const { return glm_.weight(id); }
  /// Whether feature `id` has a weight.
  bool has_weight(FeatureId id) const { return glm_.has_weight(id); }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Cereal serialisation of parameters and state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version)
      throw CheckpointError("Perceptron: checkpoint from a newer version");
    ar(params_, glm_);
  }

  /// Whole-state equality.
  friend bool operator==(const Perceptron&, const Perceptron&) = default;

 private:
  using Core = GLM<optim::SGD, optim::losses::Hinge>;

  static GLMParams<optim::SGD, optim::losses::Hinge> glm_params(const Params& p) {
    GLMParams<optim::SGD, optim::losses::Hinge> g;
    g.optimizer = optim::SGD(1.0);
    g.loss = optim::losses::Hinge(optim::losses::Hinge::Params{0.0});
    g.l2 = p.l2;
    g.intercept_lr = 1.0;
    g.clip_gradient = p.clip_gradient;
    g.initializer = p.initializer;
    return g;
  }
  static GLMParams<optim::SGD, optim::losses::Hinge> checked(const Params& p) {
    p.validate();
    return glm_params(p);
  }

  Params params_;
  Core glm_;
};

}  // namespace streamwise::linear_model

CEREAL_CLASS_VERSION(streamwise::linear_model::Perceptron,
                     streamwise::linear_model::Perceptron::class_version)
