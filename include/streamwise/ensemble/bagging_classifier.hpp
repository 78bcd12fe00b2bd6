#pragma once
/// @file
/// Online bagging for classification, River's `ensemble.BaggingClassifier`.

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
#include "streamwise/core/labels.hpp"
#include "streamwise/ensemble/detail/bagging_base.hpp"
#include "streamwise/ensemble/detail/bagging_members.hpp"

namespace streamwise::ensemble {

/// Oza and Russell's online bagging: `n_models` copies of an unfitted classifier; on each
/// sample, each member learns it `k` times with `k ~ Poisson(1)` (drawn member by member from
/// `random.Random(seed)` exactly as River draws them, so the same seed gives River's members).
/// Predictions sum the members' class probabilities and normalise them by their total.
///
/// `Model` is any `Classifier` (a linear model, naive Bayes, a Hoeffding tree, a `Pipeline`
/// ending in a classifier, `compose::AnyClassifier`...). Members that learn a growing set of
/// classes get their own class ids in the order they meet them (see `detail::MemberClasses`);
/// ids passed in and returned are always the ensemble's.
///
/// Members learn in parallel with OpenMP when `set_n_threads(n)` asks for more than one thread
/// (default 1; 0 = OpenMP's default). Every random number is drawn first, so the model is the
/// same whatever the thread count. Predicting uses scratch buffers: an ensemble is not safe to
/// use from two threads at once, even through `const` methods.
///
/// The accessors, prediction, `bind`, the thread knob, checkpoints and `==` come from
/// `detail::BaggingBase`.
///
/// ```cpp
/// using namespace streamwise;
/// ensemble::BaggingClassifier<naive_bayes::GaussianNB> model(naive_bayes::GaussianNB{},
///                                                           /*n_models=*/3, /*seed=*/42);
/// const double x[] = {1.0, 2.0};
/// model.learn_one(DenseView{x}, ClassId{0});
/// model.predict_one(DenseView{x});  // 0
/// ```
template <class Model>
requires compose::detail::classifier_step<Model>
class BaggingClassifier
    : public detail::BaggingBase<BaggingClassifier<Model>, Model,
                                 detail::BaggingParams<BaggingClassifier<Model>>> {
  using Base = detail::BaggingBase<BaggingClassifier<Model>, Model,
                                   detail::BaggingParams<BaggingClassifier<Model>>>;
  friend Base;

 public:
  static constexpr std::string_view name = "BaggingClassifier";
  static constexpr std::uint32_t class_version = 1;
  /// Hyper-parameters, River's names and defaults: `model` (the prototype's spec, filled in by
  /// the ensemble), `n_models = 10` (>= 1) and `seed = None`.
  using Params = typename Base::Params;

  /// Ten default-constructed members, unseeded (River's defaults).
  BaggingClassifier() : BaggingClassifier(Model{}, Params{}) {}
  /// Default-constructed prototype with `params` (validated).
  explicit BaggingClassifier(const Params& params) : BaggingClassifier(Model{}, params) {}
  /// Copies of `model` (pass it unfitted: copies keep any state it has) with `params`.
  explicit BaggingClassifier(Model model, const Params& params = Params{})
      : Base(std::move(model), params) {}
  /// Shorthand for `BaggingClassifier(model, Params{.n_models, .seed})`.
  BaggingClassifier(Model model, std::int64_t n_models, std::optional<std::int64_t> seed)
      : BaggingClassifier(std::move(model), Base::make_params(n_models, seed)) {}

  /// Learns `(x, y)` with weight `w`: each member learns it Poisson(1) times. Throws
  /// `InvalidInput`, ensemble unchanged (generator included), for an infinite value, a bad
  /// weight, or a class id the members refuse.
  void learn_one(DenseView x, ClassId y, double w = 1.0) { this->learn_checked(x, y, w); }

  /// Learns the rows of a row-major block (`n_cols` features per row, NaN = absent) in order:
  /// the same draws and the same model as `learn_one` on each row, but with one parallel region
  /// for the whole block, which is what makes threads pay when members are light. `y` holds one
  /// class per row; `w` is empty (weight 1) or one weight per row. Throws `InvalidInput`,
  /// ensemble unchanged, for a malformed block, an infinite value, a bad weight or a class id
  /// the members refuse.
  void learn_many(std::span<const double> data, std::size_t n_cols, std::span<const ClassId> y,
                  std::span<const double> w = {}) {
    const std::size_t n_rows = detail::check_block(data, n_cols, y.size(), w, name);
    bool new_class = false;
    for (ClassId c : y) {
      detail::require_class_id(c, name);
      new_class = new_class || this->members_.is_new_class(c);
    }
    this->all_or_nothing(new_class, [&] { this->learn_block_poisson(data, n_cols, y, w, n_rows); });
  }

 private:
  void learn_unchecked(DenseView x, ClassId y, double w) { this->learn_poisson(x, y, w); }
};

}  // namespace streamwise::ensemble

/// cereal's CEREAL_CLASS_VERSION for every `BaggingClassifier<Model>`.
namespace cereal::detail {
template <class Model>
struct Version<streamwise::ensemble::BaggingClassifier<Model>> {
  static std::uint32_t registerVersion() {
    using T = streamwise::ensemble::BaggingClassifier<Model>;
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(T)).hash_code(), T::class_version);
    return T::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
