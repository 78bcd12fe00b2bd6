#pragma once
/// @file
/// Standard scaling of the target around a regressor, River's
/// `preprocessing.TargetStandardScaler`.

#include <cmath>
#include <cstdint>
#include <string_view>
#include <typeindex>
#include <utility>

#include <cereal/cereal.hpp>

#include "streamwise/core/concepts.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/var.hpp"

namespace streamwise::preprocessing {

/// Wraps a regressor so that it learns a standardised target: each `learn_one(x, y)` first
/// updates the running mean and sample variance of `y` (River's `stats.Var`, ddof = 1), then
/// trains the regressor on `(y - mean) / std` (0 while the standard deviation is 0).
/// `predict_one` maps the regressor's answer back: `pred * std + mean` (0 before any learning).
///
/// River's wrapper takes no sample weight; here `w` weights both the target statistics and the
/// regressor's update, so `w = 1` gives River's answers.
///
/// ```cpp
/// using streamwise::linear_model::BayesianLinearRegression;
/// streamwise::preprocessing::TargetStandardScaler<BayesianLinearRegression> model;
/// std::vector<double> x{1.0, 2.0};
/// model.learn_one({x}, 120.0);
/// double y = model.predict_one({x});  // in the target's own units
/// ```
template <Regressor R>
class TargetStandardScaler {
 public:
  /// Hyper-parameters: the wrapped regressor (River's only parameter), held by value. It is the
  /// live model: `params().regressor` is the regressor being trained.
  struct Params {
    /// Regression model to wrap.
    R regressor{};

    /// Lists every field for reflection (the regressor appears as a nested spec).
    template <class V>
    void visit(V&& v) {
      v("regressor", regressor);
    }
    /// The regressor validated its own parameters when it was built.
    void validate() const {}
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(regressor);
    }
  };

  static constexpr std::string_view name = "TargetStandardScaler";
  static constexpr std::uint32_t class_version = 1;
  /// Whatever the wrapped regressor accepts.
  static constexpr bool accepts_nominal = [] {
    if constexpr (requires { R::accepts_nominal; }) {
      return static_cast<bool>(R::accepts_nominal);
    } else {
      return true;
    }
  }();

  /// Wraps a default-constructed regressor.
  TargetStandardScaler() = default;
  /// Wraps `params.regressor` (copied, in whatever state it is).
  explicit TargetStandardScaler(const Params& params) : params_((params.validate(), params)) {}
  /// Wraps `regressor`.
  explicit TargetStandardScaler(R regressor) : params_{std::move(regressor)} {}

  /// Updates the target statistics with `y` (weight `w`), then trains the regressor on the
  /// scaled target. Throws `InvalidInput` for a non-finite `y` or a bad weight; if the regressor
  /// rejects the sample, the statistics are restored, so the whole model is unchanged.
  void learn_one(DenseView x, double y, double w = 1.0) {
    require_finite(y, name, "y");
    require_weight(w, name);
    const stats::Var saved = var_;
    var_.update(y, w);
    try {
      params_.regressor.learn_one(x, scale(y), w);
    } catch (...) {
      var_ = saved;
      throw;
    }
  }

  /// The regressor's prediction mapped back to the target's units.
  double predict_one(DenseView x) const {
    return params_.regressor.predict_one(x) * std::sqrt(var_.get()) + var_.mean().get();
  }

  /// The scaled value of target `y` under the current statistics (River's `_scale`).
  double scale(double y) const {
    const double sd = std::sqrt(var_.get());
    return sd != 0.0 ? (y - var_.mean().get()) / sd : 0.0;
  }
  /// The running statistics of the target (River's `var`).
  const stats::Var& var() const { return var_; }
  /// The wrapped regressor.
  const R& regressor() const { return params_.regressor; }

  /// Hyper-parameters (the wrapped regressor).
  const Params& params() const { return params_; }

  /// Saves or loads the regressor (parameters and state) and the target statistics.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("TargetStandardScaler: checkpoint from a newer version");
    }
    ar(params_, var_);
    if constexpr (Archive::is_loading::value) {
      if (var_.params().ddof != 1 || !std::isfinite(var_.get()) || var_.get() < 0.0 ||
          !std::isfinite(var_.mean().get())) {
        throw CheckpointError("TargetStandardScaler: invalid target statistics in checkpoint");
      }
    }
  }

  friend bool operator==(const TargetStandardScaler&, const TargetStandardScaler&) = default;

 private:
  Params params_{};
  stats::Var var_{};
};

}  // namespace streamwise::preprocessing

// CEREAL_CLASS_VERSION for every TargetStandardScaler<R> (the macro only takes a concrete type).
namespace cereal::detail {
template <class R>
struct Version<streamwise::preprocessing::TargetStandardScaler<R>> {
  static std::uint32_t registerVersion() {
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(streamwise::preprocessing::TargetStandardScaler<R>)).hash_code(),
        streamwise::preprocessing::TargetStandardScaler<R>::class_version);
    return streamwise::preprocessing::TargetStandardScaler<R>::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
