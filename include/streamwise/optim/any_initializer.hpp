#pragma once
/// @file
/// `AnyInitializer`: any weight initializer behind one value type (no virtual calls).

#include <cstdint>
#include <type_traits>
#include <utility>
#include <variant>

#include <cereal/cereal.hpp>
#include <cereal/types/variant.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/optim/initializers/constant.hpp"
#include "streamwise/optim/initializers/normal.hpp"
#include "streamwise/optim/initializers/zeros.hpp"

namespace streamwise::optim {

/// A weight initializer chosen at run time. Holds a `Zeros`, `Constant` or `Normal` in a
/// `std::variant` and forwards `next()` with `std::visit`; a `Normal`'s generator state travels
/// with it through copies and checkpoints. Converts implicitly from every alternative.
///
/// ```cpp
/// streamwise::optim::AnyInitializer init = streamwise::optim::initializers::Constant(0.5);
/// init.next();  // 0.5
/// ```
class AnyInitializer {
 public:
  /// The alternatives, in a fixed order (a checkpoint stores the index: append only).
  using Variant = std::variant<initializers::Zeros, initializers::Constant, initializers::Normal>;

  static constexpr std::uint32_t class_version = 1;

  /// `Zeros`.
  AnyInitializer() = default;
  /// Wraps a concrete initializer (implicit).
  template <class I>
  requires std::is_constructible_v<Variant, I> &&
      (!std::is_same_v<std::remove_cvref_t<I>, AnyInitializer>)
          AnyInitializer(I&& initializer)  // NOLINT(google-explicit-constructor)
      : initializer_(std::forward<I>(initializer)) {}

  /// The next initial weight from the active initializer.
  double next() {
    return std::visit([](auto& i) { return i.next(); }, initializer_);
  }

  /// Spec of the active initializer, e.g. `{"type":"Normal","params":{"mu":0.0,...}}`.
  EstimatorSpec spec() const {
    return std::visit([](const auto& i) { return spec_of(i); }, initializer_);
  }

  /// The wrapped variant.
  const Variant& variant() const { return initializer_; }

  /// cereal hook: the variant index, then the active initializer and its state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("AnyInitializer: checkpoint from a newer version");
    }
    ar(initializer_);
  }

  friend bool operator==(const AnyInitializer&, const AnyInitializer&) = default;

 private:
  Variant initializer_{};
};

}  // namespace streamwise::optim

CEREAL_CLASS_VERSION(streamwise::optim::AnyInitializer,
                     streamwise::optim::AnyInitializer::class_version)
