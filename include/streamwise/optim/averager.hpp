#pragma once
/// @file
/// Averaged stochastic gradient descent, River's `optim.Averager`.

#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/optim/detail/optimizer_support.hpp"
#include "streamwise/optim/sgd.hpp"

namespace streamwise::optim {

/// Averaged gradient descent: wraps another optimizer and keeps, next to the weights it produces,
/// their running average (Bottou, 2010; Xu, 2011). The wrapped optimizer is a template parameter
/// (`AveragerT<Adam>`); `Averager` is `AveragerT<SGD>`, and `AnyOptimizer` holds an averager over
/// any non-averaging optimizer (`AveragerT<AnyBaseOptimizer>`, see any_optimizer.hpp).
///
/// `step` lets the wrapped optimizer update `w` in place, then — from step number `start` on —
/// folds the new weights of the step's features into the average:
/// `avg[i] += (w[i] - avg[i]) / (n_iterations - start + 1)`. As in River, the divisor counts
/// every step since `start`, not only those in which the feature took part, and `w` keeps the
/// wrapped optimizer's weights: River returns the average from `step`, but its linear models
/// ignore that return value and keep predicting with `w`. The average is available from
/// `averaged_weights()`.
///
/// ```cpp
/// streamwise::optim::Averager opt(streamwise::optim::SGD(0.1));
/// std::vector<double> w(1, 0.0);
/// const streamwise::FeatureId ids[] = {0};
/// const double g[] = {1.0};
/// opt.step(w, ids, g);                     // w[0] == -0.1, average -0.1
/// opt.step(w, ids, g);                     // w[0] == -0.2, average -0.15
/// opt.averaged_weights()[0];               // -0.15
/// ```
template <class Inner = SGD>
class AveragerT {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// The optimizer whose weights are averaged (River requires it; SGD's defaults here).
    Inner optimizer{};
    /// Number of steps before averaging starts, >= 0.
    std::int64_t start = 0;

    template <class V>
    void visit(V&& v) {
      v("optimizer", optimizer);
      v("start", start);
    }

    /// Throws `std::invalid_argument("Averager: start must be >= 0")`.
    void validate() const {
      if (start < 0) throw invalid_parameter("Averager", "start", ">= 0");
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(optimizer, start);
    }
  };

  static constexpr std::string_view name = "Averager";
  static constexpr std::uint32_t class_version = 1;

  /// Averages a default `Inner` from the first step.
  AveragerT() = default;
  /// Validates `params` (throws `std::invalid_argument`). The wrapped optimizer starts as a copy
  /// of `params.optimizer`, state included (River wraps the very object it is given).
  explicit AveragerT(const Params& params) : params_(params), inner_(params.optimizer) {
    params_.validate();
  }
  /// Shorthand for `AveragerT(Params{optimizer, start})`.
  explicit AveragerT(Inner optimizer, std::int64_t start = 0)
      : AveragerT(Params{std::move(optimizer), start}) {}
  /// Converts an averager over another optimizer type (e.g. `AveragerT<Adam>` to
  /// `AveragerT<AnyBaseOptimizer>`), state included.
  template <class Other>
  requires(!std::is_same_v<Other, Inner> &&
           std::is_constructible_v<Inner, const Other&>) explicit AveragerT(const AveragerT<Other>&
                                                                                other)
      : params_{Inner(other.params().optimizer), other.params().start},
        inner_(other.inner()),
        avg_(other.averaged_weights()),
        n_iterations_(other.n_iterations()) {}

  /// Forwards to the wrapped optimizer's `look_ahead`.
  void look_ahead(std::vector<double>& w, std::span<const FeatureId> ids) {
    inner_.look_ahead(w, ids);
  }

  /// Steps the wrapped optimizer (which validates the input and throws `InvalidInput` with
  /// nothing changed), then updates the average of the step's features.
  void step(std::vector<double>& w, std::span<const FeatureId> ids, std::span<const double> g) {
    inner_.step(w, ids, g);
    if (n_iterations_ >= static_cast<std::uint64_t>(params_.start)) {
      detail::grow(avg_, w.size());
      const auto count =
          static_cast<double>(n_iterations_ - static_cast<std::uint64_t>(params_.start) + 1);
      for (const FeatureId i : ids) avg_[i] += (w[i] - avg_[i]) / count;
    }
    ++n_iterations_;
  }

  /// The wrapped optimizer's learning rate (River's Averager has none of its own).
  double learning_rate() const { return inner_.learning_rate(); }
  /// Number of `step` calls so far.
  std::uint64_t n_iterations() const { return n_iterations_; }
  /// Hyper-parameters (`optimizer` is the optimizer as it was given, before any step).
  const Params& params() const { return params_; }
  /// The wrapped optimizer, with its current state.
  const Inner& inner() const { return inner_; }
  /// Averaged weights by feature id (River's `avg_w`); ids past the end have an average of 0.
  const std::vector<double>& averaged_weights() const { return avg_; }

  /// cereal hook: parameters, the wrapped optimizer, the average and the step count.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Averager: checkpoint from a newer version");
    ar(params_, inner_, avg_, n_iterations_);
  }

  friend bool operator==(const AveragerT&, const AveragerT&) = default;

 private:
  Params params_{};
  Inner inner_{};
  std::vector<double> avg_;
  std::uint64_t n_iterations_ = 0;
};

/// River's `optim.Averager` with its usual wrapped optimizer, SGD.
using Averager = AveragerT<>;

}  // namespace streamwise::optim

// CEREAL_CLASS_VERSION for every AveragerT<Inner> (the macro only takes a concrete type).
namespace cereal::detail {
template <class Inner>
struct Version<streamwise::optim::AveragerT<Inner>> {
  static std::uint32_t registerVersion() {
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(streamwise::optim::AveragerT<Inner>)).hash_code(),
        streamwise::optim::AveragerT<Inner>::class_version);
    return streamwise::optim::AveragerT<Inner>::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
