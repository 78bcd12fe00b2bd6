#pragma once
/// @file
/// Online bagging with ADWIN change detection, River's `ensemble.ADWINBaggingClassifier`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
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
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/drift/adwin.hpp"
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
class ADWINBaggingClassifier {
 public:
  static constexpr std::string_view name = "ADWINBaggingClassifier";
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
    /// Throws `std::invalid_argument("ADWINBaggingClassifier: n_models must be >= 1")`.
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
  ADWINBaggingClassifier() : ADWINBaggingClassifier(Model{}, Params{}) {}
  /// Default-constructed prototype with `params` (validated).
  explicit ADWINBaggingClassifier(const Params& params) : ADWINBaggingClassifier(Model{}, params) {}
  /// Copies of `model` (pass it unfitted: copies keep any state it has) with `params`.
  explicit ADWINBaggingClassifier(Model model, const Params& params = Params{})
      : params_(validated(params)),
        members_(std::move(model), static_cast<std::size_t>(params_.n_models), params_.seed),
        detectors_(static_cast<std::size_t>(params_.n_models)) {
    params_.model = detail::prototype_spec(members_.prototype());
  }
  /// Shorthand for `ADWINBaggingClassifier(model, Params{.n_models, .seed})`.
  ADWINBaggingClassifier(Model model, std::int64_t n_models, std::optional<std::int64_t> seed)
      : ADWINBaggingClassifier(std::move(model), make_params(n_models, seed)) {}

  /// Learns `(x, y)` with weight `w`: each member learns it Poisson(1) times, then each
  /// detector sees its member's prediction, and one member may be reset (see the class). Throws
  /// `InvalidInput`, ensemble unchanged (generator included), for an infinite value, a bad
  /// weight, or a class id the members refuse.
  void learn_one(DenseView x, ClassId y, double w = 1.0) {
    check_sample(x);
    require_weight(w, name);
    detail::require_class_id(y, name);
    if (!members_.is_new_class(y)) {
      learn_unchecked(x, y, w);
      return;
    }
    const ADWINBaggingClassifier backup = *this;  // a new class may be refused by the members
    try {
      learn_unchecked(x, y, w);
    } catch (...) {
      *this = backup;
      throw;
    }
  }

  /// River's rule: the members' probabilities summed per class and divided by their total
  /// (classes no member knows get 0; `out.size() >= n_classes()`, extra slots get 0). Throws
  /// `InvalidInput` for an infinite value or a short `out`.
  void predict_proba_one(DenseView x, std::span<double> out) const {
    check_sample(x);
    members_.predict_proba(x, out, name);
  }

  /// The most probable class (River's tie rule: the first in the combined dict's order). 0
  /// before any member knows a class (River answers None: check `n_classes()` first).
  ClassId predict_one(DenseView x) const {
    check_sample(x);
    return members_.predict(x, name);
  }

  /// One more than the largest class id a member knows.
  std::size_t n_classes() const { return members_.n_classes(); }

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

  /// Member `i`'s detector.
  const drift::ADWIN& detector(std::size_t i) const { return detectors_.at(i); }
  /// Number of members reset since the start.
  std::int64_t n_replacements() const { return n_replacements_; }

  /// Params, prototype, members, class tables, generator state and detectors.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("ADWINBaggingClassifier: checkpoint from a newer version");
    }
    if constexpr (Archive::is_loading::value) {
      Params p = params_;
      ar(p);
      check_loaded(p);
      std::vector<drift::ADWIN> detectors;
      std::int64_t n_replacements = 0;
      auto members = members_;
      members.load_from(ar, static_cast<std::size_t>(p.n_models));
      ar(detectors, n_replacements);
      if (detectors.size() != members.size() || n_replacements < 0) {
        throw CheckpointError("ADWINBaggingClassifier: damaged detectors in checkpoint");
      }
      members_ = std::move(members);
      detectors_ = std::move(detectors);
      n_replacements_ = n_replacements;
      params_ = p;
      params_.model = detail::prototype_spec(members_.prototype());
    } else {
      ar(params_);
      members_.save_to(ar);
      ar(detectors_, n_replacements_);
    }
  }

  /// Same params, prototype, members, generator state and detectors.
  friend bool operator==(const ADWINBaggingClassifier& a, const ADWINBaggingClassifier& b) {
    return a.params_ == b.params_ && a.members_ == b.members_ && a.detectors_ == b.detectors_ &&
           a.n_replacements_ == b.n_replacements_;
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

  void learn_unchecked(DenseView x, ClassId y, double w) {
    auto counts = detail::prepare_counts(counts_, members_.size());
    for (auto& k : counts) k = detail::poisson(1.0, members_.rng());
    members_.learn_classifier(x, y, w, counts, true);
    const auto predictions = members_.predictions();
    bool change = false;
    for (std::size_t i = 0; i < detectors_.size(); ++i) {
      drift::ADWIN& d = detectors_[i];
      const double before = d.estimation();
      d.update(predictions[i] == y ? 1.0 : 0.0);
      if (d.drift_detected() && d.estimation() > before) change = true;
    }
    if (!change) return;
    std::size_t chosen = 0;
    for (std::size_t i = 1; i < detectors_.size(); ++i) {
      if (detectors_[i].estimation() > detectors_[chosen].estimation()) chosen = i;
    }
    members_.replace(chosen);
    detectors_[chosen] = drift::ADWIN{};
    ++n_replacements_;
  }

  Params params_;
  detail::MemberSet<Model> members_;
  std::vector<drift::ADWIN> detectors_;
  std::int64_t n_replacements_ = 0;
  std::vector<std::uint32_t> counts_;  // scratch: this sample's Poisson draws
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
