#pragma once
/// @file
/// Hoeffding adaptive tree regressor, River's `tree.HoeffdingAdaptiveTreeRegressor`. The long
/// member functions live in `tree/detail/hoeffding_adaptive_tree_regressor_impl.hpp`.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <random>
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
#include "streamwise/core/params.hpp"
#include "streamwise/core/python_random.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/tree/criteria/variance_reduction_criterion.hpp"
#include "streamwise/tree/detail/hatr_nodes.hpp"
#include "streamwise/tree/detail/target_var.hpp"
#include "streamwise/tree/hoeffding_tree_regressor.hpp"
#include "streamwise/tree/splitters/nominal_splitter_reg.hpp"
#include "streamwise/tree/splitters/tebst_splitter.hpp"

namespace streamwise::tree {

/// Hyper-parameters of `HoeffdingAdaptiveTreeRegressor`, River's names and defaults.
template <class Splitter, class LeafModel>
struct HoeffdingAdaptiveTreeRegressorParams {
  std::int64_t grace_period = 200;                ///< Weight a leaf sees between split attempts.
  std::optional<std::int64_t> max_depth{};        ///< Deepest leaf level; None: unlimited.
  double delta = 1e-7;                            ///< Hoeffding bound significance.
  double tau = 0.05;                              ///< Tie threshold.
  std::string leaf_prediction = "adaptive";       ///< "mean", "model" or "adaptive".
  LeafModel leaf_model{};                         ///< Leaf model prototype.
  double model_selector_decay = 0.95;             ///< "adaptive": error decay.
  std::vector<std::string> nominal_attributes{};  ///< Extra nominal features, by name.
  Splitter splitter{};                            ///< Numeric splitter prototype.
  std::int64_t min_samples_split = 5;             ///< Least weight per branch.
  bool bootstrap_sampling = true;                 ///< Poisson(1) weights at the leaves.
  std::int64_t drift_window_threshold = 300;      ///< Errors both subtrees need before a test.
  drift::ADWIN drift_detector{};                  ///< Prototype of every node's detector.
  double switch_significance = 0.05;              ///< Level of the alternate-vs-main z-test.
  bool binary_split = false;                      ///< Forbid multiway nominal splits.
  double max_size = 500.0;                        ///< Memory limit in MiB.
  std::int64_t memory_estimate_period = 1000000;  ///< Weight between memory checks.
  bool stop_mem_management = false;               ///< Stop growing once the limit is hit.
  bool remove_poor_attrs = false;                 ///< Drop hopeless features' splitters.
  bool merit_preprune = true;                     ///< Consider not splitting (null split).
  std::optional<std::int64_t> seed{};             ///< Bootstrap seed; None draws one.

  template <class V>
  void visit(V&& v) {
    v("grace_period", grace_period);
    v("max_depth", max_depth);
    v("delta", delta);
    v("tau", tau);
    v("leaf_prediction", leaf_prediction);
    v("leaf_model", leaf_model);
    v("model_selector_decay", model_selector_decay);
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
    v("min_samples_split", min_samples_split);
    v("bootstrap_sampling", bootstrap_sampling);
    v("drift_window_threshold", drift_window_threshold);
    v("drift_detector", drift_detector);
    v("switch_significance", switch_significance);
    v("binary_split", binary_split);
    v("max_size", max_size);
    v("memory_estimate_period", memory_estimate_period);
    v("stop_mem_management", stop_mem_management);
    v("remove_poor_attrs", remove_poor_attrs);
    v("merit_preprune", merit_preprune);
    v("seed", seed);
  }

  /// Throws `std::invalid_argument`
  /// ("HoeffdingAdaptiveTreeRegressor: delta must be in (0, 1)").
  void validate() const {
    constexpr const char* who = "HoeffdingAdaptiveTreeRegressor";
    if (grace_period <= 0) throw invalid_parameter(who, "grace_period", "> 0");
    if (max_depth && *max_depth < 0) throw invalid_parameter(who, "max_depth", "None or >= 0");
    if (!(delta > 0.0 && delta < 1.0)) throw invalid_parameter(who, "delta", "in (0, 1)");
    if (!(tau >= 0.0) || !std::isfinite(tau)) {
      throw invalid_parameter(who, "tau", "finite and >= 0");
    }
    if (leaf_prediction != "mean" && leaf_prediction != "model" && leaf_prediction != "adaptive") {
      throw invalid_parameter(who, "leaf_prediction", "one of \"mean\", \"model\", \"adaptive\"");
    }
    if (!(model_selector_decay > 0.0 && model_selector_decay <= 1.0)) {
      throw invalid_parameter(who, "model_selector_decay", "in (0, 1]");
    }
    if (min_samples_split < 0) throw invalid_parameter(who, "min_samples_split", ">= 0");
    if (drift_window_threshold < 0) {
      throw invalid_parameter(who, "drift_window_threshold", ">= 0");
    }
    if (!(switch_significance >= 0.0 && switch_significance <= 1.0)) {
      throw invalid_parameter(who, "switch_significance", "in [0, 1]");
    }
    if (!(max_size > 0.0) || !std::isfinite(max_size)) {
      throw invalid_parameter(who, "max_size", "finite and > 0");
    }
    if (memory_estimate_period <= 0) {
      throw invalid_parameter(who, "memory_estimate_period", "> 0");
    }
    splitter.params().validate();
    leaf_model.params().validate();
    drift_detector.params().validate();
  }

  friend bool operator==(const HoeffdingAdaptiveTreeRegressorParams&,
                         const HoeffdingAdaptiveTreeRegressorParams&) = default;

  template <class Archive>
  void serialize(Archive& ar) {
    auto splitter_params = splitter.params();
    auto detector_params = drift_detector.params();
    ar(grace_period, max_depth, delta, tau, leaf_prediction, leaf_model, model_selector_decay,
       nominal_attributes, splitter_params, min_samples_split, bootstrap_sampling,
       drift_window_threshold, detector_params, switch_significance, binary_split, max_size,
       memory_estimate_period, stop_mem_management, remove_poor_attrs, merit_preprune, seed);
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

/// Shape and adaptation counters of `HoeffdingAdaptiveTreeRegressor` (River's `summary`).
struct AdaptiveTreeSummary {
  std::size_t n_nodes = 0;                    ///< Branches and leaves of the main tree.
  std::size_t n_branches = 0;                 ///< Internal nodes.
  std::size_t n_leaves = 0;                   ///< Leaves (alternates not counted).
  std::int64_t n_active_leaves = 0;           ///< River's counter (see the class notes).
  std::int64_t n_inactive_leaves = 0;         ///< River's counter.
  std::size_t height = 0;                     ///< Levels (0 when empty).
  double total_observed_weight = 0.0;         ///< Weight of every sample learnt.
  std::int64_t n_alternate_trees = 0;         ///< Alternate subtrees started.
  std::int64_t n_pruned_alternate_trees = 0;  ///< Alternate subtrees discarded.
  std::int64_t n_switch_alternate_trees = 0;  ///< Alternate subtrees swapped in.
  friend bool operator==(const AdaptiveTreeSummary&, const AdaptiveTreeSummary&) = default;
};

/// Hoeffding adaptive tree regressor (HATR), following River 0.26 step by step so that the
/// same stream and seed give the same predictions.
///
/// The tree grows like `HoeffdingTreeRegressor` (variance-reduction splits every
/// `grace_period` of weight, leaves predicting the mean, a linear model, or whichever of the
/// two has the smaller decayed error). On top of that every node feeds the absolute error of
/// the prediction made below it to its own ADWIN detector (River 0.26 passes the raw error,
/// not the normalised one its documentation describes). When a branch's detector flags an
/// increase of the error, the branch starts an alternate leaf; once both have seen more than
/// `drift_window_threshold` errors, a two-sided z-test at `switch_significance` either swaps
/// the alternate in (its error is smaller) or drops it. With `bootstrap_sampling` every leaf
/// update multiplies the weight by a Poisson(1) draw (a zero draw keeps the weight) from a
/// CPython-compatible `random.Random(seed)`; `seed = None` draws a seed from the system, so
/// runs are not reproducible (see `effective_seed()`).
///
/// River's quirks are kept because they decide the predictions: a prediction averages the
/// reached leaf with the alternate leaves of the branches on its path; an alternate leaf that
/// splits replaces the branch that owns it (not the alternate slot); a swapped-out subtree
/// still learns the current sample; and the active/inactive leaf counters are River's running
/// counters, which drift away from the real leaf counts after swaps.
///
/// ```cpp
/// streamwise::tree::HoeffdingAdaptiveTreeRegressor<> model({.seed = 42});
/// const double x[] = {0.3, 1.2};
/// model.learn_one({x}, 4.5);
/// double y = model.predict_one({x});
/// ```
template <class Splitter = TEBSTSplitter, class LeafModel = linear_model::LinearRegression>
class HoeffdingAdaptiveTreeRegressor {
 public:
  using Params = HoeffdingAdaptiveTreeRegressorParams<Splitter, LeafModel>;
  static constexpr std::string_view name = "HoeffdingAdaptiveTreeRegressor";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal features (codes from a bound `FeatureSpace`) are understood by the splits.
  static constexpr bool accepts_nominal = true;

  /// River's defaults (the seed is drawn from the system).
  HoeffdingAdaptiveTreeRegressor() : HoeffdingAdaptiveTreeRegressor(Params{}) {}
  /// Validates `params` (throws `std::invalid_argument`).
  explicit HoeffdingAdaptiveTreeRegressor(const Params& params) : params_(params) {
    params_.validate();
    refresh_derived();
    effective_seed_ = params_.seed ? *params_.seed : system_seed();
    rng_ = PythonRandom(effective_seed_);
  }

  /// Binds the `FeatureSpace` that names the features and says which are nominal.
  void bind(const FeatureSpace* space) { space_ = space; }
  /// The bound space, or null.
  const FeatureSpace* space() const { return space_; }

  /// Learns from `x` with target `y` and weight `w` (`w = 0` does nothing). Throws
  /// `InvalidInput`, unchanged, for an infinite feature, a non-finite `y` or a bad weight.
  void learn_one(DenseView x, double y, double w = 1.0);
  /// The mean prediction of the leaf `x` reaches and of the alternate leaves met on the way
  /// (0 before any learning, as River).
  double predict_one(DenseView x) const;

  /// Number of nodes of the main tree (0 when empty).
  std::size_t n_nodes() const { return root_ ? count(*root_, Count::nodes) : 0; }
  /// Number of branches.
  std::size_t n_branches() const { return root_ ? count(*root_, Count::branches) : 0; }
  /// Number of leaves (alternate subtrees are not counted, as in River).
  std::size_t n_leaves() const { return root_ ? count(*root_, Count::leaves) : 0; }
  /// River's running count of active leaves.
  std::int64_t n_active_leaves() const { return n_active_leaves_; }
  /// River's running count of inactive leaves.
  std::int64_t n_inactive_leaves() const { return n_inactive_leaves_; }
  /// Levels of the main tree: 0 when empty, 1 for a single leaf.
  std::size_t height() const { return root_ ? height_of(*root_) : 0; }
  /// Alternate subtrees started.
  std::int64_t n_alternate_trees() const { return n_alternate_trees_; }
  /// Alternate subtrees discarded.
  std::int64_t n_pruned_alternate_trees() const { return n_pruned_alternate_trees_; }
  /// Alternate subtrees swapped in.
  std::int64_t n_switch_alternate_trees() const { return n_switch_alternate_trees_; }
  /// Alternate subtrees held right now by the main tree's branches (this library's own count;
  /// River's counters above only ever grow).
  std::size_t n_growing_alternate_trees() const {
    return root_ ? count(*root_, Count::alternates) : 0;
  }
  /// Total weight learnt.
  double total_weight_seen() const { return train_weight_seen_; }
  /// Shape and adaptation counters (River's `summary`).
  AdaptiveTreeSummary summary() const {
    return AdaptiveTreeSummary{n_nodes(),
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
  /// Estimated bytes used by the model.
  std::size_t memory_size() const;
  /// The seed of the bootstrap generator (drawn from the system when `seed` is None).
  std::int64_t effective_seed() const { return effective_seed_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version);

  /// Same parameters and learnt state (the bound space is not compared).
  friend bool operator==(const HoeffdingAdaptiveTreeRegressor& a,
                         const HoeffdingAdaptiveTreeRegressor& b) {
    const bool same_root = static_cast<bool>(a.root_) == static_cast<bool>(b.root_) &&
                           (!a.root_ || *a.root_ == *b.root_);
    return same_root && a.params_ == b.params_ && a.effective_seed_ == b.effective_seed_ &&
           a.rng_ == b.rng_ && a.n_active_leaves_ == b.n_active_leaves_ &&
           a.n_inactive_leaves_ == b.n_inactive_leaves_ &&
           a.n_alternate_trees_ == b.n_alternate_trees_ &&
           a.n_pruned_alternate_trees_ == b.n_pruned_alternate_trees_ &&
           a.n_switch_alternate_trees_ == b.n_switch_alternate_trees_ &&
           a.active_leaf_size_estimate_ == b.active_leaf_size_estimate_ &&
           a.inactive_leaf_size_estimate_ == b.inactive_leaf_size_estimate_ &&
           a.size_estimate_overhead_fraction_ == b.size_estimate_overhead_fraction_ &&
           a.growth_allowed_ == b.growth_allowed_ && a.train_weight_seen_ == b.train_weight_seen_;
  }

  /// Deep copy.
  HoeffdingAdaptiveTreeRegressor(const HoeffdingAdaptiveTreeRegressor& o)
      : params_(o.params_),
        mode_(o.mode_),
        max_depth_(o.max_depth_),
        max_byte_size_(o.max_byte_size_),
        nominal_indices_(o.nominal_indices_),
        space_(o.space_),
        effective_seed_(o.effective_seed_),
        rng_(o.rng_),
        root_(o.root_ ? std::make_unique<Node>(*o.root_) : nullptr),
        n_active_leaves_(o.n_active_leaves_),
        n_inactive_leaves_(o.n_inactive_leaves_),
        n_alternate_trees_(o.n_alternate_trees_),
        n_pruned_alternate_trees_(o.n_pruned_alternate_trees_),
        n_switch_alternate_trees_(o.n_switch_alternate_trees_),
        active_leaf_size_estimate_(o.active_leaf_size_estimate_),
        inactive_leaf_size_estimate_(o.inactive_leaf_size_estimate_),
        size_estimate_overhead_fraction_(o.size_estimate_overhead_fraction_),
        growth_allowed_(o.growth_allowed_),
        train_weight_seen_(o.train_weight_seen_) {}
  /// Deep copy assignment.
  HoeffdingAdaptiveTreeRegressor& operator=(const HoeffdingAdaptiveTreeRegressor& o) {
    if (this != &o) {
      HoeffdingAdaptiveTreeRegressor copy(o);
      *this = std::move(copy);
    }
    return *this;
  }
  HoeffdingAdaptiveTreeRegressor(HoeffdingAdaptiveTreeRegressor&&) noexcept = default;
  HoeffdingAdaptiveTreeRegressor& operator=(HoeffdingAdaptiveTreeRegressor&&) noexcept = default;
  ~HoeffdingAdaptiveTreeRegressor() = default;

 private:
  using Node = detail::HatrNode<Splitter, LeafModel>;
  using Leaf = typename Node::Leaf;
  enum class LeafMode : std::uint8_t { mean, model, adaptive };
  enum class Count : std::uint8_t { nodes, branches, leaves, alternates };

  static std::int64_t system_seed() {
    std::random_device device;
    const std::uint64_t hi = device();
    const std::uint64_t lo = device();
    return static_cast<std::int64_t>(((hi << 32) | lo) >> 1);
  }

  void refresh_derived();
  bool is_nominal(FeatureId f) const;
  static int branch_no(const Node& node, DenseView x);
  static double subtree_weight(const Node& node);
  static int most_common_branch(const Node& node);
  static std::size_t count(const Node& node, Count what);
  static std::size_t height_of(const Node& node);
  const Node& main_leaf(const Node& start, DenseView x) const;
  std::unique_ptr<Node> new_leaf(const detail::TargetVar& stats, std::uint32_t depth,
                                 const Leaf* parent) const;
  double leaf_prediction(const Leaf& leaf, DenseView x) const;
  void update_leaf(Leaf& leaf, DenseView x, double y, double w);
  void learn_node(Node& node, DenseView x, double y, double w, Node* parent, int parent_branch);
  void learn_leaf_node(Node& node, DenseView x, double y, double w, Node* parent,
                       int parent_branch);
  void learn_branch_node(Node& node, DenseView x, double y, double w, Node* parent,
                         int parent_branch);
  void replace(Node* parent, int parent_branch, std::unique_ptr<Node> with);
  void kill_tree_children(Node& branch);
  static void deactivate(Leaf& leaf);
  void disable_attribute(Leaf& leaf, FeatureId f);
  void attempt_to_split(Node& node, Node* parent, int parent_branch);
  void find_leaves(std::vector<Node*>& out);
  void enforce_size_limit();
  void estimate_model_size();

  Params params_;
  LeafMode mode_ = LeafMode::adaptive;
  std::int64_t max_depth_ = std::numeric_limits<std::int64_t>::max();
  double max_byte_size_ = 0.0;
  std::vector<FeatureId> nominal_indices_;
  const FeatureSpace* space_ = nullptr;

  std::int64_t effective_seed_ = 0;
  PythonRandom rng_{};
  std::unique_ptr<Node> root_;
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
  // Subtrees swapped out during the current `learn_one`: River lets them finish the sample.
  std::vector<std::unique_ptr<Node>> detached_;
};

}  // namespace streamwise::tree

#include "streamwise/tree/detail/hoeffding_adaptive_tree_regressor_impl.hpp"

namespace cereal::detail {
template <class S, class M>
struct Version<streamwise::tree::HoeffdingAdaptiveTreeRegressor<S, M>> {
  static std::uint32_t registerVersion() {
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(streamwise::tree::HoeffdingAdaptiveTreeRegressor<S, M>)).hash_code(),
        streamwise::tree::HoeffdingAdaptiveTreeRegressor<S, M>::class_version);
    return streamwise::tree::HoeffdingAdaptiveTreeRegressor<S, M>::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
