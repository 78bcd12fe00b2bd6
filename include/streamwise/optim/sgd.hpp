#pragma once
/// @file
/// Plain stochastic gradient descent, River's `optim.SGD`.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/optim/any_scheduler.hpp"
#include "streamwise/optim/detail/optimizer_support.hpp"
#include "streamwise/optim/schedulers/constant.hpp"

namespace streamwise::optim {

/// Plain stochastic gradient descent: `w[i] -= lr.get(t) * g[i]` for every feature in the step,
/// where `t` is the number of steps taken so far.
///
/// ```cpp
/// streamwise::optim::SGD sgd(0.1);        // lr = Constant(0.1)
/// std::vector<double> w(3, 0.0);
/// const streamwise::FeatureId ids[] = {0, 2};
/// const double g[] = {1.0, -2.0};
/// sgd.step(w, ids, g);                     // w == {-0.1, 0.0, 0.2}
/// ```
class SGD {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Learning rate schedule (a plain number in River means `Constant(number)`).
    AnyScheduler lr = schedulers::Constant(0.01);

    template <class V>
    void visit(V&& v) {
      v("lr", lr);
    }

    /// Nothing to check: the scheduler validated its own parameters.
    void validate() const {}

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(lr);
    }
  };

  static constexpr std::string_view name = "SGD";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (`lr = Constant(0.01)`).
  SGD() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit SGD(const Params& params) : params_(params) { params_.validate(); }
  /// Shorthand for a constant learning rate, as River's `SGD(0.1)`.
  explicit SGD(double lr) : SGD(Params{schedulers::Constant(lr)}) {}

  /// No-op (SGD needs nothing before a prediction).
  void look_ahead(std::vector<double>& /*w*/, std::span<const FeatureId> /*ids*/) {}

  /// Updates `w[ids[k]]` from `g[k]`. Throws `InvalidInput` (nothing changed) when the spans
  /// differ in length, an id is outside `w` or a gradient is not finite.
  void step(std::vector<double>& w, std::span<const FeatureId> ids, std::span<const double> g) {
    detail::check_step(name, w.size(), ids, g);
    step_unchecked(w, ids, g);
  }

  /// `step` without its checks, for trusted callers (the linear models) that guarantee
  /// `ids.size() == g.size()`, every id inside `w` and every gradient finite.
  void step_unchecked(std::vector<double>& w, std::span<const FeatureId> ids,
                      std::span<const double> g) {
    const double lr = learning_rate();
    for (std::size_t k = 0; k < ids.size(); ++k) w[ids[k]] -= lr * g[k];
    ++n_iterations_;
  }

  /// `step` on ids `0 .. g.size() - 1` without checks (every feature of a dense sample), for
  /// trusted callers that guarantee `g.size() <= w.size()` and every gradient finite. Same
  /// arithmetic as `step`.
  void step_dense_unchecked(std::vector<double>& w, std::span<const double> g) {
    const double lr = learning_rate();
    double* wp = w.data();
    const double* gp = g.data();
    const std::size_t n = g.size();
    for (std::size_t i = 0; i < n; ++i) wp[i] -= lr * gp[i];
    ++n_iterations_;
  }

  /// The learning rate the next step will use: `lr.get(n_iterations())`.
  double learning_rate() const { return params_.lr.get(n_iterations_); }
  /// Number of `step` calls so far.
  std::uint64_t n_iterations() const { return n_iterations_; }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: parameters and step count.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("SGD: checkpoint from a newer version");
    ar(params_, n_iterations_);
  }

  friend bool operator==(const SGD&, const SGD&) = default;

 private:
  Params params_{};
  std::uint64_t n_iterations_ = 0;
};

}  // namespace streamwise::optim

CEREAL_CLASS_VERSION(streamwise::optim::SGD, streamwise::optim::SGD::class_version)
