#pragma once
/// @file
/// Adaptive random forest regressor, River's `forest.ARFRegressor`.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
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
#include "streamwise/core/validate.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/forest/detail/forest_base.hpp"
#include "streamwise/forest/detail/forest_common.hpp"
#include "streamwise/stats/mean.hpp"
#include "streamwise/stats/var.hpp"
#include "streamwise/tree/hoeffding_tree_regressor.hpp"
#include "streamwise/tree/leaf_features.hpp"

namespace streamwise::forest {

namespace detail {

/// The member trees of `ARFRegressor`: Hoeffding tree regressors whose leaves watch random
/// feature subsets.
using ARFRegressorTree =
    tree::HoeffdingTreeRegressor<tree::TEBSTSplitter, linear_model::LinearRegression,
                                 tree::RandomFeatureSubset>;

/// Hyper-parameters: River's names and defaults (tree parameters as ARFRegressor sets them:
/// `grace_period = 50`, `delta = 0.01`, `max_size = 500`, `memory_estimate_period =
/// 2000000`). The member metric is always the mean squared error (River's default).
struct ARFRegressorParams {
  std::int64_t n_models = 10;                        ///< Trees in the forest.
  std::optional<std::string> max_features = "sqrt";  ///< As in `ARFClassifier`.
  std::string aggregation_method = "median";         ///< "median" or "mean".
  double lambda_value = 6.0;                         ///< Poisson rate of the sample weights.
  bool disable_weighted_vote = true;                 ///< No MSE weighting ("mean" only).
  /// Drift detector prototype; None disables drift detection (River's `NoDrift()`).
  std::optional<drift::ADWIN> drift_detector = drift::ADWIN(drift::ADWIN::Params{.delta = 0.001});
  /// Warning detector prototype; None disables background trees (River's `NoDrift()`).
  std::optional<drift::ADWIN> warning_detector = drift::ADWIN(drift::ADWIN::Params{.delta = 0.01});
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
  ARFRegressorTree::Params tree_params() const {
    ARFRegressorTree::Params p;
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
    detail::validate_forest_params(*this, "ARFRegressor", [&] {
      if (aggregation_method != "median" && aggregation_method != "mean") {
        throw invalid_parameter("ARFRegressor", "aggregation_method",
                                "one of \"median\", \"mean\"");
      }
    });
  }

  friend bool operator==(const ARFRegressorParams&, const ARFRegressorParams&) = default;

  template <class Archive>
  void serialize(Archive& ar) {
    auto tp = tree_params();
    ar(n_models, max_features, aggregation_method, lambda_value, disable_weighted_vote,
       drift_detector, warning_detector, tp, seed);
    if constexpr (Archive::is_loading::value) set_tree_params(tp);
  }

 private:
  void set_tree_params(const ARFRegressorTree::Params& p) {
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

/// One slot of `ARFRegressor`: the shared slot parts plus the member's error statistics.
struct ARFRegressorMember : MemberCore<ARFRegressorTree> {
  stats::Mean squared_error;  ///< Running MSE since the last reset (River's MSE).
  stats::Var error_var;       ///< Variance of the errors, to normalise them.

  /// Checkpoint layout of class_version 1 (unchanged by the move to `MemberCore`).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(model, background, warning, drift, squared_error, error_var, generations, n_warnings,
       n_drifts);
  }
  friend bool operator==(const ARFRegressorMember&, const ARFRegressorMember&) = default;
};

}  // namespace detail

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
/// the result does not depend on the thread count. Threads pay with the batch calls
/// (`learn_many`, `predict_learn_many`): one parallel region per batch, each thread running
/// whole members through every row, with exactly the model and answers of the per-row loop.
///
/// ```cpp
/// streamwise::forest::ARFRegressor model({.n_models = 10, .seed = 42});
/// const double x[] = {0.3, 1.2, 5.0};
/// double guess = model.predict_one({x});
/// model.learn_one({x}, 4.5);
/// // Test-then-train over a block of rows (row-major, 3 features), 2 threads:
/// model.set_n_threads(2);
/// std::vector<double> X = {0.3, 1.2, 5.0, 0.1, 0.7, 4.0}, y = {4.5, 2.0}, guesses(2);
/// model.predict_learn_many(X, 3, y, guesses);
/// ```
class ARFRegressor
    : public detail::ForestBase<ARFRegressor, detail::ARFRegressorTree, detail::ARFRegressorMember,
                                detail::ARFRegressorParams> {
  using Base = detail::ForestBase<ARFRegressor, detail::ARFRegressorTree,
                                  detail::ARFRegressorMember, detail::ARFRegressorParams>;
  friend Base;

 public:
  static constexpr std::string_view name = "ARFRegressor";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (the seed is drawn from the system).
  ARFRegressor() : ARFRegressor(Params{}) {}
  /// Validates `params` (throws `std::invalid_argument`).
  explicit ARFRegressor(const Params& params) : Base(params) {}

  /// Learns sample `x` with target `y` (`w` must be 1, as River's ARF has no sample weight).
  /// Throws `InvalidInput`, with the model unchanged, for an infinite feature value, a
  /// non-finite `y` or `w != 1`.
  void learn_one(DenseView x, double y, double w = 1.0) {
    require_unit_weight(w);
    check_sample(x, y);
    learn_rows(
        1, [x](std::size_t) { return x; }, [y](std::size_t) { return y; }, false);
  }

  /// Learns the rows of a row-major block (`n_cols` features per row, NaN = absent) in order,
  /// `y[r]` being row `r`'s target: the same model, bit for bit, as `learn_one` on each row,
  /// with one parallel region for the whole block. Every row is checked first: a malformed
  /// block, an infinite value or a non-finite target throws `InvalidInput` ("row r: ..." names
  /// the first bad row) and nothing is learnt.
  void learn_many(std::span<const double> data, std::size_t n_cols, std::span<const double> y) {
    const std::size_t n_rows = check_block(data, n_cols, y);
    learn_rows(
        n_rows, detail::BlockRows{data, n_cols}, [y](std::size_t r) { return y[r]; }, false);
  }

  /// Progressive validation over a block: `out[r]` gets what `predict_one` answers for row `r`
  /// just before it is learnt, then row `r` is learnt; the same answers and model as the loop
  /// `predict_one; learn_one`. Checks as `learn_many` (and `out.size()` must be the number of
  /// rows); nothing is learnt on a bad block.
  void predict_learn_many(std::span<const double> data, std::size_t n_cols,
                          std::span<const double> y, std::span<double> out) {
    const std::size_t n_rows = check_block(data, n_cols, y);
    if (out.size() != n_rows) {
      throw InvalidInput(std::string(name) + ": out has " + std::to_string(out.size()) +
                         " slots for " + std::to_string(n_rows) + " rows");
    }
    const bool fresh = members_.empty();
    learn_rows(
        n_rows, detail::BlockRows{data, n_cols}, [y](std::size_t r) { return y[r]; }, true);
    const std::size_t n = members_.size();
    for (std::size_t r = 0; r < n_rows; ++r) {
      if (fresh && r == 0) {
        out[r] = 0.0;  // no member before the first sample
        continue;
      }
      const std::span<double> p(preds_.data() + r * n, n);
      out[r] = aggregate(p, std::span<const double>(mses_.data() + r * n, n));
    }
  }

  /// The forest's prediction (0 before any learning, as River). Throws `InvalidInput` for an
  /// infinite feature value.
  double predict_one(DenseView x) const {
    tree::detail::require_finite_sample(x, name);
    if (members_.empty()) return 0.0;
    const std::size_t n = members_.size();
    // Up to 64 members on the stack, beyond on the heap.
    std::array<double, 128> fixed;
    std::vector<double> heap;
    if (2 * n > fixed.size()) heap.resize(2 * n);
    double* base = heap.empty() ? fixed.data() : heap.data();
    const std::span<double> p(base, n);
    const std::span<double> mse(base + n, n);
    for (std::size_t i = 0; i < n; ++i) {
      p[i] = members_[i].model.predict_one(x);
      mse[i] = members_[i].squared_error.get();
    }
    return aggregate(p, mse);
  }

 private:
  static void check_sample(DenseView x, double y) {
    tree::detail::require_finite_sample(x, name);
    require_finite(y, name, "y");
  }

  std::size_t check_block(std::span<const double> data, std::size_t n_cols,
                          std::span<const double> y) const {
    const std::size_t n_rows = detail::check_forest_block(data, n_cols, y.size(), name);
    for (std::size_t r = 0; r < n_rows; ++r) {
      detail::check_row(r,
                        [&] { check_sample(DenseView{data.subspan(r * n_cols, n_cols)}, y[r]); });
    }
    return n_rows;
  }

  // The members' predictions `p` (reordered when "median") combined as River does, with the
  // members' MSEs `mse` for the weighted mean.
  double aggregate(std::span<double> p, std::span<const double> mse) const {
    const std::size_t n = p.size();
    const bool median = params_.aggregation_method == "median";
    if (!params_.disable_weighted_vote && !median) {
      double sum = 0.0;
      for (double e : mse) sum += e;
      if (sum != 0.0) {
        double norm = 0.0;
        for (double e : mse) norm += sum - e;
        if (norm != 0.0) {
          for (std::size_t i = 0; i < n; ++i) p[i] *= (sum - mse[i]) / norm;
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

  // Learns `n_rows` checked rows in one parallel pass; with `keep`, member i's prediction and
  // MSE before row r go to preds_[r * n + i] and mses_[r * n + i].
  template <class X, class Y>
  void learn_rows(std::size_t n_rows, X&& row, Y&& target, bool keep) {
    if (n_rows == 0) return;
    ensure_members(row(0));
    const std::size_t n = members_.size();
    if (keep) {
      preds_.resize(n_rows * n);
      mses_.resize(n_rows * n);
    }
    run_members(n_rows, [&](std::size_t i, std::size_t r, std::uint32_t k) {
      Member& m = members_[i];
      const DenseView x = row(r);
      const double y = target(r);
      const double pred = m.model.predict_one(x);
      if (keep) {
        preds_[r * n + i] = pred;
        mses_[r * n + i] = m.squared_error.get();
      }
      if (k > 0) {
        if (m.background) m.background->learn_one(x, y, static_cast<double>(k));
        m.model.learn_one(x, y, static_cast<double>(k));
      }
      const double err = y - pred;
      m.squared_error.update(err * err);
      if (k == 0 || (!m.warning && !m.drift)) return;
      watch_detectors(i, normalised_error(m, err));
    });
  }

  // River's `_drift_detector_input`: the error scaled into [0, 1] by mean +- 3 sd.
  static double normalised_error(Member& m, double err) {
    m.error_var.update(err);
    if (m.error_var.n() == 1.0) return 0.5;
    const double sd = std::sqrt(m.error_var.get());
    return sd > 0.0 ? (err + 3.0 * sd) / (6.0 * sd) : 0.5;
  }

  // ForestBase hooks.
  void started_background(Member&) {}
  void replaced_model(Member& m, bool) { m.squared_error = stats::Mean{}; }

  // Scratch of the learning calls (not state).
  std::vector<double> preds_, mses_;
};

}  // namespace streamwise::forest

CEREAL_CLASS_VERSION(streamwise::forest::ARFRegressor,
                     streamwise::forest::ARFRegressor::class_version)
