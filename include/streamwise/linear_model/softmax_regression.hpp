#pragma once
/// @file
/// Multinomial logistic regression, River's `linear_model.SoftmaxRegression`.

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
#include "streamwise/core/sample.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/linear_model/glm.hpp"
#include "streamwise/optim/any_optimizer.hpp"
#include "streamwise/optim/losses/cross_entropy.hpp"
#include "streamwise/optim/sgd.hpp"

namespace streamwise::linear_model {

/// Softmax (multinomial logistic) regression: one weight vector per class, probabilities the
/// softmax of the scores `w_c·x` (no intercept, as River), trained on the cross-entropy
/// gradient. Each class has its own copy of the optimizer, made from `optimizer` when the class
/// is first seen; classes grow as new ids arrive. A class never seen gets no probability (0).
///
/// River has no sample weight here: `w` is validated and `w = 0` skips the sample; any
/// positive weight learns it once.
///
/// ```cpp
/// streamwise::linear_model::SoftmaxRegression model;
/// const double x[] = {1.0, -0.5};
/// model.learn_one({x}, 2);
/// std::vector<double> proba(model.n_classes());
/// model.predict_proba_one({x}, proba);
/// ```
template <class Optimizer = optim::SGD>
class SoftmaxRegressionT {
 public:
  static constexpr std::string_view name = "SoftmaxRegression";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are not numbers: one-hot encode them first.
  static constexpr bool accepts_nominal = false;

  /// Hyper-parameters, River's names and defaults (SGD(0.01), CrossEntropy, l2 = 0).
  struct Params {
    Optimizer optimizer{};               ///< Prototype of each class's optimizer.
    optim::losses::CrossEntropy loss{};  ///< Multiclass loss.
    double l2 = 0.0;                     ///< L2 penalty (finite, >= 0).

    /// Lists the fields for repr, specs and the factory.
    template <class V>
    void visit(V&& v) {
      v("optimizer", optimizer);
      v("loss", loss);
      v("l2", l2);
    }
    /// Throws `std::invalid_argument("SoftmaxRegression: l2 must be finite and >= 0")`.
    void validate() const {
      if (!(std::isfinite(l2) && l2 >= 0.0)) {
        throw invalid_parameter(std::string(name), "l2", "finite and >= 0");
      }
    }
    /// Field-wise equality.
    friend bool operator==(const Params&, const Params&) = default;
    /// Cereal serialisation.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(optimizer, loss, l2);
    }
  };

  /// River's defaults.
  SoftmaxRegressionT() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit SoftmaxRegressionT(const Params& params) : params_(params) { params_.validate(); }

  /// One step on `x` (NaN = absent) with class `y`. Throws `InvalidInput`, model unchanged,
  /// for an infinite feature or a bad weight.
  void learn_one(DenseView x, ClassId y, double w = 1.0) {
    detail::check_features(x, name);
    require_weight(w, name);
    if (w == 0.0) return;
    if (y >= classes_.size()) classes_.resize(static_cast<std::size_t>(y) + 1);
    for (auto& c : classes_) {
      if (!c.seen) continue;
      all_ids_.resize(c.weights.size());
      for (std::size_t i = 0; i < all_ids_.size(); ++i) all_ids_[i] = static_cast<FeatureId>(i);
      c.optimizer.look_ahead(c.weights, all_ids_);
    }
    const std::size_t n = classes_.size();
    proba_.resize(n);
    probabilities(x, proba_);
    loss_gradient_.resize(n);
    params_.loss.gradient(y, proba_, loss_gradient_);
    if (!classes_[y].seen) {
      classes_[y].seen = true;
      classes_[y].optimizer = params_.optimizer;
    }
    const std::span<const FeatureId> ids = present_ids(x, ids_);
    grad_.resize(ids.size());
    for (std::size_t c = 0; c < n; ++c) {
      auto& cls = classes_[c];
      if (!cls.seen) continue;
      const double lg = loss_gradient_[c];
      for (std::size_t k = 0; k < ids.size(); ++k) {
        const FeatureId id = ids[k];
        const double wi = id < cls.weights.size() ? cls.weights[id] : 0.0;
        grad_[k] = x.values[id] * lg + params_.l2 * wi;
      }
      if (!ids.empty() && ids.back() >= cls.weights.size()) {
        cls.weights.resize(static_cast<std::size_t>(ids.back()) + 1, 0.0);
      }
      cls.optimizer.step(cls.weights, ids, grad_);
    }
  }

  /// Softmax of the class scores into `out[0, n_classes())` (0 for a class never seen; nothing
  /// before any learning), extra slots 0. Throws `InvalidInput` if `out` is too small.
  void predict_proba_one(DenseView x, std::span<double> out) const {
    detail::require_proba_room(out, classes_.size(), name);
    detail::check_features(x, name);
    probabilities(x, out.first(classes_.size()));
  }

  /// The most probable class, lowest id on ties; 0 before any learning (River: None).
  ClassId predict_one(DenseView x) const {
    detail::check_features(x, name);
    ClassId best = 0;
    double best_score = 0.0;
    bool any = false;
    // The softmax is monotone: the best score is the best probability.
    for (std::size_t c = 0; c < classes_.size(); ++c) {
      if (!classes_[c].seen) continue;
      const double s = score(classes_[c], x);
      if (!any || s > best_score) {
        best = static_cast<ClassId>(c);
        best_score = s;
        any = true;
      }
    }
    return best;
  }

  /// One more than the largest class id seen (0 before any learning).
  std::size_t n_classes() const { return classes_.size(); }

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

  /// Weight of feature `id` for class `c` (0 if none).
  double weight(ClassId c, FeatureId id) const {
    if (c >= classes_.size() || id >= classes_[c].weights.size()) return 0.0;
    return classes_[c].weights[id];
  }
  /// Whether class `c` has been seen.
  bool has_class(ClassId c) const { return c < classes_.size() && classes_[c].seen; }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Cereal serialisation of parameters and state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("SoftmaxRegression: checkpoint from a newer version");
    }
    ar(params_, classes_);
  }

  /// Whole-state equality (not the scratch buffers).
  friend bool operator==(const SoftmaxRegressionT& a, const SoftmaxRegressionT& b) {
    return a.params_ == b.params_ && a.classes_ == b.classes_;
  }

 private:
  struct ClassState {
    bool seen = false;
    std::vector<double> weights;
    Optimizer optimizer{};
    template <class Archive>
    void serialize(Archive& ar) {
      ar(seen, weights, optimizer);
    }
    friend bool operator==(const ClassState&, const ClassState&) = default;
  };

  static double score(const ClassState& c, DenseView x) {
    const std::size_t n = std::min(x.values.size(), c.weights.size());
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!is_missing(x.values[i])) s += c.weights[i] * x.values[i];
    }
    return s;
  }

  // River's utils.math.softmax over the seen classes (max-shifted); unseen classes get 0.
  void probabilities(DenseView x, std::span<double> out) const {
    double maximum = 0.0;
    bool any = false;
    for (std::size_t c = 0; c < classes_.size(); ++c) {
      out[c] = 0.0;
      if (!classes_[c].seen) continue;
      out[c] = score(classes_[c], x);
      if (!any || out[c] > maximum) maximum = out[c];
      any = true;
    }
    if (!any) return;
    double total = 0.0;
    for (std::size_t c = 0; c < classes_.size(); ++c) {
      if (!classes_[c].seen) continue;
      out[c] = std::exp(out[c] - maximum);
      total += out[c];
    }
    for (std::size_t c = 0; c < classes_.size(); ++c) {
      if (classes_[c].seen) out[c] /= total;
    }
  }

  Params params_{};
  std::vector<ClassState> classes_;
  // Scratch buffers (not state).
  std::vector<FeatureId> ids_;
  std::vector<FeatureId> all_ids_;
  std::vector<double> grad_;
  std::vector<double> proba_;
  std::vector<double> loss_gradient_;
};

/// River's `SoftmaxRegression` with its default optimizer (SGD).
using SoftmaxRegression = SoftmaxRegressionT<>;

}  // namespace streamwise::linear_model

CEREAL_CLASS_VERSION(streamwise::linear_model::SoftmaxRegression,
                     streamwise::linear_model::SoftmaxRegression::class_version)
