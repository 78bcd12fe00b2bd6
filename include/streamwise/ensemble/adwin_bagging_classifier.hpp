#pragma once
/// @file
/// Online bagging with ADWIN change detection, River's `ensemble.ADWINBaggingClassifier`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <typeindex>
#include <utility>

#include <cereal/cereal.hpp>

#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/ensemble/detail/bagging_base.hpp"
#include "streamwise/ensemble/detail/bagging_members.hpp"

namespace streamwise::ensemble {

/// `BaggingClassifier` plus one ADWIN detector per member (Bifet et al., 2009). After the
/// members learn a sample (Poisson(1) times each, River's draws), each member predicts it and
/// its detector is updated; when a detector flags a drift, the member with the largest ADWIN
/// estimate is reset to the unfitted prototype and its detector to a fresh `ADWIN()`.
///
/// This follows River 0.26 to the letter, including what River feeds ADWIN: 1 when the member
/// is right (its accuracy, not its error), a change counting only when that estimate went up,
/// and the member with the highest estimate being the one replaced. A member that knows no
/// class yet counts as wrong. `n_replacements()` counts the resets (River keeps no count).
///
/// Members learn in parallel with OpenMP when `set_n_threads(n)` asks for more than one
/// thread (default 1); the result does not depend on the thread count.
///
/// The accessors, prediction, `bind`, the thread knob, checkpoints and `==` come from
/// `detail::BaggingBase`.
///
/// ```cpp
/// using namespace streamwise;
/// ensemble::ADWINBaggingClassifier<naive_bayes::GaussianNB> model(naive_bayes::GaussianNB{},
///                                                                /*n_models=*/3, /*seed=*/42);
/// const double x[] = {1.0, 2.0};
/// model.learn_one(DenseView{x}, ClassId{0});
/// model.predict_one(DenseView{x});  // 0
/// ```
template <class Model>
requires compose::detail::classifier_step<Model>
class ADWINBaggingClassifier
    : public detail::BaggingBase<ADWINBaggingClassifier<Model>, Model,
                                 detail::BaggingParams<ADWINBaggingClassifier<Model>>,
                                 detail::MemberDetectors> {
  using Base = detail::BaggingBase<ADWINBaggingClassifier<Model>, Model,
                                   detail::BaggingParams<ADWINBaggingClassifier<Model>>,
                                   detail::MemberDetectors>;
  friend Base;

 public:
  static constexpr std::string_view name = "ADWINBaggingClassifier";
  static constexpr std::uint32_t class_version = 1;
  /// Hyper-parameters, River's names and defaults: `model` (the prototype's spec, filled in by
  /// the ensemble), `n_models = 10` (>= 1) and `seed = None`.
  using Params = typename Base::Params;

  /// Ten default-constructed members, unseeded (River's defaults).
  ADWINBaggingClassifier() : ADWINBaggingClassifier(Model{}, Params{}) {}
  /// Default-constructed prototype with `params` (validated).
  explicit ADWINBaggingClassifier(const Params& params) : ADWINBaggingClassifier(Model{}, params) {}
  /// Copies of `model` (pass it unfitted: copies keep any state it has) with `params`.
  explicit ADWINBaggingClassifier(Model model, const Params& params = Params{})
      : Base(std::move(model), params) {
    this->extra_ = detail::MemberDetectors(this->size(), drift::ADWIN{});
  }
  /// Shorthand for `ADWINBaggingClassifier(model, Params{.n_models, .seed})`.
  ADWINBaggingClassifier(Model model, std::int64_t n_models, std::optional<std::int64_t> seed)
      : ADWINBaggingClassifier(std::move(model), Base::make_params(n_models, seed)) {}

  /// Learns `(x, y)` with weight `w`: each member learns it Poisson(1) times, then each
  /// detector sees its member's prediction, and one member may be reset (see the class). Throws
  /// `InvalidInput`, ensemble unchanged (generator included), for an infinite value, a bad
  /// weight, or a class id the members refuse.
  void learn_one(DenseView x, ClassId y, double w = 1.0) { this->learn_checked(x, y, w); }

  /// Member `i`'s detector.
  const drift::ADWIN& detector(std::size_t i) const { return this->extra_.detectors.at(i); }
  /// Number of members reset since the start.
  std::int64_t n_replacements() const { return this->extra_.n_replacements; }

 private:
  void learn_unchecked(DenseView x, ClassId y, double w) {
    auto counts = detail::prepare_counts(this->counts_, this->members_.size());
    for (auto& k : counts) k = python_poisson(1.0, this->members_.rng());
    this->members_.learn_classifier(x, y, w, counts, true);
    const auto predictions = this->members_.predictions();
    const bool change = this->extra_.update(
        [&](std::size_t i) { return std::optional<double>(predictions[i] == y ? 1.0 : 0.0); });
    if (change) this->extra_.replace_highest(this->members_, drift::ADWIN{});
  }
};

}  // namespace streamwise::ensemble

/// cereal's CEREAL_CLASS_VERSION for every `ADWINBaggingClassifier<Model>`.
namespace cereal::detail {
template <class Model>
struct Version<streamwise::ensemble::ADWINBaggingClassifier<Model>> {
  static std::uint32_t registerVersion() {
    using T = streamwise::ensemble::ADWINBaggingClassifier<Model>;
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(T)).hash_code(), T::class_version);
    return T::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
