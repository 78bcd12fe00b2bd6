#pragma once
/// @file
/// The generalised linear model core shared by `LinearRegression`, `LogisticRegression` and
/// `Perceptron` (River's `linear_model.base.GLM`).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/sample.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/optim/any_initializer.hpp"
#include "streamwise/optim/any_scheduler.hpp"
#include "streamwise/optim/detail/optimizer_support.hpp"
#include "streamwise/optim/schedulers/constant.hpp"

namespace streamwise::linear_model {

/// Hyper-parameters of a GLM, River's names and defaults (the loss default is chosen by the
/// model). Models derive their own `Params` from it and add `validate()`.
template <class Optimizer, class Loss>
struct GLMParams {
  /// Optimizer of the weights (the intercept has its own learning rate).
  Optimizer optimizer{};
  /// Loss to minimise.
  Loss loss{};
  /// L2 penalty (cannot be combined with `l1`).
  double l2 = 0.0;
  /// L1 penalty, applied with the cumulative-penalty scheme of Tsuruoka et al. (2009).
  double l1 = 0.0;
  /// Initial intercept.
  double intercept_init = 0.0;
  /// Learning-rate schedule of the intercept (a number means `Constant`); 0 freezes it.
  optim::AnyScheduler intercept_lr = optim::schedulers::Constant(0.01);
  /// Bound on the absolute value of the loss gradient.
  double clip_gradient = 1e12;
  /// Initial value of a weight created for a new feature.
  optim::AnyInitializer initializer{};

  /// Lists the fields for repr, specs and the factory.
  template <class V>
  void visit(V&& v) {
    v("optimizer", optimizer);
    v("loss", loss);
    v("l2", l2);
    v("l1", l1);
    v("intercept_init", intercept_init);
    v("intercept_lr", intercept_lr);
    v("clip_gradient", clip_gradient);
    v("initializer", initializer);
  }

  /// Checks the scalar fields, naming `model` in the message (`"LinearRegression: l2 must be
  /// finite and >= 0"`). River raises `NotImplementedError` for l1 and l2 together.
  void validate_as(std::string_view model) const {
    const std::string m(model);
    if (!(std::isfinite(l2) && l2 >= 0.0)) throw invalid_parameter(m, "l2", "finite and >= 0");
    if (!(std::isfinite(l1) && l1 >= 0.0)) throw invalid_parameter(m, "l1", "finite and >= 0");
    if (l1 != 0.0 && l2 != 0.0) throw invalid_parameter(m, "l1", "0 when l2 is not 0");
    if (!std::isfinite(intercept_init)) throw invalid_parameter(m, "intercept_init", "finite");
    if (!(clip_gradient > 0.0)) {
      throw invalid_parameter(m, "clip_gradient", "> 0");
    }
  }

  /// Field-wise equality.
  friend bool operator==(const GLMParams&, const GLMParams&) = default;

  /// Cereal serialisation of the configuration.
  template <class Archive>
  void serialize(Archive& ar) {
    ar(optimizer, loss, l2, l1, intercept_init, intercept_lr, clip_gradient, initializer);
  }
};

/// River's GLM update over per-feature weights indexed by feature id.
///
/// One `learn` does, as River's `GLM._fit` with its masked weights: create (from the
/// initializer, in increasing id order) the weights of the present features not seen before,
/// `optimizer.look_ahead`, the loss gradient at the raw prediction times the sample weight,
/// clipped to ±clip_gradient, the per-feature gradient `x_j g (+ l2 w_j)` over the present
/// features only, the intercept step `intercept_lr(t) g` (t = optimizer steps so far), the
/// optimizer step, and with `l1` the cumulative penalty on the present features.
///
/// Models own one and add their names, checks and prediction rules:
/// ```cpp
/// GLM<optim::SGD, optim::losses::Squared> glm(params);
/// glm.learn(x, 3.0, 1.0);
/// glm.raw_dot(x);  // w·x + intercept
/// ```
template <class Optimizer, class Loss>
class GLM {
 public:
  static constexpr std::uint32_t class_version = 1;

  /// Default parameters.
  GLM() : GLM(GLMParams<Optimizer, Loss>{}) {}
  /// Working copies of the parameters' parts (the configuration itself is kept by the model).
  explicit GLM(const GLMParams<Optimizer, Loss>& p)
      : optimizer_(p.optimizer),
        loss_(p.loss),
        initializer_(p.initializer),
        intercept_lr_(p.intercept_lr),
        l2_(p.l2),
        l1_(p.l1),
        clip_gradient_(p.clip_gradient),
        intercept_(p.intercept_init) {}

  /// `w·x + intercept` over the present features that have a weight.
  double raw_dot(DenseView x) const { return raw_dot(x, false); }

  /// `raw_dot(x)` for a caller that already knows whether every feature of `x` is present
  /// (`all_present`, e.g. from `detail::check_features`): a dense `x` skips the NaN selects.
  /// Same arithmetic.
  double raw_dot(DenseView x, bool all_present) const {
    if (all_present && x.values.size() <= weights_.size()) [[likely]] {
      const double* xv = x.values.data();
      const double* wv = weights_.data();
      double dot = 0.0;
      for (std::size_t i = 0; i < x.values.size(); ++i) dot += wv[i] * xv[i];
      return dot + intercept_;
    }
    const std::size_t n = std::min(x.values.size(), weights_.size());
    double dot = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = x.values[i];
      dot += is_missing(v) ? 0.0 : weights_[i] * v;  // select, not branch: sparse rows
    }
    return dot + intercept_;
  }

  /// One update on sample `x` (NaN = absent; already checked finite), target `y` (as the loss
  /// takes it) and weight `w`.
  void learn(DenseView x, double y, double w) { learn(x, y, w, all_present(x)); }

  /// `learn(x, y, w)` for a caller that already knows whether every feature of `x` is present
  /// (`all_present`, e.g. from `detail::check_features`).
  void learn(DenseView x, double y, double w, bool all_present) {
    const std::size_t n = x.values.size();
    // Every id below known_prefix_ has a weight: a sample with every feature present and no
    // new feature takes the dense path (no present-ids scan, no creation pass).
    if (all_present && n <= known_prefix_) [[likely]] {
      learn_dense(x, y, w);
      return;
    }
    // Present ids into the reused buffer (no push_back bookkeeping on the hot path).
    if (ids_.size() < n) {
      ids_.resize(n);
      grow_iota(n);  // ready for the dense path: no allocation there once warm
    }
    std::size_t n_present = 0;
    for (std::size_t i = 0; i < n; ++i) {
      ids_[n_present] = static_cast<FeatureId>(i);
      n_present += is_missing(x.values[i]) ? 0 : 1;
    }
    const std::span<const FeatureId> ids(ids_.data(), n_present);
    learn_present(
        ids, [&x, ids](std::size_t k) { return x.values[ids[k]]; }, y, w);
  }

  /// `w·x + intercept` over the features of a sparse sample (ids without a weight count 0).
  double raw_dot(SparseView x) const {
    const std::size_t n_weights = weights_.size();
    double dot = 0.0;
    for (std::size_t k = 0; k < x.ids.size(); ++k) {
      const FeatureId id = x.ids[k];
      if (id < n_weights) dot += weights_[id] * x.values[k];
    }
    return dot + intercept_;
  }

  /// One update on a sparse sample (ids strictly increasing, values finite: the caller checks,
  /// e.g. with `detail::check_sparse`). Same rule as the dense form over the present features,
  /// so a hashed text sample touches only its own weights.
  void learn(SparseView x, double y, double w) {
    learn_present(
        x.ids, [&x](std::size_t k) { return x.values[k]; }, y, w);
  }

 private:
  // The update over the present features `ids` (increasing), whose `k`-th value is
  // `value(k)`: new features get their initial weight, then one optimizer step (River's rule).
  template <class ValueAt>
  void learn_present(std::span<const FeatureId> ids, ValueAt value, double y, double w) {
    if (!ids.empty() && ids.back() >= known_prefix_) enter(ids);
    optimizer_.look_ahead(weights_, ids);
    double dot = 0.0;
    for (std::size_t k = 0; k < ids.size(); ++k) dot += weights_[ids[k]] * value(k);
    const double g = clipped_gradient(y, dot + intercept_, w);
    grad_.resize(ids.size());
    for (std::size_t k = 0; k < ids.size(); ++k) grad_[k] = value(k) * g;
    if (l2_ != 0.0) {
      for (std::size_t k = 0; k < ids.size(); ++k) grad_[k] += l2_ * weights_[ids[k]];
    }
    intercept_ -= intercept_lr_.get(optimizer_.n_iterations()) * g;
    if constexpr (requires {
                    optimizer_.step_unchecked(weights_, ids, std::span<const double>(grad_));
                  }) {
      // Ids are in range by construction; a gradient can still overflow (huge x): the checked
      // step then throws exactly as before.
      if (optim::detail::all_finite(grad_)) [[likely]] {
        optimizer_.step_unchecked(weights_, ids, grad_);
      } else {
        optimizer_.step(weights_, ids, grad_);
      }
    } else {
      optimizer_.step(weights_, ids, grad_);
    }
    apply_l1(ids);
  }

 public:
  /// River's mini-batch step on a row-major block (`n_cols` features, all present and
  /// finite): one step on the mean gradient of the rows. `w` is empty (weight 1) or one weight
  /// per row.
  void learn_many(std::span<const double> data, std::size_t n_cols, std::span<const double> y,
                  std::span<const double> w) {
    const std::size_t n_rows = y.size();
    ids_.resize(n_cols);
    grow_iota(n_cols);
    for (std::size_t j = 0; j < n_cols; ++j) ids_[j] = static_cast<FeatureId>(j);
    const std::span<const FeatureId> ids(ids_.data(), n_cols);
    enter(ids);
    optimizer_.look_ahead(weights_, ids);
    grad_.assign(n_cols, 0.0);
    double g_sum = 0.0;
    for (std::size_t r = 0; r < n_rows; ++r) {
      const double* row = data.data() + r * n_cols;
      double dot = 0.0;
      for (std::size_t j = 0; j < n_cols; ++j) dot += row[j] * weights_[j];
      double g = loss_.gradient(y[r], dot + intercept_) * (w.empty() ? 1.0 : w[r]);
      g = std::max(std::min(g, clip_gradient_), -clip_gradient_);
      g_sum += g;
      for (std::size_t j = 0; j < n_cols; ++j) grad_[j] += row[j] * g;
    }
    const double n = static_cast<double>(n_rows);
    for (std::size_t j = 0; j < n_cols; ++j) {
      grad_[j] /= n;
      if (l2_ != 0.0) grad_[j] += l2_ * weights_[j];
    }
    intercept_ -= intercept_lr_.get(optimizer_.n_iterations()) * (g_sum / n);
    optimizer_.step(weights_, ids, grad_);
    apply_l1(ids);
  }

  /// The loss (for `mean_func`).
  const Loss& loss() const { return loss_; }
  /// The optimizer in its current state.
  const Optimizer& optimizer() const { return optimizer_; }
  /// Current intercept.
  double intercept() const { return intercept_; }
  /// Weight of feature `id` (0 when it has none yet).
  double weight(FeatureId id) const { return has_weight(id) ? weights_[id] : 0.0; }
  /// Whether feature `id` has a weight (was present in a learned sample).
  bool has_weight(FeatureId id) const { return id < known_.size() && known_[id] != 0; }
  /// Weights by feature id (0 for ids without a weight).
  std::span<const double> weights() const { return weights_; }

  /// Cereal serialisation of the whole state (not the scratch buffers); sizes are checked on
  /// load.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("GLM: checkpoint from a newer version");
    ar(optimizer_, loss_, initializer_, intercept_lr_, l2_, l1_, clip_gradient_, intercept_,
       weights_, known_, cum_l1_, max_cum_l1_);
    if constexpr (Archive::is_loading::value) {
      if (known_.size() != weights_.size() || cum_l1_.size() != weights_.size()) {
        throw CheckpointError("GLM: corrupt checkpoint (weight vector sizes)");
      }
      known_prefix_ = 0;
      while (known_prefix_ < known_.size() && known_[known_prefix_] != 0) ++known_prefix_;
    }
  }

  /// Whole-state equality (not the scratch buffers).
  friend bool operator==(const GLM& a, const GLM& b) {
    return a.optimizer_ == b.optimizer_ && a.loss_ == b.loss_ && a.initializer_ == b.initializer_ &&
           a.intercept_lr_ == b.intercept_lr_ && a.l2_ == b.l2_ && a.l1_ == b.l1_ &&
           a.clip_gradient_ == b.clip_gradient_ && a.intercept_ == b.intercept_ &&
           a.weights_ == b.weights_ && a.known_ == b.known_ && a.cum_l1_ == b.cum_l1_ &&
           a.max_cum_l1_ == b.max_cum_l1_;
  }

 private:
  // Grows the per-feature vectors and creates the weights of new present features.
  void enter(std::span<const FeatureId> ids) {
    if (!ids.empty() && ids.back() >= weights_.size()) {
      const std::size_t n = static_cast<std::size_t>(ids.back()) + 1;
      weights_.resize(n, 0.0);
      known_.resize(n, 0);
      cum_l1_.resize(n, 0.0);
    }
    for (const FeatureId id : ids) {
      if (known_[id] == 0) {
        weights_[id] = initializer_.next();
        known_[id] = 1;
      }
    }
    while (known_prefix_ < known_.size() && known_[known_prefix_] != 0) ++known_prefix_;
  }

  // Whether every value of `x` (already checked: no infinity) is present.
  static bool all_present(DenseView x) { return all_finite_values(x.values); }

  // The loss gradient at `y_pred` times the sample weight, clipped to ±clip_gradient.
  double clipped_gradient(double y, double y_pred, double w) const {
    const double g = loss_.gradient(y, y_pred) * w;
    return std::max(std::min(g, clip_gradient_), -clip_gradient_);
  }

  // `learn` when every feature of `x` is present and has a weight: ids are 0 .. n - 1, the
  // loops run over contiguous memory, and an optimizer with unchecked steps skips the checks
  // (ids are in range by construction; gradients are checked here, vectorised). Same
  // arithmetic, in the same order, as the general path.
  void learn_dense(DenseView x, double y, double w) {
    const std::size_t n = x.values.size();
    const double* xv = x.values.data();
    grow_iota(n);  // allocates only right after a checkpoint load
    const std::span<const FeatureId> ids(iota_.data(), n);
    optimizer_.look_ahead(weights_, ids);
    double* wv = weights_.data();
    double dot = 0.0;
    for (std::size_t i = 0; i < n; ++i) dot += wv[i] * xv[i];
    const double g = clipped_gradient(y, dot + intercept_, w);
    if (grad_.size() != n) grad_.resize(n);
    double* gv = grad_.data();
    if (l2_ == 0.0) {
      for (std::size_t i = 0; i < n; ++i) gv[i] = xv[i] * g;
    } else {
      for (std::size_t i = 0; i < n; ++i) gv[i] = xv[i] * g + l2_ * wv[i];
    }
    intercept_ -= intercept_lr_.get(optimizer_.n_iterations()) * g;
    const std::span<const double> grad(gv, n);
    if constexpr (requires { optimizer_.step_dense_unchecked(weights_, grad); }) {
      if (optim::detail::all_finite(grad)) [[likely]] {
        optimizer_.step_dense_unchecked(weights_, grad);
      } else {
        optimizer_.step(weights_, ids, grad);  // throws the checked step's message
      }
    } else if constexpr (requires { optimizer_.step_unchecked(weights_, ids, grad); }) {
      if (optim::detail::all_finite(grad)) [[likely]] {
        optimizer_.step_unchecked(weights_, ids, grad);
      } else {
        optimizer_.step(weights_, ids, grad);
      }
    } else {
      optimizer_.step(weights_, ids, grad);
    }
    apply_l1(ids);
  }

  // Extends the scratch list 0, 1, 2, ... to at least `n` ids.
  void grow_iota(std::size_t n) {
    if (iota_.size() >= n) return;
    const std::size_t old = iota_.size();
    iota_.resize(n);
    for (std::size_t i = old; i < n; ++i) iota_[i] = static_cast<FeatureId>(i);
  }

  // Tsuruoka's cumulative L1 penalty, as River: after the step, with the optimizer's current
  // learning rate.
  void apply_l1(std::span<const FeatureId> ids) {
    if (l1_ == 0.0) return;
    max_cum_l1_ = max_cum_l1_ + l1_ * optimizer_.learning_rate();
    for (const FeatureId j : ids) {
      const double before = weights_[j];
      if (before > 0.0) {
        weights_[j] = std::max(0.0, before - (max_cum_l1_ + cum_l1_[j]));
      } else if (before < 0.0) {
        weights_[j] = std::min(0.0, before + (max_cum_l1_ - cum_l1_[j]));
      }
      cum_l1_[j] = cum_l1_[j] + (weights_[j] - before);
    }
  }

  Optimizer optimizer_;
  Loss loss_;
  optim::AnyInitializer initializer_;
  optim::AnyScheduler intercept_lr_;
  double l2_ = 0.0;
  double l1_ = 0.0;
  double clip_gradient_ = 1e12;
  double intercept_ = 0.0;
  std::vector<double> weights_;
  std::vector<std::uint8_t> known_;  // 1 once the feature has a weight (River's dict key)
  std::vector<double> cum_l1_;
  double max_cum_l1_ = 0.0;
  std::size_t known_prefix_ = 0;  // derived from known_: ids below it all have a weight
  std::vector<FeatureId> ids_;    // scratch
  std::vector<double> grad_;      // scratch
  std::vector<FeatureId> iota_;   // scratch: 0, 1, 2, ... (ids of a dense sample)
};

namespace detail {

/// Throws `InvalidInput` naming the first infinite feature of `x` (the cold path of
/// `check_features`).
[[gnu::cold, gnu::noinline]] inline void throw_infinite_feature(DenseView x,
                                                                std::string_view model) {
  for (std::size_t i = 0; i < x.values.size(); ++i) {
    if (std::isinf(x.values[i])) require_finite(x.values[i], model, "x[" + std::to_string(i) + "]");
  }
}

/// Throws `InvalidInput` (naming the feature) for an infinite value in `x`; NaN means absent.
/// Returns whether every feature is present (the dense fast path). A dense sample is accepted
/// by one short branch-free scan; the message is built only on failure.
inline bool check_features(DenseView x, std::string_view model) {
  if (all_finite_values(x.values)) [[likely]]
    return true;
  if (any_infinite(x.values)) [[unlikely]]
    throw_infinite_feature(x, model);
  return false;
}

/// Checks a sparse sample for a linear model: as many values as ids, ids strictly increasing,
/// every value finite (an absent feature is left out of a sparse sample, so NaN is an error
/// here). Throws `InvalidInput` naming the problem.
inline void check_sparse(SparseView x, std::string_view model) {
  require_sparse_lengths(x.ids.size(), x.values.size(), model);
  for (std::size_t k = 0; k < x.ids.size(); ++k) {
    if (k > 0 && x.ids[k] <= x.ids[k - 1]) {
      throw InvalidInput(std::string(model) +
                         ": sparse sample ids must be strictly increasing (id " +
                         std::to_string(x.ids[k]) + " after " + std::to_string(x.ids[k - 1]) + ")");
    }
    if (!std::isfinite(x.values[k])) [[unlikely]]
      require_finite(x.values[k], model, "x[" + std::to_string(x.ids[k]) + "]");
  }
}

/// Throws `InvalidInput` unless `y` is 0 or 1.
inline void require_binary(std::uint32_t y, std::string_view model) {
  if (y > 1) {
    throw InvalidInput(std::string(model) + ": binary model takes class 0 or 1, got " +
                       std::to_string(y));
  }
}

/// Throws `InvalidInput` unless `out` has room for `n` probabilities; zeroes the extra slots.
inline void require_proba_room(std::span<double> out, std::size_t n, std::string_view model) {
  if (out.size() < n) {
    throw InvalidInput(std::string(model) + ": predict_proba_one needs " + std::to_string(n) +
                       " output slots, got " + std::to_string(out.size()));
  }
  for (std::size_t c = n; c < out.size(); ++c) out[c] = 0.0;
}

/// Checks a row-major block: `data.size() == n_rows * n_cols`.
inline std::size_t block_rows(std::span<const double> data, std::size_t n_cols,
                              std::string_view model) {
  if (n_cols == 0 ? !data.empty() : data.size() % n_cols != 0) {
    throw InvalidInput(std::string(model) + ": data size " + std::to_string(data.size()) +
                       " is not a multiple of n_cols " + std::to_string(n_cols));
  }
  return n_cols == 0 ? 0 : data.size() / n_cols;
}

}  // namespace detail

}  // namespace streamwise::linear_model
