#pragma once
/// @file
/// Adaptive random forest classifier, River's `forest.ARFClassifier`.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/python_random.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/forest/detail/forest_common.hpp"
#include "streamwise/tree/hoeffding_tree_classifier.hpp"
#include "streamwise/tree/leaf_features.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace streamwise::forest {

/// Adaptive random forest classifier (Gomes et al. 2017), following River 0.26's
/// `forest.ARFClassifier`.
///
/// `n_models` Hoeffding trees learn every sample with a Poisson(`lambda_value`) weight; each
/// leaf of each tree watches a random subset of `max_features` features, drawn when the leaf
/// first learns. Each member has a warning and a drift detector (ADWIN, deltas 0.01 and 0.001)
/// fed with its own 0/1 errors (measured before it learns): a warning starts a background tree,
/// a drift replaces the member by its background tree (or by a fresh tree when there is none)
/// and resets its accuracy. Predictions add the members' class probabilities, each weighted by
/// the member's accuracy (unless `disable_weighted_vote`, or while that accuracy is 0), and
/// normalise the sum.
///
/// Randomness. One `random.Random(seed)` draws the `n_models` Poisson weights of each sample,
/// all before any member learns; every tree has its own Python-compatible generator for its
/// leaves' feature subsets, seeded from (seed, member slot, how many trees that slot has had).
/// Members can therefore learn in parallel (OpenMP, `set_n_threads`) with results identical for
/// any thread count. River shares one generator between the weights and every tree, so
/// predictions are not River's draw for draw; the reference runs in tests/data/forest check
/// every step against River's code driven with this generator layout, and River's own accuracy
/// within 1 point (docs/forest.md).
///
/// Classes are ids in order of first appearance (0, 1, ...; a new one may come at any time).
/// Missing features are NaN. `max_features` is resolved from the number of present features of
/// the first sample learnt.
///
/// ```cpp
/// streamwise::forest::ARFClassifier model({.n_models = 10, .seed = 42});
/// const double x[] = {0.3, 1.2, 5.0};
/// streamwise::ClassId guess = model.predict_one({x});  // test...
/// model.learn_one({x}, 1);                               // ...then train
/// ```
class ARFClassifier {
 public:
  /// The member trees: Hoeffding trees whose leaves watch random feature subsets.
  using Tree = tree::HoeffdingTreeClassifier<tree::GaussianSplitter, tree::NamedCriterion,
                                             tree::RandomFeatureSubset>;

  static constexpr std::string_view name = "ARFClassifier";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal features (codes from a bound `FeatureSpace`) are understood by the trees.
  static constexpr bool accepts_nominal = true;

  /// Hyper-parameters: River's names and defaults (the tree parameters are ARF's defaults,
  /// not the plain tree's: `grace_period = 50`, `delta = 0.01`, `memory_estimate_period =
  /// 2000000`). The member metric is always accuracy (River's default `metric`).
  struct Params {
    std::int64_t n_models = 10;                        ///< Trees in the forest.
    std::optional<std::string> max_features = "sqrt";  ///< See `resolve_max_features`.
    double lambda_value = 6.0;                         ///< Poisson rate of the sample weights.
    bool disable_weighted_vote = false;                ///< Plain (unweighted) vote.
    /// Drift detector prototype; None disables drift detection (River's `NoDrift()`).
    std::optional<drift::ADWIN> drift_detector = drift::ADWIN(drift::ADWIN::Params{.delta = 0.001});
    /// Warning detector prototype; None disables background trees (River's `NoDrift()`).
    std::optional<drift::ADWIN> warning_detector =
        drift::ADWIN(drift::ADWIN::Params{.delta = 0.01});
    std::int64_t grace_period = 50;                 ///< Tree: weight between split attempts.
    std::optional<std::int64_t> max_depth{};        ///< Tree: deepest level; None: unlimited.
    std::string split_criterion = "info_gain";      ///< Tree: "info_gain", "gini", "hellinger".
    double delta = 0.01;                            ///< Tree: Hoeffding bound significance.
    double tau = 0.05;                              ///< Tree: tie threshold.
    std::string leaf_prediction = "nba";            ///< Tree: "mc", "nb" or "nba".
    std::int64_t nb_threshold = 0;                  ///< Tree: weight before naive Bayes.
    std::vector<std::string> nominal_attributes{};  ///< Tree: extra nominal features.
    tree::GaussianSplitter splitter{};              ///< Tree: numeric splitter prototype.
    bool binary_split = false;                      ///< Tree: only binary splits.
    double min_branch_fraction = 0.01;              ///< Tree: least branch weight share.
    double max_share_to_split = 0.99;               ///< Tree: majority share limit.
    double max_size = 100.0;                        ///< Tree: memory limit (MiB) per tree.
    std::int64_t memory_estimate_period = 2000000;  ///< Tree: weight between memory checks.
    bool stop_mem_management = false;               ///< Tree: stop growing at the limit.
    bool remove_poor_attrs = false;                 ///< Tree: drop hopeless features.
    bool merit_preprune = true;                     ///< Tree: consider the null split.
    std::optional<std::int64_t> seed{};             ///< Random seed; None draws one.

    template <class V>
    void visit(V&& v) {
      v("n_models", n_models);
      v("max_features", max_features);
      v("lambda_value", lambda_value);
      v("disable_weighted_vote", disable_weighted_vote);
      v("drift_detector", drift_detector);
      v("warning_detector", warning_detector);
      auto tp = tree_params();
      tp.visit([&](std::string_view key, auto& field) { v(key, field); });
      set_tree_params(tp);
      v("seed", seed);
    }

    /// The member trees' parameters.
    Tree::Params tree_params() const {
      Tree::Params p;
      p.grace_period = grace_period;
      p.max_depth = max_depth;
      p.split_criterion = split_criterion;
      p.delta = delta;
      p.tau = tau;
      p.leaf_prediction = leaf_prediction;
      p.nb_threshold = nb_threshold;
      p.nominal_attributes = nominal_attributes;
      p.splitter = splitter;
      p.binary_split = binary_split;
      p.min_branch_fraction = min_branch_fraction;
      p.max_share_to_split = max_share_to_split;
      p.max_size = max_size;
      p.memory_estimate_period = memory_estimate_period;
      p.stop_mem_management = stop_mem_management;
      p.remove_poor_attrs = remove_poor_attrs;
      p.merit_preprune = merit_preprune;
      return p;
    }

    /// Throws `std::invalid_argument` ("ARFClassifier: n_models must be >= 1").
    void validate() const {
      constexpr const char* who = "ARFClassifier";
      if (n_models < 1 || n_models > 100000) {
        throw invalid_parameter(who, "n_models", "in [1, 100000]");
      }
      if (!detail::max_features_valid(max_features)) {
        throw invalid_parameter(who, "max_features",
                                "\"sqrt\", \"log2\", None, an integer or a real number");
      }
      if (!(lambda_value > 0.0) || !std::isfinite(lambda_value) || lambda_value > 700.0) {
        throw invalid_parameter(who, "lambda_value", "in (0, 700]");
      }
      if (drift_detector) drift_detector->params().validate();
      if (warning_detector) warning_detector->params().validate();
      try {
        tree_params().validate();
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(detail::rename_error(e.what(), who));
      }
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      auto tp = tree_params();
      ar(n_models, max_features, lambda_value, disable_weighted_vote, drift_detector,
         warning_detector, tp, seed);
      if constexpr (Archive::is_loading::value) set_tree_params(tp);
    }

   private:
    void set_tree_params(const Tree::Params& p) {
      grace_period = p.grace_period;
      max_depth = p.max_depth;
      split_criterion = p.split_criterion;
      delta = p.delta;
      tau = p.tau;
      leaf_prediction = p.leaf_prediction;
      nb_threshold = p.nb_threshold;
      nominal_attributes = p.nominal_attributes;
      splitter = p.splitter;
      binary_split = p.binary_split;
      min_branch_fraction = p.min_branch_fraction;
      max_share_to_split = p.max_share_to_split;
      max_size = p.max_size;
      memory_estimate_period = p.memory_estimate_period;
      stop_mem_management = p.stop_mem_management;
      remove_poor_attrs = p.remove_poor_attrs;
      merit_preprune = p.merit_preprune;
    }
  };

  /// One slot of the forest: the member tree, its background tree, detectors and accuracy.
  struct Member {
    Tree model;                                     ///< The voting tree.
    std::optional<Tree> background;                 ///< Tree started at the last warning, if any.
    std::optional<drift::ADWIN> warning;            ///< Warning detector (None when disabled).
    std::optional<drift::ADWIN> drift;              ///< Drift detector (None when disabled).
    double n_correct = 0.0;                         ///< Accuracy numerator since the last reset.
    double n_seen = 0.0;                            ///< Accuracy denominator since the last reset.
    std::uint32_t model_min_class = no_class;       ///< Lowest class `model` learnt.
    std::uint32_t background_min_class = no_class;  ///< Lowest class `background` learnt.
    std::uint64_t generations = 0;                  ///< Trees created for this slot so far.
    std::int64_t n_warnings = 0;                    ///< Warnings detected.
    std::int64_t n_drifts = 0;                      ///< Drifts detected.

    /// The member's accuracy (0 before any prediction), River's `Accuracy().get()`.
    double accuracy() const { return n_seen > 0.0 ? n_correct / n_seen : 0.0; }

    template <class Archive>
    void serialize(Archive& ar) {
      ar(model, background, warning, drift, n_correct, n_seen, model_min_class,
         background_min_class, generations, n_warnings, n_drifts);
    }
    friend bool operator==(const Member&, const Member&) = default;
  };

  /// River's defaults (the seed is drawn from the system).
  ARFClassifier() : ARFClassifier(Params{}) {}
  /// Validates `params` (throws `std::invalid_argument`).
  explicit ARFClassifier(const Params& params) : params_(params) {
    params_.validate();
    tree_params_ = params_.tree_params();
    effective_seed_ = params_.seed ? *params_.seed : detail::entropy_seed();
    rng_ = PythonRandom(effective_seed_);
  }

  /// Binds the `FeatureSpace` naming the features (and marking nominal ones) for every tree,
  /// present and future. It must outlive the model; it is not part of checkpoints.
  void bind(const FeatureSpace* space) {
    space_ = space;
    for (auto& m : members_) {
      m.model.bind(space);
      if (m.background) m.background->bind(space);
    }
  }

  /// Threads used by `learn_one` when built with OpenMP (1 by default; results do not depend
  /// on it). Not part of the state.
  void set_n_threads(int n) { n_threads_ = n < 1 ? 1 : n; }
  /// Threads `learn_one` uses.
  int n_threads() const { return n_threads_; }

  /// Learns sample `x` of class `y` (River's ARF has no sample weight: `w` must be 1). Throws
  /// `InvalidInput`, with the model unchanged, for an infinite feature value, a class id greater
  /// than `n_classes()` or `w != 1`.
  void learn_one(DenseView x, ClassId y, double w = 1.0) {
    // River's ARF has no sample weight (each member draws its own Poisson weight): the
    // argument exists for the common estimator interface and must be 1.
    if (w != 1.0) {
      throw InvalidInput(std::string(name) +
                         ": sample weight w must be 1 (ARF has no sample "
                         "weights), got " +
                         std::to_string(w));
    }
    tree::detail::require_finite_sample(x, name);
    if (y > n_classes_) {
      throw InvalidInput(std::string(name) + ": class id " + std::to_string(y) +
                         " skips ids; the next new class id must be " + std::to_string(n_classes_));
    }
    if (members_.empty()) init(x);
    if (y == n_classes_) ++n_classes_;
    const std::size_t n = members_.size();
    weights_.resize(n);
    votes_.resize(n);
    for (std::size_t i = 0; i < n; ++i) weights_[i] = python_poisson(params_.lambda_value, rng_);
    if (buffers_.size() < n) buffers_.resize(n);
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
    for (std::size_t i = 0; i < n; ++i) watch_member(i, y);
  }

  /// Writes the probability of every known class into `out[0 .. n_classes())` (extra slots get
  /// 0): the members' probabilities weighted by their accuracy, normalised. All zeros before
  /// any learning. Throws `InvalidInput` for an infinite feature value or a short `out`.
  void predict_proba_one(DenseView x, std::span<double> out) const {
    tree::detail::require_finite_sample(x, name);
    if (out.size() < n_classes_) {
      throw InvalidInput(std::string(name) + ": out has " + std::to_string(out.size()) +
                         " slots for " + std::to_string(n_classes_) + " classes");
    }
    std::fill(out.begin(), out.end(), 0.0);
    if (members_.empty() || n_classes_ == 0) return;
    ClassBuffer buf(n_classes_);
    for (const auto& m : members_) {
      const std::span<double> p = buf.span(m.model.n_classes());
      m.model.predict_proba_one(x, p);
      const double acc = m.accuracy();
      if (!params_.disable_weighted_vote && acc > 0.0) {
        for (std::size_t c = 0; c < p.size(); ++c) out[c] += p[c] * acc;
      } else {
        for (std::size_t c = 0; c < p.size(); ++c) out[c] += p[c];
      }
    }
    double total = 0.0;
    for (std::size_t c = 0; c < n_classes_; ++c) total += out[c];
    if (total > 0.0) {
      for (std::size_t c = 0; c < n_classes_; ++c) out[c] /= total;
    }
  }

  /// The most probable class, lowest id on ties; 0 before any learning (River answers None:
  /// check `n_classes()` first).
  ClassId predict_one(DenseView x) const {
    if (n_classes_ == 0) {
      tree::detail::require_finite_sample(x, name);
      return 0;
    }
    ClassBuffer buf(n_classes_);
    const std::span<double> p = buf.span(n_classes_);
    predict_proba_one(x, p);
    std::size_t best = 0;
    for (std::size_t c = 1; c < p.size(); ++c) {
      if (p[c] > p[best]) best = c;
    }
    return static_cast<ClassId>(best);
  }

  /// Number of classes seen so far.
  std::size_t n_classes() const { return n_classes_; }
  /// Number of member slots (0 before the first sample, then `n_models`).
  std::size_t n_members() const { return members_.size(); }
  /// Member slot `i` (tree, background tree, detectors, accuracy).
  const Member& member(std::size_t i) const { return members_.at(i); }
  /// Features per leaf, resolved at the first sample (0 before).
  std::int64_t max_features() const { return max_features_; }
  /// The seed in use (drawn from the system when `seed` is None).
  std::int64_t effective_seed() const { return effective_seed_; }
  /// Warnings detected by member `tree_id`, or by all members when None.
  std::int64_t n_warnings_detected(std::optional<std::size_t> tree_id = std::nullopt) const {
    std::int64_t n = 0;
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (!tree_id || *tree_id == i) n += members_[i].n_warnings;
    }
    return n;
  }
  /// Drifts detected by member `tree_id`, or by all members when None.
  std::int64_t n_drifts_detected(std::optional<std::size_t> tree_id = std::nullopt) const {
    std::int64_t n = 0;
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (!tree_id || *tree_id == i) n += members_[i].n_drifts;
    }
    return n;
  }
  /// Estimated bytes held by the forest (trees, background trees and detectors).
  std::size_t memory_size() const {
    std::size_t n = sizeof(*this) + members_.capacity() * sizeof(Member);
    for (const auto& m : members_) {
      n += m.model.memory_size() - sizeof(Tree);
      if (m.background) n += m.background->memory_size();
    }
    return n;
  }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Params, seed, generator, classes and every member (trees, background trees, detectors,
  /// accuracies). The bound space and thread count are not saved.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("ARFClassifier: checkpoint from a newer version");
    }
    ar(params_, effective_seed_, rng_, n_classes_, max_features_, members_);
    if constexpr (Archive::is_loading::value) {
      try {
        params_.validate();
      } catch (const std::invalid_argument& e) {
        throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
      }
      tree_params_ = params_.tree_params();
      const bool sized =
          members_.empty() || members_.size() == static_cast<std::size_t>(params_.n_models);
      tree::detail::require_consistent(sized, name, "has a wrong number of members");
      tree::detail::require_consistent(members_.empty() == (max_features_ == 0), name,
                                       "has an invalid max_features");
      for (auto& m : members_) {
        tree::detail::require_consistent(
            m.model.n_classes() <= n_classes_ &&
                (!m.background || m.background->n_classes() <= n_classes_) &&
                m.warning.has_value() == params_.warning_detector.has_value() &&
                m.drift.has_value() == params_.drift_detector.has_value() &&
                (!m.background || params_.warning_detector.has_value()) && m.n_correct >= 0.0 &&
                m.n_correct <= m.n_seen,
            name, "has an inconsistent member");
        m.model.bind(space_);
        if (m.background) m.background->bind(space_);
      }
    }
  }

  /// Same parameters and learnt state (bound space and thread count are not compared).
  friend bool operator==(const ARFClassifier& a, const ARFClassifier& b) {
    return a.params_ == b.params_ && a.effective_seed_ == b.effective_seed_ && a.rng_ == b.rng_ &&
           a.n_classes_ == b.n_classes_ && a.max_features_ == b.max_features_ &&
           a.members_ == b.members_;
  }

 private:
  static constexpr std::uint32_t no_class = std::numeric_limits<std::uint32_t>::max();

  // A class-probability buffer on the stack for up to 64 classes, on the heap beyond.
  struct ClassBuffer {
    explicit ClassBuffer(std::size_t n) {
      if (n > fixed.size()) heap.resize(n);
    }
    std::span<double> span(std::size_t n) {
      return heap.empty() ? std::span<double>(fixed.data(), n) : std::span<double>(heap.data(), n);
    }
    std::array<double, 64> fixed{};
    std::vector<double> heap;
  };

  void init(DenseView x) {
    std::int64_t present = 0;
    for (double v : x.values) present += is_missing(v) ? 0 : 1;
    max_features_ = detail::resolve_max_features(params_.max_features, present);
    members_.clear();
    members_.reserve(static_cast<std::size_t>(params_.n_models));
    for (std::int64_t i = 0; i < params_.n_models; ++i) {
      Member m;
      m.model = Tree(tree_params_,
                     tree::RandomFeatureSubset(
                         max_features_,
                         detail::member_seed(effective_seed_, static_cast<std::uint64_t>(i), 0)));
      m.model.bind(space_);
      m.generations = 1;
      if (params_.warning_detector) m.warning = drift::ADWIN(params_.warning_detector->params());
      if (params_.drift_detector) m.drift = drift::ADWIN(params_.drift_detector->params());
      members_.push_back(std::move(m));
    }
  }

  Tree new_tree(std::size_t slot) {
    Member& m = members_[slot];
    Tree t(tree_params_,
           tree::RandomFeatureSubset(max_features_,
                                     detail::member_seed(effective_seed_, slot, m.generations)));
    ++m.generations;
    t.bind(space_);
    return t;
  }

  // The member's prediction before learning: the class River's tree would answer, -1 for None.
  static std::int64_t tree_vote(const Tree& t, std::uint32_t min_class, DenseView x,
                                std::vector<double>& buf) {
    if (min_class == no_class) return -1;  // nothing learnt: River's tree answers None
    buf.resize(t.n_classes());
    t.predict_proba_one(x, buf);
    std::size_t best = min_class;
    for (std::size_t c = min_class + 1; c < buf.size(); ++c) {
      if (buf[c] > buf[best]) best = c;
    }
    return static_cast<std::int64_t>(best);
  }

  // Parallel part: predict, then learn with the drawn weight (background first, as River).
  void learn_member(std::size_t i, DenseView x, ClassId y) {
    Member& m = members_[i];
    votes_[i] = tree_vote(m.model, m.model_min_class, x, buffers_[i]);
    const std::uint32_t k = weights_[i];
    if (k == 0) return;
    if (m.background) {
      m.background->reserve_classes(n_classes_);
      m.background->learn_one(x, y, static_cast<double>(k));
      m.background_min_class = std::min(m.background_min_class, static_cast<std::uint32_t>(y));
    }
    m.model.reserve_classes(n_classes_);
    m.model.learn_one(x, y, static_cast<double>(k));
    m.model_min_class = std::min(m.model_min_class, static_cast<std::uint32_t>(y));
  }

  // Sequential part: accuracy, warning and drift detectors, background start and swap.
  void watch_member(std::size_t i, ClassId y) {
    Member& m = members_[i];
    const bool right = votes_[i] == static_cast<std::int64_t>(y);
    m.n_seen += 1.0;
    if (right) m.n_correct += 1.0;
    if (weights_[i] == 0) return;
    const double err = right ? 0.0 : 1.0;
    if (m.warning) {
      m.warning->update(err);
      if (m.warning->drift_detected()) {
        m.background = new_tree(i);
        m.background_min_class = no_class;
        m.warning = drift::ADWIN(params_.warning_detector->params());
        ++m.n_warnings;
      }
    }
    if (m.drift) {
      m.drift->update(err);
      if (m.drift->drift_detected()) {
        if (m.warning && m.background) {
          m.model = std::move(*m.background);
          m.model_min_class = m.background_min_class;
          m.background.reset();
          m.background_min_class = no_class;
          m.warning = drift::ADWIN(params_.warning_detector->params());
        } else {
          m.model = new_tree(i);
          m.model_min_class = no_class;
        }
        m.drift = drift::ADWIN(params_.drift_detector->params());
        m.n_correct = 0.0;
        m.n_seen = 0.0;
        ++m.n_drifts;
      }
    }
  }

  Params params_;
  Tree::Params tree_params_;
  std::int64_t effective_seed_ = 0;
  PythonRandom rng_{0};
  std::uint32_t n_classes_ = 0;
  std::int64_t max_features_ = 0;
  std::vector<Member> members_;
  const FeatureSpace* space_ = nullptr;
  int n_threads_ = 1;
  // Scratch of learn_one (not state).
  std::vector<std::uint32_t> weights_;
  std::vector<std::int64_t> votes_;
  std::vector<std::vector<double>> buffers_;
  std::vector<std::exception_ptr> errors_;
};

}  // namespace streamwise::forest

CEREAL_CLASS_VERSION(streamwise::forest::ARFClassifier,
                     streamwise::forest::ARFClassifier::class_version)
