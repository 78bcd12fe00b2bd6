#pragma once
/// @file
/// AdaMax, River's `optim.AdaMax`.

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

/// AdaMax (Kingma & Ba, 2014): Adam with the second moment replaced by an exponentially weighted
/// infinity norm, `m = b1 m + (1 - b1) g`, `u = max(b2 u, |g|)`,
/// `w -= lr / (1 - b1^(t+1)) * m / (u + eps)`.
///
/// ```cpp
/// streamwise::optim::AdaMax opt;           // lr 0.1, beta_1 0.9, beta_2 0.999, eps 1e-8
/// std::vector<double> w(1, 0.0);
/// const streamwise::FeatureId ids[] = {0};
/// const double g[] = {3.0};
/// opt.step(w, ids, g);                     // w[0] is close to -0.1
/// ```
class AdaMax {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Learning rate schedule (a plain number in River means `Constant(number)`).
    AnyScheduler lr = schedulers::Constant(0.1);
    /// Decay of the first moment, in [0, 1).
    double beta_1 = 0.9;
    /// Decay of the infinity norm, in [0, 1].
    double beta_2 = 0.999;
    /// Added to the denominator, finite and > 0.
    double eps = 1e-8;

    template <class V>
    void visit(V&& v) {
      v("lr", lr);
      v("beta_1", beta_1);
      v("beta_2", beta_2);
      v("eps", eps);
    }

    /// Throws `std::invalid_argument("AdaMax: <param> must be ...")`.
    void validate() const {
      if (!detail::in_unit_open(beta_1)) throw invalid_parameter("AdaMax", "beta_1", "in [0, 1)");
      if (!detail::in_unit_closed(beta_2)) {
        throw invalid_parameter("AdaMax", "beta_2", "in [0, 1]");
      }
      if (!detail::positive(eps)) throw invalid_parameter("AdaMax", "eps", "finite and > 0");
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(lr, beta_1, beta_2, eps);
    }
  };

  static constexpr std::string_view name = "AdaMax";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults.
  AdaMax() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit AdaMax(const Params& params) : params_(params) { params_.validate(); }
  /// Shorthand for a constant learning rate and default betas, as River's `AdaMax(0.05)`.
  explicit AdaMax(double lr) : AdaMax(Params{.lr = schedulers::Constant(lr)}) {}

  /// No-op (AdaMax needs nothing before a prediction).
  void look_ahead(std::vector<double>& /*w*/, std::span<const FeatureId> /*ids*/) {}

  /// Updates `w[ids[k]]` from `g[k]`. Throws `InvalidInput` (nothing changed) when the spans
  /// differ in length, an id is outside `w` or a gradient is not finite.
  void step(std::vector<double>& w, std::span<const FeatureId> ids, std::span<const double> g) {
    detail::check_step(name, w.size(), ids, g);
    detail::grow(m_, w.size());
    detail::grow(u_, w.size());
    const double b1 = params_.beta_1;
    const double b2 = params_.beta_2;
    const double lr =
        learning_rate() / (1.0 - std::pow(b1, static_cast<double>(n_iterations_ + 1)));
    for (std::size_t k = 0; k < ids.size(); ++k) {
      const FeatureId i = ids[k];
      const double gi = g[k];
      m_[i] = b1 * m_[i] + (1.0 - b1) * gi;
      const double decayed = b2 * u_[i];
      const double magnitude = std::fabs(gi);
      u_[i] = magnitude > decayed ? magnitude : decayed;  // Python's max keeps the first on ties
      w[i] -= lr * m_[i] / (u_[i] + params_.eps);
    }
    ++n_iterations_;
  }

  /// The base learning rate of the next step, `lr.get(n_iterations())` (before bias correction).
  double learning_rate() const { return params_.lr.get(n_iterations_); }
  /// Number of `step` calls so far.
  std::uint64_t n_iterations() const { return n_iterations_; }
  /// Hyper-parameters.
  const Params& params() const { return params_; }
  /// First moments by feature id (River's `m`).
  const std::vector<double>& m() const { return m_; }
  /// Exponentially weighted infinity norms by feature id (River's `u`).
  const std::vector<double>& u() const { return u_; }

  /// cereal hook: parameters, step count and moments.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("AdaMax: checkpoint from a newer version");
    ar(params_, n_iterations_, m_, u_);
  }

  friend bool operator==(const AdaMax&, const AdaMax&) = default;

 private:
  Params params_{};
  std::uint64_t n_iterations_ = 0;
  std::vector<double> m_;
  std::vector<double> u_;
};

}  // namespace streamwise::optim

CEREAL_CLASS_VERSION(streamwise::optim::AdaMax, streamwise::optim::AdaMax::class_version)
