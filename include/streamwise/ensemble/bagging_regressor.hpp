#pragma once
/// @file
/// Online bagging for regression, River's `ensemble.BaggingRegressor`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <typeindex>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
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
class BaggingRegressor {
 public:
  static constexpr std::string_view name = "BaggingRegressor";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are accepted when the members accept them.
  static constexpr bool accepts_nominal = compose::detail::accepts_nominal_of<Model>();

  /// Hyper-parameters, River's names and defaults.
  struct Params {
    /// The prototype's spec, filled in by the ensemble (the prototype itself is passed to the
    /// constructor; this field is ignored on input).
    compose::detail::SpecHolder model;
    std::int64_t n_models = 10;        ///< Number of members (>= 1).
    std::optional<std::int64_t> seed;  ///< Seed of `random.Random`; None = system entropy.

    template <class V>
    void visit(V&& v) {
      v("model", model);
      v("n_models", n_models);
      v("seed", seed);
    }
    /// Throws `std::invalid_argument("BaggingRegressor: n_models must be >= 1")`.
    void validate() const {
      if (n_models < 1) throw invalid_parameter(std::string(name), "n_models", ">= 1");
    }
    friend bool operator==(const Params&, const Params&) = default;
    /// The numeric fields (the prototype is saved by the ensemble).
    template <class Archive>
    void serialize(Archive& ar) {
      ar(n_models, seed);
    }
  };

  /// Ten default-constructed members, unseeded (River's defaults).
  BaggingRegressor() : BaggingRegressor(Model{}, Params{}) {}
  /// Default-constructed prototype with `params` (validated).
  explicit BaggingRegressor(const Params& params) : BaggingRegressor(Model{}, params) {}
  /// Copies of `model` (pass it unfitted: copies keep any state it has) with `params`.
  explicit BaggingRegressor(Model model, const Params& params = Params{})
      : params_(validated(params)),
        members_(std::move(model), static_cast<std::size_t>(params_.n_models), params_.seed) {
    params_.model = detail::prototype_spec(members_.prototype());
  }
  /// Shorthand for `BaggingRegressor(model, Params{.n_models, .seed})`.
  BaggingRegressor(Model model, std::int64_t n_models, std::optional<std::int64_t> seed)
      : BaggingRegressor(std::move(model), make_params(n_models, seed)) {}

  /// Learns `(x, y)` with weight `w`: each member learns it Poisson(1) times. Throws
  /// `InvalidInput`, ensemble unchanged, for an infinite value, a non-finite `y` or a bad
  /// weight.
  void learn_one(DenseView x, double y, double w = 1.0) {
    check_sample(x);
    require_finite(y, name, "y");
    require_weight(w, name);
    auto counts = detail::prepare_counts(counts_, members_.size());
    for (auto& k : counts) k = detail::poisson(1.0, members_.rng());
    members_.learn_regressor(x, y, w, counts);
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
    auto counts = detail::prepare_counts(counts_, n_rows * members_.size());
    for (auto& k : counts) k = detail::poisson(1.0, members_.rng());  // row by row, River's order
    members_.learn_block(n_rows, counts, [&](std::size_t r) {
      return std::tuple<DenseView, double, double>{DenseView{data.subspan(r * n_cols, n_cols)},
                                                   y[r], w.empty() ? 1.0 : w[r]};
    });
  }

  /// The mean of the members' predictions (River's `statistics.mean`). Throws `InvalidInput`
  /// for an infinite value.
  double predict_one(DenseView x) const {
    check_sample(x);
    return members_.predict_mean(x);
  }

  /// Forwards the input's `FeatureSpace` to the prototype and the members. It must outlive the
  /// ensemble (or the next `bind`); it is not saved in checkpoints (bind again after loading).
  void bind(const FeatureSpace* space) { members_.bind(space); }

  /// Number of members.
  std::size_t size() const { return members_.size(); }
  /// Member `i` (River's `model[i]`).
  const Model& operator[](std::size_t i) const { return members_.member(i); }
  /// The unfitted prototype (River's `model` parameter).
  const Model& model() const { return members_.prototype(); }

  /// Threads for learning: 1 (default) is sequential, 0 is OpenMP's default; ignored without
  /// OpenMP. Not a River parameter, not saved; results do not depend on it.
  void set_n_threads(int n) { members_.set_n_threads(n); }
  /// Threads for learning.
  int n_threads() const { return members_.n_threads(); }

  /// Hyper-parameters (with the prototype's spec as `model`).
  const Params& params() const { return params_; }

  /// Params, prototype, members and generator state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("BaggingRegressor: checkpoint from a newer version");
    }
    if constexpr (Archive::is_loading::value) {
      Params p = params_;
      ar(p);
      check_loaded(p);
      members_.load_from(ar, static_cast<std::size_t>(p.n_models));
      params_ = p;
      params_.model = detail::prototype_spec(members_.prototype());
    } else {
      ar(params_);
      members_.save_to(ar);
    }
  }

  /// Same params, prototype, members and generator state.
  friend bool operator==(const BaggingRegressor& a, const BaggingRegressor& b) {
    return a.params_ == b.params_ && a.members_ == b.members_;
  }

 private:
  static Params validated(const Params& p) {
    p.validate();
    return p;
  }
  static Params make_params(std::int64_t n_models, std::optional<std::int64_t> seed) {
    Params p;
    p.n_models = n_models;
    p.seed = seed;
    return p;
  }
  static void check_loaded(const Params& p) {
    try {
      p.validate();
    } catch (const std::invalid_argument& e) {
      throw CheckpointError(std::string("checkpoint holds invalid params: ") + e.what());
    }
  }
  static void check_sample(DenseView x) {
    if (!all_finite_values(x.values)) compose::detail::require_finite_sample(x, name);
  }

  Params params_;
  detail::MemberSet<Model> members_;
  std::vector<std::uint32_t> counts_;  // scratch: this sample's Poisson draws
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
