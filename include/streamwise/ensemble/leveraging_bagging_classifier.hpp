#pragma once
/// @file
/// Leveraging bagging, River's `ensemble.LeveragingBaggingClassifier`.

#include <array>
#include <cmath>
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

/// Leveraging bagging (Bifet, Holmes and Pfahringer, 2010): online bagging with more
/// re-sampling and one ADWIN detector per member on its error. Per sample, member by member,
/// the number of times it learns the sample is drawn by `bagging_method`:
/// - `"bag"`: Poisson(`w`);
/// - `"me"`: 1 if the member currently misclassifies the sample, else 1 with probability
///   `e / (1 - e)` where `e` is its detector's error estimate (no draw when `e == 1`);
/// - `"half"`: 0 or 1 with probability 1/2 (resampling without replacement for half the data);
/// - `"wt"`: 1 + Poisson(1);
/// - `"subag"`: 1 if Poisson(1) > 0 (subagging).
/// After learning, each member that knows a class predicts the sample and its detector gets 1
/// for an error; when a detector flags a drift whose estimate went up, the member with the
/// largest error estimate is reset to the prototype and its detector to a fresh
/// `ADWIN(delta=adwin_delta)`.
///
/// The draws are River's, from `random.Random(seed)`. River 0.26.1 crashes on `"me"` and
/// `"half"` (it calls `rng.rand()` and `rng.randint(2)`, left over from numpy); here `"me"`
/// draws `random()` and `"half"` draws `randrange(2)` and learns when it is 0, the evident
/// intent, and the reference data is made by River with exactly those calls patched in.
///
/// Members learn in parallel with OpenMP when `set_n_threads(n)` asks for more than one
/// thread (default 1); the result does not depend on the thread count.
///
/// ```cpp
/// using namespace streamwise;
/// ensemble::LeveragingBaggingClassifier<naive_bayes::GaussianNB>::Params params;
/// params.n_models = 3;
/// params.seed = 42;
/// ensemble::LeveragingBaggingClassifier<naive_bayes::GaussianNB> model(
///     naive_bayes::GaussianNB{}, params);
/// const double x[] = {1.0, 2.0};
/// model.learn_one(DenseView{x}, ClassId{0});
/// model.predict_one(DenseView{x});  // 0
/// ```
template <class Model>
requires compose::detail::classifier_step<Model>
class LeveragingBaggingClassifier {
 public:
  static constexpr std::string_view name = "LeveragingBaggingClassifier";
  static constexpr std::uint32_t class_version = 1;
  /// River's valid `bagging_method` values.
  static constexpr std::array<std::string_view, 5> bagging_methods = {"bag", "me", "half", "wt",
                                                                      "subag"};
  /// Nominal codes are accepted when the members accept them.
  static constexpr bool accepts_nominal = compose::detail::accepts_nominal_of<Model>();

  /// Hyper-parameters, River's names and defaults.
  struct Params {
    /// The prototype's spec, filled in by the ensemble (the prototype itself is passed to the
    /// constructor; this field is ignored on input).
    compose::detail::SpecHolder model;
    std::int64_t n_models = 10;          ///< Number of members (>= 1).
    double w = 6.0;                      ///< Rate of the Poisson draws of `"bag"` (> 0).
    double adwin_delta = 0.002;          ///< `delta` of the members' ADWIN, in (0, 1).
    std::string bagging_method = "bag";  ///< One of bag, me, half, wt, subag.
    std::optional<std::int64_t> seed;    ///< Seed of `random.Random`; None = system entropy.

    template <class V>
    void visit(V&& v) {
      v("model", model);
      v("n_models", n_models);
      v("w", w);
      v("adwin_delta", adwin_delta);
      v("bagging_method", bagging_method);
      v("seed", seed);
    }
    /// Throws `std::invalid_argument("LeveragingBaggingClassifier: <param> must be ...")`.
    void validate() const {
      if (n_models < 1) throw invalid_parameter(std::string(name), "n_models", ">= 1");
      if (!(w > 0.0) || !std::isfinite(w)) {
        throw invalid_parameter(std::string(name), "w", "finite and > 0");
      }
      if (!(adwin_delta > 0.0 && adwin_delta < 1.0)) {
        throw invalid_parameter(std::string(name), "adwin_delta", "in (0, 1)");
      }
      (void)method_of(bagging_method);
    }
    friend bool operator==(const Params&, const Params&) = default;
    /// The numeric fields (the prototype is saved by the ensemble).
    template <class Archive>
    void serialize(Archive& ar) {
      ar(n_models, w, adwin_delta, bagging_method, seed);
    }
  };

  /// Ten default-constructed members, unseeded (River's defaults).
  LeveragingBaggingClassifier() : LeveragingBaggingClassifier(Model{}, Params{}) {}
  /// Default-constructed prototype with `params` (validated).
  explicit LeveragingBaggingClassifier(const Params& params)
      : LeveragingBaggingClassifier(Model{}, params) {}
  /// Copies of `model` (pass it unfitted: copies keep any state it has) with `params`.
  explicit LeveragingBaggingClassifier(Model model, const Params& params = Params{})
      : params_(validated(params)),
        members_(std::move(model), static_cast<std::size_t>(params_.n_models), params_.seed),
        detectors_(static_cast<std::size_t>(params_.n_models), fresh_detector(params_)),
        method_(method_of(params_.bagging_method)) {
    params_.model = detail::prototype_spec(members_.prototype());
  }
  /// Shorthand for `LeveragingBaggingClassifier(model, Params{.n_models, .seed})`.
  LeveragingBaggingClassifier(Model model, std::int64_t n_models, std::optional<std::int64_t> seed)
      : LeveragingBaggingClassifier(std::move(model), make_params(n_models, seed)) {}

  /// Learns `(x, y)` with weight `w`: each member learns it as many times as `bagging_method`
  /// draws, then each detector sees its member's error, and one member may be reset (see the
  /// class). Throws
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
    const LeveragingBaggingClassifier backup = *this;  // a new class may be refused by the members
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
  /// Number of changes detected, i.e. members reset (River's `n_detected_changes`).
  std::int64_t n_detected_changes() const { return n_replacements_; }

  /// Params, prototype, members, class tables, generator state and detectors.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("LeveragingBaggingClassifier: checkpoint from a newer version");
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
        throw CheckpointError("LeveragingBaggingClassifier: damaged detectors in checkpoint");
      }
      members_ = std::move(members);
      detectors_ = std::move(detectors);
      n_replacements_ = n_replacements;
      params_ = p;
      method_ = method_of(p.bagging_method);
      params_.model = detail::prototype_spec(members_.prototype());
    } else {
      ar(params_);
      members_.save_to(ar);
      ar(detectors_, n_replacements_);
    }
  }

  /// Same params, prototype, members, generator state and detectors.
  friend bool operator==(const LeveragingBaggingClassifier& a,
                         const LeveragingBaggingClassifier& b) {
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

  enum class Method { bag, me, half, wt, subag };

  static Method method_of(const std::string& m) {
    for (std::size_t i = 0; i < bagging_methods.size(); ++i) {
      if (m == bagging_methods[i]) return static_cast<Method>(i);
    }
    throw invalid_parameter(std::string(name), "bagging_method", "one of bag, me, half, wt, subag");
  }

  static drift::ADWIN fresh_detector(const Params& p) {
    drift::ADWIN::Params dp;
    dp.delta = p.adwin_delta;
    return drift::ADWIN(dp);
  }

  // River's `_bagging_fct` for member `i`; `current` is the member's prediction before it learns
  // (used by "me" only).
  std::uint32_t draw(std::size_t i, ClassId y, ClassId current) {
    PythonRandom& rng = members_.rng();
    switch (method_) {
      case Method::bag:
        return detail::poisson(params_.w, rng);
      case Method::me: {
        if (current != y) return 1;
        const double error = detectors_[i].estimation();
        return error != 1.0 && rng.random() < error / (1.0 - error) ? 1 : 0;
      }
      case Method::half:
        return rng.randbelow(2) == 0 ? 1 : 0;
      case Method::wt:
        return 1 + detail::poisson(1.0, rng);
      case Method::subag:
        return detail::poisson(1.0, rng) > 0 ? 1 : 0;
    }
    return 0;
  }

  void learn_unchecked(DenseView x, ClassId y, double w) {
    auto counts = detail::prepare_counts(counts_, members_.size());
    for (std::size_t i = 0; i < counts.size(); ++i) {
      const ClassId current =
          method_ == Method::me ? members_.member_prediction(i, x) : detail::no_class;
      counts[i] = draw(i, y, current);
    }
    members_.learn_classifier(x, y, w, counts, true);
    const auto predictions = members_.predictions();
    bool change = false;
    for (std::size_t i = 0; i < detectors_.size(); ++i) {
      if (predictions[i] == detail::no_class) continue;  // River skips None
      drift::ADWIN& d = detectors_[i];
      const double before = d.estimation();
      d.update(predictions[i] != y ? 1.0 : 0.0);
      if (d.drift_detected() && d.estimation() > before) change = true;
    }
    if (!change) return;
    std::size_t worst = 0;
    for (std::size_t i = 1; i < detectors_.size(); ++i) {
      if (detectors_[i].estimation() > detectors_[worst].estimation()) worst = i;
    }
    members_.replace(worst);
    detectors_[worst] = fresh_detector(params_);
    ++n_replacements_;
  }

  Params params_;
  detail::MemberSet<Model> members_;
  std::vector<drift::ADWIN> detectors_;
  Method method_ = Method::bag;
  std::int64_t n_replacements_ = 0;    // River's n_detected_changes
  std::vector<std::uint32_t> counts_;  // scratch: this sample's Poisson draws
};

}  // namespace streamwise::ensemble

/// cereal's CEREAL_CLASS_VERSION for every `LeveragingBaggingClassifier<Model>`.
namespace cereal::detail {
template <class Model>
struct Version<streamwise::ensemble::LeveragingBaggingClassifier<Model>> {
  static std::uint32_t registerVersion() {
    using T = streamwise::ensemble::LeveragingBaggingClassifier<Model>;
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(T)).hash_code(), T::class_version);
    return T::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
