#pragma once
/// @file
/// The code River's four bagging ensembles share around their `MemberSet`: the `n_models` /
/// `seed` parameters, the constructors' plumbing, the checks on samples, the all-or-nothing
/// learning of a new class, prediction, accessors, the thread knob, checkpoints and equality.
/// `BaggingClassifier`, `BaggingRegressor`, `ADWINBaggingClassifier` and
/// `LeveragingBaggingClassifier` derive from `BaggingBase` (CRTP) and add their own draws.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/ensemble/detail/bagging_members.hpp"

namespace streamwise::ensemble::detail {

/// Hyper-parameters, River's names and defaults (`Owner::Params` of `BaggingClassifier`,
/// `BaggingRegressor` and `ADWINBaggingClassifier`).
template <class Owner>
struct BaggingParams {
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
  /// Throws `std::invalid_argument("<Owner::name>: n_models must be >= 1")`.
  void validate() const {
    if (n_models < 1) throw invalid_parameter(std::string(Owner::name), "n_models", ">= 1");
  }
  friend bool operator==(const BaggingParams&, const BaggingParams&) = default;
  /// The numeric fields (the prototype is saved by the ensemble).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(n_models, seed);
  }
};

/// No state beyond the members (plain bagging).
struct NoExtraState {
  template <class Archive>
  void save_to(Archive&) const {}
  template <class Archive>
  void load_from(Archive&, std::size_t, std::string_view) {}
  friend bool operator==(const NoExtraState&, const NoExtraState&) = default;
};

/// One ADWIN detector per member and the number of members reset so far (ADWIN bagging and
/// leveraging bagging).
struct MemberDetectors {
  std::vector<drift::ADWIN> detectors;
  std::int64_t n_replacements = 0;

  MemberDetectors() = default;
  /// `n` copies of `fresh`.
  MemberDetectors(std::size_t n, const drift::ADWIN& fresh) : detectors(n, fresh) {}

  /// Feeds detector `i` the value `signal(i)` (an `std::optional<double>`; members for which it
  /// is empty are skipped). True when a detector flagged a drift whose estimate went up.
  template <class Signal>
  bool update(Signal&& signal) {
    bool change = false;
    for (std::size_t i = 0; i < detectors.size(); ++i) {
      const std::optional<double> value = signal(i);
      if (!value) continue;
      drift::ADWIN& d = detectors[i];
      const double before = d.estimation();
      d.update(*value);
      if (d.drift_detected() && d.estimation() > before) change = true;
    }
    return change;
  }

  /// Resets the member whose detector has the highest estimate (the first on ties) to the
  /// prototype and its detector to `fresh`; counts the reset.
  template <class Model>
  void replace_highest(MemberSet<Model>& members, const drift::ADWIN& fresh) {
    std::size_t chosen = 0;
    for (std::size_t i = 1; i < detectors.size(); ++i) {
      if (detectors[i].estimation() > detectors[chosen].estimation()) chosen = i;
    }
    members.replace(chosen);
    detectors[chosen] = fresh;
    ++n_replacements;
  }

  template <class Archive>
  void save_to(Archive& ar) const {
    ar(detectors, n_replacements);
  }
  /// Reads what `save_to` wrote for `n` members; throws `CheckpointError` naming `owner`.
  template <class Archive>
  void load_from(Archive& ar, std::size_t n, std::string_view owner) {
    MemberDetectors loaded;
    ar(loaded.detectors, loaded.n_replacements);
    if (loaded.detectors.size() != n || loaded.n_replacements < 0) {
      throw CheckpointError(std::string(owner) + ": damaged detectors in checkpoint");
    }
    *this = std::move(loaded);
  }
  friend bool operator==(const MemberDetectors&, const MemberDetectors&) = default;
};

/// The shared half of a bagging ensemble `Derived` (CRTP) over members `Model`, with
/// hyper-parameters `P` (holding at least `model`, `n_models` and `seed`) and extra saved
/// state `Extra` (`NoExtraState` or `MemberDetectors`).
///
/// `Derived` provides `name`, `class_version`, `learn_unchecked(x, y, w)` (classifiers: draws
/// and learning once the sample is checked) and may provide `on_params_loaded()` (called after
/// a checkpoint is read).
template <class Derived, class Model, class P, class Extra = NoExtraState>
class BaggingBase {
 public:
  /// Hyper-parameters, River's names and defaults.
  using Params = P;
  /// Nominal codes are accepted when the members accept them.
  static constexpr bool accepts_nominal = compose::detail::accepts_nominal_of<Model>();
  /// The members are classifiers (else regressors).
  static constexpr bool is_classifier = compose::detail::classifier_step<Model>;

  /// River's rule: the members' probabilities summed per class and divided by their total
  /// (classes no member knows get 0; `out.size() >= n_classes()`, extra slots get 0). Throws
  /// `InvalidInput` for an infinite value or a short `out`.
  void predict_proba_one(DenseView x, std::span<double> out) const requires is_classifier {
    check_sample(x);
    members_.predict_proba(x, out, Derived::name);
  }

  /// The most probable class (River's tie rule: the first in the combined dict's order). 0
  /// before any member knows a class (River answers None: check `n_classes()` first).
  ClassId predict_one(DenseView x) const requires is_classifier {
    check_sample(x);
    return members_.predict(x, Derived::name);
  }

  /// One more than the largest class id a member knows.
  std::size_t n_classes() const requires is_classifier { return members_.n_classes(); }

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

  /// Params, prototype, members, class tables, generator state (and detectors, for the
  /// ensembles that have them).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > Derived::class_version) {
      throw CheckpointError(std::string(Derived::name) + ": checkpoint from a newer version");
    }
    if constexpr (Archive::is_loading::value) {
      Params p = params_;
      ar(p);
      check_loaded(p);
      auto members = members_;
      members.load_from(ar, static_cast<std::size_t>(p.n_models));
      Extra extra;
      extra.load_from(ar, members.size(), Derived::name);
      members_ = std::move(members);
      extra_ = std::move(extra);
      params_ = p;
      params_.model = prototype_spec(members_.prototype());
      if constexpr (requires(Derived & d) { d.on_params_loaded(); }) self().on_params_loaded();
    } else {
      ar(params_);
      members_.save_to(ar);
      extra_.save_to(ar);
    }
  }

  /// Same params, prototype, members and generator state (and detectors).
  friend bool operator==(const BaggingBase& a, const BaggingBase& b) {
    return a.params_ == b.params_ && a.members_ == b.members_ && a.extra_ == b.extra_;
  }

 protected:
  /// Copies of `model` with `params` (validated; throws `std::invalid_argument`).
  BaggingBase(Model model, const Params& params)
      : params_(validated(params)),
        members_(std::move(model), static_cast<std::size_t>(params_.n_models), params_.seed) {
    params_.model = prototype_spec(members_.prototype());
  }

  /// Default params with `n_models` and `seed` (the shorthand constructors).
  static Params make_params(std::int64_t n_models, std::optional<std::int64_t> seed) {
    Params p;
    p.n_models = n_models;
    p.seed = seed;
    return p;
  }

  /// Throws `InvalidInput` naming the offending feature when `x` holds an infinite value.
  static void check_sample(DenseView x) {
    if (!all_finite_values(x.values)) compose::detail::require_finite_sample(x, Derived::name);
  }

  /// Checks `(x, y, w)` then calls `Derived::learn_unchecked`; when `y` is a new class (which a
  /// member may refuse) the ensemble is restored if that throws.
  void learn_checked(DenseView x, ClassId y, double w) requires is_classifier {
    check_sample(x);
    require_weight(w, Derived::name);
    require_class_id(y, Derived::name);
    all_or_nothing(members_.is_new_class(y), [&] { self().learn_unchecked(x, y, w); });
  }

  /// Runs `learn()`; with `guard`, restores the whole ensemble if it throws.
  template <class Learn>
  void all_or_nothing(bool guard, Learn&& learn) {
    if (!guard) {
      learn();
      return;
    }
    const Derived backup = self();
    try {
      learn();
    } catch (...) {
      self() = backup;
      throw;
    }
  }

  /// Poisson(1) draws for every member, then the members learn `(x, y, w)` (plain bagging).
  template <class Y>
  void learn_poisson(DenseView x, Y y, double w) {
    auto counts = prepare_counts(counts_, members_.size());
    for (auto& k : counts) k = python_poisson(1.0, members_.rng());
    if constexpr (is_classifier) {
      members_.learn_classifier(x, y, w, counts, false);
    } else {
      members_.learn_regressor(x, y, w, counts);
    }
  }

  /// `learn_poisson` over the rows of a checked block, in one parallel region.
  template <class Y>
  void learn_block_poisson(std::span<const double> data, std::size_t n_cols, std::span<const Y> y,
                           std::span<const double> w, std::size_t n_rows) {
    auto counts = prepare_counts(counts_, n_rows * members_.size());
    for (auto& k : counts) k = python_poisson(1.0, members_.rng());  // row by row, River's order
    members_.learn_block(n_rows, counts, [&](std::size_t r) {
      return std::tuple<DenseView, Y, double>{DenseView{data.subspan(r * n_cols, n_cols)}, y[r],
                                              w.empty() ? 1.0 : w[r]};
    });
  }

  Params params_;
  MemberSet<Model> members_;
  Extra extra_;
  std::vector<std::uint32_t> counts_;  // scratch: this sample's draws

 private:
  static Params validated(const Params& p) {
    p.validate();
    return p;
  }
  static void check_loaded(const Params& p) {
    try {
      p.validate();
    } catch (const std::invalid_argument& e) {
      throw CheckpointError(std::string("checkpoint holds invalid params: ") + e.what());
    }
  }
  Derived& self() { return static_cast<Derived&>(*this); }
};

}  // namespace streamwise::ensemble::detail
