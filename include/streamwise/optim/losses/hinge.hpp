#pragma once
/// @file
/// Hinge loss, River's `optim.losses.Hinge`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::optim::losses {

/// Hinge loss for binary targets: with the label mapped to `y = 2 y_true - 1` (0/1 becomes
/// -1/+1), the loss is `max(threshold - y y_pred, 0)` and the gradient `-y` while
/// `y y_pred <= threshold` (a point exactly on the margin counts as a violation, as in River
/// and scikit-learn), 0 beyond. `threshold = 1` is the SVM loss, `0` the perceptron's.
/// `mean_func` is River's clamped sigmoid.
///
/// ```cpp
/// streamwise::optim::losses::Hinge loss;
/// loss.eval(1.0, 0.2);      // 0.8
/// loss.gradient(1.0, 0.2);  // -1
/// ```
class Hinge {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    double threshold = 1.0;  ///< Margin below which a sample is penalised (finite).

    template <class V>
    void visit(V&& v) {
      v("threshold", threshold);
    }

    /// Throws `std::invalid_argument("Hinge: threshold must be finite")`.
    void validate() const {
      if (!std::isfinite(threshold)) throw invalid_parameter("Hinge", "threshold", "finite");
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(threshold);
    }
  };

  static constexpr std::string_view name = "Hinge";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (threshold 1).
  Hinge() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit Hinge(const Params& params) : params_(params) { params_.validate(); }

  /// The loss for label `y_true` (1 = positive, 0 = negative) and raw score `y_pred`. Throws
  /// `InvalidInput` unless both are finite.
  double eval(double y_true, double y_pred) const {
    check(y_true, y_pred);
    const double y = y_true * 2.0 - 1.0;
    const double loss = params_.threshold - y * y_pred;
    return loss < 0.0 ? 0.0 : loss;
  }

  /// Derivative of the loss with respect to `y_pred`.
  double gradient(double y_true, double y_pred) const {
    check(y_true, y_pred);
    const double y = y_true * 2.0 - 1.0;
    return y * y_pred <= params_.threshold ? -y : 0.0;
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
    if (version > class_version) throw CheckpointError("Hinge: checkpoint from a newer version");
    ar(params_);
  }

  friend bool operator==(const Hinge&, const Hinge&) = default;

 private:
  static void check(double y_true, double y_pred) {
    require_finite(y_true, name, "y_true");
    require_finite(y_pred, name, "y_pred");
  }

  Params params_{};
};

}  // namespace streamwise::optim::losses

CEREAL_CLASS_VERSION(streamwise::optim::losses::Hinge,
                     streamwise::optim::losses::Hinge::class_version)
