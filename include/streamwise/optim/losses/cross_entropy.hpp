#pragma once
/// @file
/// Multiclass cross-entropy loss, River's `optim.losses.CrossEntropy`.

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::optim::losses {

/// Cross-entropy over class probabilities, the multiclass generalisation of `Log`.
///
/// `y_pred` holds one probability per class id (the model's softmax output). The loss is
/// `-w[y] log(clamp(p[y]))` and its gradient for class `k` is `w[k] (clamp(p[k]) - [k == y])`,
/// where probabilities are clamped to [1e-15, 1 - 1e-15] and `w` is `class_weight` (1 for ids
/// past its end). `mean_func` is the (max-shifted) softmax that turns raw scores into
/// probabilities.
///
/// ```cpp
/// streamwise::optim::losses::CrossEntropy loss;
/// const double p[] = {0.29450637, 0.34216758, 0.36332605};
/// double g[3];
/// loss.gradient(0, p, g);  // {-0.70549363, 0.34216758, 0.36332605}
/// ```
class CrossEntropy {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Weight of each class id (finite, >= 0); ids past the end weigh 1. River's dict
    /// `class_weight` keyed by label becomes a vector keyed by class id; the default (empty)
    /// weighs every class 1.
    std::vector<double> class_weight{};

    /// Lists no field: a list of numbers is not a `ParamValue` yet, so `class_weight` is kept
    /// in checkpoints but not in specs (see docs/optim-losses.md).
    template <class V>
    void visit(V&&) {}

    /// Throws `std::invalid_argument("CrossEntropy: class_weight must be finite and >= 0")`.
    void validate() const {
      for (double w : class_weight) {
        if (!(std::isfinite(w) && w >= 0.0)) {
          throw invalid_parameter("CrossEntropy", "class_weight", "finite and >= 0");
        }
      }
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(class_weight);
    }
  };

  static constexpr std::string_view name = "CrossEntropy";
  static constexpr std::uint32_t class_version = 1;
  /// Probabilities are clamped to [proba_floor, 1 - proba_floor] before use, as River does.
  static constexpr double proba_floor = 1e-15;

  /// Every class weighs 1.
  CrossEntropy() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit CrossEntropy(const Params& params) : params_(params) { params_.validate(); }

  /// The loss for true class `y_true` given one probability per class id. A `y_true` past the
  /// end of `y_pred` (a class the model has not seen) gives -0.0, as River's sum over the
  /// predicted labels does. Throws `InvalidInput` if a probability is not finite.
  double eval(ClassId y_true, std::span<const double> y_pred) const {
    check(y_pred);
    double total = 0.0;
    if (y_true < y_pred.size()) total += weight(y_true) * std::log(clamp_proba(y_pred[y_true]));
    return -total;
  }

  /// Writes the derivative with respect to each class's probability into `out`
  /// (`out.size() == y_pred.size()`, and `y_true < y_pred.size()`: give an unseen class a
  /// probability of 0, as River does). Throws `InvalidInput` otherwise, or if a probability is
  /// not finite; `out` is untouched then.
  void gradient(ClassId y_true, std::span<const double> y_pred, std::span<double> out) const {
    check(y_pred);
    if (out.size() != y_pred.size()) {
      throw InvalidInput("CrossEntropy: gradient output has " + std::to_string(out.size()) +
                         " slots for " + std::to_string(y_pred.size()) + " classes");
    }
    if (y_true >= y_pred.size()) {
      throw InvalidInput("CrossEntropy: y_true " + std::to_string(y_true) +
                         " has no probability among " + std::to_string(y_pred.size()) + " classes");
    }
    for (std::size_t k = 0; k < y_pred.size(); ++k) {
      out[k] = weight(k) * (clamp_proba(y_pred[k]) - (k == y_true ? 1.0 : 0.0));
    }
  }

  /// Softmax of raw scores into `out` (`out.size() == y_pred.size()`), shifted by the maximum
  /// for stability, as River's `utils.math.softmax`. Throws `InvalidInput` for a size mismatch
  /// or a non-finite score.
  void mean_func(std::span<const double> y_pred, std::span<double> out) const {
    check(y_pred);
    if (out.size() != y_pred.size()) {
      throw InvalidInput("CrossEntropy: softmax output has " + std::to_string(out.size()) +
                         " slots for " + std::to_string(y_pred.size()) + " classes");
    }
    if (y_pred.empty()) return;
    double maximum = y_pred[0];
    for (double p : y_pred) maximum = p > maximum ? p : maximum;
    double total = 0.0;
    for (std::size_t k = 0; k < y_pred.size(); ++k) {
      out[k] = std::exp(y_pred[k] - maximum);
      total += out[k];
    }
    for (double& p : out) p /= total;
  }

  /// Weight of class `k` (1 for ids past the end of `class_weight`).
  double weight(std::size_t k) const {
    return k < params_.class_weight.size() ? params_.class_weight[k] : 1.0;
  }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: the parameters (there is no other state).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("CrossEntropy: checkpoint from a newer version");
    }
    ar(params_);
    try {
      params_.validate();
    } catch (const std::invalid_argument& e) {
      throw CheckpointError(e.what());
    }
  }

  friend bool operator==(const CrossEntropy&, const CrossEntropy&) = default;

 private:
  static double clamp_proba(double p) {
    constexpr double upper = 1.0 - proba_floor;
    const double below = upper < p ? upper : p;
    return proba_floor > below ? proba_floor : below;
  }

  static void check(std::span<const double> y_pred) {
    for (double p : y_pred) require_finite(p, name, "y_pred");
  }

  Params params_{};
};

}  // namespace streamwise::optim::losses

CEREAL_CLASS_VERSION(streamwise::optim::losses::CrossEntropy,
                     streamwise::optim::losses::CrossEntropy::class_version)
