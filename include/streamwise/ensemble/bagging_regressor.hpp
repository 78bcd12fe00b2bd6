#pragma once
/// @file
/// Online bagging for regression, River's `ensemble.BaggingRegressor`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <typeindex>
#include <utility>

#include <cereal/cereal.hpp>

#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/ensemble/detail/bagging_base.hpp"
#include "streamwise/ensemble/detail/bagging_members.hpp"

namespace streamwise::ensemble {

/// Oza and Russell's online bagging for regression: `n_models` copies of an unfitted
/// regressor; on each sample, each member learns it `k` times with `k ~ Poisson(1)` (River's
/// draws from `random.Random(seed)`); the prediction is the mean of the members' predictions.
///
/// `Model` is any `Regressor` (a linear model, a `Pipeline` ending in a regressor,
/// `compose::AnyRegressor`, a Hoeffding tree regressor...). Members learn in parallel with
/// OpenMP when `set_n_threads(n)` asks for more than one thread (default 1); the result does not
/// depend on the thread count.
///
/// The accessors, `bind`, the thread knob, checkpoints and `==` come from
/// `detail::BaggingBase`.
///
/// ```cpp
/// using namespace streamwise;
/// ensemble::BaggingRegressor<linear_model::LinearRegression> model(
///     linear_model::LinearRegression{}, /*n_models=*/3, /*seed=*/42);
/// const double x[] = {1.0, 2.0};
/// model.learn_one(DenseView{x}, 3.0);
/// model.predict_one(DenseView{x});
/// ```
template <class Model>
requires compose::detail::regressor_step<Model>
class BaggingRegressor
    : public detail::BaggingBase<BaggingRegressor<Model>, Model,
                                 detail::BaggingParams<BaggingRegressor<Model>>> {
  using Base = detail::BaggingBase<BaggingRegressor<Model>, Model,
                                   detail::BaggingParams<BaggingRegressor<Model>>>;
  friend Base;

 public:
  static constexpr std::string_view name = "BaggingRegressor";
  static constexpr std::uint32_t class_version = 1;
  /// Hyper-parameters, River's names and defaults: `model` (the prototype's spec, filled in by
  /// the ensemble), `n_models = 10` (>= 1) and `seed = None`.
  using Params = typename Base::Params;

  /// Ten default-constructed members, unseeded (River's defaults).
  BaggingRegressor() : BaggingRegressor(Model{}, Params{}) {}
  /// Default-constructed prototype with `params` (validated).
  explicit BaggingRegressor(const Params& params) : BaggingRegressor(Model{}, params) {}
  /// Copies of `model` (pass it unfitted: copies keep any state it has) with `params`.
  explicit BaggingRegressor(Model model, const Params& params = Params{})
      : Base(std::move(model), params) {}
  /// Shorthand for `BaggingRegressor(model, Params{.n_models, .seed})`.
  BaggingRegressor(Model model, std::int64_t n_models, std::optional<std::int64_t> seed)
      : BaggingRegressor(std::move(model), Base::make_params(n_models, seed)) {}

  /// Learns `(x, y)` with weight `w`: each member learns it Poisson(1) times. Throws
  /// `InvalidInput`, ensemble unchanged, for an infinite value, a non-finite `y` or a bad
  /// weight.
  void learn_one(DenseView x, double y, double w = 1.0) {
    Base::check_sample(x);
    require_finite(y, name, "y");
    require_weight(w, name);
    this->learn_poisson(x, y, w);
  }

  /// Learns the rows of a row-major block (`n_cols` features per row, NaN = absent) in order:
  /// the same draws and the same model as `learn_one` on each row, but with one parallel region
  /// for the whole block, which is what makes threads pay when members are light. `y` holds one
  /// target per row; `w` is empty (weight 1) or one weight per row. Throws `InvalidInput`,
  /// ensemble unchanged, for a malformed block, an infinite value, a non-finite target or a bad
  /// weight.
  void learn_many(std::span<const double> data, std::size_t n_cols, std::span<const double> y,
                  std::span<const double> w = {}) {
    const std::size_t n_rows = detail::check_block(data, n_cols, y.size(), w, name);
    for (double yi : y) require_finite(yi, name, "y");
    this->learn_block_poisson(data, n_cols, y, w, n_rows);
  }

  /// The mean of the members' predictions (River's `statistics.mean`). Throws `InvalidInput`
  /// for an infinite value.
  double predict_one(DenseView x) const {
    Base::check_sample(x);
    return this->members_.predict_mean(x);
  }
};

}  // namespace streamwise::ensemble

/// cereal's CEREAL_CLASS_VERSION for every `BaggingRegressor<Model>`.
namespace cereal::detail {
template <class Model>
struct Version<streamwise::ensemble::BaggingRegressor<Model>> {
  static std::uint32_t registerVersion() {
    using T = streamwise::ensemble::BaggingRegressor<Model>;
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(T)).hash_code(), T::class_version);
    return T::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
