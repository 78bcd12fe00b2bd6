#pragma once
/// @file
/// `AnyOptimizer`: any optimizer behind one value type (no virtual calls).

#include <cstdint>
#include <span>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/variant.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/optim/ada_delta.hpp"
#include "streamwise/optim/ada_grad.hpp"
#include "streamwise/optim/ada_max.hpp"
#include "streamwise/optim/adam.hpp"
#include "streamwise/optim/ams_grad.hpp"
#include "streamwise/optim/averager.hpp"
#include "streamwise/optim/ftrl_proximal.hpp"
#include "streamwise/optim/momentum.hpp"
#include "streamwise/optim/nesterov_momentum.hpp"
#include "streamwise/optim/rms_prop.hpp"
#include "streamwise/optim/sgd.hpp"

namespace streamwise::optim {

namespace detail {

/// `X` when one of `Ts...` is `AveragerT<X>`, otherwise `void`.
template <class... Ts>
struct averaged_alternative {
  using type = void;
};
template <class T, class... Ts>
struct averaged_alternative<T, Ts...> {
  using type = typename averaged_alternative<Ts...>::type;
};
template <class Inner, class... Ts>
struct averaged_alternative<AveragerT<Inner>, Ts...> {
  using type = Inner;
};

/// An optimizer chosen at run time among `Ts...`, held in a `std::variant` and driven with
/// `std::visit`. Use the aliases `AnyOptimizer` and `AnyBaseOptimizer`.
template <class... Ts>
class AnyOptimizerOf {
 public:
  /// The alternatives, in a fixed order (a checkpoint stores the index: append only).
  using Variant = std::variant<Ts...>;

  static constexpr std::uint32_t class_version = 1;

  /// The first alternative with its defaults (`SGD`, lr = Constant(0.01)).
  AnyOptimizerOf() = default;
  /// Wraps a concrete optimizer (implicit).
  template <class O>
  requires std::is_constructible_v<Variant, O> &&
      (!std::is_same_v<std::remove_cvref_t<O>, AnyOptimizerOf>)
          AnyOptimizerOf(O&& optimizer)  // NOLINT(google-explicit-constructor)
      : optimizer_(std::forward<O>(optimizer)) {}
  /// Wraps an averager over a concrete optimizer (`AveragerT<Adam>`) as the averager over an
  /// erased one that is an alternative here (implicit).
  template <class Inner, class Erased = typename averaged_alternative<Ts...>::type>
  requires(!std::is_void_v<Erased> && !std::is_same_v<Inner, Erased> &&
           std::is_constructible_v<Erased, const Inner&>)
      AnyOptimizerOf(const AveragerT<Inner>& averager)  // NOLINT(google-explicit-constructor)
      : optimizer_(AveragerT<Erased>(averager)) {}

  /// Forwards to the active optimizer's `look_ahead`.
  void look_ahead(std::vector<double>& w, std::span<const FeatureId> ids) {
    std::visit([&](auto& o) { o.look_ahead(w, ids); }, optimizer_);
  }
  /// Forwards to the active optimizer's `step`.
  void step(std::vector<double>& w, std::span<const FeatureId> ids, std::span<const double> g) {
    std::visit([&](auto& o) { o.step(w, ids, g); }, optimizer_);
  }
  /// The active optimizer's learning rate.
  double learning_rate() const {
    return std::visit([](const auto& o) { return o.learning_rate(); }, optimizer_);
  }
  /// The active optimizer's step count.
  std::uint64_t n_iterations() const {
    return std::visit([](const auto& o) { return o.n_iterations(); }, optimizer_);
  }

  /// Spec of the active optimizer, e.g.
  /// `{"type":"SGD","params":{"lr":{"type":"Constant","params":{"learning_rate":0.01}}}}`.
  EstimatorSpec spec() const {
    return std::visit([](const auto& o) { return spec_of(o); }, optimizer_);
  }

  /// The wrapped variant (`std::get_if<Adam>(&any.variant())` reaches the concrete optimizer).
  const Variant& variant() const { return optimizer_; }

  /// cereal hook: the variant index, then the active optimizer.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("AnyOptimizer: checkpoint from a newer version");
    }
    ar(optimizer_);
  }

  friend bool operator==(const AnyOptimizerOf&, const AnyOptimizerOf&) = default;

 private:
  Variant optimizer_{};
};

}  // namespace detail

/// Any optimizer except `Averager`: what an `Averager` inside `AnyOptimizer` wraps.
using AnyBaseOptimizer = detail::AnyOptimizerOf<SGD, Adam, AdaGrad, RMSProp, AdaDelta, AdaMax,
                                                AMSGrad, Momentum, NesterovMomentum, FTRLProximal>;

/// Any optimizer, chosen at run time: what models take at the edges (Python, specs, the learner
/// loop). Holds one of `SGD`, `Adam`, `AdaGrad`, `RMSProp`, `AdaDelta`, `AdaMax`, `AMSGrad`,
/// `Momentum`, `NesterovMomentum`, `FTRLProximal` or `AveragerT<AnyBaseOptimizer>` (an averager
/// over any of the others; averaging an averager is not supported), converts implicitly from each
/// of them (and from `AveragerT<X>` for any of them `X`), and forwards `look_ahead`, `step`,
/// `learning_rate` and `n_iterations` with `std::visit`. Its spec is the active optimizer's.
///
/// ```cpp
/// streamwise::optim::AnyOptimizer opt = streamwise::optim::Adam(0.05);
/// std::vector<double> w(2, 0.0);
/// const streamwise::FeatureId ids[] = {0, 1};
/// const double g[] = {1.0, -1.0};
/// opt.step(w, ids, g);
/// streamwise::to_json(opt.spec());  // {"type":"Adam","params":{"lr":{...},"beta_1":0.9,...}}
/// opt = streamwise::optim::Averager(streamwise::optim::SGD(0.1), 10);
/// ```
using AnyOptimizer =
    detail::AnyOptimizerOf<SGD, Adam, AdaGrad, RMSProp, AdaDelta, AdaMax, AMSGrad, Momentum,
                           NesterovMomentum, FTRLProximal, AveragerT<AnyBaseOptimizer>>;

}  // namespace streamwise::optim

CEREAL_CLASS_VERSION(streamwise::optim::AnyBaseOptimizer,
                     streamwise::optim::AnyBaseOptimizer::class_version)
CEREAL_CLASS_VERSION(streamwise::optim::AnyOptimizer,
                     streamwise::optim::AnyOptimizer::class_version)
