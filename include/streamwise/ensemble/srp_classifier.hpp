#pragma once
/// @file
/// Streaming random patches for classification, River's `ensemble.SRPClassifier`.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/python_random.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/ensemble/detail/bagging_members.hpp"
#include "streamwise/ensemble/detail/srp_subspaces.hpp"
#include "streamwise/forest/detail/forest_common.hpp"
#include "streamwise/tree/hoeffding_tree_classifier.hpp"

namespace streamwise::ensemble {

namespace detail {
/// SRP's default member: River's `HoeffdingTreeClassifier(grace_period=50, delta=0.01)` when
/// `Model` is the default tree, `Model{}` otherwise.
template <class Model>
Model srp_default_model() {
  if constexpr (std::is_same_v<Model, tree::HoeffdingTreeClassifier<>>) {
    typename Model::Params p;
    p.grace_period = 50;
    p.delta = 0.01;
    return Model(p);
  } else {
    return Model{};
  }
}
}  // namespace detail

/// Streaming random patches (Gomes, Read and Bifet 2019), following River 0.26's
/// `ensemble.SRPClassifier`.
///
/// `n_models` copies of a classifier (by default a Hoeffding tree with `grace_period = 50`,
/// `delta = 0.01`) each see a feature subspace ("subspaces", "patches") and / or learn every
/// sample Poisson(`lam`) times ("resampling", "patches"). Subspaces are drawn when the first
/// sample arrives: with at most 20 features (or a size below 2) the first `n_models`
/// combinations of that size in lexicographic order (cycled), otherwise random subsets; they
/// are then dealt to the members in a shuffled order. A subspace size of 0 or of every feature
/// falls back to "resampling".
///
/// Each member tracks its accuracy (predictions before learning) and, after learning, feeds its
/// 0/1 error to a warning and a drift detector (ADWIN, deltas 1e-4 and 1e-5): a warning starts
/// a background learner on a fresh random subspace of the same size, a drift swaps it in (or,
/// without one, restarts the member on a fresh random subspace). `disable_detector` turns off
/// the background learners ("warning") or both detectors ("drift"). Predictions add the members'
/// class probabilities, each weighted by its accuracy unless `disable_weighted_vote` (or while
/// it is 0), and normalise.
///
/// Randomness. `random.Random(seed)` draws the subspaces, their shuffle and, per sample, the
/// `n_models` Poisson counts before any member learns; each member slot has its own
/// Python-compatible generator (seeded from `seed` and the slot) for the subspaces it draws at
/// warnings and drifts. Members therefore learn in parallel (OpenMP, `set_n_threads`) with a
/// result identical for any thread count. River shares one generator, so runs with a warning or
/// drift are not River's draw for draw: tests/data/ensemble/srp checks every step against
/// River's code driven with this layout, and River's own accuracy within 1 point.
///
/// Classes are ids in order of first appearance (the next new class must be `n_classes()`);
/// ties go to the lowest id, River's rule when labels are those ids. Missing features are NaN:
/// a feature missing from the first sample is in no subspace. Members see their subspace as a
/// gathered dense sample, so nominal features are not supported (no `bind`). River's sample
/// weight is ignored by SRP, so `w` must be 1. The accuracy metric is fixed (River's default).
///
/// ```cpp
/// streamwise::ensemble::SRPClassifier<> model({.n_models = 5, .seed = 42});
/// const double x[] = {0.3, 1.2, 5.0};
/// streamwise::ClassId guess = model.predict_one({x});  // test...
/// model.learn_one({x}, 0);                               // ...then train
/// ```
template <class Model = tree::HoeffdingTreeClassifier<>>
requires compose::detail::classifier_step<Model>
class SRPClassifier {
 public:
  static constexpr std::string_view name = "SRPClassifier";
  static constexpr std::uint32_t class_version = 1;
  /// Members see gathered subspaces: nominal codes are not supported.
  static constexpr bool accepts_nominal = false;

  /// Hyper-parameters: River's names and defaults.
  struct Params {
    /// The prototype's spec, filled in by the ensemble (ignored on input).
    compose::detail::SpecHolder model{};
    std::int64_t n_models = 10;  ///< Members (1 ..= 100000).
    /// "sqrt", "rmsqrt", an integer > 2 ("5") or a real in (0, 1] ("0.6").
    std::string subspace_size = "0.6";
    std::string training_method = "patches";  ///< "subspaces", "resampling" or "patches".
    double lam = 6.0;                         ///< Poisson rate of the resampling counts.
    drift::ADWIN drift_detector = drift::ADWIN(drift::ADWIN::Params{.delta = 1e-5});
    drift::ADWIN warning_detector = drift::ADWIN(drift::ADWIN::Params{.delta = 1e-4});
    std::string disable_detector = "off";  ///< "off", "drift" or "warning".
    bool disable_weighted_vote = false;    ///< Plain (unweighted) vote.
    std::optional<std::int64_t> seed{};    ///< Seed of `random.Random`; None draws one.

    template <class V>
    void visit(V&& v) {
      v("model", model);
      v("n_models", n_models);
      v("subspace_size", subspace_size);
      v("training_method", training_method);
      v("lam", lam);
      v("drift_detector", drift_detector);
      v("warning_detector", warning_detector);
      v("disable_detector", disable_detector);
      v("disable_weighted_vote", disable_weighted_vote);
      v("seed", seed);
    }

    /// Throws `std::invalid_argument` ("SRPClassifier: lam must be in (0, 700]").
    void validate() const {
      constexpr const char* who = "SRPClassifier";
      if (n_models < 1 || n_models > 100000) {
        throw invalid_parameter(who, "n_models", "in [1, 100000]");
      }
      if (!detail::srp_subspace_size_valid(subspace_size)) {
        throw invalid_parameter(who, "subspace_size",
                                "\"sqrt\", \"rmsqrt\", an integer > 2 or a real in (0, 1]");
      }
      if (training_method != "subspaces" && training_method != "resampling" &&
          training_method != "patches") {
        throw invalid_parameter(who, "training_method",
                                "\"subspaces\", \"resampling\" or \"patches\"");
      }
      if (!(lam > 0.0) || !std::isfinite(lam) || lam > 700.0) {
        throw invalid_parameter(who, "lam", "in (0, 700]");
      }
      drift_detector.params().validate();
      warning_detector.params().validate();
      if (disable_detector != "off" && disable_detector != "drift" &&
          disable_detector != "warning") {
        throw invalid_parameter(who, "disable_detector", "\"off\", \"drift\" or \"warning\"");
      }
    }

    friend bool operator==(const Params&, const Params&) = default;

    /// Every field but `model` (the ensemble saves the prototype itself).
    template <class Archive>
    void serialize(Archive& ar) {
      ar(n_models, subspace_size, training_method, lam, drift_detector, warning_detector,
         disable_detector, disable_weighted_vote, seed);
    }
  };

  /// One learner (River's `BaseSRPClassifier` without its detectors): a model, its class table,
  /// its subspace and the sample count when it was created.
  struct Learner {
    Model model;                          ///< The member model.
    detail::MemberClasses classes;        ///< Member class ids <-> ensemble ids.
    std::vector<std::uint32_t> features;  ///< Subspace (feature indices, in River's order).
    bool all_features = true;             ///< No subspace: every feature (River's `None`).
    std::int64_t created_on = 0;          ///< Samples seen by the ensemble at creation.

    template <class Archive>
    void serialize(Archive& ar) {
      ar(model, classes, features, all_features, created_on);
    }
    friend bool operator==(const Learner&, const Learner&) = default;
  };

  /// One member slot: the learner, its background learner, detectors, accuracy and generator.
  struct Member {
    Learner learner;                      ///< The voting learner.
    std::optional<Learner> background;    ///< Started at the last warning, if any.
    std::optional<drift::ADWIN> warning;  ///< Warning detector (None when disabled).
    std::optional<drift::ADWIN> drift;    ///< Drift detector (None when disabled).
    double n_correct = 0.0;               ///< Accuracy numerator since the last reset.
    double n_seen = 0.0;                  ///< Accuracy denominator since the last reset.
    PythonRandom rng{0};                  ///< The slot's generator (new subspaces).
    std::int64_t n_warnings = 0;          ///< Warnings detected.
    std::int64_t n_drifts = 0;            ///< Drifts detected.

    /// The member's accuracy, River's `Accuracy().get()` (0 before any prediction).
    double accuracy() const { return n_seen > 0.0 ? n_correct / n_seen : 0.0; }
    friend bool operator==(const Member&, const Member&) = default;
  };

  /// River's defaults (the seed is drawn from the system).
  SRPClassifier() : SRPClassifier(detail::srp_default_model<Model>(), Params{}) {}
  /// The default member prototype with `params` (validated; throws `std::invalid_argument`).
  explicit SRPClassifier(const Params& params)
      : SRPClassifier(detail::srp_default_model<Model>(), params) {}
  /// Copies of `model` (pass it unfitted) with `params` (validated).
  explicit SRPClassifier(Model model, const Params& params = Params{})
      : params_(params), prototype_(std::move(model)) {
    params_.validate();
    params_.model = detail::prototype_spec(prototype_);
    effective_seed_ = params_.seed ? *params_.seed : forest::detail::entropy_seed();
    rng_ = PythonRandom(effective_seed_);
    method_ = params_.training_method;
    refresh_mode();
  }

  /// Threads used by `learn_one` when built with OpenMP (1 by default; results do not depend
  /// on it). Not part of the state.
  void set_n_threads(int n) { n_threads_ = n < 1 ? 1 : n; }
  /// Threads `learn_one` uses.
  int n_threads() const { return n_threads_; }

  /// Learns sample `x` of class `y`. River's SRP ignores sample weights, so `w` must be 1.
  /// Throws `InvalidInput`, with the model unchanged, for an infinite feature value, `w != 1`,
  /// a class id above `n_classes()`, a sample whose width differs from the first one, or a class
  /// a member refuses.
  void learn_one(DenseView x, ClassId y, double w = 1.0) {
    if (w != 1.0) {
      throw InvalidInput(std::string(name) +
                         ": sample weight w must be 1 (SRP ignores sample weights), got " +
                         std::to_string(w));
    }
    compose::detail::require_finite_sample(x, name);
    detail::require_class_id(y, name);
    if (y > n_classes_) {
      throw InvalidInput(std::string(name) + ": class id " + std::to_string(y) +
                         " skips ids; the next new class id must be " + std::to_string(n_classes_));
    }
    if (!members_.empty() && x.values.size() != n_features_) {
      throw InvalidInput(std::string(name) + ": sample has " + std::to_string(x.values.size()) +
                         " features, the first one had " + std::to_string(n_features_));
    }
    if (members_.empty() || y == n_classes_) {
      const SRPClassifier backup = *this;  // a member may refuse a new class
      try {
        learn_unchecked(x, y);
      } catch (...) {
        *this = backup;
        throw;
      }
    } else {
      learn_unchecked(x, y);
    }
  }

  /// Writes the probability of every known class into `out[0 .. n_classes())` (extra slots get
  /// 0): the members' probabilities, weighted by their accuracy, normalised. All zeros before
  /// any learning. Throws `InvalidInput` for an infinite feature value, a short `out` or a
  /// sample of the wrong width. Uses scratch buffers: not safe from two threads at once.
  void predict_proba_one(DenseView x, std::span<double> out) const { combine(x, out); }

  /// The most probable class: the first, in River's dict order (the members' classes in
  /// increasing id, member by member), with the highest combined probability. 0 before any
  /// member learnt a class (River answers None: check `n_classes()` first).
  ClassId predict_one(DenseView x) const {
    if (n_classes_ == 0) {
      compose::detail::require_finite_sample(x, name);
      return 0;
    }
    proba_.resize(n_classes_);
    combine(x, proba_);
    ClassId best = 0;
    bool any = false;
    for (ClassId g : order_) {
      if (!any || proba_[g] > proba_[best]) {
        best = g;
        any = true;
      }
    }
    return best;
  }

  /// Number of classes learnt so far.
  std::size_t n_classes() const { return n_classes_; }
  /// Number of member slots (0 before the first sample, then `n_models`).
  std::size_t n_members() const { return members_.size(); }
  /// Member slot `i`.
  const Member& member(std::size_t i) const { return members_.at(i); }
  /// The unfitted prototype (River's `model`).
  const Model& model() const { return prototype_; }
  /// The training method in use: the parameter, or "resampling" when the subspace size came
  /// out as 0 or as every feature (River changes its attribute the same way).
  const std::string& training_method() const { return method_; }
  /// The seed in use (drawn from the system when `seed` is None).
  std::int64_t effective_seed() const { return effective_seed_; }
  /// Warnings detected by member `i`, or by all members when None.
  std::int64_t n_warnings_detected(std::optional<std::size_t> i = std::nullopt) const {
    std::int64_t n = 0;
    for (std::size_t j = 0; j < members_.size(); ++j) {
      if (!i || *i == j) n += members_[j].n_warnings;
    }
    return n;
  }
  /// Drifts detected by member `i`, or by all members when None.
  std::int64_t n_drifts_detected(std::optional<std::size_t> i = std::nullopt) const {
    std::int64_t n = 0;
    for (std::size_t j = 0; j < members_.size(); ++j) {
      if (!i || *i == j) n += members_[j].n_drifts;
    }
    return n;
  }
  /// Background learners currently running.
  std::size_t n_background() const {
    std::size_t n = 0;
    for (const auto& m : members_) n += m.background ? 1 : 0;
    return n;
  }

  /// Hyper-parameters (with the prototype's spec as `model`).
  const Params& params() const { return params_; }

  /// Params, prototype, seed, generator, classes, width, sample count, training method in use
  /// and every member (learner, background learner, detectors, accuracy, generator). The thread
  /// count is not saved.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("SRPClassifier: checkpoint from a newer version");
    }
    if constexpr (Archive::is_loading::value) {
      load(ar);
    } else {
      ar(params_, prototype_, effective_seed_, rng_, n_classes_, n_features_, n_samples_seen_,
         method_);
      ar(cereal::make_size_tag(static_cast<cereal::size_type>(members_.size())));
      for (const Member& m : members_) {
        ar(m.learner, m.background.has_value());
        if (m.background) ar(*m.background);
        ar(m.warning, m.drift, m.n_correct, m.n_seen, m.rng, m.n_warnings, m.n_drifts);
      }
    }
  }

  /// Same parameters and learnt state (thread count and scratch aside).
  friend bool operator==(const SRPClassifier& a, const SRPClassifier& b) {
    return a.params_ == b.params_ && a.prototype_ == b.prototype_ &&
           a.effective_seed_ == b.effective_seed_ && a.rng_ == b.rng_ &&
           a.n_classes_ == b.n_classes_ && a.n_features_ == b.n_features_ &&
           a.n_samples_seen_ == b.n_samples_seen_ && a.method_ == b.method_ &&
           a.members_ == b.members_;
  }

 private:
  // Per-member scratch (never saved nor compared).
  struct Scratch {
    std::vector<double> x, xb, proba;
    std::vector<std::uint32_t> present;
  };

  void refresh_mode() { remap_ = !detail::holds_model(prototype_) || prototype_.n_classes() == 0; }

  bool drift_on() const { return params_.disable_detector != "drift"; }
  bool warning_on() const { return params_.disable_detector == "off"; }

  Learner fresh_learner() const {
    Learner l{prototype_, {}, {}, true, n_samples_seen_};
    return l;
  }

  // River's `_init_ensemble` (subspaces, their shuffle, the members), at the first sample.
  void init(DenseView x) {
    n_features_ = x.values.size();
    std::vector<std::uint32_t> present;
    for (std::size_t j = 0; j < x.values.size(); ++j) {
      if (!is_missing(x.values[j])) present.push_back(static_cast<std::uint32_t>(j));
    }
    const auto n = static_cast<std::int64_t>(present.size());
    const auto n_models = static_cast<std::size_t>(params_.n_models);
    method_ = params_.training_method;
    std::vector<std::vector<std::uint32_t>> subspaces;
    if (method_ != "resampling") {
      std::int64_t k = detail::srp_subspace_k(params_.subspace_size, n);
      if (k != 0 && k < n) {
        if (n <= 20 || k < 2) {
          if (k == 1 && n > 2) k = 2;
          subspaces = detail::srp_cycled_combinations(static_cast<std::size_t>(n),
                                                      static_cast<std::size_t>(k), n_models);
          for (auto& s : subspaces) {
            for (auto& f : s) f = present[f];
          }
        } else {
          for (std::size_t i = 0; i < n_models; ++i) {
            subspaces.push_back(
                detail::srp_random_subspace(present, static_cast<std::size_t>(k), rng_));
          }
        }
      } else {
        method_ = "resampling";
      }
    }
    std::vector<std::uint32_t> order(n_models);
    for (std::size_t i = 0; i < n_models; ++i) order[i] = static_cast<std::uint32_t>(i);
    if (method_ != "resampling") detail::python_shuffle(order, rng_);
    members_.clear();
    members_.reserve(n_models);
    for (std::size_t i = 0; i < n_models; ++i) {
      Member m;
      m.learner = fresh_learner();
      if (method_ != "resampling") {
        m.learner.features = subspaces[order[i]];
        m.learner.all_features = false;
      }
      if (drift_on()) m.drift = drift::ADWIN(params_.drift_detector.params());
      if (warning_on()) m.warning = drift::ADWIN(params_.warning_detector.params());
      m.rng = PythonRandom(forest::detail::member_seed(effective_seed_, i, 0));
      members_.push_back(std::move(m));
    }
  }

  void learn_unchecked(DenseView x, ClassId y) {
    ++n_samples_seen_;
    if (members_.empty()) init(x);
    const std::size_t n = members_.size();
    counts_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      counts_[i] = method_ == "subspaces" ? 1u : python_poisson(params_.lam, rng_);
    }
    scratch_.resize(n);
    errors_.assign(n, nullptr);
    const auto count = static_cast<std::int64_t>(n);
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(n_threads_) if (n_threads_ > 1)
#endif
    for (std::int64_t i = 0; i < count; ++i) {
      try {
        learn_member(static_cast<std::size_t>(i), x, y);
      } catch (...) {
        errors_[static_cast<std::size_t>(i)] = std::current_exception();
      }
    }
    for (const auto& e : errors_) {
      if (e) std::rethrow_exception(e);
    }
    if (y == n_classes_) ++n_classes_;
  }

  // The learner's view of `x`: `x` itself, or its subspace gathered into `buf`.
  static DenseView gather(const Learner& l, DenseView x, std::vector<double>& buf) {
    if (l.all_features) return x;
    buf.resize(l.features.size());
    for (std::size_t j = 0; j < l.features.size(); ++j) buf[j] = x.values[l.features[j]];
    return DenseView{std::span<const double>(buf)};
  }

  // The learner's class (ensemble id; lowest id on ties), `no_class` when it knows none.
  ClassId vote(const Learner& l, DenseView xs, std::vector<double>& proba) const {
    const std::size_t k = l.model.n_classes();
    if (k == 0) return detail::no_class;
    proba.resize(k);
    l.model.predict_proba_one(xs, proba);
    ClassId best = detail::no_class;
    double best_p = 0.0;
    for (std::size_t c = 0; c < k; ++c) {
      const ClassId g = remap_ ? l.classes.to_global[c] : static_cast<ClassId>(c);
      if (best == detail::no_class || proba[c] > best_p || (proba[c] == best_p && g < best)) {
        best = g;
        best_p = proba[c];
      }
    }
    return best;
  }

  // The learner learns `(xs, y)` `k` times (River repeats `learn_one`; no sample weight).
  void teach(Learner& l, DenseView xs, ClassId y, std::uint32_t k) const {
    if (!remap_) {
      for (std::uint32_t j = 0; j < k; ++j) l.model.learn_one(xs, y);
      return;
    }
    const ClassId known = l.classes.local(y);
    const ClassId local =
        known != detail::no_class ? known : static_cast<ClassId>(l.classes.to_global.size());
    for (std::uint32_t j = 0; j < k; ++j) l.model.learn_one(xs, local);
    if (known == detail::no_class && l.model.n_classes() > l.classes.to_global.size()) {
      l.classes.add(y);
    }
  }

  // Every feature present in `x` (River's `list(x.keys())`).
  static void present_features(DenseView x, std::vector<std::uint32_t>& out) {
    out.clear();
    for (std::size_t j = 0; j < x.values.size(); ++j) {
      if (!is_missing(x.values[j])) out.push_back(static_cast<std::uint32_t>(j));
    }
  }

  // One member's whole step (River's loop body and `BaseSRPClassifier.learn_one`).
  void learn_member(std::size_t i, DenseView x, ClassId y) {
    Member& m = members_[i];
    Scratch& s = scratch_[i];
    DenseView xs = gather(m.learner, x, s.x);
    const ClassId before = vote(m.learner, xs, s.proba);
    if (before != detail::no_class) {
      m.n_seen += 1.0;
      if (before == y) m.n_correct += 1.0;
    }
    const std::uint32_t k = counts_[i];
    if (k == 0) return;
    teach(m.learner, xs, y, k);
    if (m.background) teach(*m.background, gather(*m.background, x, s.xb), y, k);
    if (!m.drift) return;
    const double err = vote(m.learner, xs, s.proba) == y ? 0.0 : 1.0;
    if (m.warning) {
      m.warning->update(err);
      if (m.warning->drift_detected()) {
        ++m.n_warnings;
        Learner b = fresh_learner();
        if (!m.learner.all_features) {
          present_features(x, s.present);
          b.features = detail::srp_random_subspace(s.present, m.learner.features.size(), m.rng);
          b.all_features = false;
        }
        m.background = std::move(b);
        m.warning = drift::ADWIN(params_.warning_detector.params());
      }
    }
    m.drift->update(err);
    if (m.drift->drift_detected()) {
      ++m.n_drifts;
      if (m.warning && m.background) {
        m.learner = std::move(*m.background);
        m.background.reset();
        m.warning = drift::ADWIN(params_.warning_detector.params());
      } else {
        Learner l = fresh_learner();
        if (!m.learner.all_features) {
          present_features(x, s.present);
          l.features = detail::srp_random_subspace(s.present, m.learner.features.size(), m.rng);
          l.all_features = false;
        }
        m.learner = std::move(l);
      }
      m.drift = drift::ADWIN(params_.drift_detector.params());
      m.n_correct = 0.0;
      m.n_seen = 0.0;
    }
  }

  // River's `predict_proba_one`; leaves the classes in dict order in `order_`.
  void combine(DenseView x, std::span<double> out) const {
    compose::detail::require_finite_sample(x, name);
    if (out.size() < n_classes_) {
      throw InvalidInput(std::string(name) + ": out has " + std::to_string(out.size()) +
                         " slots for " + std::to_string(n_classes_) + " classes");
    }
    if (!members_.empty() && x.values.size() != n_features_) {
      throw InvalidInput(std::string(name) + ": sample has " + std::to_string(x.values.size()) +
                         " features, the first one had " + std::to_string(n_features_));
    }
    std::fill(out.begin(), out.end(), 0.0);
    order_.clear();
    seen_.assign(n_classes_, 0);
    for (const Member& m : members_) {
      const Learner& l = m.learner;
      const std::size_t k = l.model.n_classes();
      if (k == 0) continue;
      const DenseView xs = gather(l, x, gx_);
      mproba_.resize(k);
      l.model.predict_proba_one(xs, mproba_);
      const double acc = m.accuracy();
      const double weight = !params_.disable_weighted_vote && acc > 0.0 ? acc : 1.0;
      // River's member dict lists its classes in sorted (id) order.
      ids_.clear();
      for (std::size_t c = 0; c < k; ++c) {
        ids_.emplace_back(remap_ ? l.classes.to_global[c] : static_cast<ClassId>(c), c);
      }
      std::sort(ids_.begin(), ids_.end());
      for (const auto& [g, c] : ids_) {
        if (g >= n_classes_) continue;
        if (!seen_[g]) {
          seen_[g] = 1;
          order_.push_back(g);
        }
        out[g] += weight == 1.0 ? mproba_[c] : mproba_[c] * weight;
      }
    }
    double total = 0.0;
    for (ClassId g : order_) total += out[g];
    if (total > 0.0) {
      for (ClassId g : order_) out[g] /= total;
    }
  }

  template <class Archive>
  void load(Archive& ar) {
    SRPClassifier l(*this);
    ar(l.params_, l.prototype_, l.effective_seed_, l.rng_, l.n_classes_, l.n_features_,
       l.n_samples_seen_, l.method_);
    const auto damaged = [](const std::string& what) {
      throw CheckpointError("SRPClassifier: checkpoint payload is damaged: " + what);
    };
    try {
      l.params_.validate();
    } catch (const std::invalid_argument& e) {
      damaged(e.what());
    }
    l.params_.model = detail::prototype_spec(l.prototype_);
    l.refresh_mode();
    if (l.method_ != l.params_.training_method && l.method_ != "resampling") {
      damaged("training method");
    }
    cereal::size_type n = 0;
    ar(cereal::make_size_tag(n));
    if (n != 0 && n != static_cast<cereal::size_type>(l.params_.n_models)) {
      damaged("wrong number of members");
    }
    if (n_classes_limit(l.n_classes_)) damaged("class count");
    l.members_.clear();
    for (cereal::size_type i = 0; i < n; ++i) {
      Member m;
      m.learner = l.fresh_learner();
      bool has_background = false;
      ar(m.learner, has_background);
      if (has_background) {
        m.background = l.fresh_learner();
        ar(*m.background);
      }
      ar(m.warning, m.drift, m.n_correct, m.n_seen, m.rng, m.n_warnings, m.n_drifts);
      if (!l.learner_ok(m.learner) || (m.background && !l.learner_ok(*m.background)) ||
          m.drift.has_value() != l.drift_on() || m.warning.has_value() != l.warning_on() ||
          (m.background && !m.warning) || !(m.n_correct >= 0.0) || !(m.n_correct <= m.n_seen) ||
          m.n_warnings < 0 || m.n_drifts < 0) {
        damaged("inconsistent member " + std::to_string(i));
      }
      l.members_.push_back(std::move(m));
    }
    if (n == 0 && (l.n_classes_ != 0 || l.n_features_ != 0)) damaged("state before learning");
    *this = std::move(l);
  }

  static bool n_classes_limit(std::uint32_t n) { return n > detail::max_class_id; }

  bool learner_ok(const Learner& l) const {
    if (l.model.n_classes() > n_classes_ && !remap_) return false;
    if (remap_) {
      if (l.classes.to_global.size() != l.model.n_classes()) return false;
      for (ClassId g : l.classes.to_global) {
        if (g >= n_classes_) return false;
      }
    }
    if (l.all_features != (method_ == "resampling")) return false;
    if (l.all_features && !l.features.empty()) return false;
    for (std::uint32_t f : l.features) {
      if (f >= n_features_) return false;
    }
    return true;
  }

  Params params_;
  Model prototype_;
  std::int64_t effective_seed_ = 0;
  PythonRandom rng_{0};
  std::uint32_t n_classes_ = 0;
  std::size_t n_features_ = 0;
  std::int64_t n_samples_seen_ = 0;
  std::string method_;
  std::vector<Member> members_;
  bool remap_ = true;
  int n_threads_ = 1;
  // Scratch (not state).
  std::vector<std::uint32_t> counts_;
  std::vector<Scratch> scratch_;
  std::vector<std::exception_ptr> errors_;
  mutable std::vector<double> proba_, mproba_, gx_;
  mutable std::vector<char> seen_;
  mutable std::vector<ClassId> order_;
  mutable std::vector<std::pair<ClassId, std::size_t>> ids_;
};

}  // namespace streamwise::ensemble

/// cereal's CEREAL_CLASS_VERSION for every `SRPClassifier<Model>`.
namespace cereal::detail {
template <class Model>
struct Version<streamwise::ensemble::SRPClassifier<Model>> {
  static std::uint32_t registerVersion() {
    using T = streamwise::ensemble::SRPClassifier<Model>;
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(T)).hash_code(), T::class_version);
    return T::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
