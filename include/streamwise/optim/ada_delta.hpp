#pragma once
/// @file
/// AdaDelta, River's `optim.AdaDelta`.

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
#include "streamwise/optim/detail/optimizer_support.hpp"

namespace streamwise::optim {

/// AdaDelta (Zeiler, 2012): no global learning rate; each feature's step is the ratio of the RMS
/// of its past steps to the RMS of its gradients, both as moving averages with decay `rho`:
/// `g2 = rho g2 + (1 - rho) g^2`, `step = -sqrt(s2 + eps) / sqrt(g2 + eps) * g`,
/// `s2 = rho s2 + (1 - rho) step^2`, `w += step`.
///
/// ```cpp
/// streamwise::optim::AdaDelta opt;         // rho 0.95, eps 1e-8
/// std::vector<double> w(1, 0.0);
/// const streamwise::FeatureId ids[] = {0};
/// const double g[] = {1.0};
/// opt.step(w, ids, g);                     // a tiny first step: -sqrt(1e-8 / (0.05 + 1e-8))
/// ```
class AdaDelta {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Decay of both moving averages, in [0, 1].
    double rho = 0.95;
    /// Added inside both square roots, finite and > 0.
    double eps = 1e-8;

    template <class V>
    void visit(V&& v) {
      v("rho", rho);
      v("eps", eps);
    }

    /// Throws `std::invalid_argument("AdaDelta: <param> must be ...")`.
    void validate() const {
      if (!detail::in_unit_closed(rho)) throw invalid_parameter("AdaDelta", "rho", "in [0, 1]");
      if (!detail::positive(eps)) throw invalid_parameter("AdaDelta", "eps", "finite and > 0");
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(rho, eps);
    }
  };

  static constexpr std::string_view name = "AdaDelta";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults.
  AdaDelta() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit AdaDelta(const Params& params) : params_(params) { params_.validate(); }

  /// No-op (AdaDelta needs nothing before a prediction).
  void look_ahead(std::vector<double>& /*w*/, std::span<const FeatureId> /*ids*/) {}

  /// Updates `w[ids[k]]` from `g[k]`. Throws `InvalidInput` (nothing changed) when the spans
  /// differ in length, an id is outside `w` or a gradient is not finite.
  void step(std::vector<double>& w, std::span<const FeatureId> ids, std::span<const double> g) {
    detail::check_step(name, w.size(), ids, g);
    detail::grow(g2_, w.size());
    detail::grow(s2_, w.size());
    const double rho = params_.rho;
    const double eps = params_.eps;
    for (std::size_t k = 0; k < ids.size(); ++k) {
      const FeatureId i = ids[k];
      g2_[i] = rho * g2_[i] + (1.0 - rho) * std::pow(g[k], 2.0);
      const double delta = -std::pow(s2_[i] + eps, 0.5) / std::pow(g2_[i] + eps, 0.5) * g[k];
      s2_[i] = rho * s2_[i] + (1.0 - rho) * std::pow(delta, 2.0);
      w[i] += delta;
    }
    ++n_iterations_;
  }

  /// Always 0: AdaDelta has no global learning rate (River keeps an inert `Constant(0)`).
  double learning_rate() const { return 0.0; }
  /// Number of `step` calls so far.
  std::uint64_t n_iterations() const { return n_iterations_; }
  /// Hyper-parameters.
  const Params& params() const { return params_; }
  /// Moving averages of squared gradients by feature id (River's `g2`).
  const std::vector<double>& g2() const { return g2_; }
  /// Moving averages of squared steps by feature id (River's `s2`).
  const std::vector<double>& s2() const { return s2_; }

  /// cereal hook: parameters, step count and averages.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("AdaDelta: checkpoint from a newer version");
    ar(params_, n_iterations_, g2_, s2_);
  }

  friend bool operator==(const AdaDelta&, const AdaDelta&) = default;

 private:
  Params params_{};
  std::uint64_t n_iterations_ = 0;
  std::vector<double> g2_;
  std::vector<double> s2_;
};

}  // namespace streamwise::optim

CEREAL_CLASS_VERSION(streamwise::optim::AdaDelta, streamwise::optim::AdaDelta::class_version)
