#pragma once
/// @file
/// Adaptive random forest regressor, River's `forest.ARFRegressor`.

#include <algorithm>
#include <array>
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
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/python_random.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/forest/detail/forest_common.hpp"
#include "streamwise/stats/mean.hpp"
#include "streamwise/stats/var.hpp"
#include "streamwise/tree/hoeffding_tree_regressor.hpp"
#include "streamwise/tree/leaf_features.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace streamwise::forest {

/// Adaptive random forest regressor, following River 0.26's `forest.ARFRegressor`.
///
/// `n_models` Hoeffding tree regressors (adaptive leaves, TEBST splitters) learn every sample
/// with a Poisson(`lambda_value`) weight; each leaf watches a random subset of `max_features`
/// features. Each member's error `y - prediction` (before it learns) is normalised as River
/// does — `(e + 3 sd) / (6 sd)` with the running standard deviation of that member's errors,
/// 0.5 for the first error or a zero deviation — and fed to its ADWIN warning (0.01) and drift
/// (0.001) detectors: a warning starts a background tree, a drift swaps it in (or a fresh
/// tree) and resets the member's mean squared error. Predictions are the median of the
/// members' predictions (`aggregation_method = "median"`, River's default) or their mean; with
/// `"mean"` and `disable_weighted_vote = false`, River's weighting applies: each prediction is
/// multiplied by `(S - mse_i) / sum_j (S - mse_j)` with `S` the sum of the members' MSEs, and
/// the mean of those products is returned.
///
/// Randomness is laid out as in `ARFClassifier` (Poisson weights first from
/// `random.Random(seed)`, one generator per tree), so members learn in parallel with OpenMP and
/// the result does not depend on the thread count.
///
/// ```cpp
/// streamwise::forest::ARFRegressor model({.n_models = 10, .seed = 42});
/// const double x[] = {0.3, 1.2, 5.0};
/// double guess = model.predict_one({x});
/// model.learn_one({x}, 4.5);
/// ```
class ARFRegressor {
 public:
  /// The member trees: Hoeffding tree regressors whose leaves watch random feature subsets.
  using Tree = tree::HoeffdingTreeRegressor<tree::TEBSTSplitter, linear_model::LinearRegression,
                                            tree::RandomFeatureSubset>;

  static constexpr std::string_view name = "ARFRegressor";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal features (codes from a bound `FeatureSpace`) are understood by the splits.
  static constexpr bool accepts_nominal = true;

  /// Hyper-parameters: River's names and defaults (tree parameters as ARFRegressor sets them:
  /// `grace_period = 50`, `delta = 0.01`, `max_size = 500`, `memory_estimate_period =
  /// 2000000`). The member metric is always the mean squared error (River's default).
  struct Params {
    std::int64_t n_models = 10;                        ///< Trees in the forest.
    std::optional<std::string> max_features = "sqrt";  ///< As in `ARFClassifier`.
    std::string aggregation_method = "median";         ///< "median" or "mean".
    double lambda_value = 6.0;                         ///< Poisson rate of the sample weights.
    bool disable_weighted_vote = true;                 ///< No MSE weighting ("mean" only).
    /// Drift detector prototype; None disables drift detection (River's `NoDrift()`).
    std::optional<drift::ADWIN> drift_detector = drift::ADWIN(drift::ADWIN::Params{.delta = 0.001});
    /// Warning detector prototype; None disables background trees (River's `NoDrift()`).
    std::optional<drift::ADWIN> warning_detector =
        drift::ADWIN(drift::ADWIN::Params{.delta = 0.01});
    std::int64_t grace_period = 50;                 ///< Tree: weight between split attempts.
    std::optional<std::int64_t> max_depth{};        ///< Tree: deepest level; None: unlimited.
    double delta = 0.01;                            ///< Tree: Hoeffding bound significance.
    double tau = 0.05;                              ///< Tree: tie threshold.
    std::string leaf_prediction = "adaptive";       ///< Tree: "mean", "model" or "adaptive".
    linear_model::LinearRegression leaf_model{};    ///< Tree: leaf model prototype.
    double model_selector_decay = 0.95;             ///< Tree: "adaptive" error decay.
    std::vector<std::string> nominal_attributes{};  ///< Tree: extra nominal features.
    tree::TEBSTSplitter splitter{};                 ///< Tree: numeric splitter prototype.
    std::int64_t min_samples_split = 5;             ///< Tree: least weight to split.
    bool binary_split = false;                      ///< Tree: only binary splits.
    double max_size = 500.0;                        ///< Tree: memory limit (MiB) per tree.
    std::int64_t memory_estimate_period = 2000000;  ///< Tree: weight between memory checks.
    bool stop_mem_management = false;               ///< Tree: stop growing at the limit.
    bool remove_poor_attrs = false;                 ///< Tree: drop hopeless features.
    bool merit_preprune = true;                     ///< Tree: consider the null split.
    std::optional<std::int64_t> seed{};             ///< Random seed; None draws one.

    template <class V>
    void visit(V&& v) {
      v("n_models", n_models);
      v("max_features", max_features);
      v("aggregation_method", aggregation_method);
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
      p.delta = delta;
      p.tau = tau;
      p.leaf_prediction = leaf_prediction;
      p.leaf_model = leaf_model;
      p.model_selector_decay = model_selector_decay;
      p.nominal_attributes = nominal_attributes;
      p.splitter = splitter;
      p.min_samples_split = min_samples_split;
      p.binary_split = binary_split;
      p.max_size = max_size;
      p.memory_estimate_period = memory_estimate_period;
      p.stop_mem_management = stop_mem_management;
      p.remove_poor_attrs = remove_poor_attrs;
      p.merit_preprune = merit_preprune;
      return p;
    }

    /// Throws `std::invalid_argument` ("ARFRegressor: n_models must be in [1, 100000]").
    void validate() const {
      constexpr const char* who = "ARFRegressor";
      if (n_models < 1 || n_models > 100000) {
        throw invalid_parameter(who, "n_models", "in [1, 100000]");
      }
      if (!detail::max_features_valid(max_features)) {
        throw invalid_parameter(who, "max_features",
                                "\"sqrt\", \"log2\", None, an integer or a real number");
      }
      if (aggregation_method != "median" && aggregation_method != "mean") {
        throw invalid_parameter(who, "aggregation_method", "one of \"median\", \"mean\"");
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
      ar(n_models, max_features, aggregation_method, lambda_value, disable_weighted_vote,
         drift_detector, warning_detector, tp, seed);
      if constexpr (Archive::is_loading::value) set_tree_params(tp);
    }

   private:
    void set_tree_params(const Tree::Params& p) {
      grace_period = p.grace_period;
      max_depth = p.max_depth;
      delta = p.delta;
      tau = p.tau;
      leaf_prediction = p.leaf_prediction;
      leaf_model = p.leaf_model;
      model_selector_decay = p.model_selector_decay;
      nominal_attributes = p.nominal_attributes;
      splitter = p.splitter;
      min_samples_split = p.min_samples_split;
      binary_split = p.binary_split;
      max_size = p.max_size;
      memory_estimate_period = p.memory_estimate_period;
      stop_mem_management = p.stop_mem_management;
      remove_poor_attrs = p.remove_poor_attrs;
      merit_preprune = p.merit_preprune;
    }
  };

  /// One slot of the forest: tree, background tree, detectors, error statistics.
  struct Member {
    Tree model;                           ///< The voting tree.
    std::optional<Tree> background;       ///< Tree started at the last warning, if any.
    std::optional<drift::ADWIN> warning;  ///< Warning detector (None when disabled).
    std::optional<drift::ADWIN> drift;    ///< Drift detector (None when disabled).
    stats::Mean squared_error;            ///< Running MSE since the last reset (River's MSE).
    stats::Var error_var;                 ///< Variance of the errors, to normalise them.
    std::uint64_t generations = 0;        ///< Trees created for this slot so far.
    std::int64_t n_warnings = 0;          ///< Warnings detected.
    std::int64_t n_drifts = 0;            ///< Drifts detected.

    template <class Archive>
    void serialize(Archive& ar) {
      ar(model, background, warning, drift, squared_error, error_var, generations, n_warnings,
         n_drifts);
    }
    friend bool operator==(const Member&, const Member&) = default;
  };

  /// River's defaults (the seed is drawn from the system).
  ARFRegressor() : ARFRegressor(Params{}) {}
  /// Validates `params` (throws `std::invalid_argument`).
  explicit ARFRegressor(const Params& params) : params_(params) {
    params_.validate();
    tree_params_ = params_.tree_params();
    effective_seed_ = params_.seed ? *params_.seed : detail::entropy_seed();
    rng_ = PythonRandom(effective_seed_);
  }

  /// Binds the `FeatureSpace` for every tree, present and future (not saved in checkpoints).
  void bind(const FeatureSpace* space) {
    space_ = space;
    for (auto& m : members_) {
      m.model.bind(space);
      if (m.background) m.background->bind(space);
    }
  }
  /// Threads used by `learn_one` with OpenMP (results do not depend on it). Not state.
  void set_n_threads(int n) { n_threads_ = n < 1 ? 1 : n; }
  /// Threads `learn_one` uses.
  int n_threads() const { return n_threads_; }

  /// Learns sample `x` with target `y` (`w` must be 1, as River's ARF has no sample weight).
  /// Throws `InvalidInput`, with the model unchanged, for an infinite feature value, a
  /// non-finite `y` or `w != 1`.
  void learn_one(DenseView x, double y, double w = 1.0) {
    // River's ARF has no sample weight (each member draws its own Poisson weight): the
    // argument exists for the common estimator interface and must be 1.
    if (w != 1.0) {
      throw InvalidInput(std::string(name) +
                         ": sample weight w must be 1 (ARF has no sample "
                         "weights), got " +
                         std::to_string(w));
    }
    tree::detail::require_finite_sample(x, name);
    require_finite(y, name, "y");
    if (members_.empty()) init(x);
    const std::size_t n = members_.size();
    weights_.resize(n);
    preds_.resize(n);
    for (std::size_t i = 0; i < n; ++i) weights_[i] = python_poisson(params_.lambda_value, rng_);
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

  /// The forest's prediction (0 before any learning, as River). Throws `InvalidInput` for an
  /// infinite feature value.
  double predict_one(DenseView x) const {
    tree::detail::require_finite_sample(x, name);
    if (members_.empty()) return 0.0;
    const std::size_t n = members_.size();
    // Up to 64 members on the stack, beyond on the heap.
    std::array<double, 64> fixed;
    std::vector<double> heap;
    if (n > fixed.size()) heap.resize(n);
    const std::span<double> p =
        heap.empty() ? std::span<double>(fixed.data(), n) : std::span<double>(heap.data(), n);
    for (std::size_t i = 0; i < n; ++i) p[i] = members_[i].model.predict_one(x);
    const bool median = params_.aggregation_method == "median";
    if (!params_.disable_weighted_vote && !median) {
      double sum = 0.0;
      for (const auto& m : members_) sum += m.squared_error.get();
      if (sum != 0.0) {
        double norm = 0.0;
        for (const auto& m : members_) norm += sum - m.squared_error.get();
        if (norm != 0.0) {
          for (std::size_t i = 0; i < n; ++i) {
            p[i] *= (sum - members_[i].squared_error.get()) / norm;
          }
        }
      }
    }
    if (median) {
      std::sort(p.begin(), p.end());
      return n % 2 == 1 ? p[n / 2] : (p[n / 2 - 1] + p[n / 2]) / 2.0;
    }
    double s = 0.0;
    for (double v : p) s += v;
    return s / static_cast<double>(n);
  }

  /// Number of member slots (0 before the first sample, then `n_models`).
  std::size_t n_members() const { return members_.size(); }
  /// Member slot `i`.
  const Member& member(std::size_t i) const { return members_.at(i); }
  /// Features per leaf, resolved at the first sample (0 before).
  std::int64_t max_features() const { return max_features_; }
  /// The seed in use.
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
  /// Estimated bytes held by the forest.
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

  /// Params, seed, generator and every member. The bound space and thread count are not saved.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("ARFRegressor: checkpoint from a newer version");
    }
    ar(params_, effective_seed_, rng_, max_features_, members_);
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
            m.warning.has_value() == params_.warning_detector.has_value() &&
                m.drift.has_value() == params_.drift_detector.has_value() &&
                (!m.background || params_.warning_detector.has_value()),
            name, "has an inconsistent member");
        m.model.bind(space_);
        if (m.background) m.background->bind(space_);
      }
    }
  }

  /// Same parameters and learnt state (bound space and thread count are not compared).
  friend bool operator==(const ARFRegressor& a, const ARFRegressor& b) {
    return a.params_ == b.params_ && a.effective_seed_ == b.effective_seed_ && a.rng_ == b.rng_ &&
           a.max_features_ == b.max_features_ && a.members_ == b.members_;
  }

 private:
  void init(DenseView x) {
    std::int64_t present = 0;
    for (double v : x.values) present += is_missing(v) ? 0 : 1;
    max_features_ = detail::resolve_max_features(params_.max_features, present);
    members_.clear();
    members_.resize(static_cast<std::size_t>(params_.n_models));
    for (std::size_t i = 0; i < members_.size(); ++i) {
      Member& m = members_[i];
      m.model = new_tree(i);
      if (params_.warning_detector) m.warning = drift::ADWIN(params_.warning_detector->params());
      if (params_.drift_detector) m.drift = drift::ADWIN(params_.drift_detector->params());
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

  void learn_member(std::size_t i, DenseView x, double y) {
    Member& m = members_[i];
    preds_[i] = m.model.predict_one(x);
    const std::uint32_t k = weights_[i];
    if (k == 0) return;
    if (m.background) m.background->learn_one(x, y, static_cast<double>(k));
    m.model.learn_one(x, y, static_cast<double>(k));
  }

  // River's `_drift_detector_input`: the error scaled into [0, 1] by mean +- 3 sd.
  static double normalised_error(Member& m, double err) {
    m.error_var.update(err);
    if (m.error_var.n() == 1.0) return 0.5;
    const double sd = std::sqrt(m.error_var.get());
    return sd > 0.0 ? (err + 3.0 * sd) / (6.0 * sd) : 0.5;
  }

  void watch_member(std::size_t i, double y) {
    Member& m = members_[i];
    const double err = y - preds_[i];
    m.squared_error.update(err * err);
    if (weights_[i] == 0) return;
    if (!m.warning && !m.drift) return;
    const double input = normalised_error(m, err);
    if (m.warning) {
      m.warning->update(input);
      if (m.warning->drift_detected()) {
        m.background = new_tree(i);
        m.warning = drift::ADWIN(params_.warning_detector->params());
        ++m.n_warnings;
      }
    }
    if (m.drift) {
      m.drift->update(input);
      if (m.drift->drift_detected()) {
        if (m.warning && m.background) {
          m.model = std::move(*m.background);
          m.background.reset();
          m.warning = drift::ADWIN(params_.warning_detector->params());
        } else {
          m.model = new_tree(i);
        }
        m.drift = drift::ADWIN(params_.drift_detector->params());
        m.squared_error = stats::Mean{};
        ++m.n_drifts;
      }
    }
  }

  Params params_;
  Tree::Params tree_params_;
  std::int64_t effective_seed_ = 0;
  PythonRandom rng_{0};
  std::int64_t max_features_ = 0;
  std::vector<Member> members_;
  const FeatureSpace* space_ = nullptr;
  int n_threads_ = 1;
  // Scratch of learn_one (not state).
  std::vector<std::uint32_t> weights_;
  std::vector<double> preds_;
  std::vector<std::exception_ptr> errors_;
};

}  // namespace streamwise::forest

CEREAL_CLASS_VERSION(streamwise::forest::ARFRegressor,
                     streamwise::forest::ARFRegressor::class_version)
