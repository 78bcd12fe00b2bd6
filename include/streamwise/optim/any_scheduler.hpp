#pragma once
/// @file
/// `AnyScheduler`: any learning-rate schedule behind one value type (no virtual calls).

#include <cstdint>
#include <type_traits>
#include <utility>
#include <variant>

#include <cereal/cereal.hpp>
#include <cereal/types/variant.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/optim/schedulers/constant.hpp"
#include "streamwise/optim/schedulers/inverse_scaling.hpp"
#include "streamwise/optim/schedulers/optimal.hpp"

namespace streamwise::optim {

/// A learning-rate schedule chosen at run time, as optimizers take their `lr`. Holds a
/// `Constant`, `InverseScaling` or `Optimal` in a `std::variant` and forwards `get(t)` with
/// `std::visit`. Converts implicitly from every alternative and from a plain number, which means
/// `Constant(number)` as in River.
///
/// ```cpp
/// streamwise::optim::AnyScheduler lr = 0.01;  // Constant(0.01)
/// lr = streamwise::optim::schedulers::InverseScaling(0.1, 0.25);
/// lr.get(15);  // 0.1 / 16^0.25 = 0.05
/// ```
class AnyScheduler {
 public:
  /// The alternatives, in a fixed order (a checkpoint stores the index: append only).
  using Variant =
      std::variant<schedulers::Constant, schedulers::InverseScaling, schedulers::Optimal>;

  static constexpr std::uint32_t class_version = 1;

  /// `Constant(0.01)`.
  AnyScheduler() = default;
  /// Wraps a concrete scheduler (implicit).
  template <class S>
  requires std::is_constructible_v<Variant, S> &&
      (!std::is_same_v<std::remove_cvref_t<S>, AnyScheduler>)
          AnyScheduler(S&& scheduler)  // NOLINT(google-explicit-constructor)
      : scheduler_(std::forward<S>(scheduler)) {}
  /// A plain number means `Constant(learning_rate)` (validated: finite and >= 0).
  AnyScheduler(double learning_rate)  // NOLINT(google-explicit-constructor)
      : scheduler_(schedulers::Constant(learning_rate)) {}

  /// The learning rate at step `t`.
  double get(std::uint64_t t) const {
    return std::visit([t](const auto& s) { return s.get(t); }, scheduler_);
  }

  /// Spec of the active scheduler, e.g. `{"type":"Constant","params":{"learning_rate":0.01}}`.
  EstimatorSpec spec() const {
    return std::visit([](const auto& s) { return spec_of(s); }, scheduler_);
  }

  /// The wrapped variant.
  const Variant& variant() const { return scheduler_; }

  /// cereal hook: the variant index, then the active scheduler.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("AnyScheduler: checkpoint from a newer version");
    }
    ar(scheduler_);
  }

  friend bool operator==(const AnyScheduler&, const AnyScheduler&) = default;

 private:
  Variant scheduler_{};
};

}  // namespace streamwise::optim

CEREAL_CLASS_VERSION(streamwise::optim::AnyScheduler,
                     streamwise::optim::AnyScheduler::class_version)
