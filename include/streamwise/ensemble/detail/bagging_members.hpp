#pragma once
/// @file
/// What River's bagging ensembles share: the members (copies of one prototype), River's Poisson
/// draws on a CPython-compatible generator, parallel learning that gives the same result for any
/// thread count, the translation between the ensemble's class ids and each member's own, and
/// River's way of combining the members' probabilities.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>
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

namespace streamwise::ensemble::detail {

/// "No class": what a member that knows no class predicts (River's `None`).
inline constexpr ClassId no_class = std::numeric_limits<ClassId>::max();

/// Class ids must be below this (2^24): the id tables are indexed by class id, and a checkpoint
/// or a sample naming a huge id must not make them allocate gigabytes.
inline constexpr ClassId max_class_id = ClassId{1} << 24;

/// Throws `InvalidInput` for a class id at or above `max_class_id`.
inline void require_class_id(ClassId y, std::string_view owner) {
  if (y >= max_class_id) {
    throw InvalidInput(std::string(owner) + ": class id " + std::to_string(y) +
                       " is too large (ids must be below 16777216)");
  }
}

/// `random.Random(seed)`, or a generator seeded from the system when `seed` is None.
inline PythonRandom make_rng(const std::optional<std::int64_t>& seed) {
  PythonRandom rng(seed.value_or(0));
  if (!seed) rng.seed_entropy();
  return rng;
}

/// Whether a model holds something (false only for an empty type-erased wrapper).
template <class Model>
bool holds_model(const Model& model) {
  if constexpr (requires { model.has_value(); }) {
    return model.has_value();
  } else {
    return true;
  }
}

/// The prototype's spec, as the ensemble's nested `model` parameter.
template <class Model>
compose::detail::SpecHolder prototype_spec(const Model& model) {
  if (!holds_model(model)) return {EstimatorSpec{std::string(Model::name), {}}};
  return {compose::detail::step_spec(model)};
}

/// Between the ensemble's class ids and the ids one member uses.
///
/// A model whose class set grows as it learns (GaussianNB, trees, SoftmaxRegression: zero
/// classes before learning) wants new ids in order 0, 1, 2... but a member of a bag may meet the
/// ensemble's class 2 before its class 1 (it skipped those samples). Such a member gets its own
/// ids in the order it meets the classes, which is also the key order of the member's dict in
/// River (and so River's order for ties). Models with a fixed class set (binary linear models:
/// id 1 means `True`) take the ensemble's ids unchanged.
struct MemberClasses {
  std::vector<ClassId> to_global;  ///< Member id -> ensemble id, in the order met.
  std::vector<ClassId> to_local;   ///< Ensemble id -> member id (`no_class` if unknown).

  /// The member's id of ensemble class `g`, or `no_class`.
  ClassId local(ClassId g) const { return g < to_local.size() ? to_local[g] : no_class; }
  /// Records that the member now knows ensemble class `g` (as its next id).
  void add(ClassId g) {
    if (g >= to_local.size()) to_local.resize(static_cast<std::size_t>(g) + 1, no_class);
    to_local[g] = static_cast<ClassId>(to_global.size());
    to_global.push_back(g);
  }
  /// One more than the largest ensemble id the member knows (0 when it knows none).
  std::size_t span() const { return to_local.size(); }

  template <class Archive>
  void save(Archive& ar) const {
    ar(to_global);
  }
  template <class Archive>
  void load(Archive& ar) {
    MemberClasses loaded;
    std::vector<ClassId> ids;
    ar(ids);
    for (ClassId g : ids) {
      if (g >= max_class_id || loaded.local(g) != no_class) {
        throw CheckpointError("bagging ensemble: damaged class table in checkpoint");
      }
      loaded.add(g);
    }
    *this = std::move(loaded);
  }
  friend bool operator==(const MemberClasses& a, const MemberClasses& b) {
    return a.to_global == b.to_global;
  }
};

/// The members of a bagging ensemble and everything that acts on all of them. Not a public
/// estimator: `BaggingClassifier` and friends hold one and add River's per-class rules.
///
/// Learning is split in two: the owner draws every random number first, sequentially, in
/// River's order; then `learn_classifier` / `learn_regressor` let each member learn its drawn
/// number of times, in parallel with OpenMP when `n_threads() > 1`. No member reads another's
/// state, so the result is the same for any thread count.
template <class Model>
class MemberSet {
 public:
  /// The members are classifiers (else regressors).
  static constexpr bool is_classifier = compose::detail::classifier_step<Model>;

  MemberSet() : MemberSet(Model{}, 1, std::optional<std::int64_t>{0}) {}

  /// `n` copies of `prototype` and `random.Random(seed)`.
  MemberSet(Model prototype, std::size_t n, const std::optional<std::int64_t>& seed)
      : prototype_(std::move(prototype)),
        members_(n, prototype_),
        classes_(n),
        rng_(make_rng(seed)) {
    refresh_mode();
    size_scratch();
  }

  /// Number of members.
  std::size_t size() const { return members_.size(); }
  /// Member `i`.
  const Model& member(std::size_t i) const { return members_.at(i); }
  /// The unfitted model every member starts from.
  const Model& prototype() const { return prototype_; }
  /// The ensemble's generator (River's `_rng`).
  PythonRandom& rng() { return rng_; }
  /// Whether members use their own class ids (see `MemberClasses`).
  bool remaps_classes() const { return remap_; }

  /// Threads used for learning: 1 (default) learns sequentially; 0 means OpenMP's default.
  void set_n_threads(int n) {
    if (n < 0) throw std::invalid_argument("n_threads must be >= 0");
    n_threads_ = n;
  }
  /// Threads used for learning (see `set_n_threads`).
  int n_threads() const { return n_threads_; }

  /// Forwards to the prototype and every member (replacements are copies of the prototype, so
  /// they come bound).
  void bind(const FeatureSpace* space) {
    if constexpr (compose::detail::bindable<Model>) {
      prototype_.bind(space);
      for (auto& m : members_) m.bind(space);
    }
  }

  /// Resets member `i` to the prototype (River's `self.model.clone()`).
  void replace(std::size_t i) {
    members_.at(i) = prototype_;
    classes_.at(i) = MemberClasses{};
  }

  /// Whether class `y` has never been learnt by the ensemble (a member may refuse it).
  bool is_new_class(ClassId y) const { return y >= n_seen_classes_; }

  /// Member `i`'s prediction in ensemble ids, `no_class` when it knows no class.
  ClassId member_prediction(std::size_t i, DenseView x) const requires is_classifier {
    const Model& m = members_[i];
    if (m.n_classes() == 0) return no_class;
    const ClassId local = m.predict_one(x);
    if (!remap_) return local;
    const auto& map = classes_[i].to_global;
    return local < map.size() ? map[local] : no_class;
  }

  /// Member `i` learns `(x, y, w)` `counts[i]` times, for every member (in parallel when
  /// enabled); with `predict_after`, `predictions()[i]` is then member `i`'s prediction of `x`.
  /// A member's exception is rethrown after the loop (the lowest member's first).
  void learn_classifier(DenseView x, ClassId y, double w, std::span<const std::uint32_t> counts,
                        bool predict_after) requires is_classifier {
    for_each_member([&](std::size_t i) {
      if (counts[i] > 0) learn_member(i, x, y, w, counts[i]);
      if (predict_after) predictions_[i] = member_prediction(i, x);
    });
    if (y >= n_seen_classes_) n_seen_classes_ = y + 1;
  }

  /// Member `i` learns `(x, y, w)` `counts[i]` times, for every member (in parallel when
  /// enabled).
  void learn_regressor(DenseView x, double y, double w,
                       std::span<const std::uint32_t> counts) requires(!is_classifier) {
    for_each_member([&](std::size_t i) {
      for (std::uint32_t k = 0; k < counts[i]; ++k) members_[i].learn_one(x, y, w);
    });
  }

  /// A block of samples in one parallel region: member `i` learns row `r` `counts[r * size()
  /// + i]` times, rows in order. `row(r)` gives `(x, y, w)` of row `r` as a tuple-like triple.
  /// The same as `n_rows` calls of `learn_classifier` / `learn_regressor`, with one fork-join.
  template <class Row>
  void learn_block(std::size_t n_rows, std::span<const std::uint32_t> counts, Row&& row) {
    const std::size_t n = members_.size();
    for_each_member([&](std::size_t i) {
      for (std::size_t r = 0; r < n_rows; ++r) {
        const std::uint32_t k = counts[r * n + i];
        if (k == 0) continue;
        const auto [x, y, w] = row(r);
        if constexpr (is_classifier) {
          learn_member(i, x, y, w, k);
        } else {
          for (std::uint32_t j = 0; j < k; ++j) members_[i].learn_one(x, y, w);
        }
      }
    });
    if constexpr (is_classifier) {
      for (std::size_t r = 0; r < n_rows; ++r) {
        const ClassId y = std::get<1>(row(r));
        if (y >= n_seen_classes_) n_seen_classes_ = y + 1;
      }
    }
  }

  /// Predictions made by the last `learn_classifier(..., true)`.
  std::span<const ClassId> predictions() const { return predictions_; }

  /// One more than the largest class id any member knows (0 before any member learns, for
  /// models with a growing class set).
  std::size_t n_classes() const requires is_classifier {
    std::size_t n = 0;
    for (std::size_t i = 0; i < members_.size(); ++i) {
      const std::size_t k = remap_ ? classes_[i].span() : members_[i].n_classes();
      n = k > n ? k : n;
    }
    return n;
  }

  /// River's `BaggingClassifier.predict_proba_one`: the members' probabilities summed per class
  /// (a member adds nothing for a class it does not know), divided by their total when it is
  /// positive. Returns the classes in River's dict order (first met, member by member), which
  /// decides ties; `out` slots of classes no member knows are 0.
  std::span<const ClassId> predict_proba(DenseView x, std::span<double> out,
                                         std::string_view owner) const requires is_classifier {
    const std::size_t n = n_classes();
    if (out.size() < n) {
      throw InvalidInput(std::string(owner) + ": predict_proba_one needs " + std::to_string(n) +
                         " output slots, got " + std::to_string(out.size()));
    }
    sums_.assign(n, 0.0);
    seen_.assign(n, 0);
    order_.clear();
    for (std::size_t i = 0; i < members_.size(); ++i) {
      const Model& m = members_[i];
      const std::size_t k = m.n_classes();
      if (k == 0) continue;
      member_proba_.resize(k);
      m.predict_proba_one(x, member_proba_);
      for (std::size_t l = 0; l < k; ++l) {
        const ClassId g = remap_ ? classes_[i].to_global[l] : static_cast<ClassId>(l);
        if (!seen_[g]) {
          seen_[g] = 1;
          order_.push_back(g);
        }
        sums_[g] += member_proba_[l];
      }
    }
    double total = 0.0;
    for (ClassId g : order_) total += sums_[g];
    for (double& p : out) p = 0.0;
    for (ClassId g : order_) out[g] = total > 0.0 ? sums_[g] / total : sums_[g];
    return order_;
  }

  /// River's `predict_one`: the first class, in dict order, with the highest combined
  /// probability; 0 when no member knows a class (River: None).
  ClassId predict(DenseView x, std::string_view owner) const requires is_classifier {
    proba_.resize(n_classes());
    const auto order = predict_proba(x, proba_, owner);
    ClassId best = 0;
    bool any = false;
    for (ClassId g : order) {
      if (!any || proba_[g] > proba_[best]) {
        best = g;
        any = true;
      }
    }
    return best;
  }

  /// River's `BaggingRegressor.predict_one`: the mean of the members' predictions.
  double predict_mean(DenseView x) const requires(!is_classifier) {
    double sum = 0.0;
    for (const Model& m : members_) sum += m.predict_one(x);
    return sum / static_cast<double>(members_.size());
  }

  /// Prototype, members, class tables, generator. Loading copies the prototype for each member
  /// before reading it, so type-erased members load into an ensemble built from the same spec.
  template <class Archive>
  void save_to(Archive& ar) const {
    ar(prototype_);
    ar(cereal::make_size_tag(static_cast<cereal::size_type>(members_.size())));
    for (const Model& m : members_) ar(m);
    ar(classes_, rng_, n_seen_classes_);
  }
  /// Reads what `save_to` wrote; `expected` is the number of members the params ask for.
  template <class Archive>
  void load_from(Archive& ar, std::size_t expected) {
    MemberSet loaded(*this);
    ar(loaded.prototype_);
    cereal::size_type n = 0;
    ar(cereal::make_size_tag(n));
    if (n != expected) {
      throw CheckpointError("bagging ensemble: checkpoint holds " + std::to_string(n) +
                            " members, its params say " + std::to_string(expected));
    }
    loaded.members_.clear();
    for (cereal::size_type i = 0; i < n; ++i) {
      Model m = loaded.prototype_;
      ar(m);
      loaded.members_.push_back(std::move(m));
    }
    ar(loaded.classes_, loaded.rng_, loaded.n_seen_classes_);
    if (loaded.classes_.size() != n) {
      throw CheckpointError("bagging ensemble: checkpoint has a class table per member missing");
    }
    loaded.refresh_mode();
    if constexpr (is_classifier) {
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t expected_ids = loaded.remap_ ? loaded.members_[i].n_classes() : 0;
        if (loaded.classes_[i].to_global.size() != expected_ids) {
          throw CheckpointError("bagging ensemble: member " + std::to_string(i) +
                                "'s class table does not match its classes");
        }
      }
    }
    loaded.size_scratch();
    *this = std::move(loaded);
  }

  /// Same prototype, members, class tables and generator state (threads and scratch aside).
  friend bool operator==(const MemberSet& a, const MemberSet& b) {
    return a.prototype_ == b.prototype_ && a.members_ == b.members_ && a.classes_ == b.classes_ &&
           a.rng_ == b.rng_ && a.n_seen_classes_ == b.n_seen_classes_;
  }

 private:
  void refresh_mode() {
    if constexpr (is_classifier) {
      remap_ = !holds_model(prototype_) || prototype_.n_classes() == 0;
    }
  }
  void size_scratch() {
    predictions_.assign(members_.size(), no_class);
    errors_.assign(members_.size(), nullptr);
  }

  // Member `i` learns `(x, y, w)` `k` times, through its own class ids when it has them.
  void learn_member(std::size_t i, DenseView x, ClassId y, double w, std::uint32_t k) {
    Model& m = members_[i];
    if (!remap_) {
      for (std::uint32_t j = 0; j < k; ++j) m.learn_one(x, y, w);
      return;
    }
    MemberClasses& map = classes_[i];
    const ClassId known = map.local(y);
    const ClassId local = known != no_class ? known : static_cast<ClassId>(map.to_global.size());
    for (std::uint32_t j = 0; j < k; ++j) m.learn_one(x, local, w);
    if (known == no_class && m.n_classes() > map.to_global.size()) map.add(y);
  }

  // Runs `body(i)` for every member, on `n_threads_` threads when OpenMP is on (a plain loop
  // otherwise, or for one thread). Exceptions are caught per member and the lowest member's is
  // rethrown after the loop, so no exception crosses the parallel region.
  template <class Body>
  void for_each_member(Body&& body) {
    const auto n = static_cast<std::int64_t>(members_.size());
    bool failed = false;
    const auto guarded = [&](std::int64_t i) {
      try {
        body(static_cast<std::size_t>(i));
        return false;
      } catch (...) {
        errors_[static_cast<std::size_t>(i)] = std::current_exception();
        return true;
      }
    };
#ifdef _OPENMP
    const int threads = n_threads_ == 0 ? omp_get_max_threads() : n_threads_;
    if (threads > 1 && n > 1) {
#pragma omp parallel for schedule(static) num_threads(threads) reduction(|| : failed)
      for (std::int64_t i = 0; i < n; ++i) failed = guarded(i) || failed;
    } else {
      for (std::int64_t i = 0; i < n; ++i) failed = guarded(i) || failed;
    }
#else
    for (std::int64_t i = 0; i < n; ++i) failed = guarded(i) || failed;
#endif
    if (!failed) return;
    for (auto& e : errors_) {
      if (e) {
        const std::exception_ptr first = e;
        for (auto& other : errors_) other = nullptr;
        std::rethrow_exception(first);
      }
    }
  }

  Model prototype_;
  std::vector<Model> members_;
  std::vector<MemberClasses> classes_;
  PythonRandom rng_;
  std::uint32_t n_seen_classes_ = 0;  // one more than the largest class id learnt
  bool remap_ = true;
  int n_threads_ = 1;
  // Scratch, never compared nor saved.
  std::vector<ClassId> predictions_;
  std::vector<std::exception_ptr> errors_;
  mutable std::vector<double> member_proba_, sums_, proba_;
  mutable std::vector<char> seen_;
  mutable std::vector<ClassId> order_;
};

/// Checks a row-major block for `learn_many`: `n_cols > 0`, whole rows, one target per row,
/// `w` empty or one weight per row, no infinite value, no bad weight. Returns the row count.
inline std::size_t check_block(std::span<const double> data, std::size_t n_cols,
                               std::size_t n_targets, std::span<const double> w,
                               std::string_view owner) {
  if (n_cols == 0) throw InvalidInput(std::string(owner) + ": learn_many needs n_cols > 0");
  if (data.size() % n_cols != 0) {
    throw InvalidInput(std::string(owner) + ": learn_many needs whole rows of n_cols values");
  }
  const std::size_t n_rows = data.size() / n_cols;
  if (n_targets != n_rows) {
    throw InvalidInput(std::string(owner) + ": learn_many needs one target per row");
  }
  if (!w.empty() && w.size() != n_rows) {
    throw InvalidInput(std::string(owner) + ": learn_many needs no weights or one per row");
  }
  if (!all_finite_values(data)) {
    for (std::size_t r = 0; r < n_rows; ++r) {
      compose::detail::require_finite_sample(DenseView{data.subspan(r * n_cols, n_cols)}, owner);
    }
  }
  for (double wi : w) require_weight(wi, owner);
  return n_rows;
}

/// Resizes `counts` to `n` without allocating once warm.
inline std::span<std::uint32_t> prepare_counts(std::vector<std::uint32_t>& counts, std::size_t n) {
  counts.resize(n);
  return counts;
}

}  // namespace streamwise::ensemble::detail
