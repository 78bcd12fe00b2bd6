#pragma once
/// @file
/// Bayesian linear regression with a Gaussian prior and known noise, River's
/// `linear_model.BayesianLinearRegression`.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Dense>
#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::linear_model {

/// Online Bayesian linear regression (Bishop, PRML §3.3) without an intercept: a Gaussian
/// posterior over the coefficients, updated exactly after each sample, that also gives a
/// predictive normal distribution.
///
/// State over the `n` features seen so far (indexed by order of first appearance, as River's
/// dict): the posterior covariance (kept by a Sherman–Morrison rank-1 update, `O(n²)` per
/// sample), the natural mean `η = β Σ y x` and the posterior mean `m = Σ η`. With `smoothing`
/// the precision matrix and `η` are exponentially decayed instead, and the covariance is a full
/// inverse (`O(n³)` per sample), exactly as River does it.
///
/// A feature absent from a learned sample counts as an observed 0 (River's rule); a feature
/// never learned adds its prior variance `x²/α` to the predictive variance.
///
/// ```cpp
/// streamwise::linear_model::BayesianLinearRegression model;
/// const double x[] = {1.0, 2.0};
/// model.learn_one({x}, 3.0);
/// const double y = model.predict_one({x});
/// const auto [mean, sigma] = model.predict_dist({x});
/// ```
class BayesianLinearRegression {
 public:
  static constexpr std::string_view name = "BayesianLinearRegression";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are not numbers: one-hot encode them first.
  static constexpr bool accepts_nominal = false;

  /// Hyper-parameters, River's names and defaults.
  struct Params {
    /// Prior parameter: the prior covariance of each coefficient is `1/alpha` (and, with
    /// smoothing, the initial precision matrix is `I/alpha`, as in River).
    double alpha = 1.0;
    /// Noise parameter: the precision of the observation noise.
    double beta = 1.0;
    /// None, or the weight in (0, 1) kept by the past at each update (forgetting for drift).
    std::optional<double> smoothing = std::nullopt;

    /// Lists the fields for repr, specs and the factory.
    template <class V>
    void visit(V&& v) {
      v("alpha", alpha);
      v("beta", beta);
      v("smoothing", smoothing);
    }
    /// Throws `std::invalid_argument` for a non-positive or non-finite `alpha`/`beta`, or a
    /// `smoothing` outside (0, 1).
    void validate() const {
      if (!(std::isfinite(alpha) && alpha > 0.0)) {
        throw invalid_parameter(std::string(name), "alpha", "finite and > 0");
      }
      if (!(std::isfinite(beta) && beta > 0.0)) {
        throw invalid_parameter(std::string(name), "beta", "finite and > 0");
      }
      if (smoothing && !(*smoothing > 0.0 && *smoothing < 1.0)) {
        throw invalid_parameter(std::string(name), "smoothing", "None or in (0, 1)");
      }
    }
    /// Field-wise equality.
    friend bool operator==(const Params&, const Params&) = default;
    /// Cereal serialisation of the parameters.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(alpha, beta, smoothing);
    }
  };

  /// A predictive normal distribution: River's `predict_one(x, with_dist=True)`.
  struct Normal {
    double mean = 0.0;   ///< Predicted value (same as `predict_one`).
    double sigma = 0.0;  ///< Standard deviation: sqrt(1/β + xᵀΣx + Σ_unknown x²/α).
    /// Exact equality of both fields.
    friend bool operator==(const Normal&, const Normal&) = default;
  };

  /// River's defaults: alpha = 1, beta = 1, no smoothing.
  BayesianLinearRegression() = default;
  /// Constructs with validated parameters (throws `std::invalid_argument`).
  explicit BayesianLinearRegression(const Params& params) : params_(params) { params_.validate(); }

  /// Updates the posterior with sample `x` (NaN = absent), target `y` and weight `w`. River has
  /// no weight: here `w` scales the noise precision of this sample (`β·w`), so without smoothing
  /// an integer `w` is the same as learning the sample `w` times; `w = 0` leaves the model
  /// unchanged. Throws `InvalidInput`, model unchanged, for an infinite feature value, a
  /// non-finite `y`, a bad weight, or (smoothing only) when the decayed precision matrix becomes
  /// singular, where River raises `LinAlgError`.
  void learn_one(DenseView x, double y, double w = 1.0) {
    check_features(x);
    require_finite(y, name, "y");
    require_weight(w, name);
    if (w == 0.0) return;
    if (params_.smoothing && has_new_feature(x)) {
      // Registering features reshapes the state; keep a copy (this sample allocates anyway) so a
      // singular update can be undone.
      BayesianLinearRegression backup = *this;
      try {
        learn_impl(x, y, w);
      } catch (...) {
        *this = std::move(backup);
        throw;
      }
    } else {
      learn_impl(x, y, w);
    }
  }

  /// Posterior-mean prediction `mᵀx` over the known features of `x` (0 before any learning).
  /// Throws `InvalidInput` for an infinite feature value.
  double predict_one(DenseView x) const {
    check_features(x);
    double y = 0.0;
    if (id_of_slot_.empty()) return y;
    for (std::size_t id = 0; id < x.values.size(); ++id) {
      const double v = x.values[id];
      if (is_missing(v)) continue;
      const std::uint32_t slot = slot_of(id);
      if (slot != no_slot) y += mean_[slot] * v;
    }
    return y;
  }

  /// Predictive distribution `N(mᵀx, 1/β + xᵀΣx + Σ_unknown x²/α)` (River's
  /// `predict_one(x, with_dist=True)`); features never learned contribute their prior variance.
  Normal predict_dist(DenseView x) const {
    Normal out;
    out.mean = predict_one(x);
    const std::size_t n = id_of_slot_.size();
    double quadratic = 0.0;
    double unknown_norm_sq = 0.0;
    for (std::size_t j = 0; j < x.values.size(); ++j) {
      const double xj = x.values[j];
      if (is_missing(xj)) continue;
      const std::uint32_t sj = slot_of(j);
      if (sj == no_slot) {
        unknown_norm_sq += xj * xj;
        continue;
      }
      // (xᵀΣ)_j, then times x_j: the order numpy evaluates `x @ Σ @ x` in.
      double column = 0.0;
      for (std::size_t i = 0; i < x.values.size(); ++i) {
        const double xi = x.values[i];
        if (is_missing(xi)) continue;
        const std::uint32_t si = slot_of(i);
        if (si != no_slot) column += xi * covariance_[sj * n + si];
      }
      quadratic += column * xj;
    }
    double variance = 1.0 / params_.beta;
    if (n != 0) variance = 1.0 / params_.beta + quadratic;
    variance += (1.0 / params_.alpha) * unknown_norm_sq;
    out.sigma = std::sqrt(variance);
    return out;
  }

  /// Posterior mean of the coefficient of feature `id` (0 for a feature never learned).
  double coefficient(FeatureId id) const {
    const std::uint32_t slot = slot_of(id);
    return slot == no_slot ? 0.0 : mean_[slot];
  }

  /// Posterior covariance between the coefficients of features `a` and `b`; a feature never
  /// learned has its prior variance `1/alpha` and no covariance.
  double covariance(FeatureId a, FeatureId b) const {
    const std::uint32_t sa = slot_of(a);
    const std::uint32_t sb = slot_of(b);
    if (sa == no_slot || sb == no_slot) return (a == b) ? 1.0 / params_.alpha : 0.0;
    return covariance_[sb * id_of_slot_.size() + sa];
  }

  /// Number of features learned so far.
  std::size_t n_features() const { return id_of_slot_.size(); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Cereal serialisation of parameters and the whole posterior; sizes are checked on load.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("BayesianLinearRegression: checkpoint from a newer version");
    }
    ar(params_, slot_of_id_, id_of_slot_, slot_precision_, precision_, covariance_, eta_, mean_);
    if constexpr (Archive::is_loading::value) {
      check_loaded();
      workspace_.resize(id_of_slot_.size(), params_.smoothing.has_value());
    }
  }

  /// Whole-state equality (parameters, feature map, matrices, vectors; not the scratch buffers).
  friend bool operator==(const BayesianLinearRegression&,
                         const BayesianLinearRegression&) = default;

 private:
  static constexpr std::uint32_t no_slot = std::numeric_limits<std::uint32_t>::max();
  using Matrix = Eigen::Map<Eigen::MatrixXd>;
  using Vector = Eigen::Map<Eigen::VectorXd>;

  // Per-sample buffers: reused, never compared nor saved.
  struct Workspace {
    std::vector<double> x, u, au, va, new_precision, new_covariance;
    Eigen::PartialPivLU<Eigen::MatrixXd> lu;

    void resize(std::size_t n, bool smoothing) {
      x.assign(n, 0.0);
      u.assign(n, 0.0);
      au.assign(n, 0.0);
      va.assign(n, 0.0);
      if (smoothing) {
        new_precision.assign(n * n, 0.0);
        new_covariance.assign(n * n, 0.0);
        lu = Eigen::PartialPivLU<Eigen::MatrixXd>(static_cast<Eigen::Index>(n));
      }
    }
    friend bool operator==(const Workspace&, const Workspace&) { return true; }
  };

  std::uint32_t slot_of(std::size_t id) const {
    return id < slot_of_id_.size() ? slot_of_id_[id] : no_slot;
  }

  static void check_features(DenseView x) {
    for (std::size_t id = 0; id < x.values.size(); ++id) {
      if (std::isinf(x.values[id])) {
        require_finite(x.values[id], name, "x[" + std::to_string(id) + "]");
      }
    }
  }

  bool has_new_feature(DenseView x) const {
    for (std::size_t id = 0; id < x.values.size(); ++id) {
      if (!is_missing(x.values[id]) && slot_of(id) == no_slot) return true;
    }
    return false;
  }

  // Gives slots to the new features of `x` (increasing id order, as River walks the dict) and
  // grows the state. River reserves slots in blocks (capacity max(needed, 8, 2·capacity)); a
  // reserved slot starts at precision 1/alpha and, with smoothing, decays with every update
  // until a feature takes it, so the block sizes are mirrored to give late features River's
  // prior.
  void register_features(DenseView x) {
    const std::size_t old_n = id_of_slot_.size();
    for (std::size_t id = 0; id < x.values.size(); ++id) {
      if (is_missing(x.values[id]) || slot_of(id) != no_slot) continue;
      if (id >= slot_of_id_.size()) slot_of_id_.resize(id + 1, no_slot);
      slot_of_id_[id] = static_cast<std::uint32_t>(id_of_slot_.size());
      id_of_slot_.push_back(static_cast<FeatureId>(id));
    }
    const std::size_t n = id_of_slot_.size();
    if (n == old_n) return;
    const std::size_t capacity = slot_precision_.size();
    if (n > capacity) {
      const std::size_t new_capacity = std::max(n, std::max<std::size_t>(8, capacity * 2));
      slot_precision_.resize(new_capacity, 1.0 / params_.alpha);
    }
    const bool smoothing = params_.smoothing.has_value();
    grow_matrix(covariance_, old_n, n, smoothing ? nullptr : &slot_precision_);
    if (smoothing) grow_matrix(precision_, old_n, n, &slot_precision_);
    for (std::size_t s = old_n; s < n; ++s) slot_precision_[s] = 0.0;  // now held by a feature
    eta_.resize(n, 0.0);
    mean_.resize(n, 0.0);
    workspace_.resize(n, smoothing);
  }

  // Re-lays an old_n×old_n column-major matrix as n×n; new diagonal entries come from the
  // reserved slots (without smoothing River's fresh covariance diagonal is 1/alpha, which is
  // what every reserved slot holds then), the rest of the new rows/columns is 0.
  static void grow_matrix(std::vector<double>& m, std::size_t old_n, std::size_t n,
                          const std::vector<double>* diagonal) {
    std::vector<double> grown(n * n, 0.0);
    for (std::size_t c = 0; c < old_n; ++c) {
      std::copy_n(m.begin() + static_cast<std::ptrdiff_t>(c * old_n), old_n,
                  grown.begin() + static_cast<std::ptrdiff_t>(c * n));
    }
    if (diagonal != nullptr) {
      for (std::size_t s = old_n; s < n; ++s) grown[s * n + s] = (*diagonal)[s];
    }
    m = std::move(grown);
  }

  void learn_impl(DenseView x, double y, double w) {
    register_features(x);
    const std::size_t n = id_of_slot_.size();
    const auto size = static_cast<Eigen::Index>(n);
    const double b = params_.beta * w;
    auto& ws = workspace_;
    std::fill(ws.x.begin(), ws.x.end(), 0.0);
    for (std::size_t id = 0; id < x.values.size(); ++id) {
      if (!is_missing(x.values[id])) ws.x[slot_of_id_[id]] = x.values[id];
    }
    Vector xv(ws.x.data(), size);
    Vector u(ws.u.data(), size);
    u = b * xv;  // River's β·x

    Matrix cov(covariance_.data(), size, size);
    Vector eta(eta_.data(), size);
    if (!params_.smoothing) {
      // Sherman–Morrison: Σ ← Σ − (Σu)(xᵀΣ) / (1 + xᵀΣu).
      Vector au(ws.au.data(), size);
      Vector va(ws.va.data(), size);
      au.noalias() = cov * u;
      const double scale = -1.0 / (1.0 + xv.dot(au));
      va.noalias() = cov.transpose() * xv;
      va *= scale;
      cov.noalias() += au * va.transpose();
      eta += u * y;
    } else {
      const double s = *params_.smoothing;
      const double keep = 1.0 - s;
      Matrix precision(precision_.data(), size, size);
      Matrix new_precision(ws.new_precision.data(), size, size);
      Matrix new_cov(ws.new_covariance.data(), size, size);
      for (Eigen::Index c = 0; c < size; ++c) {
        for (Eigen::Index r = 0; r < size; ++r) {
          new_precision(r, c) = s * precision(r, c) + keep * (u(r) * xv(c));
        }
      }
      ws.lu.compute(new_precision);
      new_cov = ws.lu.solve(Eigen::MatrixXd::Identity(size, size));  // as LAPACK gesv(P, I)
      if (!new_cov.allFinite()) {
        throw InvalidInput(
            "BayesianLinearRegression: the smoothed precision matrix is singular (a feature has "
            "been absent for too long)");
      }
      precision_.swap(ws.new_precision);
      covariance_.swap(ws.new_covariance);
      for (std::size_t k = 0; k < n; ++k) eta_[k] = s * eta_[k] + (keep * ws.u[k]) * y;
      for (std::size_t k = n; k < slot_precision_.size(); ++k) slot_precision_[k] *= s;
    }
    Matrix cov_now(covariance_.data(), size, size);
    Vector mean(mean_.data(), size);
    mean.noalias() = cov_now * Vector(eta_.data(), size);
  }

  void check_loaded() {
    auto fail = [](const char* what) {
      throw CheckpointError(std::string("BayesianLinearRegression: corrupt checkpoint (") + what +
                            ")");
    };
    try {
      params_.validate();
    } catch (const std::invalid_argument& e) {
      throw CheckpointError(e.what());
    }
    const std::size_t n = id_of_slot_.size();
    if (slot_precision_.size() < n) fail("capacity below feature count");
    std::size_t assigned = 0;
    for (std::size_t id = 0; id < slot_of_id_.size(); ++id) {
      const std::uint32_t s = slot_of_id_[id];
      if (s == no_slot) continue;
      if (s >= n || id_of_slot_[s] != id) fail("feature slots");
      ++assigned;
    }
    if (assigned != n) fail("feature slots");
    const bool square =
        n == 0 ? covariance_.empty() : covariance_.size() / n == n && covariance_.size() % n == 0;
    if (!square) fail("covariance size");
    if (precision_.size() != (params_.smoothing ? covariance_.size() : 0)) fail("precision size");
    if (eta_.size() != n || mean_.size() != n) fail("mean size");
  }

  Params params_{};
  std::vector<std::uint32_t> slot_of_id_;  // feature id -> slot (order of first appearance)
  std::vector<FeatureId> id_of_slot_;      // slot -> feature id
  std::vector<double> slot_precision_;     // River's reserved capacity; prior of free slots
  std::vector<double> precision_;          // n×n column-major (smoothing only)
  std::vector<double> covariance_;         // n×n column-major posterior covariance
  std::vector<double> eta_;                // natural mean β Σ y x (decayed with smoothing)
  std::vector<double> mean_;               // posterior mean Σ η
  Workspace workspace_{};
};

}  // namespace streamwise::linear_model

CEREAL_CLASS_VERSION(streamwise::linear_model::BayesianLinearRegression,
                     streamwise::linear_model::BayesianLinearRegression::class_version)
