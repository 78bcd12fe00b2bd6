#pragma once
/// @file
/// Cauchy loss, River's `optim.losses.Cauchy`.

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::optim::losses {

/// Cauchy loss, robust to outliers: the gradient `d / ((d / C)^2 + 1)` with `d = y_pred -
/// y_true` grows like `d` for small residuals and fades for residuals far beyond `C`.
///
/// As in River 0.26, `eval` reports the absolute residual `|d|` (River's `__call__`), not the
/// log-shaped Cauchy loss whose derivative `gradient` is. River raises `OverflowError` when
/// `(d / C)^2` overflows a double; streamwise throws `InvalidInput` there.
///
/// ```cpp
/// streamwise::optim::losses::Cauchy loss;   // C = 80
/// loss.gradient(0.0, 80.0);  // 40
/// ```
class Cauchy {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    double C = 80.0;  ///< Scale of the residuals (finite, > 0).

    template <class V>
    void visit(V&& v) {
      v("C", C);
    }

    /// Throws `std::invalid_argument("Cauchy: C must be finite and > 0")`.
    void validate() const {
      if (!(std::isfinite(C) && C > 0.0)) throw invalid_parameter("Cauchy", "C", "finite and > 0");
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(C);
    }
  };

  static constexpr std::string_view name = "Cauchy";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (C = 80).
  Cauchy() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit Cauchy(const Params& params) : params_(params) { params_.validate(); }

  /// River's value: the absolute residual. Throws `InvalidInput` unless both arguments are
  /// finite.
  double eval(double y_true, double y_pred) const {
    check(y_true, y_pred);
    return std::fabs(y_pred - y_true);
  }

  /// Derivative of the Cauchy loss with respect to `y_pred`.
  double gradient(double y_true, double y_pred) const {
    check(y_true, y_pred);
    const double diff = y_pred - y_true;
    // Python's `x ** 2` on a float calls the C library's pow, so pow (not x * x) it is.
    const double scaled = std::pow(diff / params_.C, 2.0);
    if (std::isinf(scaled)) {
      throw InvalidInput("Cauchy: (residual / C)^2 overflows a double, got residual " +
                         std::to_string(diff));
    }
    return diff / (scaled + 1.0);
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
    if (version > class_version) throw CheckpointError("Cauchy: checkpoint from a newer version");
    ar(params_);
  }

  friend bool operator==(const Cauchy&, const Cauchy&) = default;

 private:
  static void check(double y_true, double y_pred) {
    require_finite(y_true, name, "y_true");
    require_finite(y_pred, name, "y_pred");
  }

  Params params_{};
};

}  // namespace streamwise::optim::losses

CEREAL_CLASS_VERSION(streamwise::optim::losses::Cauchy,
                     streamwise::optim::losses::Cauchy::class_version)
