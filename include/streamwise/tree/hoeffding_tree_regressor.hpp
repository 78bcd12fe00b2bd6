#pragma once
/// @file
/// Hoeffding tree regressor, River's `tree.HoeffdingTreeRegressor`. The long member functions
/// live in `tree/detail/hoeffding_tree_regressor_impl.hpp`.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
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
#include "streamwise/core/validate.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/tree/criteria/variance_reduction_criterion.hpp"
#include "streamwise/tree/detail/class_dist.hpp"
#include "streamwise/tree/detail/target_var.hpp"
#include "streamwise/tree/detail/tree_nodes.hpp"
#include "streamwise/tree/leaf_features.hpp"
#include "streamwise/tree/splitters/nominal_splitter_reg.hpp"
#include "streamwise/tree/splitters/tebst_splitter.hpp"

namespace streamwise::tree {

namespace detail {
/// A regression leaf's learning state (River's `LeafMean` / `LeafModel` / `LeafAdaptive`).
template <class Splitter, class Model>
struct RegLeaf {
  TargetVar stats;                          ///< Target statistics.
  std::uint32_t depth = 0;                  ///< Depth of the leaf.
  bool active = true;                       ///< Inactive leaves keep no splitters.
  double last_split_attempt_at = 0.0;       ///< Weight at the last split attempt.
  Model model{};                            ///< Leaf model ("model" and "adaptive").
  double fmse_mean = 0.0;                   ///< "adaptive": decayed squared error of the mean.
  double fmse_model = 0.0;                  ///< "adaptive": decayed squared error of the model.
  std::vector<Slot> slots;                  ///< One per watched feature, first-seen order.
  std::vector<std::int32_t> slot_of;        ///< Feature id -> position in `slots`, or -1.
  std::vector<Splitter> numeric;            ///< Numeric splitters.
  std::vector<NominalSplitterReg> nominal;  ///< Nominal splitters.
  std::vector<std::uint8_t> disabled;       ///< Feature id -> 1 when removed as poor.

  std::int32_t slot_for(FeatureId f) const { return f < slot_of.size() ? slot_of[f] : -1; }
  bool is_disabled(FeatureId f) const { return f < disabled.size() && disabled[f] != 0; }
  void drop_splitters() {
    std::vector<Slot>().swap(slots);
    std::vector<std::int32_t>().swap(slot_of);
    std::vector<Splitter>().swap(numeric);
    std::vector<NominalSplitterReg>().swap(nominal);
  }
  std::size_t memory_size() const {
    std::size_t n = sizeof(*this) + slots.capacity() * sizeof(Slot) +
                    slot_of.capacity() * sizeof(std::int32_t) + disabled.capacity();
    for (const auto& s : numeric) n += s.memory_size();
    for (const auto& s : nominal) n += s.memory_size();
    return n;
  }
  template <class Archive>
  void serialize(Archive& ar) {
    ar(stats, depth, active, last_split_attempt_at, model, fmse_mean, fmse_model, slots, slot_of,
       numeric, nominal, disabled);
  }
  friend bool operator==(const RegLeaf&, const RegLeaf&) = default;
};
}  // namespace detail

/// Hyper-parameters of `HoeffdingTreeRegressor`, River's names and defaults.
template <class Splitter, class LeafModel>
struct HoeffdingTreeRegressorParams {
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
  bool binary_split = false;                      ///< Forbid multiway nominal splits.
  double max_size = 500.0;                        ///< Memory limit in MiB.
  std::int64_t memory_estimate_period = 1000000;  ///< Weight between memory checks.
  bool stop_mem_management = false;               ///< Stop growing once the limit is hit.
  bool remove_poor_attrs = false;                 ///< Drop hopeless features' splitters.
  bool merit_preprune = true;                     ///< Consider not splitting (null split).

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
    v("binary_split", binary_split);
    v("max_size", max_size);
    v("memory_estimate_period", memory_estimate_period);
    v("stop_mem_management", stop_mem_management);
    v("remove_poor_attrs", remove_poor_attrs);
    v("merit_preprune", merit_preprune);
  }

  /// Throws `std::invalid_argument` ("HoeffdingTreeRegressor: delta must be in (0, 1)").
  void validate() const {
    constexpr const char* who = "HoeffdingTreeRegressor";
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
    if (!(max_size > 0.0) || !std::isfinite(max_size)) {
      throw invalid_parameter(who, "max_size", "finite and > 0");
    }
    if (memory_estimate_period <= 0) {
      throw invalid_parameter(who, "memory_estimate_period", "> 0");
    }
    splitter.params().validate();
    leaf_model.params().validate();
  }

  friend bool operator==(const HoeffdingTreeRegressorParams&,
                         const HoeffdingTreeRegressorParams&) = default;

  template <class Archive>
  void serialize(Archive& ar) {
    auto splitter_params = splitter.params();
    ar(grace_period, max_depth, delta, tau, leaf_prediction, leaf_model, model_selector_decay,
       nominal_attributes, splitter_params, min_samples_split, binary_split, max_size,
       memory_estimate_period, stop_mem_management, remove_poor_attrs, merit_preprune);
    if constexpr (Archive::is_loading::value) {
      try {
        splitter_params.validate();
      } catch (const std::invalid_argument& e) {
        throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
      }
      splitter = Splitter(splitter_params);
    }
  }
};

/// Hoeffding tree regressor (FIMT-style, as River implements it), following River 0.26 step by
/// step so that the same stream gives the same predictions.
///
/// Leaves keep the target's running mean and variance and one splitter per feature
/// (`Splitter`, default `TEBSTSplitter`, for numeric features; `NominalSplitterReg` for nominal
/// ones). `EBSTSplitter` and `QOSplitter` (quantization, `splitters/qo_splitter.hpp`) are the
/// other numeric splitters: `HoeffdingTreeRegressor<QOSplitter>`. Every `grace_period` of weight a
/// leaf ranks each feature's best split by variance reduction and splits when the runner-up's merit
/// over the best one's is below `1 - bound` (Hoeffding bound with range 1), or when the bound falls
/// below `tau`. A failed attempt prunes hopeless split points from the E-BSTs. Leaves predict the
/// target mean
/// ("mean"), a linear model trained on the leaf's samples ("model", copied from the parent at
/// a split), or whichever has the smaller exponentially decayed squared error ("adaptive").
/// Missing features (NaN) and nominal features behave as in `HoeffdingTreeClassifier`.
///
/// ```cpp
/// streamwise::tree::HoeffdingTreeRegressor<> model;  // River's defaults
/// const double x[] = {0.3, 1.2};
/// model.learn_one({x}, 4.5);
/// double y = model.predict_one({x});
/// ```
template <class Splitter = TEBSTSplitter, class LeafModel = linear_model::LinearRegression,
          class Features = AllFeatures>
class HoeffdingTreeRegressor {
 public:
  using Params = HoeffdingTreeRegressorParams<Splitter, LeafModel>;
  static constexpr std::string_view name = "HoeffdingTreeRegressor";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal features (codes from a bound `FeatureSpace`) are understood by the splits; the
  /// leaf models see their codes as numbers, as River's would.
  static constexpr bool accepts_nominal = true;

  /// River's defaults.
  HoeffdingTreeRegressor() : HoeffdingTreeRegressor(Params{}) {}
  /// Validates `params` (throws `std::invalid_argument`).
  explicit HoeffdingTreeRegressor(const Params& params) : params_(params) {
    params_.validate();
    refresh_derived();
  }
  /// Validates `params` and uses `features` as the leaf feature policy (`AllFeatures` by
  /// default; a seeded `RandomFeatureSubset` in `forest::ARFRegressor`).
  HoeffdingTreeRegressor(const Params& params, Features features) : HoeffdingTreeRegressor(params) {
    features_ = std::move(features);
  }
  /// The leaf feature policy.
  const Features& features() const { return features_; }

  /// Binds the `FeatureSpace` that names the features and says which are nominal.
  void bind(const FeatureSpace* space) { space_ = space; }
  /// The bound space, or null.
  const FeatureSpace* space() const { return space_; }

  /// Learns from `x` with target `y` and weight `w` (`w = 0` does nothing). Throws
  /// `InvalidInput`, unchanged, for an infinite feature, a non-finite `y` or a bad weight.
  void learn_one(DenseView x, double y, double w = 1.0);
  /// The prediction of the leaf `x` reaches (0 before any learning, as River).
  double predict_one(DenseView x) const;

  /// Number of nodes (0 for an empty tree).
  std::size_t n_nodes() const { return nodes_.size(); }
  /// Number of branches.
  std::size_t n_branches() const { return nodes_.size() - leaves_.size(); }
  /// Number of leaves.
  std::size_t n_leaves() const { return leaves_.size(); }
  /// Leaves that keep splitters.
  std::int64_t n_active_leaves() const { return n_active_leaves_; }
  /// Leaves that only keep statistics.
  std::int64_t n_inactive_leaves() const { return n_inactive_leaves_; }
  /// Levels of the tree: 0 when empty, 1 for a single leaf.
  std::size_t height() const;
  /// Total weight learnt.
  double total_weight_seen() const { return train_weight_seen_; }
  /// Shape counts (River's `summary`).
  TreeSummary summary() const {
    return TreeSummary{n_nodes(),          n_branches(), n_leaves(),        n_active_leaves_,
                       n_inactive_leaves_, height(),     train_weight_seen_};
  }
  /// Estimated bytes used by the model.
  std::size_t memory_size() const;

  /// The path `x` takes, as River's `debug_one` prints it: one line per node visited, the test
  /// taken at each branch (`x3 ≤ 0.25`, `g = 2`, `g ≠ 2`), then the leaf's target statistics
  /// (`Mean: 12.5 | Var: 3.061224`). Like River, a branch whose feature is missing (or whose
  /// nominal value is unseen) is followed to its heaviest child, and that child is listed
  /// twice. Empty for an empty tree. Throws `InvalidInput` for an infinite feature.
  std::string debug_one(DenseView x) const;
  /// The tree in Graphviz DOT, styled like `HoeffdingTreeClassifier::to_dot`: branches show
  /// their feature, edges their test, leaves their target statistics and weight.
  std::string to_dot() const;
  /// False once memory management stopped growth.
  bool growth_allowed() const { return growth_allowed_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version);

  /// Same parameters and learnt state (the bound space is not compared).
  friend bool operator==(const HoeffdingTreeRegressor& a, const HoeffdingTreeRegressor& b) {
    return a.params_ == b.params_ && a.nodes_ == b.nodes_ && a.leaves_ == b.leaves_ &&
           a.n_active_leaves_ == b.n_active_leaves_ &&
           a.n_inactive_leaves_ == b.n_inactive_leaves_ &&
           a.active_leaf_size_estimate_ == b.active_leaf_size_estimate_ &&
           a.inactive_leaf_size_estimate_ == b.inactive_leaf_size_estimate_ &&
           a.size_estimate_overhead_fraction_ == b.size_estimate_overhead_fraction_ &&
           a.growth_allowed_ == b.growth_allowed_ && a.train_weight_seen_ == b.train_weight_seen_ &&
           a.features_ == b.features_;
  }

 private:
  using Leaf = detail::RegLeaf<Splitter, LeafModel>;
  using Node = detail::Node;
  enum class LeafMode : std::uint8_t { mean, model, adaptive };

  void refresh_derived();
  bool is_nominal(FeatureId f) const;
  int branch_no(const Node& node, DenseView x) const;
  double subtree_weight(std::uint32_t node) const;
  std::uint32_t most_common_child(std::uint32_t node) const;
  std::vector<std::uint32_t> find_leaves() const;
  std::uint32_t new_leaf(const detail::TargetVar& stats, std::uint32_t depth, const Leaf* parent);
  void learn_leaf(Leaf& leaf, DenseView x, double y, double w);
  double leaf_prediction(const Leaf& leaf, DenseView x) const;
  void deactivate(Leaf& leaf);
  void disable_attribute(Leaf& leaf, FeatureId f);
  void attempt_to_split(std::uint32_t node);
  void enforce_size_limit();
  void estimate_model_size();
  std::string feature_name(FeatureId f) const;
  std::string value_text(FeatureId f, double v) const;
  std::string edge_text(const Node& n, std::size_t k, bool shorten) const;
  std::string leaf_text(const Leaf& leaf) const;

  Params params_;
  LeafMode mode_ = LeafMode::adaptive;
  std::int64_t max_depth_ = std::numeric_limits<std::int64_t>::max();
  double max_byte_size_ = 0.0;
  std::vector<FeatureId> nominal_indices_;
  const FeatureSpace* space_ = nullptr;

  std::vector<Node> nodes_;
  std::vector<Leaf> leaves_;
  std::int64_t n_active_leaves_ = 0;
  std::int64_t n_inactive_leaves_ = 0;
  double active_leaf_size_estimate_ = 0.0;
  double inactive_leaf_size_estimate_ = 0.0;
  double size_estimate_overhead_fraction_ = 1.0;
  bool growth_allowed_ = true;
  double train_weight_seen_ = 0.0;
  Features features_{};
};

}  // namespace streamwise::tree

#include "streamwise/tree/detail/hoeffding_tree_regressor_impl.hpp"

namespace cereal::detail {
template <class S, class M, class F>
struct Version<streamwise::tree::HoeffdingTreeRegressor<S, M, F>> {
  static std::uint32_t registerVersion() {
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(streamwise::tree::HoeffdingTreeRegressor<S, M, F>)).hash_code(),
        streamwise::tree::HoeffdingTreeRegressor<S, M, F>::class_version);
    return streamwise::tree::HoeffdingTreeRegressor<S, M, F>::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
