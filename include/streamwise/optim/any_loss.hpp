#pragma once
/// @file
/// `AnyLoss`: any binary or regression loss behind one value type (no virtual calls).

#include <cstdint>
#include <type_traits>
#include <utility>
#include <variant>

#include <cereal/cereal.hpp>
#include <cereal/types/variant.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/optim/losses/absolute.hpp"
#include "streamwise/optim/losses/cauchy.hpp"
#include "streamwise/optim/losses/epsilon_insensitive_hinge.hpp"
#include "streamwise/optim/losses/hinge.hpp"
#include "streamwise/optim/losses/huber.hpp"
#include "streamwise/optim/losses/log.hpp"
#include "streamwise/optim/losses/poisson.hpp"
#include "streamwise/optim/losses/quantile.hpp"
#include "streamwise/optim/losses/squared.hpp"

namespace streamwise::optim {

/// A binary or regression loss chosen at run time (Python, specs, the learner loop). Holds one
/// of the concrete losses in a `std::variant` and forwards `eval`, `gradient` and `mean_func`
/// to it with `std::visit`. The multiclass `CrossEntropy` has a different interface and is not
/// an alternative. Converts implicitly from every alternative.
///
/// ```cpp
/// streamwise::optim::AnyLoss loss = streamwise::optim::losses::Log{};
/// loss.gradient(1.0, 0.0);          // -0.5
/// streamwise::to_json(loss.spec());  // {"type":"Log","params":{"weight_pos":1.0,...}}
/// ```
class AnyLoss {
 public:
  /// The alternatives, in a fixed order (a checkpoint stores the index: append only).
  using Variant = std::variant<losses::Squared, losses::Absolute, losses::Huber,
                               losses::EpsilonInsensitiveHinge, losses::Cauchy, losses::Quantile,
                               losses::Log, losses::Hinge, losses::Poisson>;

  static constexpr std::uint32_t class_version = 1;

  /// `Squared`, the default loss of `LinearRegression`.
  AnyLoss() = default;
  /// Wraps a concrete loss (implicit, so any loss can be passed where an `AnyLoss` is expected).
  template <class L>
  requires std::is_constructible_v<Variant, L> &&
      (!std::is_same_v<std::remove_cvref_t<L>, AnyLoss>)AnyLoss(L&& loss)
      : loss_(std::forward<L>(loss)) {}  // NOLINT(google-explicit-constructor)

  /// The active loss's value.
  double eval(double y_true, double y_pred) const {
    return std::visit([&](const auto& l) { return l.eval(y_true, y_pred); }, loss_);
  }
  /// The active loss's derivative with respect to `y_pred`.
  double gradient(double y_true, double y_pred) const {
    return std::visit([&](const auto& l) { return l.gradient(y_true, y_pred); }, loss_);
  }
  /// The active loss's link from raw prediction to target scale.
  double mean_func(double y_pred) const {
    return std::visit([&](const auto& l) { return l.mean_func(y_pred); }, loss_);
  }

  /// Spec of the active loss, e.g. `{"type":"Hinge","params":{"threshold":1.0}}`.
  EstimatorSpec spec() const {
    return std::visit([](const auto& l) { return spec_of(l); }, loss_);
  }

  /// The wrapped variant (for `std::get_if` / `std::visit` by callers that need the concrete
  /// type).
  const Variant& variant() const { return loss_; }

  /// cereal hook: the variant index, then the active loss.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("AnyLoss: checkpoint from a newer version");
    ar(loss_);
  }

  friend bool operator==(const AnyLoss&, const AnyLoss&) = default;

 private:
  Variant loss_{};
};

}  // namespace streamwise::optim

CEREAL_CLASS_VERSION(streamwise::optim::AnyLoss, streamwise::optim::AnyLoss::class_version)
