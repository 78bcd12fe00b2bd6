#pragma once
/// @file
/// Poisson loss, River's `optim.losses.Poisson`.

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::optim::losses {

/// Poisson loss `exp(y_pred) - y_true * y_pred` for count targets, where `y_pred` is the log
/// of the expected count. Gradient `exp(y_pred) - y_true`; `mean_func` is `exp`.
///
/// River evaluates `math.exp(y_pred)`, which raises `OverflowError` once `y_pred` exceeds
/// about 709.78; streamwise throws `InvalidInput` there instead of returning infinity.
///
/// ```cpp
/// streamwise::optim::losses::Poisson loss;
/// loss.gradient(3.0, 0.0);  // 1 - 3 = -2
/// loss.mean_func(0.0);      // 1
/// ```
class Poisson {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "Poisson";
  static constexpr std::uint32_t class_version = 1;

  Poisson() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit Poisson(const Params&) {}

  /// The loss. Throws `InvalidInput` unless both arguments are finite and `exp(y_pred)` fits a
  /// double.
  double eval(double y_true, double y_pred) const {
    require_finite(y_true, name, "y_true");
    return checked_exp(y_pred) - y_true * y_pred;
  }

  /// Derivative of the loss with respect to `y_pred`.
  double gradient(double y_true, double y_pred) const {
    require_finite(y_true, name, "y_true");
    return checked_exp(y_pred) - y_true;
  }

  /// Expected count for a raw prediction: `exp(y_pred)`.
  double mean_func(double y_pred) const { return checked_exp(y_pred); }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// cereal hook (no state).
  template <class Archive>
  void serialize(Archive&, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Poisson: checkpoint from a newer version");
  }

  friend bool operator==(const Poisson&, const Poisson&) = default;

 private:
  static double checked_exp(double y_pred) {
    require_finite(y_pred, name, "y_pred");
    const double e = std::exp(y_pred);
    if (std::isinf(e)) {
      throw InvalidInput("Poisson: exp(y_pred) overflows a double, got y_pred = " +
                         std::to_string(y_pred));
    }
    return e;
  }

  [[no_unique_address]] Params params_{};
};

}  // namespace streamwise::optim::losses

CEREAL_CLASS_VERSION(streamwise::optim::losses::Poisson,
                     streamwise::optim::losses::Poisson::class_version)
