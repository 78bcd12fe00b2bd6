#pragma once
/// @file
/// Léon Bottou's "optimal" learning-rate schedule, River's `optim.schedulers.Optimal`.

#include <cmath>
#include <cstdint>
#include <string_view>
#include <utility>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/optim/any_loss.hpp"

namespace streamwise::optim::schedulers {

/// The schedule `get(t) = 1 / (alpha (t0 + t))` from Bottou's "Stochastic gradient descent
/// tricks" (scikit-learn's `learning_rate="optimal"`). `t0` is fixed at construction from a
/// typical weight `typw = sqrt(1 / sqrt(alpha))` and the loss's gradient for a positive label
/// at `-typw`: `t0 = 1 / (alpha * typw / max(1, gradient(1, -typw)))`.
///
/// ```cpp
/// streamwise::optim::schedulers::Optimal::Params p;
/// p.loss = streamwise::optim::losses::Hinge{};
/// p.alpha = 1e-4;
/// streamwise::optim::schedulers::Optimal lr(p);
/// lr.get(0);  // 1 / (alpha * t0)
/// ```
class Optimal {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// The loss whose gradient scales `t0`. River requires it; `Hinge` (scikit-learn's default
    /// with this schedule) is used when a default is needed.
    AnyLoss loss = losses::Hinge{};
    double alpha = 1e-4;  ///< Regularisation strength (finite, > 0).

    template <class V>
    void visit(V&& v) {
      v("loss", loss);
      v("alpha", alpha);
    }

    /// Throws `std::invalid_argument("Optimal: alpha must be finite and > 0")`.
    void validate() const {
      if (!(std::isfinite(alpha) && alpha > 0.0)) {
        throw invalid_parameter("Optimal", "alpha", "finite and > 0");
      }
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(loss, alpha);
    }
  };

  static constexpr std::string_view name = "Optimal";
  static constexpr std::uint32_t class_version = 1;

  /// Hinge loss, alpha 1e-4.
  Optimal() : Optimal(Params{}) {}
  /// Validates `params` (throws `std::invalid_argument`) and computes `t0`.
  explicit Optimal(const Params& params) : params_(params) {
    params_.validate();
    t0_ = compute_t0(params_);
  }
  /// Shorthand for `Optimal(Params{loss, alpha})`.
  explicit Optimal(AnyLoss loss, double alpha = 1e-4) : Optimal(Params{std::move(loss), alpha}) {}

  /// The learning rate at step `t`: `1 / (alpha (t0 + t))`.
  double get(std::uint64_t t) const {
    return 1.0 / (params_.alpha * (t0_ + static_cast<double>(t)));
  }

  /// The offset `t0` derived from the loss and alpha.
  double t0() const { return t0_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: the parameters; `t0` is recomputed from them.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Optimal: checkpoint from a newer version");
    ar(params_);
    t0_ = compute_t0(params_);
  }

  friend bool operator==(const Optimal&, const Optimal&) = default;

 private:
  static double compute_t0(const Params& p) {
    if (!(std::isfinite(p.alpha) && p.alpha > 0.0)) {
      throw CheckpointError("Optimal: alpha in the checkpoint must be finite and > 0");
    }
    const double typw = std::sqrt(1.0 / std::sqrt(p.alpha));
    const double g = p.loss.gradient(1.0, -typw);
    const double initial_eta0 = typw / (g > 1.0 ? g : 1.0);
    return 1.0 / (initial_eta0 * p.alpha);
  }

  Params params_{};
  double t0_ = 0.0;
};

}  // namespace streamwise::optim::schedulers

CEREAL_CLASS_VERSION(streamwise::optim::schedulers::Optimal,
                     streamwise::optim::schedulers::Optimal::class_version)
