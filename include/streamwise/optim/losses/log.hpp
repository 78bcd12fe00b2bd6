#pragma once
/// @file
/// Logarithmic (logistic) loss, River's `optim.losses.Log`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::optim::losses {

/// Logistic loss on a logit `y_pred`: with `y = -1` for a negative label (0) and `y = +1` for
/// a positive one (1), and `z = y y_pred`, the loss is `w log(1 + exp(-z))` and the gradient
/// `-w y / (exp(z) + 1)`, where `w` is `weight_pos` or `weight_neg`. Like River, the tails use
/// asymptotic forms beyond |z| = 18 (`exp(-z)` and `-z`). `mean_func` is River's clamped
/// sigmoid. The default loss of `LogisticRegression`.
///
/// A non-zero `y_true` other than 1 is truncated to an integer, as River's `int(y_true)`.
///
/// ```cpp
/// streamwise::optim::losses::Log loss;
/// loss.eval(1.0, 0.0);      // log 2
/// loss.gradient(0.0, 0.0);  // 0.5
/// loss.mean_func(0.0);      // 0.5
/// ```
class Log {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    double weight_pos = 1.0;  ///< Weight of positive samples (finite, >= 0).
    double weight_neg = 1.0;  ///< Weight of negative samples (finite, >= 0).

    template <class V>
    void visit(V&& v) {
      v("weight_pos", weight_pos);
      v("weight_neg", weight_neg);
    }

    /// Throws `std::invalid_argument("Log: <param> must be finite and >= 0")`.
    void validate() const {
      if (!(std::isfinite(weight_pos) && weight_pos >= 0.0)) {
        throw invalid_parameter("Log", "weight_pos", "finite and >= 0");
      }
      if (!(std::isfinite(weight_neg) && weight_neg >= 0.0)) {
        throw invalid_parameter("Log", "weight_neg", "finite and >= 0");
      }
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(weight_pos, weight_neg);
    }
  };

  static constexpr std::string_view name = "Log";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (both weights 1).
  Log() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit Log(const Params& params) : params_(params) { params_.validate(); }

  /// The loss for label `y_true` (1 = positive, 0 = negative) and logit `y_pred`. Throws
  /// `InvalidInput` unless both are finite.
  double eval(double y_true, double y_pred) const {
    check(y_true, y_pred);
    double y = 0.0, w = 0.0;
    signed_label(y_true, y, w);
    const double z = y_pred * y;
    if (z > 18.0) return w * std::exp(-z);
    if (z < -18.0) return w * -z;
    return w * std::log(1.0 + std::exp(-z));
  }

  /// Derivative of the loss with respect to the logit `y_pred`.
  double gradient(double y_true, double y_pred) const {
    check(y_true, y_pred);
    double y = 0.0, w = 0.0;
    signed_label(y_true, y, w);
    const double z = y_pred * y;
    if (z > 18.0) return w * std::exp(-z) * -y;
    if (z < -18.0) return w * -y;
    return w * -y / (std::exp(z) + 1.0);
  }

  /// Probability of the positive class: River's sigmoid (exactly 0 below -30, 1 above 30).
  double mean_func(double y_pred) const {
    require_finite(y_pred, name, "y_pred");
    if (y_pred < -30.0) return 0.0;
    if (y_pred > 30.0) return 1.0;
    return 1.0 / (1.0 + std::exp(-y_pred));
  }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: the parameters (there is no other state).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Log: checkpoint from a newer version");
    ar(params_);
  }

  friend bool operator==(const Log&, const Log&) = default;

 private:
  static void check(double y_true, double y_pred) {
    require_finite(y_true, name, "y_true");
    require_finite(y_pred, name, "y_pred");
  }

  // River: a label equal to 0 becomes -1 with weight_neg; anything else is int(label) with
  // weight_pos.
  void signed_label(double y_true, double& y, double& w) const {
    if (y_true == 0.0) {
      y = -1.0;
      w = params_.weight_neg;
    } else {
      y = std::trunc(y_true);
      w = params_.weight_pos;
    }
  }

  Params params_{};
};

}  // namespace streamwise::optim::losses

CEREAL_CLASS_VERSION(streamwise::optim::losses::Log, streamwise::optim::losses::Log::class_version)
