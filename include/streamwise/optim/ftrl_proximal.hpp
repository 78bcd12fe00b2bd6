#pragma once
/// @file
/// FTRL-Proximal, River's `optim.FTRLProximal`.

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

/// FTRL-Proximal (McMahan et al., 2013), per-coordinate, with L1 and L2 regularisation. Each
/// feature keeps `z` (adjusted gradient sum) and `n` (sum of squared gradients). A step first
/// sets each stepped feature's weight from its current `z` and `n` — `w = -(z - sign(z) l1) /
/// ((beta + sqrt(n)) / alpha + l2)` when `|z| > l1`, otherwise the weight is left as it is — then
/// folds the gradient into `z` and `n`. So, as in River, the weights after a step are those of
/// the state before it.
///
/// ```cpp
/// streamwise::optim::FTRLProximal opt;     // alpha 0.05, beta 1, l1 0, l2 1
/// std::vector<double> w(1, 0.0);
/// const streamwise::FeatureId ids[] = {0};
/// const double g[] = {1.0};
/// opt.step(w, ids, g);                     // z[0] == 1, w[0] still 0
/// opt.step(w, ids, g);                     // w[0] == -1 / (2 / 0.05 + 1)
/// ```
class FTRLProximal {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Learning rate, finite and > 0.
    double alpha = 0.05;
    /// Smoothing of the per-coordinate learning rate, finite and >= 0.
    double beta = 1.0;
    /// L1 regularisation strength, finite and >= 0.
    double l1 = 0.0;
    /// L2 regularisation strength, finite and >= 0.
    double l2 = 1.0;

    template <class V>
    void visit(V&& v) {
      v("alpha", alpha);
      v("beta", beta);
      v("l1", l1);
      v("l2", l2);
    }

    /// Throws `std::invalid_argument("FTRLProximal: <param> must be ...")`.
    void validate() const {
      if (!detail::positive(alpha)) {
        throw invalid_parameter("FTRLProximal", "alpha", "finite and > 0");
      }
      if (!detail::non_negative(beta)) {
        throw invalid_parameter("FTRLProximal", "beta", "finite and >= 0");
      }
      if (!detail::non_negative(l1)) {
        throw invalid_parameter("FTRLProximal", "l1", "finite and >= 0");
      }
      if (!detail::non_negative(l2)) {
        throw invalid_parameter("FTRLProximal", "l2", "finite and >= 0");
      }
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(alpha, beta, l1, l2);
    }
  };

  static constexpr std::string_view name = "FTRLProximal";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults.
  FTRLProximal() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit FTRLProximal(const Params& params) : params_(params) { params_.validate(); }

  /// No-op: River's FTRLProximal computes the weights inside `step`, not before predictions.
  void look_ahead(std::vector<double>& /*w*/, std::span<const FeatureId> /*ids*/) {}

  /// Sets `w[ids[k]]` from the state, then folds `g[k]` into it. Throws `InvalidInput` (nothing
  /// changed) when the spans differ in length, an id is outside `w` or a gradient is not finite.
  void step(std::vector<double>& w, std::span<const FeatureId> ids, std::span<const double> g) {
    detail::check_step(name, w.size(), ids, g);
    detail::grow(z_, w.size());
    detail::grow(n_, w.size());
    const double alpha = params_.alpha;
    const double l1 = params_.l1;
    for (const FeatureId i : ids) {
      if (std::fabs(z_[i]) > l1) {
        const double sign = z_[i] > 0.0 ? 1.0 : -1.0;  // z != 0 here since |z| > l1 >= 0
        w[i] = -std::pow((params_.beta + std::pow(n_[i], 0.5)) / alpha + params_.l2, -1.0) *
               (z_[i] - sign * l1);
      }
    }
    for (std::size_t k = 0; k < ids.size(); ++k) {
      const FeatureId i = ids[k];
      const double gi = g[k];
      const double sigma =
          (std::pow(n_[i] + std::pow(gi, 2.0), 0.5) - std::pow(n_[i], 0.5)) / alpha;
      z_[i] += gi - sigma * w[i];
      n_[i] += std::pow(gi, 2.0);
    }
    ++n_iterations_;
  }

  /// `alpha`. River's FTRLProximal has no `learning_rate` (reading it raises); `alpha` is the
  /// parameter that plays that role.
  double learning_rate() const { return params_.alpha; }
  /// Number of `step` calls so far.
  std::uint64_t n_iterations() const { return n_iterations_; }
  /// Hyper-parameters.
  const Params& params() const { return params_; }
  /// Adjusted gradient sums by feature id (River's `z`).
  const std::vector<double>& z() const { return z_; }
  /// Sums of squared gradients by feature id (River's `n`).
  const std::vector<double>& n() const { return n_; }

  /// cereal hook: parameters, step count and per-feature sums.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("FTRLProximal: checkpoint from a newer version");
    }
    ar(params_, n_iterations_, z_, n_);
  }

  friend bool operator==(const FTRLProximal&, const FTRLProximal&) = default;

 private:
  Params params_{};
  std::uint64_t n_iterations_ = 0;
  std::vector<double> z_;
  std::vector<double> n_;
};

}  // namespace streamwise::optim

CEREAL_CLASS_VERSION(streamwise::optim::FTRLProximal,
                     streamwise::optim::FTRLProximal::class_version)
