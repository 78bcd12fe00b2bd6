#pragma once
/// @file
/// Adaptive random forest classifier, River's `forest.ARFClassifier`.

#include <algorithm>
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
#include "streamwise/core/validate.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/forest/detail/forest_base.hpp"
#include "streamwise/forest/detail/forest_common.hpp"
#include "streamwise/tree/hoeffding_tree_classifier.hpp"
#include "streamwise/tree/leaf_features.hpp"

namespace streamwise::forest {

namespace detail {

/// The member trees of `ARFClassifier`: Hoeffding trees whose leaves watch random feature
/// subsets.
using ARFClassifierTree =
    tree::HoeffdingTreeClassifier<tree::GaussianSplitter, tree::NamedCriterion,
                                  tree::RandomFeatureSubset>;

/// Hyper-parameters: River's names and defaults (the tree parameters are ARF's defaults,
/// not the plain tree's: `grace_period = 50`, `delta = 0.01`, `memory_estimate_period =
/// 2000000`). The member metric is always accuracy (River's default `metric`).
struct ARFClassifierParams {
  std::int64_t n_models = 10;                        ///< Trees in the forest.
  std::optional<std::string> max_features = "sqrt";  ///< See `resolve_max_features`.
  double lambda_value = 6.0;                         ///< Poisson rate of the sample weights.
  bool disable_weighted_vote = false;                ///< Plain (unweighted) vote.
  /// Drift detector prototype; None disables drift detection (River's `NoDrift()`).
  std::optional<drift::ADWIN> drift_detector = drift::ADWIN(drift::ADWIN::Params{.delta = 0.001});
  /// Warning detector prototype; None disables background trees (River's `NoDrift()`).
  std::optional<drift::ADWIN> warning_detector = drift::ADWIN(drift::ADWIN::Params{.delta = 0.01});
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
  ARFClassifierTree::Params tree_params() const {
    ARFClassifierTree::Params p;
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

  /// Throws `std::invalid_argument` ("ARFClassifier: n_models must be in [1, 100000]").
  void validate() const {
    detail::validate_forest_params(*this, "ARFClassifier", [] {});
  }

  friend bool operator==(const ARFClassifierParams&, const ARFClassifierParams&) = default;

  template <class Archive>
  void serialize(Archive& ar) {
    auto tp = tree_params();
    ar(n_models, max_features, lambda_value, disable_weighted_vote, drift_detector,
       warning_detector, tp, seed);
    if constexpr (Archive::is_loading::value) set_tree_params(tp);
  }

 private:
  void set_tree_params(const ARFClassifierTree::Params& p) {
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

/// One slot of `ARFClassifier`: the shared slot parts plus the member's accuracy and the lowest
/// class each tree learnt (River's tree answers None before it learns anything).
struct ARFClassifierMember : MemberCore<ARFClassifierTree> {
  static constexpr std::uint32_t no_class = std::numeric_limits<std::uint32_t>::max();

  double n_correct = 0.0;                         ///< Accuracy numerator since the last reset.
  double n_seen = 0.0;                            ///< Accuracy denominator since the last reset.
  std::uint32_t model_min_class = no_class;       ///< Lowest class `model` learnt.
  std::uint32_t background_min_class = no_class;  ///< Lowest class `background` learnt.

  /// The member's accuracy (0 before any prediction), River's `Accuracy().get()`.
  double accuracy() const { return n_seen > 0.0 ? n_correct / n_seen : 0.0; }

  /// Checkpoint layout of class_version 1 (unchanged by the move to `MemberCore`).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(model, background, warning, drift, n_correct, n_seen, model_min_class, background_min_class,
       generations, n_warnings, n_drifts);
  }
  friend bool operator==(const ARFClassifierMember&, const ARFClassifierMember&) = default;
};

}  // namespace detail

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
/// Threads pay with the batch calls (`learn_many`, `predict_proba_learn_many`,
/// `predict_learn_many`): one parallel region per batch, each thread running whole members
/// through every row, with exactly the model and answers of the per-row loop.
///
/// Classes are ids in order of first appearance (0, 1, ...; a new one may come at any time).
/// Missing features are NaN. `max_features` is resolved from the number of present features of
/// the first sample learnt.
///
/// ```cpp
/// streamwise::forest::ARFClassifier model({.n_models = 10, .seed = 42});
/// const double x[] = {0.3, 1.2, 5.0};
/// streamwise::ClassId guess = model.predict_one({x});  // test...
/// model.learn_one({x}, 0);                               // ...then train
/// // Test-then-train over a block of rows (row-major, 3 features), 2 threads:
/// model.set_n_threads(2);
/// std::vector<double> X = {0.3, 1.2, 5.0, 0.1, 0.7, 4.0};
/// std::vector<streamwise::ClassId> y = {1, 0}, guesses(2);
/// model.predict_learn_many(X, 3, y, guesses);
/// ```
class ARFClassifier
    : public detail::ForestBase<ARFClassifier, detail::ARFClassifierTree,
                                detail::ARFClassifierMember, detail::ARFClassifierParams> {
  using Base = detail::ForestBase<ARFClassifier, detail::ARFClassifierTree,
                                  detail::ARFClassifierMember, detail::ARFClassifierParams>;
  friend Base;

 public:
  static constexpr std::string_view name = "ARFClassifier";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (the seed is drawn from the system).
  ARFClassifier() : ARFClassifier(Params{}) {}
  /// Validates `params` (throws `std::invalid_argument`).
  explicit ARFClassifier(const Params& params) : Base(params) {}

  /// Learns sample `x` of class `y` (River's ARF has no sample weight: `w` must be 1). Throws
  /// `InvalidInput`, with the model unchanged, for an infinite feature value, a class id greater
  /// than `n_classes()` or `w != 1`.
  void learn_one(DenseView x, ClassId y, double w = 1.0) {
    require_unit_weight(w);
    check_sample(x, y, n_classes_);
    learn_rows(
        1, [x](std::size_t) { return x; }, [y](std::size_t) { return y; }, 0);
  }

  /// Learns the rows of a row-major block (`n_cols` features per row, NaN = absent) in order,
  /// `y[r]` being row `r`'s class: the same model, bit for bit, as `learn_one` on each row,
  /// with one parallel region for the whole block. Every row is checked first: a malformed
  /// block, an infinite value or a class id that skips ids throws `InvalidInput` ("row r: ..."
  /// names the first bad row) and nothing is learnt.
  void learn_many(std::span<const double> data, std::size_t n_cols, std::span<const ClassId> y) {
    const std::size_t n_rows = check_block(data, n_cols, y);
    learn_rows(
        n_rows, detail::BlockRows{data, n_cols}, [y](std::size_t r) { return y[r]; }, 0);
  }

  /// Progressive validation over a block: row `r` of `out` (row-major, `n_rows × k` with `k =
  /// out.size() / n_rows`) gets what `predict_proba_one(row r, that out row)` answers just
  /// before row `r` is learnt, then row `r` is learnt, exactly as the loop `predict_proba_one;
  /// learn_one`. `k` must be at least the number of classes after the block. Rows are checked
  /// first as in `learn_many` (an `out` of the wrong size throws too); nothing is learnt then.
  void predict_proba_learn_many(std::span<const double> data, std::size_t n_cols,
                                std::span<const ClassId> y, std::span<double> out) {
    const std::size_t n_rows = check_block(data, n_cols, y);
    const std::size_t width = n_rows == 0 ? 0 : out.size() / n_rows;
    const std::size_t after = classes_after(y);
    if (out.size() != n_rows * width || width < (n_rows > 0 ? after : 0)) {
      throw InvalidInput(std::string(name) + ": out must hold n_rows * k values with k >= " +
                         std::to_string(after) + " classes, got " + std::to_string(out.size()) +
                         " for " + std::to_string(n_rows) + " rows");
    }
    const std::uint32_t before = n_classes_;
    learn_rows(
        n_rows, detail::BlockRows{data, n_cols}, [y](std::size_t r) { return y[r]; }, width);
    combine_rows(n_rows, width, before, y, out);
  }

  /// Progressive validation over a block: `out[r]` gets what `predict_one` answers for row `r`
  /// just before it is learnt (0 while no class is known), then row `r` is learnt; the same
  /// answers and model as the per-row loop. Checks as `learn_many` (and `out.size()` must be
  /// the number of rows); nothing is learnt on a bad block.
  void predict_learn_many(std::span<const double> data, std::size_t n_cols,
                          std::span<const ClassId> y, std::span<ClassId> out) {
    const std::size_t n_rows = check_block(data, n_cols, y);
    if (out.size() != n_rows) {
      throw InvalidInput(std::string(name) + ": out has " + std::to_string(out.size()) +
                         " slots for " + std::to_string(n_rows) + " rows");
    }
    const std::size_t width = std::max<std::size_t>(classes_after(y), 1);
    const std::uint32_t before = n_classes_;
    learn_rows(
        n_rows, detail::BlockRows{data, n_cols}, [y](std::size_t r) { return y[r]; }, width);
    proba_.resize(n_rows * width);
    combine_rows(n_rows, width, before, y, proba_);
    for (std::size_t r = 0; r < n_rows; ++r) {
      const std::span<const double> p(proba_.data() + r * width, width);
      std::size_t best = 0;
      for (std::size_t c = 1; c < width; ++c) {
        if (p[c] > p[best]) best = c;
      }
      out[r] = static_cast<ClassId>(best);
    }
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
    normalise(out.first(n_classes_));
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

 private:
  static constexpr std::uint32_t no_class = Member::no_class;

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

  static void check_sample(DenseView x, ClassId y, std::size_t n_classes) {
    tree::detail::require_finite_sample(x, name);
    if (y > n_classes) {
      throw InvalidInput(std::string(name) + ": class id " + std::to_string(y) +
                         " skips ids; the next new class id must be " + std::to_string(n_classes));
    }
  }

  // Checks the block and every row (class ids against the classes known so far); the row count.
  std::size_t check_block(std::span<const double> data, std::size_t n_cols,
                          std::span<const ClassId> y) const {
    const std::size_t n_rows = detail::check_forest_block(data, n_cols, y.size(), name);
    std::size_t known = n_classes_;
    for (std::size_t r = 0; r < n_rows; ++r) {
      detail::check_row(
          r, [&] { check_sample(DenseView{data.subspan(r * n_cols, n_cols)}, y[r], known); });
      if (y[r] == known) ++known;
    }
    return n_rows;
  }

  // Classes known after learning the (checked) classes `y`.
  std::size_t classes_after(std::span<const ClassId> y) const {
    std::size_t known = n_classes_;
    for (ClassId c : y) known += c == known ? 1 : 0;
    return known;
  }

  static void normalise(std::span<double> p) {
    double total = 0.0;
    for (double v : p) total += v;
    if (total > 0.0) {
      for (double& v : p) v /= total;
    }
  }

  // Learns `n_rows` checked rows in one parallel pass. With `width > 0`, member i's weighted
  // probabilities before row r are kept in contrib_[(r * n + i) * width ...] (zero padded).
  template <class X, class Y>
  void learn_rows(std::size_t n_rows, X&& row, Y&& label, std::size_t width) {
    if (n_rows == 0) return;
    ensure_members(row(0));
    row_classes_.resize(n_rows);
    std::uint32_t known = n_classes_;
    for (std::size_t r = 0; r < n_rows; ++r) {
      if (label(r) == known) ++known;
      row_classes_[r] = known;
    }
    const std::size_t n = members_.size();
    if (buffers_.size() < n) buffers_.resize(n);
    if (width > 0) contrib_.assign(n_rows * n * width, 0.0);
    run_members(n_rows, [&](std::size_t i, std::size_t r, std::uint32_t k) {
      member_step(i, row(r), label(r), row_classes_[r], k,
                  width > 0 ? contrib_.data() + (r * n + i) * width : nullptr);
    });
    n_classes_ = known;
  }

  // Member i on one row: its probabilities (kept weighted in `contrib` when given) and vote
  // before learning, learning with weight k (background first, as River), then its accuracy
  // and detectors. Touches member i only.
  void member_step(std::size_t i, DenseView x, ClassId y, std::uint32_t classes, std::uint32_t k,
                   double* contrib) {
    Member& m = members_[i];
    std::vector<double>& p = buffers_[i];
    p.resize(m.model.n_classes());
    if (contrib != nullptr || m.model_min_class != no_class) m.model.predict_proba_one(x, p);
    if (contrib != nullptr) {
      const double acc = m.accuracy();
      if (!params_.disable_weighted_vote && acc > 0.0) {
        for (std::size_t c = 0; c < p.size(); ++c) contrib[c] = p[c] * acc;
      } else {
        for (std::size_t c = 0; c < p.size(); ++c) contrib[c] = p[c];
      }
    }
    // The tree's own answer: River's tree answers None (never right) before it learns.
    bool right = false;
    if (m.model_min_class != no_class) {
      std::size_t best = m.model_min_class;
      for (std::size_t c = best + 1; c < p.size(); ++c) {
        if (p[c] > p[best]) best = c;
      }
      right = best == y;
    }
    if (k > 0) {
      const auto label = static_cast<std::uint32_t>(y);
      if (m.background) {
        m.background->reserve_classes(classes);
        m.background->learn_one(x, y, static_cast<double>(k));
        m.background_min_class = std::min(m.background_min_class, label);
      }
      m.model.reserve_classes(classes);
      m.model.learn_one(x, y, static_cast<double>(k));
      m.model_min_class = std::min(m.model_min_class, label);
    }
    m.n_seen += 1.0;
    if (right) m.n_correct += 1.0;
    if (k == 0) return;
    watch_detectors(i, right ? 0.0 : 1.0);
  }

  // Rows' ensemble probabilities from the kept member contributions, summed in member order
  // (as predict_proba_one does) and normalised over the classes known before each row.
  void combine_rows(std::size_t n_rows, std::size_t width, std::uint32_t before,
                    std::span<const ClassId> y, std::span<double> out) const {
    const std::size_t n = members_.size();
    std::uint32_t known = before;
    for (std::size_t r = 0; r < n_rows; ++r) {
      const std::span<double> o = out.subspan(r * width, width);
      std::fill(o.begin(), o.end(), 0.0);
      if (known > 0) {
        for (std::size_t i = 0; i < n; ++i) {
          const double* c = contrib_.data() + (r * n + i) * width;
          for (std::size_t j = 0; j < known; ++j) o[j] += c[j];
        }
        normalise(o.first(known));
      }
      if (y[r] == known) ++known;
    }
  }

  // ForestBase hooks.
  void started_background(Member& m) { m.background_min_class = no_class; }
  void replaced_model(Member& m, bool promoted) {
    if (promoted) {
      m.model_min_class = m.background_min_class;
      m.background_min_class = no_class;
    } else {
      m.model_min_class = no_class;
    }
    m.n_correct = 0.0;
    m.n_seen = 0.0;
  }
  template <class Archive>
  void serialize_extra(Archive& ar) {
    ar(n_classes_);
  }
  bool extra_equal(const ARFClassifier& o) const { return n_classes_ == o.n_classes_; }
  bool member_consistent(const Member& m) const {
    return m.model.n_classes() <= n_classes_ &&
           (!m.background || m.background->n_classes() <= n_classes_) && m.n_correct >= 0.0 &&
           m.n_correct <= m.n_seen;
  }

  std::uint32_t n_classes_ = 0;
  // Scratch of the learning calls (not state).
  std::vector<std::uint32_t> row_classes_;
  std::vector<std::vector<double>> buffers_;
  std::vector<double> contrib_, proba_;
};

}  // namespace streamwise::forest

CEREAL_CLASS_VERSION(streamwise::forest::ARFClassifier,
                     streamwise::forest::ARFClassifier::class_version)
