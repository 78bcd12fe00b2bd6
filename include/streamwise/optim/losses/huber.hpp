#pragma once
/// @file
/// Huber loss, River's `optim.losses.Huber`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::optim::losses {

/// Huber loss: half the squared residual `r = y_pred - y_true` while `|r| <= epsilon`, then
/// linear (`epsilon |r| - epsilon^2 / 2`), so outliers pull with a bounded gradient.
///
/// ```cpp
/// streamwise::optim::losses::Huber loss({.epsilon = 1.0});
/// loss.eval(0.0, 0.5);      // 0.125
/// loss.gradient(0.0, 3.0);  // 1 (= epsilon)
/// ```
class Huber {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    double epsilon = 0.1;  ///< Where the loss turns linear (finite, >= 0).

    template <class V>
    void visit(V&& v) {
      v("epsilon", epsilon);
    }

    /// Throws `std::invalid_argument("Huber: epsilon must be finite and >= 0")`.
    void validate() const {
      if (!(std::isfinite(epsilon) && epsilon >= 0.0)) {
        throw invalid_parameter("Huber", "epsilon", "finite and >= 0");
      }
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(epsilon);
    }
  };

  static constexpr std::string_view name = "Huber";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (epsilon 0.1).
  Huber() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit Huber(const Params& params) : params_(params) { params_.validate(); }

  /// The loss. Throws `InvalidInput` unless both arguments are finite.
  double eval(double y_true, double y_pred) const {
    check(y_true, y_pred);
    const double r = y_pred - y_true;
    const double abs_r = std::fabs(r);
    const double eps = params_.epsilon;
    if (abs_r <= eps) return 0.5 * r * r;
    return eps * abs_r - (0.5 * eps * eps);
  }

  /// Derivative of the loss with respect to `y_pred`: `r` inside the band, `±epsilon` outside.
  double gradient(double y_true, double y_pred) const {
    check(y_true, y_pred);
    const double r = y_pred - y_true;
    if (std::fabs(r) <= params_.epsilon) return r;
    return r > 0.0 ? params_.epsilon : -params_.epsilon;
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
    if (version > class_version) throw CheckpointError("Huber: checkpoint from a newer version");
    ar(params_);
  }

  friend bool operator==(const Huber&, const Huber&) = default;

 private:
  static void check(double y_true, double y_pred) {
    require_finite(y_true, name, "y_true");
    require_finite(y_pred, name, "y_pred");
  }

  Params params_{};
};

}  // namespace streamwise::optim::losses

CEREAL_CLASS_VERSION(streamwise::optim::losses::Huber,
                     streamwise::optim::losses::Huber::class_version)
