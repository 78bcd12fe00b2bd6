#pragma once
/// @file
/// Nesterov momentum, River's `optim.NesterovMomentum`.

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

/// Nesterov accelerated momentum. Before a prediction, `look_ahead` moves the weights of the
/// sample's features ahead along their velocity (`w -= rho * s`), so the gradient is taken at the
/// look-ahead point; `step` first moves them back (`w += rho * s`), then updates the velocity
/// `s = rho * s + lr * g` and the weights `w -= s`, exactly as River does (the move back is a
/// floating-point round trip, reproduced as such).
///
/// `look_ahead` and `step` act on the ids they are given; a model calls both with the ids of
/// the sample's features, which is what River's models do by masking their weights with the
/// sample's keys.
///
/// ```cpp
/// streamwise::optim::NesterovMomentum opt; // lr 0.1, rho 0.9
/// std::vector<double> w(1, 0.0);
/// const streamwise::FeatureId ids[] = {0};
/// const double g[] = {1.0};
/// opt.look_ahead(w, ids);                  // no velocity yet: w unchanged
/// opt.step(w, ids, g);                     // w[0] == -0.1
/// opt.look_ahead(w, ids);                  // w[0] == -0.1 - 0.9 * 0.1
/// ```
class NesterovMomentum {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Learning rate schedule (a plain number in River means `Constant(number)`).
    AnyScheduler lr = schedulers::Constant(0.1);
    /// Decay of the velocity, in [0, 1].
    double rho = 0.9;

    template <class V>
    void visit(V&& v) {
      v("lr", lr);
      v("rho", rho);
    }

    /// Throws `std::invalid_argument("NesterovMomentum: rho must be in [0, 1]")`.
    void validate() const {
      if (!detail::in_unit_closed(rho)) {
        throw invalid_parameter("NesterovMomentum", "rho", "in [0, 1]");
      }
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(lr, rho);
    }
  };

  static constexpr std::string_view name = "NesterovMomentum";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults.
  NesterovMomentum() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit NesterovMomentum(const Params& params) : params_(params) { params_.validate(); }
  /// Shorthand for a constant learning rate, as River's `NesterovMomentum(0.05)`.
  explicit NesterovMomentum(double lr) : NesterovMomentum(Params{.lr = schedulers::Constant(lr)}) {}

  /// Moves `w[ids[k]]` ahead along its velocity: `w -= rho * s`. Features never stepped have no
  /// velocity and stay put. Throws `InvalidInput` (nothing changed) when an id is outside `w`.
  void look_ahead(std::vector<double>& w, std::span<const FeatureId> ids) {
    detail::check_ids(name, w.size(), ids);
    for (const FeatureId i : ids) {
      if (i < s_.size()) w[i] -= params_.rho * s_[i];
    }
  }

  /// Moves `w[ids[k]]` back from the look-ahead point, then updates it from `g[k]`. Throws
  /// `InvalidInput` (nothing changed) when the spans differ in length, an id is outside `w` or a
  /// gradient is not finite.
  void step(std::vector<double>& w, std::span<const FeatureId> ids, std::span<const double> g) {
    detail::check_step(name, w.size(), ids, g);
    detail::grow(s_, w.size());
    const double rho = params_.rho;
    for (const FeatureId i : ids) w[i] += rho * s_[i];
    const double lr = learning_rate();
    for (std::size_t k = 0; k < ids.size(); ++k) {
      const FeatureId i = ids[k];
      s_[i] = rho * s_[i] + lr * g[k];
      w[i] -= s_[i];
    }
    ++n_iterations_;
  }

  /// The learning rate the next step will use: `lr.get(n_iterations())`.
  double learning_rate() const { return params_.lr.get(n_iterations_); }
  /// Number of `step` calls so far.
  std::uint64_t n_iterations() const { return n_iterations_; }
  /// Hyper-parameters.
  const Params& params() const { return params_; }
  /// Velocities by feature id (River's `s`).
  const std::vector<double>& s() const { return s_; }

  /// cereal hook: parameters, step count and velocities.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("NesterovMomentum: checkpoint from a newer version");
    }
    ar(params_, n_iterations_, s_);
  }

  friend bool operator==(const NesterovMomentum&, const NesterovMomentum&) = default;

 private:
  Params params_{};
  std::uint64_t n_iterations_ = 0;
  std::vector<double> s_;
};

}  // namespace streamwise::optim

CEREAL_CLASS_VERSION(streamwise::optim::NesterovMomentum,
                     streamwise::optim::NesterovMomentum::class_version)
