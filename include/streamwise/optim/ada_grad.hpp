#pragma once
/// @file
/// AdaGrad, River's `optim.AdaGrad`.

#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/optim/any_scheduler.hpp"
#include "streamwise/optim/detail/optimizer_support.hpp"
#include "streamwise/optim/schedulers/constant.hpp"

namespace streamwise::optim {

/// AdaGrad (Duchi et al., 2011): each feature's step is scaled by the inverse square root of its
/// accumulated squared gradients, `g2[i] += g^2`, `w[i] -= lr / sqrt(g2[i] + eps) * g`.
///
/// ```cpp
/// streamwise::optim::AdaGrad opt;          // lr 0.1, eps 1e-8
/// std::vector<double> w(1, 0.0);
/// const streamwise::FeatureId ids[] = {0};
/// const double g[] = {2.0};
/// opt.step(w, ids, g);                     // w[0] is close to -0.1
/// ```
class AdaGrad {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Learning rate schedule (a plain number in River means `Constant(number)`).
    AnyScheduler lr = schedulers::Constant(0.1);
    /// Added to the accumulated squares, finite and > 0.
    double eps = 1e-8;

    template <class V>
    void visit(V&& v) {
      v("lr", lr);
      v("eps", eps);
    }

    /// Throws `std::invalid_argument("AdaGrad: eps must be finite and > 0")`.
    void validate() const {
      if (!detail::positive(eps)) throw invalid_parameter("AdaGrad", "eps", "finite and > 0");
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(lr, eps);
    }
  };

  static constexpr std::string_view name = "AdaGrad";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults.
  AdaGrad() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit AdaGrad(const Params& params) : params_(params) { params_.validate(); }
  /// Shorthand for a constant learning rate, as River's `AdaGrad(0.5)`.
  explicit AdaGrad(double lr) : AdaGrad(Params{.lr = schedulers::Constant(lr)}) {}

  /// No-op (AdaGrad needs nothing before a prediction).
  void look_ahead(std::vector<double>& /*w*/, std::span<const FeatureId> /*ids*/) {}

  /// Updates `w[ids[k]]` from `g[k]`. Throws `InvalidInput` (nothing changed) when the spans
  /// differ in length, an id is outside `w` or a gradient is not finite.
  void step(std::vector<double>& w, std::span<const FeatureId> ids, std::span<const double> g) {
    detail::check_step(name, w.size(), ids, g);
    detail::grow(g2_, w.size());
    const double lr = learning_rate();
    for (std::size_t k = 0; k < ids.size(); ++k) {
      const FeatureId i = ids[k];
      g2_[i] += std::pow(g[k], 2.0);
      w[i] -= lr / std::pow(g2_[i] + params_.eps, 0.5) * g[k];
    }
    ++n_iterations_;
  }

  /// The learning rate the next step will use: `lr.get(n_iterations())`.
  double learning_rate() const { return params_.lr.get(n_iterations_); }
  /// Number of `step` calls so far.
  std::uint64_t n_iterations() const { return n_iterations_; }
  /// Hyper-parameters.
  const Params& params() const { return params_; }
  /// Accumulated squared gradients by feature id (River's `g2`).
  const std::vector<double>& g2() const { return g2_; }

  /// cereal hook: parameters, step count and accumulators.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("AdaGrad: checkpoint from a newer version");
    ar(params_, n_iterations_, g2_);
  }

  friend bool operator==(const AdaGrad&, const AdaGrad&) = default;

 private:
  Params params_{};
  std::uint64_t n_iterations_ = 0;
  std::vector<double> g2_;
};

}  // namespace streamwise::optim

CEREAL_CLASS_VERSION(streamwise::optim::AdaGrad, streamwise::optim::AdaGrad::class_version)
