#pragma once
/// @file
/// Absolute (L1) loss, River's `optim.losses.Absolute`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::optim::losses {

/// Absolute loss `|y_pred - y_true|`. Its gradient is +1 when `y_pred > y_true` and -1
/// otherwise (including at the kink, as River).
///
/// ```cpp
/// streamwise::optim::losses::Absolute loss;
/// loss.eval(-42.0, 42.0);     // 84
/// loss.gradient(1.0, 1.0);    // -1
/// ```
class Absolute {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "Absolute";
  static constexpr std::uint32_t class_version = 1;

  Absolute() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit Absolute(const Params&) {}

  /// The loss. Throws `InvalidInput` unless both arguments are finite.
  double eval(double y_true, double y_pred) const {
    check(y_true, y_pred);
    return std::fabs(y_pred - y_true);
  }

  /// Derivative of the loss with respect to `y_pred` (its sign).
  double gradient(double y_true, double y_pred) const {
    check(y_true, y_pred);
    return y_pred > y_true ? 1.0 : -1.0;
  }

  /// Maps a raw prediction to the target scale: the identity.
  double mean_func(double y_pred) const {
    require_finite(y_pred, name, "y_pred");
    return y_pred;
  }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// cereal hook (no state).
  template <class Archive>
  void serialize(Archive&, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("Absolute: checkpoint from a newer version");
    }
  }

  friend bool operator==(const Absolute&, const Absolute&) = default;

 private:
  static void check(double y_true, double y_pred) {
    require_finite(y_true, name, "y_true");
    require_finite(y_pred, name, "y_pred");
  }

  [[no_unique_address]] Params params_{};
};

}  // namespace streamwise::optim::losses

CEREAL_CLASS_VERSION(streamwise::optim::losses::Absolute,
                     streamwise::optim::losses::Absolute::class_version)
