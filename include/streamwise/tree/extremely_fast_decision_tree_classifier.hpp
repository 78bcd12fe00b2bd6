#pragma once
/// @file
/// Extremely fast decision tree (Hoeffding anytime tree) classifier, River's
/// `tree.ExtremelyFastDecisionTreeClassifier`. The long member functions live in
/// `tree/detail/efdt_classifier_impl.hpp`.

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
#include "streamwise/tree/detail/efdt_nodes.hpp"
#include "streamwise/tree/detail/tree_nodes.hpp"
#include "streamwise/tree/splitters/gaussian_splitter.hpp"
#include "streamwise/tree/splitters/nominal_splitter.hpp"

namespace streamwise::tree {

/// Hyper-parameters of `ExtremelyFastDecisionTreeClassifier`, River's names and defaults.
///
/// They are those of `HoeffdingTreeClassifierParams` plus `min_samples_reevaluate`. As in
/// River, `remove_poor_attrs` and `merit_preprune` are accepted but change nothing: this tree
/// never drops splitters and never adds the "no split" candidate when a leaf tries to split
/// (a leaf still stops learning when the best candidate is "no split").
template <class Splitter>
struct ExtremelyFastDecisionTreeClassifierParams {
  std::int64_t grace_period = 200;                ///< Weight a leaf sees between split attempts.
  std::optional<std::int64_t> max_depth{};        ///< Deepest leaf level; None: unlimited.
  std::int64_t min_samples_reevaluate = 20;       ///< Weight a branch sees before re-evaluating.
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
  bool remove_poor_attrs = false;                 ///< Accepted, no effect (as in River).
  bool merit_preprune = true;                     ///< Accepted, no effect (as in River).

  /// Lists every parameter as `v(name, field)` (specs, factories).
  template <class V>
  void visit(V&& v) {
    v("grace_period", grace_period);
    v("max_depth", max_depth);
    v("min_samples_reevaluate", min_samples_reevaluate);
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

  /// Throws `std::invalid_argument` ("ExtremelyFastDecisionTreeClassifier: delta must be in
  /// (0, 1)") for an invalid value. Unlike River, an unknown criterion or leaf prediction is an
  /// error rather than a printed warning and a fallback.
  void validate() const {
    constexpr const char* who = "ExtremelyFastDecisionTreeClassifier";
    if (grace_period <= 0) throw invalid_parameter(who, "grace_period", "> 0");
    if (max_depth && *max_depth < 0) throw invalid_parameter(who, "max_depth", "None or >= 0");
    if (min_samples_reevaluate < 0) {
      throw invalid_parameter(who, "min_samples_reevaluate", ">= 0");
    }
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

  /// Field-wise equality.
  friend bool operator==(const ExtremelyFastDecisionTreeClassifierParams&,
                         const ExtremelyFastDecisionTreeClassifierParams&) = default;

  /// Saves or restores every field (the splitter through its parameters).
  template <class Archive>
  void serialize(Archive& ar) {
    auto splitter_params = splitter.params();
    ar(grace_period, max_depth, min_samples_reevaluate, split_criterion, delta, tau,
       leaf_prediction, nb_threshold, nominal_attributes, splitter_params, binary_split,
       min_branch_fraction, max_share_to_split, max_size, memory_estimate_period,
       stop_mem_management, remove_poor_attrs, merit_preprune);
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

/// Counts of what split re-evaluations did to the tree (this library's own counters; River
/// keeps none).
struct EfdtEvents {
  std::uint64_t replaced = 0;  ///< A branch's split was replaced by another feature's.
  std::uint64_t retested = 0;  ///< A branch kept its feature but took the newest test.
  std::uint64_t killed = 0;    ///< A branch was turned back into a leaf.

  /// Saves or restores the counts.
  template <class Archive>
  void serialize(Archive& ar) {
    ar(replaced, retested, killed);
  }
  /// Field-wise equality.
  friend bool operator==(const EfdtEvents&, const EfdtEvents&) = default;
};

/// Extremely fast decision tree classifier (Hoeffding anytime tree; Manapragada, Webb & Salehi
/// 2018), following River 0.26 step by step so that the same stream gives the same
/// predictions.
///
/// Like a Hoeffding tree, a leaf splits once the Hoeffding bound says its best candidate beats
/// "no split"; unlike it, the candidate only has to beat a merit of 0, not the runner-up, so
/// splits come early. Branches keep learning: every sample adds its weight and features to the
/// class weights and splitters of every branch on its path. Once a branch has seen
/// `min_samples_reevaluate` weight since its split was set, it re-evaluates the split at every
/// sample: when another feature's split beats the current one by the bound (or the bound is
/// below `tau`) the subtree is replaced by a fresh split on that feature with new leaves; when
/// the best is the current feature with a newer test (another threshold, say), the test is
/// updated and the subtree kept; when even "no split" would win by the bound, the branch turns
/// back into a leaf. The walk down stops after a replacement. As in River, a re-evaluation that
/// changes nothing does not restart the `min_samples_reevaluate` count.
///
/// Leaves predict the majority class ("mc"), naive Bayes ("nb") or whichever of the two has
/// been right more often at that leaf ("nba", the default). Missing features are NaN; a branch
/// whose feature is missing sends the sample down its child with the most weight (a child's own
/// class weights, as River counts them), and a multiway branch meeting a new nominal value grows
/// a leaf for it. Class ids must appear in order (0, 1, ...); ties go to the lowest id.
///
/// ```cpp
/// streamwise::tree::ExtremelyFastDecisionTreeClassifier<> model;  // River's defaults
/// const double x[] = {0.3, 1.2};
/// model.learn_one({x}, 1);
/// streamwise::ClassId y = model.predict_one({x});
/// ```
template <class Splitter = GaussianSplitter, class Criterion = NamedCriterion>
class ExtremelyFastDecisionTreeClassifier {
 public:
  using Params = ExtremelyFastDecisionTreeClassifierParams<Splitter>;
  static constexpr std::string_view name = "ExtremelyFastDecisionTreeClassifier";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal features (codes from a bound `FeatureSpace`) are understood.
  static constexpr bool accepts_nominal = true;

  /// River's defaults.
  ExtremelyFastDecisionTreeClassifier() : ExtremelyFastDecisionTreeClassifier(Params{}) {}
  /// Validates `params` (throws `std::invalid_argument`).
  explicit ExtremelyFastDecisionTreeClassifier(const Params& params) : params_(params) {
    params_.validate();
    check_criterion(params_);
    refresh_derived();
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
  /// Number of nodes (0 for an empty tree).
  std::size_t n_nodes() const { return nodes_.size(); }
  /// Number of leaves.
  std::size_t n_leaves() const {
    std::size_t n = 0;
    for (const auto& node : nodes_) n += node.is_leaf() ? 1 : 0;
    return n;
  }
  /// Number of branches.
  std::size_t n_branches() const { return nodes_.size() - n_leaves(); }
  /// Number of leaves that keep splitters (River's counter).
  std::int64_t n_active_leaves() const { return n_active_leaves_; }
  /// Number of leaves that only keep class counts (River's counter).
  std::int64_t n_inactive_leaves() const { return n_inactive_leaves_; }
  /// Levels of the tree: 0 when empty, 1 for a single leaf.
  std::size_t height() const;
  /// Total weight learnt.
  double total_weight_seen() const { return train_weight_seen_; }
  /// What split re-evaluations did so far.
  const EfdtEvents& events() const { return events_; }
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

  /// Saves or restores parameters and the whole learnt state; throws `CheckpointError` for a
  /// newer `version` or a damaged payload (bad structure, unknown class ids, bad slots).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version);

  /// Same parameters and learnt state (the bound space is not compared).
  friend bool operator==(const ExtremelyFastDecisionTreeClassifier& a,
                         const ExtremelyFastDecisionTreeClassifier& b) {
    return a.params_ == b.params_ && a.n_classes_ == b.n_classes_ && a.nodes_ == b.nodes_ &&
           a.n_active_leaves_ == b.n_active_leaves_ &&
           a.n_inactive_leaves_ == b.n_inactive_leaves_ &&
           a.active_leaf_size_estimate_ == b.active_leaf_size_estimate_ &&
           a.inactive_leaf_size_estimate_ == b.inactive_leaf_size_estimate_ &&
           a.size_estimate_overhead_fraction_ == b.size_estimate_overhead_fraction_ &&
           a.growth_allowed_ == b.growth_allowed_ && a.train_weight_seen_ == b.train_weight_seen_ &&
           a.events_ == b.events_;
  }

 private:
  using Node = detail::EfdtNode<Splitter>;
  using Leaf = detail::Leaf<Splitter>;
  enum class LeafMode : std::uint8_t { mc, nb, nba };

  static void check_criterion(const Params& p) {
    if constexpr (!Criterion::name.empty()) {
      if (p.split_criterion != Criterion::name) {
        throw invalid_parameter(
            "ExtremelyFastDecisionTreeClassifier", "split_criterion",
            "\"" + std::string(Criterion::name) + "\" with this Criterion policy");
      }
    }
  }
  void refresh_derived();
  Criterion make_criterion() const;
  bool is_nominal(FeatureId f) const;

  // Routing.
  static int branch_no(const Node& node, DenseView x);
  std::uint32_t most_common_child(std::uint32_t node) const;
  std::uint32_t leaf_for_prediction(DenseView x) const;
  std::vector<std::uint32_t> find_leaves() const;

  // Learning records.
  std::uint32_t add_leaf(const detail::ClassDist& stats, std::uint32_t depth);
  void learn_leaf(Leaf& leaf, DenseView x, ClassId y, double w);
  void update_splitters(Leaf& state, DenseView x, ClassId y, double w);
  bool uses_naive_bayes(const Leaf& leaf) const;
  template <bool Touch, class L>
  bool naive_bayes(L& leaf, DenseView x, std::span<double> by_class) const;
  static void deactivate(Leaf& leaf);

  // Growth, re-evaluation and memory.
  std::uint32_t sort_to_leaf(DenseView x);
  void process_path(DenseView x, ClassId y, double w);
  void suggestions_of(const Leaf& state, const Criterion& criterion,
                      std::vector<detail::SplitSuggestion>& out) const;
  double hoeffding_bound(const Criterion& criterion, const detail::ClassDist& stats) const;
  void attempt_to_split(std::uint32_t node, bool live);
  bool reevaluate(std::uint32_t node, bool live, bool& retested);
  void count_subtree_leaves(std::uint32_t node, std::int64_t& active, std::int64_t& inactive) const;
  void grow_children(std::uint32_t node, detail::SplitSuggestion& split);
  void drop_unreachable();
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
  std::int64_t n_active_leaves_ = 0;
  std::int64_t n_inactive_leaves_ = 0;
  double active_leaf_size_estimate_ = 0.0;
  double inactive_leaf_size_estimate_ = 0.0;
  double size_estimate_overhead_fraction_ = 1.0;
  bool growth_allowed_ = true;
  double train_weight_seen_ = 0.0;
  EfdtEvents events_;
  mutable detail::Scratch scratch_;
  std::vector<detail::SplitSuggestion> suggestions_;  // reused buffer, not state
};

}  // namespace streamwise::tree

#include "streamwise/tree/detail/efdt_classifier_impl.hpp"

namespace cereal::detail {
template <class S, class C>
struct Version<streamwise::tree::ExtremelyFastDecisionTreeClassifier<S, C>> {
  static std::uint32_t registerVersion() {
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(streamwise::tree::ExtremelyFastDecisionTreeClassifier<S, C>))
            .hash_code(),
        streamwise::tree::ExtremelyFastDecisionTreeClassifier<S, C>::class_version);
    return streamwise::tree::ExtremelyFastDecisionTreeClassifier<S, C>::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
