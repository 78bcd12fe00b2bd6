#pragma once
/// @file
/// Squared (L2) loss, River's `optim.losses.Squared`.

#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::optim::losses {

/// Squared loss `(y_pred - y_true)^2` with gradient `2 (y_pred - y_true)` (no 1/2 factor, as in
/// River, Vowpal Wabbit and PyTorch; scikit-learn halves it). The default loss of
/// `LinearRegression`.
///
/// ```cpp
/// streamwise::optim::losses::Squared loss;
/// loss.eval(-4.0, 5.0);      // 81
/// loss.gradient(-4.0, 5.0);  // 18
/// ```
class Squared {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "Squared";
  static constexpr std::uint32_t class_version = 1;

  Squared() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit Squared(const Params&) {}

  /// The loss. Throws `InvalidInput` unless both arguments are finite.
  double eval(double y_true, double y_pred) const {
    check(y_true, y_pred);
    return (y_pred - y_true) * (y_pred - y_true);
  }

  /// Derivative of the loss with respect to `y_pred`.
  double gradient(double y_true, double y_pred) const {
    check(y_true, y_pred);
    return 2.0 * (y_pred - y_true);
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
    if (version > class_version) throw CheckpointError("Squared: checkpoint from a newer version");
  }

  friend bool operator==(const Squared&, const Squared&) = default;

 private:
  static void check(double y_true, double y_pred) {
    require_finite(y_true, name, "y_true");
    require_finite(y_pred, name, "y_pred");
  }

  [[no_unique_address]] Params params_{};
};

}  // namespace streamwise::optim::losses

CEREAL_CLASS_VERSION(streamwise::optim::losses::Squared,
                     streamwise::optim::losses::Squared::class_version)
