#pragma once
/// @file
/// Quantile (pinball) loss, River's `optim.losses.Quantile`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::optim::losses {

/// Quantile loss: with `d = y_pred - y_true`, `(alpha - [d < 0]) d`. Minimising it makes the
/// prediction the `alpha`-quantile of the target; the gradient is `[y_true < y_pred] - alpha`.
///
/// ```cpp
/// streamwise::optim::losses::Quantile loss({.alpha = 0.5});
/// loss.eval(1.0, 3.0);      // 1
/// loss.gradient(1.0, 3.0);  // 0.5
/// ```
class Quantile {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    double alpha = 0.5;  ///< The quantile to estimate, in [0, 1].

    template <class V>
    void visit(V&& v) {
      v("alpha", alpha);
    }

    /// Throws `std::invalid_argument("Quantile: alpha must be in [0, 1]")`.
    void validate() const {
      if (!(alpha >= 0.0 && alpha <= 1.0))
        throw invalid_parameter("Quantile", "alpha", "in [0, 1]");
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(alpha);
    }
  };

  static constexpr std::string_view name = "Quantile";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (alpha 0.5).
  Quantile() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit Quantile(const Params& params) : params_(params) { params_.validate(); }

  /// The loss. Throws `InvalidInput` unless both arguments are finite.
  double eval(double y_true, double y_pred) const {
    check(y_true, y_pred);
    const double diff = y_pred - y_true;
    return (params_.alpha - (diff < 0.0 ? 1.0 : 0.0)) * diff;
  }

  /// Derivative of the loss with respect to `y_pred`.
  double gradient(double y_true, double y_pred) const {
    check(y_true, y_pred);
    return (y_true < y_pred ? 1.0 : 0.0) - params_.alpha;
  }

  /// Maps a raw prediction to the target scale: the identity.
  double mean_func(double y_pred) const {
    require_finite(y_pred, name, "y_pred");
    return y_pred;
  }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: the parameters (there is no other state).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("Quantile: checkpoint from a newer version");
    }
    ar(params_);
  }

  friend bool operator==(const Quantile&, const Quantile&) = default;

 private:
  static void check(double y_true, double y_pred) {
    require_finite(y_true, name, "y_true");
    require_finite(y_pred, name, "y_pred");
  }

  Params params_{};
};

}  // namespace streamwise::optim::losses

CEREAL_CLASS_VERSION(streamwise::optim::losses::Quantile,
                     streamwise::optim::losses::Quantile::class_version)
