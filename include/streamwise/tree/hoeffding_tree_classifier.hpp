#pragma once
/// @file
/// Hoeffding tree (VFDT) classifier, River's `tree.HoeffdingTreeClassifier`. The long member
/// functions live in `tree/detail/hoeffding_tree_classifier_impl.hpp`.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
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
#include "streamwise/core/validate.hpp"
#include "streamwise/tree/criteria/named_criterion.hpp"
#include "streamwise/tree/detail/class_dist.hpp"
#include "streamwise/tree/detail/tree_nodes.hpp"
#include "streamwise/tree/leaf_features.hpp"
#include "streamwise/tree/splitters/gaussian_splitter.hpp"
#include "streamwise/tree/splitters/nominal_splitter.hpp"

namespace streamwise::tree {

/// Hyper-parameters of `HoeffdingTreeClassifier`, River's names and defaults.
///
/// `split_criterion` and `leaf_prediction` are strings, as in River. `nominal_attributes` names
/// the features to treat as nominal besides those a bound `FeatureSpace` already marks nominal;
/// without a bound space, names made of digits are feature indices ("0", "3"). `splitter` is
/// the prototype cloned for every numeric feature of every leaf.
template <class Splitter>
struct HoeffdingTreeClassifierParams {
  std::int64_t grace_period = 200;                ///< Weight a leaf sees between split attempts.
  std::optional<std::int64_t> max_depth{};        ///< Deepest leaf level; None: unlimited.
  std::string split_criterion = "info_gain";      ///< "info_gain", "gini" or "hellinger".
  double delta = 1e-7;                            ///< Hoeffding bound significance.
  double tau = 0.05;                              ///< Tie threshold: split when the bound is below.
  std::string leaf_prediction = "nba";            ///< "mc", "nb" or "nba".
  std::int64_t nb_threshold = 0;                  ///< Weight before "nb" leaves use naive Bayes.
  std::vector<std::string> nominal_attributes{};  ///< Extra nominal features, by name.
  Splitter splitter{};                            ///< Numeric splitter prototype.
  bool binary_split = false;                      ///< Forbid multiway nominal splits.
  double min_branch_fraction = 0.01;              ///< Criterion: least weight share of a branch.
  double max_share_to_split = 0.99;               ///< No split while the majority share is above.
  double max_size = 100.0;                        ///< Memory limit in MiB.
  std::int64_t memory_estimate_period = 1000000;  ///< Weight between memory checks.
  bool stop_mem_management = false;               ///< Stop growing once the limit is hit.
  bool remove_poor_attrs = false;                 ///< Drop hopeless features' splitters ("mc").
  bool merit_preprune = true;                     ///< Consider not splitting (null split).

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
    v("binary_split", binary_split);
    v("min_branch_fraction", min_branch_fraction);
    v("max_share_to_split", max_share_to_split);
    v("max_size", max_size);
    v("memory_estimate_period", memory_estimate_period);
    v("stop_mem_management", stop_mem_management);
    v("remove_poor_attrs", remove_poor_attrs);
    v("merit_preprune", merit_preprune);
  }

  /// Throws `std::invalid_argument` ("HoeffdingTreeClassifier: delta must be in (0, 1)") for
  /// an invalid value. Unlike River, an unknown criterion or leaf prediction is an error
  /// rather than a printed warning and a fallback.
  void validate() const {
    constexpr const char* who = "HoeffdingTreeClassifier";
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
  }

  friend bool operator==(const HoeffdingTreeClassifierParams&,
                         const HoeffdingTreeClassifierParams&) = default;

  template <class Archive>
  void serialize(Archive& ar) {
    auto splitter_params = splitter.params();
    ar(grace_period, max_depth, split_criterion, delta, tau, leaf_prediction, nb_threshold,
       nominal_attributes, splitter_params, binary_split, min_branch_fraction, max_share_to_split,
       max_size, memory_estimate_period, stop_mem_management, remove_poor_attrs, merit_preprune);
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

/// Hoeffding tree classifier (Very Fast Decision Tree; Domingos & Hulten 2000), following
/// River 0.26 step by step so that the same stream gives the same predictions.
///
/// Each sample is routed to a leaf; the leaf adds its weight to its class counts and feeds
/// every present feature to that feature's splitter (`Splitter` for numeric features,
/// `NominalSplitter` for nominal ones). Every `grace_period` of weight the leaf ranks each
/// feature's best split by the split criterion and splits when the best beats the runner-up by
/// more than the Hoeffding bound `sqrt(R^2 ln(1/delta) / 2n)`, or when the bound falls below
/// `tau`. Leaves predict the majority class ("mc"), naive Bayes over the splitters ("nb"), or
/// whichever of the two has been right more often at that leaf ("nba", the default).
///
/// Missing features are NaN. When learning, a branch whose feature is missing sends the sample
/// down its most traversed child (by weight), and a multiway branch that meets a new nominal
/// value grows a new leaf for it; neither path attempts a split (as in River). When predicting,
/// both follow the most traversed child.
///
/// Policies: `Splitter` is the numeric splitter (default `GaussianSplitter`); `Criterion` is the
/// split criterion policy; the default `NamedCriterion` picks the criterion named by the
/// `split_criterion` parameter at run time; a fixed criterion (`GiniCriterion`, ...) requires
/// that parameter to name it. Nominal features are those the bound `FeatureSpace` marks
/// nominal plus those listed in `nominal_attributes`. Class ids must appear in order
/// (0, 1, ...), as a `LabelEncoder` assigns them; predictions break ties by the lowest id
/// (River breaks them by the sorted label, which is the same when labels are ids).
/// `Features` says which features a leaf watches: every present one (`AllFeatures`, default)
/// or a random subset per leaf (`RandomFeatureSubset`, used by `forest::ARFClassifier`).
///
/// ```cpp
/// streamwise::tree::HoeffdingTreeClassifier<> model;  // River's defaults
/// const double x[] = {0.3, 1.2};
/// model.learn_one({x}, 1);
/// std::vector<double> proba(model.n_classes());
/// model.predict_proba_one({x}, proba);
/// streamwise::ClassId y = model.predict_one({x});
/// ```
template <class Splitter = GaussianSplitter, class Criterion = NamedCriterion,
          class Features = AllFeatures>
class HoeffdingTreeClassifier {
 public:
  using Params = HoeffdingTreeClassifierParams<Splitter>;
  static constexpr std::string_view name = "HoeffdingTreeClassifier";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal features (codes from a bound `FeatureSpace`) are understood.
  static constexpr bool accepts_nominal = true;

  /// River's defaults.
  HoeffdingTreeClassifier() : HoeffdingTreeClassifier(Params{}) {}
  /// Validates `params` (throws `std::invalid_argument`).
  explicit HoeffdingTreeClassifier(const Params& params) : params_(params) {
    params_.validate();
    check_criterion(params_);
    refresh_derived();
  }
  /// Validates `params` and uses `features` as the leaf feature policy (for example a seeded
  /// `RandomFeatureSubset`).
  HoeffdingTreeClassifier(const Params& params, Features features)
      : HoeffdingTreeClassifier(params) {
    features_ = std::move(features);
  }

  /// Binds the `FeatureSpace` that names the features and says which are nominal. It must
  /// outlive the model (or the next `bind`); it is not part of checkpoints or comparisons.
  void bind(const FeatureSpace* space) { space_ = space; }
  /// The bound space, or null.
  const FeatureSpace* space() const { return space_; }

  /// Learns from sample `x` of class `y` with weight `w`. `w = 0` does nothing. Throws
  /// `InvalidInput`, with the model unchanged, for an infinite feature value, a negative or
  /// non-finite `w`, or a class id greater than `n_classes()`.
  void learn_one(DenseView x, ClassId y, double w = 1.0);

  /// Writes the probability of every known class into `out[0 .. n_classes())` (extra slots get
  /// 0). Throws `InvalidInput` for an infinite feature value or an `out` shorter than
  /// `n_classes()`.
  void predict_proba_one(DenseView x, std::span<double> out) const;

  /// The most probable class, lowest id on ties; 0 before any learning (River returns None:
  /// check `n_classes()` first).
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
  /// Makes ids below `n` known without learning them, so that a member of an ensemble can
  /// learn class `n - 1` before it has seen the ids in between (never lowers the count).
  void reserve_classes(std::size_t n) {
    if (n > n_classes_) n_classes_ = static_cast<std::uint32_t>(n);
  }
  /// The leaf feature policy.
  const Features& features() const { return features_; }
  /// Number of nodes (0 for an empty tree).
  std::size_t n_nodes() const { return nodes_.size(); }
  /// Number of branches.
  std::size_t n_branches() const { return nodes_.size() - leaves_.size(); }
  /// Number of leaves.
  std::size_t n_leaves() const { return leaves_.size(); }
  /// Number of leaves that keep splitters.
  std::int64_t n_active_leaves() const { return n_active_leaves_; }
  /// Number of leaves that only keep class counts.
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
  /// False once memory management stopped growth (`stop_mem_management`).
  bool growth_allowed() const { return growth_allowed_; }
  /// Estimated bytes used by the model (what memory management compares with `max_size`).
  std::size_t memory_size() const;

  /// The path `x` takes, one line per node as River's `debug_one` prints it: the test taken at
  /// each branch, then the leaf's majority class and class probabilities. Empty for an empty
  /// tree.
  std::string debug_one(DenseView x) const;
  /// The tree in Graphviz DOT: branches show their feature, edges their test, leaves their
  /// majority class, class probabilities and weight.
  std::string to_dot() const;

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version);

  /// Same parameters and learnt state (the bound space is not compared).
  friend bool operator==(const HoeffdingTreeClassifier& a, const HoeffdingTreeClassifier& b) {
    return a.params_ == b.params_ && a.n_classes_ == b.n_classes_ && a.nodes_ == b.nodes_ &&
           a.leaves_ == b.leaves_ && a.n_active_leaves_ == b.n_active_leaves_ &&
           a.n_inactive_leaves_ == b.n_inactive_leaves_ &&
           a.active_leaf_size_estimate_ == b.active_leaf_size_estimate_ &&
           a.inactive_leaf_size_estimate_ == b.inactive_leaf_size_estimate_ &&
           a.size_estimate_overhead_fraction_ == b.size_estimate_overhead_fraction_ &&
           a.growth_allowed_ == b.growth_allowed_ && a.train_weight_seen_ == b.train_weight_seen_ &&
           a.features_ == b.features_;
  }

 private:
  using Leaf = detail::Leaf<Splitter>;
  using Node = detail::Node;
  static constexpr std::uint32_t no_node = std::numeric_limits<std::uint32_t>::max();
  enum class LeafMode : std::uint8_t { mc, nb, nba };

  static void check_criterion(const Params& p) {
    if constexpr (!Criterion::name.empty()) {
      if (p.split_criterion != Criterion::name) {
        throw invalid_parameter(
            "HoeffdingTreeClassifier", "split_criterion",
            "\"" + std::string(Criterion::name) + "\" with this Criterion policy");
      }
    }
  }
  void refresh_derived();
  Criterion make_criterion() const;

  // Routing.
  int branch_no(const Node& node, DenseView x) const;
  std::uint32_t most_common_child(std::uint32_t node) const;
  double subtree_weight(std::uint32_t node) const;
  std::uint32_t leaf_for_prediction(DenseView x) const;
  std::vector<std::uint32_t> find_leaves() const;

  // Leaves.
  std::uint32_t new_leaf(const detail::ClassDist& stats, std::uint32_t depth);
  void learn_leaf(Leaf& leaf, DenseView x, ClassId y, double w);
  void update_splitters(Leaf& leaf, DenseView x, ClassId y, double w);
  bool is_nominal(FeatureId f) const;
  bool uses_naive_bayes(const Leaf& leaf) const;
  template <bool Touch, class L>
  bool naive_bayes(L& leaf, DenseView x, std::span<double> by_class) const;
  void disable_attribute(Leaf& leaf, FeatureId f);
  void deactivate(Leaf& leaf);

  // Growth and memory.
  void attempt_to_split(std::uint32_t node);
  void enforce_size_limit();
  void estimate_model_size();

  std::string feature_name(FeatureId f) const;
  std::string value_text(FeatureId f, double v) const;
  std::string leaf_text(const Leaf& leaf, bool dot) const;

  Params params_;
  LeafMode mode_ = LeafMode::nba;
  std::int64_t max_depth_ = std::numeric_limits<std::int64_t>::max();
  double max_byte_size_ = 0.0;
  std::vector<FeatureId> nominal_indices_;  // digit names, used when no space is bound
  const FeatureSpace* space_ = nullptr;

  std::uint32_t n_classes_ = 0;
  std::vector<Node> nodes_;  // nodes_[0] is the root
  std::vector<Leaf> leaves_;
  std::int64_t n_active_leaves_ = 0;
  std::int64_t n_inactive_leaves_ = 0;
  double active_leaf_size_estimate_ = 0.0;
  double inactive_leaf_size_estimate_ = 0.0;
  double size_estimate_overhead_fraction_ = 1.0;
  bool growth_allowed_ = true;
  double train_weight_seen_ = 0.0;
  mutable detail::Scratch scratch_;
  Features features_{};
};

}  // namespace streamwise::tree

#include "streamwise/tree/detail/hoeffding_tree_classifier_impl.hpp"

namespace cereal::detail {
template <class S, class C, class F>
struct Version<streamwise::tree::HoeffdingTreeClassifier<S, C, F>> {
  static std::uint32_t registerVersion() {
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(streamwise::tree::HoeffdingTreeClassifier<S, C, F>)).hash_code(),
        streamwise::tree::HoeffdingTreeClassifier<S, C, F>::class_version);
    return streamwise::tree::HoeffdingTreeClassifier<S, C, F>::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
