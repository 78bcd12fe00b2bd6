#pragma once
/// @file
/// Epsilon-insensitive hinge loss, River's `optim.losses.EpsilonInsensitiveHinge`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::optim::losses {

/// Epsilon-insensitive hinge loss `max(|y_pred - y| - eps, 0)`, zero inside a band of width
/// `eps` around the target, with gradient +1 above the band, -1 below and 0 inside.
///
/// River classes it as a regression loss but first maps the target as a {0, 1} label to
/// {-1, 1}: `y = 2 y_true - 1`. streamwise applies the same mapping to any real `y_true`, so
/// results are River's for every target (a target of 3 is compared with 5).
///
/// ```cpp
/// streamwise::optim::losses::EpsilonInsensitiveHinge loss;  // eps 0.1
/// loss.eval(1.0, 0.5);      // |0.5 - 1| - 0.1 = 0.4
/// loss.gradient(0.0, 0.5);  // 1 (0.5 is above -1 + 0.1)
/// ```
class EpsilonInsensitiveHinge {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    double eps = 0.1;  ///< Half-width of the insensitive band (finite, >= 0).

    template <class V>
    void visit(V&& v) {
      v("eps", eps);
    }

    /// Throws `std::invalid_argument("EpsilonInsensitiveHinge: eps must be finite and >= 0")`.
    void validate() const {
      if (!(std::isfinite(eps) && eps >= 0.0)) {
        throw invalid_parameter("EpsilonInsensitiveHinge", "eps", "finite and >= 0");
      }
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(eps);
    }
  };

  static constexpr std::string_view name = "EpsilonInsensitiveHinge";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (eps 0.1).
  EpsilonInsensitiveHinge() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit EpsilonInsensitiveHinge(const Params& params) : params_(params) { params_.validate(); }

  /// The loss. Throws `InvalidInput` unless both arguments are finite.
  double eval(double y_true, double y_pred) const {
    check(y_true, y_pred);
    const double y = y_true * 2.0 - 1.0;
    const double excess = std::fabs(y_pred - y) - params_.eps;
    return excess < 0.0 ? 0.0 : excess;
  }

  /// Derivative of the loss with respect to `y_pred`: +1, -1 or 0.
  double gradient(double y_true, double y_pred) const {
    check(y_true, y_pred);
    const double y = y_true * 2.0 - 1.0;
    if (y_pred > y + params_.eps) return 1.0;
    if (y_pred + params_.eps < y) return -1.0;
    return 0.0;
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
      throw CheckpointError("EpsilonInsensitiveHinge: checkpoint from a newer version");
    }
    ar(params_);
  }

  friend bool operator==(const EpsilonInsensitiveHinge&, const EpsilonInsensitiveHinge&) = default;

 private:
  static void check(double y_true, double y_pred) {
    require_finite(y_true, name, "y_true");
    require_finite(y_pred, name, "y_pred");
  }

  Params params_{};
};

}  // namespace streamwise::optim::losses

CEREAL_CLASS_VERSION(streamwise::optim::losses::EpsilonInsensitiveHinge,
                     streamwise::optim::losses::EpsilonInsensitiveHinge::class_version)
