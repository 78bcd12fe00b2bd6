#pragma once
/// @file
/// Hoeffding adaptive tree classifier, River's `tree.HoeffdingAdaptiveTreeClassifier`. The long
/// member functions live in `tree/detail/hoeffding_adaptive_tree_classifier_impl.hpp`.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
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
#include "streamwise/tree/criteria/named_criterion.hpp"
#include "streamwise/tree/detail/class_dist.hpp"
#include "streamwise/tree/detail/hatc_nodes.hpp"
#include "streamwise/tree/detail/tree_nodes.hpp"
#include "streamwise/tree/splitters/gaussian_splitter.hpp"
#include "streamwise/tree/splitters/nominal_splitter.hpp"

namespace streamwise::tree {

/// Hyper-parameters of `HoeffdingAdaptiveTreeClassifier`, River's names and defaults: those of
/// `HoeffdingTreeClassifierParams` plus the adaptive ones.
///
/// `drift_detector` is the ADWIN prototype cloned for every node (River accepts any detector;
/// this class supports ADWIN with any of its parameters). `seed` seeds the one
/// `random.Random` of the tree that draws the bootstrap weights; None (River's default) draws a
/// seed from the system, see `effective_seed()`.
template <class Splitter>
struct HoeffdingAdaptiveTreeClassifierParams {
  std::int64_t grace_period = 200;                ///< Weight a leaf sees between split attempts.
  std::optional<std::int64_t> max_depth{};        ///< Deepest leaf level; None: 980 (River).
  std::string split_criterion = "info_gain";      ///< "info_gain", "gini" or "hellinger".
  double delta = 1e-7;                            ///< Hoeffding bound significance.
  double tau = 0.05;                              ///< Tie threshold: split when the bound is below.
  std::string leaf_prediction = "nba";            ///< "mc", "nb" or "nba".
  std::int64_t nb_threshold = 0;                  ///< Weight before "nb" leaves use naive Bayes.
  std::vector<std::string> nominal_attributes{};  ///< Extra nominal features, by name.
  Splitter splitter{};                            ///< Numeric splitter prototype.
  bool bootstrap_sampling = true;                 ///< Poisson(1) weights at the leaves.
  std::int64_t drift_window_threshold = 300;      ///< Errors both trees need before a switch.
  drift::ADWIN drift_detector{};                  ///< Detector prototype (one clone per node).
  double switch_significance = 0.05;              ///< Significance of the switch/prune test.
  bool binary_split = false;                      ///< Forbid multiway nominal splits.
  double min_branch_fraction = 0.01;              ///< Criterion: least weight share of a branch.
  double max_share_to_split = 0.99;               ///< No split while the majority share is above.
  double max_size = 100.0;                        ///< Memory limit in MiB.
  std::int64_t memory_estimate_period = 1000000;  ///< Weight between memory checks.
  bool stop_mem_management = false;               ///< Stop growing once the limit is hit.
  bool remove_poor_attrs = false;      ///< Accepted; a no-op (River's adaptive leaves keep all).
  bool merit_preprune = true;          ///< Consider not splitting (null split).
  std::optional<std::int64_t> seed{};  ///< Seed of the bootstrap generator; None: from the system.

  template <class V>
  void visit(V&& v) {
    v("grace_period", grace_period);
    v("max_depth", max_depth);
    v("split_criterion", split_criterion);
    v("delta", delta);
    v("tau", tau);
    v("leaf_prediction", leaf_prediction);
    v("nb_threshold", nb_threshold);
    // Lists travel as one ','-joined string (specs have no list values); empty is None.
    std::optional<std::string> joined;
    if (!nominal_attributes.empty()) {
      std::string s;
      for (std::size_t i = 0; i < nominal_attributes.size(); ++i) {
        if (i) s += ',';
        s += nominal_attributes[i];
      }
      joined = s;
    }
    const std::optional<std::string> before = joined;
    v("nominal_attributes", joined);
    if (joined != before) {
      nominal_attributes.clear();
      if (joined && !joined->empty()) {
        std::size_t start = 0;
        for (;;) {
          const std::size_t comma = joined->find(',', start);
          nominal_attributes.push_back(joined->substr(start, comma - start));
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
      }
    }
    v("splitter", splitter);
    v("bootstrap_sampling", bootstrap_sampling);
    v("drift_window_threshold", drift_window_threshold);
    v("drift_detector", drift_detector);
    v("switch_significance", switch_significance);
    v("binary_split", binary_split);
    v("min_branch_fraction", min_branch_fraction);
    v("max_share_to_split", max_share_to_split);
    v("max_size", max_size);
    v("memory_estimate_period", memory_estimate_period);
    v("stop_mem_management", stop_mem_management);
    v("remove_poor_attrs", remove_poor_attrs);
    v("merit_preprune", merit_preprune);
    v("seed", seed);
  }

  /// Throws `std::invalid_argument` ("HoeffdingAdaptiveTreeClassifier: delta must be in
  /// (0, 1)") for an invalid value. Unlike River, an unknown criterion or leaf prediction is an
  /// error rather than a printed warning and a fallback.
  void validate() const {
    constexpr const char* who = "HoeffdingAdaptiveTreeClassifier";
    if (grace_period <= 0) throw invalid_parameter(who, "grace_period", "> 0");
    if (max_depth && *max_depth < 0) throw invalid_parameter(who, "max_depth", "None or >= 0");
    if (!NamedCriterion::known(split_criterion)) {
      throw invalid_parameter(who, "split_criterion",
                              "one of \"info_gain\", \"gini\", \"hellinger\"");
    }
    if (!(delta > 0.0 && delta < 1.0)) throw invalid_parameter(who, "delta", "in (0, 1)");
    if (!(tau >= 0.0) || !std::isfinite(tau))
      throw invalid_parameter(who, "tau", "finite and >= 0");
    if (leaf_prediction != "mc" && leaf_prediction != "nb" && leaf_prediction != "nba") {
      throw invalid_parameter(who, "leaf_prediction", "one of \"mc\", \"nb\", \"nba\"");
    }
    if (nb_threshold < 0) throw invalid_parameter(who, "nb_threshold", ">= 0");
    if (drift_window_threshold < 0) {
      throw invalid_parameter(who, "drift_window_threshold", ">= 0");
    }
    if (!(switch_significance > 0.0 && switch_significance < 1.0)) {
      throw invalid_parameter(who, "switch_significance", "in (0, 1)");
    }
    if (!(min_branch_fraction >= 0.0 && min_branch_fraction < 1.0)) {
      throw invalid_parameter(who, "min_branch_fraction", "in [0, 1)");
    }
    if (!(max_share_to_split > 0.0 && max_share_to_split <= 1.0)) {
      throw invalid_parameter(who, "max_share_to_split", "in (0, 1]");
    }
    if (!(max_size > 0.0) || !std::isfinite(max_size)) {
      throw invalid_parameter(who, "max_size", "finite and > 0");
    }
    if (memory_estimate_period <= 0) throw invalid_parameter(who, "memory_estimate_period", "> 0");
    splitter.params().validate();
    drift_detector.params().validate();
  }

  friend bool operator==(const HoeffdingAdaptiveTreeClassifierParams& a,
                         const HoeffdingAdaptiveTreeClassifierParams& b) {
    return a.grace_period == b.grace_period && a.max_depth == b.max_depth &&
           a.split_criterion == b.split_criterion && a.delta == b.delta && a.tau == b.tau &&
           a.leaf_prediction == b.leaf_prediction && a.nb_threshold == b.nb_threshold &&
           a.nominal_attributes == b.nominal_attributes && a.splitter == b.splitter &&
           a.bootstrap_sampling == b.bootstrap_sampling &&
           a.drift_window_threshold == b.drift_window_threshold &&
           a.drift_detector.params() == b.drift_detector.params() &&
           a.switch_significance == b.switch_significance && a.binary_split == b.binary_split &&
           a.min_branch_fraction == b.min_branch_fraction &&
           a.max_share_to_split == b.max_share_to_split && a.max_size == b.max_size &&
           a.memory_estimate_period == b.memory_estimate_period &&
           a.stop_mem_management == b.stop_mem_management &&
           a.remove_poor_attrs == b.remove_poor_attrs && a.merit_preprune == b.merit_preprune &&
           a.seed == b.seed;
  }

  template <class Archive>
  void serialize(Archive& ar) {
    auto splitter_params = splitter.params();
    auto detector_params = drift_detector.params();
    ar(grace_period, max_depth, split_criterion, delta, tau, leaf_prediction, nb_threshold,
       nominal_attributes, splitter_params, bootstrap_sampling, drift_window_threshold,
       detector_params, switch_significance, binary_split, min_branch_fraction, max_share_to_split,
       max_size, memory_estimate_period, stop_mem_management, remove_poor_attrs, merit_preprune,
       seed);
    if constexpr (Archive::is_loading::value) {
      try {
        splitter_params.validate();
        detector_params.validate();
      } catch (const std::invalid_argument& e) {
        throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
      }
      splitter = Splitter(splitter_params);
      drift_detector = drift::ADWIN(detector_params);
    }
  }
};

/// Shape and adaptation counters of `HoeffdingAdaptiveTreeClassifier` (River's `summary`);
/// the same fields as the regressor's `AdaptiveTreeSummary`.
struct AdaptiveClassifierSummary {
  std::size_t n_nodes = 0;                    ///< Branches and leaves of the main tree.
  std::size_t n_branches = 0;                 ///< Internal nodes.
  std::size_t n_leaves = 0;                   ///< Leaves (alternates not counted).
  std::int64_t n_active_leaves = 0;           ///< River's counter (see the class notes).
  std::int64_t n_inactive_leaves = 0;         ///< River's counter.
  std::size_t height = 0;                     ///< Levels (0 when empty).
  double total_observed_weight = 0.0;         ///< Weight of every sample learnt.
  std::int64_t n_alternate_trees = 0;         ///< Alternate subtrees started.
  std::int64_t n_pruned_alternate_trees = 0;  ///< Alternate subtrees dropped.
  std::int64_t n_switch_alternate_trees = 0;  ///< Alternate subtrees that replaced a branch.
  friend bool operator==(const AdaptiveClassifierSummary&,
                         const AdaptiveClassifierSummary&) = default;
};

/// Hoeffding adaptive tree classifier (Bifet & Gavaldà 2009), following River 0.26 step by
/// step so that the same stream and seed give the same predictions.
///
/// A Hoeffding tree (see `HoeffdingTreeClassifier`) whose every node watches its own 0/1 error
/// with a drift detector (ADWIN). When a branch's error rises significantly it starts an
/// alternate subtree (a fresh leaf) that learns alongside it; after both have seen more than
/// `drift_window_threshold` samples, the alternate replaces the branch when its error is lower
/// by more than a bound at `switch_significance`, or is dropped when it is worse by as much.
/// With `bootstrap_sampling`, each leaf multiplies the sample weight by a Poisson(1) draw (a
/// draw of 0 leaves the weight unchanged, as in River). Predictions add the class
/// distributions of the leaf reached and of every alternate met on the way, each scaled by the
/// inverse of its leaf's squared error, then normalise.
///
/// River quirks kept for parity: an alternate subtree is a leaf, and when that leaf splits its
/// new branch takes the place of the branch that owns it (River hands the split the owner's
/// parent); leaves always keep the naive-Bayes-adaptive counts (so `remove_poor_attrs` has no
/// effect); a subtree cut off during an update still learns the rest of that sample (it
/// consumes bootstrap draws and moves the leaf counters) before it is discarded.
///
/// Missing features are NaN; a branch that cannot route a sample (missing feature) uses its
/// most traversed child, and a multiway nominal branch meeting a new value grows a leaf for it.
/// Class ids must appear in order (0, 1, ...). `w = 0` does nothing.
///
/// ```cpp
/// streamwise::tree::HoeffdingAdaptiveTreeClassifier<> model({.seed = 42});
/// const double x[] = {0.3, 1.2};
/// model.learn_one({x}, 1);
/// streamwise::ClassId y = model.predict_one({x});
/// auto s = model.summary();  // s.n_alternate_trees, ...
/// ```
template <class Splitter = GaussianSplitter, class Criterion = NamedCriterion>
class HoeffdingAdaptiveTreeClassifier {
 public:
  using Params = HoeffdingAdaptiveTreeClassifierParams<Splitter>;
  static constexpr std::string_view name = "HoeffdingAdaptiveTreeClassifier";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal features (codes from a bound `FeatureSpace`) are understood.
  static constexpr bool accepts_nominal = true;

  /// River's defaults (the seed is drawn from the system).
  HoeffdingAdaptiveTreeClassifier() : HoeffdingAdaptiveTreeClassifier(Params{}) {}
  /// Validates `params` (throws `std::invalid_argument`).
  explicit HoeffdingAdaptiveTreeClassifier(const Params& params) : params_(params) {
    params_.validate();
    check_criterion(params_);
    refresh_derived();
    effective_seed_ = params_.seed ? *params_.seed : entropy_seed();
    rng_ = PythonRandom(effective_seed_);
  }

  /// Binds the `FeatureSpace` that names the features and says which are nominal. It must
  /// outlive the model; it is not part of checkpoints or comparisons.
  void bind(const FeatureSpace* space) { space_ = space; }
  /// The bound space, or null.
  const FeatureSpace* space() const { return space_; }

  /// Learns from sample `x` of class `y` with weight `w`. Throws `InvalidInput`, with the
  /// model unchanged, for an infinite feature value, a negative or non-finite `w`, or a class id
  /// greater than `n_classes()`.
  void learn_one(DenseView x, ClassId y, double w = 1.0);

  /// Writes the probability of every known class into `out[0 .. n_classes())` (extra slots get
  /// 0). Throws `InvalidInput` for an infinite feature value or a short `out`.
  void predict_proba_one(DenseView x, std::span<double> out) const;

  /// The most probable class, lowest id on ties; 0 before any learning.
  ClassId predict_one(DenseView x) const {
    const std::size_t n = n_classes();
    if (n == 0) {
      predict_proba_one(x, std::span<double>{});
      return 0;
    }
    constexpr std::size_t stack_classes = 64;
    std::array<double, stack_classes> buffer;
    std::vector<double> heap;
    std::span<double> proba;
    if (n <= stack_classes) {
      proba = std::span<double>(buffer.data(), n);
    } else {
      heap.resize(n);
      proba = heap;
    }
    predict_proba_one(x, proba);
    std::size_t best = 0;
    for (std::size_t i = 1; i < n; ++i) {
      if (proba[i] > proba[best]) best = i;
    }
    return static_cast<ClassId>(best);
  }

  /// Number of classes seen so far.
  std::size_t n_classes() const { return n_classes_; }
  /// Nodes of the main tree (alternate subtrees excluded; 0 when empty).
  std::size_t n_nodes() const;
  /// Branches of the main tree.
  std::size_t n_branches() const;
  /// Leaves of the main tree.
  std::size_t n_leaves() const;
  /// River's active-leaf counter (it also moves for alternate and discarded leaves).
  std::int64_t n_active_leaves() const { return n_active_leaves_; }
  /// River's inactive-leaf counter.
  std::int64_t n_inactive_leaves() const { return n_inactive_leaves_; }
  /// Levels of the main tree: 0 when empty, 1 for a single leaf.
  std::size_t height() const;
  /// Total weight learnt.
  double total_weight_seen() const { return train_weight_seen_; }
  /// Alternate subtrees started so far.
  std::int64_t n_alternate_trees() const { return n_alternate_trees_; }
  /// Alternate subtrees dropped so far.
  std::int64_t n_pruned_alternate_trees() const { return n_pruned_alternate_trees_; }
  /// Alternate subtrees that replaced their branch so far.
  std::int64_t n_switch_alternate_trees() const { return n_switch_alternate_trees_; }
  /// Number of branches that currently grow an alternate subtree.
  std::size_t n_growing_alternates() const;
  /// Shape counts and alternate-tree counters (River's `summary`).
  AdaptiveClassifierSummary summary() const {
    return AdaptiveClassifierSummary{n_nodes(),
                                     n_branches(),
                                     n_leaves(),
                                     n_active_leaves_,
                                     n_inactive_leaves_,
                                     height(),
                                     train_weight_seen_,
                                     n_alternate_trees_,
                                     n_pruned_alternate_trees_,
                                     n_switch_alternate_trees_};
  }
  /// The seed of the bootstrap generator (drawn from the system when `seed` is None).
  std::int64_t effective_seed() const { return effective_seed_; }
  /// Estimated bytes used by the model (what memory management compares with `max_size`).
  std::size_t memory_size() const;

  /// The path `x` takes in the main tree, one line per node as River's `debug_one` prints it.
  /// Empty for an empty tree.
  std::string debug_one(DenseView x) const;
  /// The tree in Graphviz DOT; alternate subtrees hang from their branch by a dashed edge.
  std::string to_dot() const;

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version);

  /// Same parameters and learnt state (the bound space is not compared).
  friend bool operator==(const HoeffdingAdaptiveTreeClassifier& a,
                         const HoeffdingAdaptiveTreeClassifier& b) {
    return a.params_ == b.params_ && a.effective_seed_ == b.effective_seed_ && a.rng_ == b.rng_ &&
           a.n_classes_ == b.n_classes_ && a.nodes_ == b.nodes_ && a.root_ == b.root_ &&
           a.n_active_leaves_ == b.n_active_leaves_ &&
           a.n_inactive_leaves_ == b.n_inactive_leaves_ &&
           a.n_alternate_trees_ == b.n_alternate_trees_ &&
           a.n_pruned_alternate_trees_ == b.n_pruned_alternate_trees_ &&
           a.n_switch_alternate_trees_ == b.n_switch_alternate_trees_ &&
           a.active_leaf_size_estimate_ == b.active_leaf_size_estimate_ &&
           a.inactive_leaf_size_estimate_ == b.inactive_leaf_size_estimate_ &&
           a.size_estimate_overhead_fraction_ == b.size_estimate_overhead_fraction_ &&
           a.growth_allowed_ == b.growth_allowed_ && a.train_weight_seen_ == b.train_weight_seen_;
  }

 private:
  using Node = detail::AdaNode<Splitter>;
  using Leaf = detail::Leaf<Splitter>;
  static constexpr std::uint32_t no_node = detail::ada_no_node;
  enum class LeafMode : std::uint8_t { mc, nb, nba };

  static std::int64_t entropy_seed() {
    std::random_device device;
    const std::uint64_t hi = device();
    const std::uint64_t lo = device();
    return static_cast<std::int64_t>(((hi << 32) | lo) >> 1);
  }
  static void check_criterion(const Params& p) {
    if constexpr (!Criterion::name.empty()) {
      if (p.split_criterion != Criterion::name) {
        throw invalid_parameter(
            "HoeffdingAdaptiveTreeClassifier", "split_criterion",
            "\"" + std::string(Criterion::name) + "\" with this Criterion policy");
      }
    }
  }
  void refresh_derived();
  Criterion make_criterion() const;
  bool is_nominal(FeatureId f) const;

  // Routing (main tree).
  int branch_no(const Node& node, DenseView x) const;
  double subtree_weight(std::uint32_t node) const;
  std::size_t most_common_branch(std::uint32_t node) const;
  std::uint32_t main_leaf(std::uint32_t node, DenseView x) const;
  std::size_t count_leaves(std::uint32_t node) const;
  std::vector<std::uint32_t> find_leaves() const;

  // Nodes.
  std::uint32_t new_leaf(const detail::ClassDist& stats, std::uint32_t depth);
  template <bool Touch, class N>
  bool leaf_distribution(N& node, DenseView x, std::vector<double>& dist) const;
  template <bool Touch, class L>
  bool naive_bayes(L& leaf, DenseView x, std::vector<double>& dist) const;
  bool leaf_guess_right(std::uint32_t node, DenseView x, ClassId y);
  void update_splitters(Leaf& leaf, DenseView x, ClassId y, double w);

  // Learning.
  void learn_node(std::uint32_t node, DenseView x, ClassId y, double w, std::uint32_t parent,
                  std::size_t parent_branch);
  void learn_leaf(std::uint32_t node, DenseView x, ClassId y, double w, std::uint32_t parent,
                  std::size_t parent_branch);
  void learn_branch(std::uint32_t node, DenseView x, ClassId y, double w, std::uint32_t parent,
                    std::size_t parent_branch);
  void kill_tree_children(std::uint32_t node);
  void attempt_to_split(std::uint32_t node, std::uint32_t parent, std::size_t parent_branch);
  void compact();
  void enforce_size_limit();
  void estimate_model_size();

  std::string feature_name(FeatureId f) const;
  std::string value_text(FeatureId f, double v) const;
  std::string leaf_text(const Leaf& leaf, bool dot) const;

  Params params_;
  LeafMode mode_ = LeafMode::nba;
  std::int64_t max_depth_ = std::numeric_limits<std::int64_t>::max();
  double max_byte_size_ = 0.0;
  std::vector<FeatureId> nominal_indices_;
  const FeatureSpace* space_ = nullptr;

  std::int64_t effective_seed_ = 0;
  PythonRandom rng_{};
  std::uint32_t n_classes_ = 0;
  std::vector<Node> nodes_;  // after each update: exactly the reachable nodes
  std::uint32_t root_ = no_node;
  std::int64_t n_active_leaves_ = 0;
  std::int64_t n_inactive_leaves_ = 0;
  std::int64_t n_alternate_trees_ = 0;
  std::int64_t n_pruned_alternate_trees_ = 0;
  std::int64_t n_switch_alternate_trees_ = 0;
  double active_leaf_size_estimate_ = 0.0;
  double inactive_leaf_size_estimate_ = 0.0;
  double size_estimate_overhead_fraction_ = 1.0;
  bool growth_allowed_ = true;
  double train_weight_seen_ = 0.0;
  bool structure_changed_ = false;  // some node may have been cut off during this update
  detail::Scratch scratch_;
};

}  // namespace streamwise::tree

#include "streamwise/tree/detail/hoeffding_adaptive_tree_classifier_impl.hpp"

namespace cereal::detail {
template <class S, class C>
struct Version<streamwise::tree::HoeffdingAdaptiveTreeClassifier<S, C>> {
  static std::uint32_t registerVersion() {
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(streamwise::tree::HoeffdingAdaptiveTreeClassifier<S, C>))
            .hash_code(),
        streamwise::tree::HoeffdingAdaptiveTreeClassifier<S, C>::class_version);
    return streamwise::tree::HoeffdingAdaptiveTreeClassifier<S, C>::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
