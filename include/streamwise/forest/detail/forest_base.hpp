#pragma once
/// @file
/// The member management `ARFClassifier` and `ARFRegressor` share: the slots (tree, background
/// tree, warning and drift detectors), their creation and seeding, the Poisson draws, the
/// parallel pass over the members (one OpenMP region per batch of rows), the warning / drift
/// reaction, accessors, checkpoints and equality. Each forest derives from `ForestBase` (CRTP)
/// and keeps only what differs: its trees, its per-member metric and how votes are combined.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/python_random.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/forest/detail/forest_common.hpp"
#include "streamwise/tree/detail/class_dist.hpp"
#include "streamwise/tree/leaf_features.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace streamwise::forest::detail {

/// What every forest slot holds: the voting tree, the tree started at the last warning, the
/// two detectors and the slot's counters. The forests add their metric fields.
template <class Tree>
struct MemberCore {
  Tree model;                           ///< The voting tree.
  std::optional<Tree> background;       ///< Tree started at the last warning, if any.
  std::optional<drift::ADWIN> warning;  ///< Warning detector (None when disabled).
  std::optional<drift::ADWIN> drift;    ///< Drift detector (None when disabled).
  std::uint64_t generations = 0;        ///< Trees created for this slot so far.
  std::int64_t n_warnings = 0;          ///< Warnings detected.
  std::int64_t n_drifts = 0;            ///< Drifts detected.

  friend bool operator==(const MemberCore&, const MemberCore&) = default;
};

/// The parameter checks both forests make (`who` names the forest in the messages):
/// `n_models`, `max_features`, then `more()` (the forest's own checks), then `lambda_value`,
/// the detector prototypes and the tree parameters. Throws `std::invalid_argument`.
template <class P, class More>
void validate_forest_params(const P& p, const char* who, More&& more) {
  if (p.n_models < 1 || p.n_models > 100000) {
    throw invalid_parameter(who, "n_models", "in [1, 100000]");
  }
  if (!max_features_valid(p.max_features)) {
    throw invalid_parameter(who, "max_features",
                            "\"sqrt\", \"log2\", None, an integer or a real number");
  }
  more();
  if (!(p.lambda_value > 0.0) || !std::isfinite(p.lambda_value) || p.lambda_value > 700.0) {
    throw invalid_parameter(who, "lambda_value", "in (0, 700]");
  }
  if (p.drift_detector) p.drift_detector->params().validate();
  if (p.warning_detector) p.warning_detector->params().validate();
  try {
    p.tree_params().validate();
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(rename_error(e.what(), who));
  }
}

/// Checks the shape of a row-major block for a forest's batch calls: `n_cols > 0`, whole rows,
/// one target per row. Returns the number of rows. Throws `InvalidInput` naming `owner`.
inline std::size_t check_forest_block(std::span<const double> data, std::size_t n_cols,
                                      std::size_t n_targets, std::string_view owner) {
  if (n_cols == 0) throw InvalidInput(std::string(owner) + ": learn_many needs n_cols > 0");
  if (data.size() % n_cols != 0) {
    throw InvalidInput(std::string(owner) + ": learn_many needs whole rows of n_cols values");
  }
  const std::size_t n_rows = data.size() / n_cols;
  if (n_targets != n_rows) {
    throw InvalidInput(std::string(owner) + ": learn_many has " + std::to_string(n_targets) +
                       " targets for " + std::to_string(n_rows) + " rows");
  }
  return n_rows;
}

/// Row `r` of a row-major block as a sample view (no copy).
struct BlockRows {
  std::span<const double> data;  ///< All values, row after row.
  std::size_t n_cols = 0;        ///< Values per row.
  /// Row `r`.
  DenseView operator()(std::size_t r) const { return DenseView{data.subspan(r * n_cols, n_cols)}; }
};

/// Runs `check()` for row `r`, prefixing any `InvalidInput` message with "row r: " (the format
/// of the free `streamwise::learn_many`).
template <class Check>
void check_row(std::size_t r, Check&& check) {
  try {
    check();
  } catch (const InvalidInput& e) {
    throw InvalidInput("row " + std::to_string(r) + ": " + e.what());
  }
}

/// The shared half of an adaptive random forest `Derived` (CRTP) whose slots are `Member`s
/// (deriving from `MemberCore<Tree>`) and whose hyper-parameters are `P` (with at least
/// `n_models`, `max_features`, `lambda_value`, `drift_detector`, `warning_detector`, `seed` and
/// `tree_params()`).
///
/// `Derived` provides `name`, `class_version`, `started_background(Member&)` (a warning just
/// started a background tree) and `replaced_model(Member&, bool promoted)` (a drift just
/// replaced the voting tree, by the background tree when `promoted`; the metric is reset
/// there). It may provide `serialize_extra(ar)` (state saved between the generator and
/// `max_features`), `bool extra_equal(const Derived&) const` and `bool member_consistent(const
/// Member&) const` (checks on a loaded slot).
template <class Derived, class TreeT, class MemberT, class P>
class ForestBase {
 public:
  /// The member trees.
  using Tree = TreeT;
  /// One slot of the forest.
  using Member = MemberT;
  /// Hyper-parameters: River's names and defaults.
  using Params = P;
  /// Nominal features (codes from a bound `FeatureSpace`) are understood by the trees.
  static constexpr bool accepts_nominal = true;

  /// Binds the `FeatureSpace` naming the features (and marking nominal ones) for every tree,
  /// present and future. It must outlive the model; it is not part of checkpoints.
  void bind(const FeatureSpace* space) {
    space_ = space;
    for (auto& m : members_) {
      m.model.bind(space);
      if (m.background) m.background->bind(space);
    }
  }

  /// Threads used by the learning calls when built with OpenMP (1 by default; results do not
  /// depend on it). `learn_one` opens one parallel region per sample, the batch calls one per
  /// batch. Not part of the state.
  void set_n_threads(int n) { n_threads_ = n < 1 ? 1 : n; }
  /// Threads the learning calls use.
  int n_threads() const { return n_threads_; }

  /// Number of member slots (0 before the first sample, then `n_models`).
  std::size_t n_members() const { return members_.size(); }
  /// Member slot `i` (tree, background tree, detectors, metric).
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
    std::size_t n = sizeof(Derived) + members_.capacity() * sizeof(Member);
    for (const auto& m : members_) {
      n += m.model.memory_size() - sizeof(Tree);
      if (m.background) n += m.background->memory_size();
    }
    return n;
  }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Params, seed, generator, the forest's own state (classes), `max_features` and every member
  /// (trees, background trees, detectors, metrics). The bound space and thread count are not
  /// saved.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > Derived::class_version) {
      throw CheckpointError(std::string(Derived::name) + ": checkpoint from a newer version");
    }
    ar(params_, effective_seed_, rng_);
    if constexpr (requires(Derived & d) { d.serialize_extra(ar); }) self().serialize_extra(ar);
    ar(max_features_, members_);
    if constexpr (Archive::is_loading::value) {
      try {
        params_.validate();
      } catch (const std::invalid_argument& e) {
        throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
      }
      tree_params_ = params_.tree_params();
      const bool sized =
          members_.empty() || members_.size() == static_cast<std::size_t>(params_.n_models);
      tree::detail::require_consistent(sized, Derived::name, "has a wrong number of members");
      tree::detail::require_consistent(members_.empty() == (max_features_ == 0), Derived::name,
                                       "has an invalid max_features");
      for (auto& m : members_) {
        bool ok = m.warning.has_value() == params_.warning_detector.has_value() &&
                  m.drift.has_value() == params_.drift_detector.has_value() &&
                  (!m.background || params_.warning_detector.has_value());
        if constexpr (requires(const Derived& d) { d.member_consistent(m); }) {
          ok = ok && self().member_consistent(m);
        }
        tree::detail::require_consistent(ok, Derived::name, "has an inconsistent member");
        m.model.bind(space_);
        if (m.background) m.background->bind(space_);
      }
    }
  }

  /// Same parameters and learnt state (bound space and thread count are not compared).
  friend bool operator==(const Derived& a, const Derived& b) { return same_state(a, b); }

 protected:
  /// Validates `params` (throws `std::invalid_argument`) and seeds the weight generator.
  explicit ForestBase(const Params& params) : params_(params) {
    params_.validate();
    tree_params_ = params_.tree_params();
    effective_seed_ = params_.seed ? *params_.seed : entropy_seed();
    rng_ = PythonRandom(effective_seed_);
  }

  /// Throws `InvalidInput` unless `w` is 1: River's ARF has no sample weight (each member
  /// draws its own Poisson weight); the argument exists for the common estimator interface.
  static void require_unit_weight(double w) {
    if (w != 1.0) {
      throw InvalidInput(std::string(Derived::name) +
                         ": sample weight w must be 1 (ARF has no sample "
                         "weights), got " +
                         std::to_string(w));
    }
  }

  /// Creates the slots at the first sample `x` (its present features resolve `max_features`).
  void ensure_members(DenseView x) {
    if (!members_.empty()) return;
    std::int64_t present = 0;
    for (double v : x.values) present += is_missing(v) ? 0 : 1;
    max_features_ = resolve_max_features(params_.max_features, present);
    members_.clear();
    members_.resize(static_cast<std::size_t>(params_.n_models));
    for (std::size_t i = 0; i < members_.size(); ++i) {
      Member& m = members_[i];
      m.model = new_tree(i);
      if (params_.warning_detector) m.warning = drift::ADWIN(params_.warning_detector->params());
      if (params_.drift_detector) m.drift = drift::ADWIN(params_.drift_detector->params());
    }
  }

  /// A fresh tree for slot `slot`, seeded from (seed, slot, trees the slot has had).
  Tree new_tree(std::size_t slot) {
    Member& m = members_[slot];
    Tree t(tree_params_, tree::RandomFeatureSubset(
                             max_features_, member_seed(effective_seed_, slot, m.generations)));
    ++m.generations;
    t.bind(space_);
    return t;
  }

  /// The members' pass over `n_rows` checked rows (members created): the Poisson weights of
  /// every row are drawn first (row by row, member by member, as `learn_one` would), then, in
  /// ONE parallel region, each member runs `step(i, r, k)` for rows `r = 0 .. n_rows-1` in
  /// order, `k` being its weight for that row. `step` must touch only member `i` and slots of
  /// its own. The first member error (by slot) is rethrown after the region.
  template <class Step>
  void run_members(std::size_t n_rows, Step&& step) {
    const std::size_t n = members_.size();
    weights_.resize(n_rows * n);
    for (auto& k : weights_) k = python_poisson(params_.lambda_value, rng_);
    errors_.assign(n, nullptr);
    const auto count = static_cast<std::int64_t>(n);
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(n_threads_) if (n_threads_ > 1 && n > 1)
#endif
    for (std::int64_t ii = 0; ii < count; ++ii) {
      const auto i = static_cast<std::size_t>(ii);
      try {
        for (std::size_t r = 0; r < n_rows; ++r) step(i, r, weights_[r * n + i]);
      } catch (...) {
        errors_[i] = std::current_exception();
      }
    }
    for (const auto& e : errors_) {
      if (e) std::rethrow_exception(e);
    }
  }

  /// River's reaction to member `i`'s detector input: a warning starts a background tree and
  /// resets the warning detector; a drift replaces the voting tree by the background tree (or
  /// a fresh one) and resets the drift detector (and the warning detector after a swap).
  void watch_detectors(std::size_t i, double input) {
    Member& m = members_[i];
    if (m.warning) {
      m.warning->update(input);
      if (m.warning->drift_detected()) {
        m.background = new_tree(i);
        self().started_background(m);
        m.warning = drift::ADWIN(params_.warning_detector->params());
        ++m.n_warnings;
      }
    }
    if (m.drift) {
      m.drift->update(input);
      if (m.drift->drift_detected()) {
        const bool promoted = m.warning && m.background;
        if (promoted) {
          m.model = std::move(*m.background);
          m.background.reset();
          m.warning = drift::ADWIN(params_.warning_detector->params());
        } else {
          m.model = new_tree(i);
        }
        self().replaced_model(m, promoted);
        m.drift = drift::ADWIN(params_.drift_detector->params());
        ++m.n_drifts;
      }
    }
  }

  Params params_;
  typename Tree::Params tree_params_;
  std::int64_t effective_seed_ = 0;
  PythonRandom rng_{0};
  std::int64_t max_features_ = 0;
  std::vector<Member> members_;
  const FeatureSpace* space_ = nullptr;
  int n_threads_ = 1;

 private:
  static bool same_state(const Derived& a, const Derived& b) {
    const ForestBase& x = a;
    const ForestBase& y = b;
    bool same = x.params_ == y.params_ && x.effective_seed_ == y.effective_seed_ &&
                x.rng_ == y.rng_ && x.max_features_ == y.max_features_ && x.members_ == y.members_;
    if constexpr (requires { a.extra_equal(b); }) same = same && a.extra_equal(b);
    return same;
  }
  Derived& self() { return static_cast<Derived&>(*this); }
  const Derived& self() const { return static_cast<const Derived&>(*this); }

  // Scratch of run_members (not state).
  std::vector<std::uint32_t> weights_;
  std::vector<std::exception_ptr> errors_;
};

}  // namespace streamwise::forest::detail
