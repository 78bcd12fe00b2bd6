#pragma once
/// @file
/// Outlier-robust scaling by running median and interquantile range, River's
/// `preprocessing.RobustScaler`.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/preprocessing/detail/sample_checks.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"
#include "streamwise/stats/iqr.hpp"
#include "streamwise/stats/quantile.hpp"

namespace streamwise::preprocessing {

/// Subtracts each feature's running median and divides by its running interquantile range
/// (`q_sup` minus `q_inf` quantile), both P² estimates exactly as River's `stats.Quantile(0.5)`
/// and `stats.IQR(q_inf, q_sup)`. A feature whose range is 0 (or never learnt, when scaling)
/// transforms to 0; a feature never learnt is not centred.
///
/// Absent features (NaN) are neither learnt nor transformed: they stay NaN in the output.
///
/// ```cpp
/// streamwise::preprocessing::RobustScaler scaler;  // median, then (q75 - q25)
/// for (double v : {10.6, 8.1, 9.1, 8.9, 10.9}) {
///   std::vector<double> row{v}, out(1);
///   scaler.learn_one({row});
///   scaler.transform_one({row}, out);
/// }
/// ```
class RobustScaler {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    bool with_centering = true;  ///< Subtract the running median.
    bool with_scaling = true;    ///< Divide by the running interquantile range.
    double q_inf = 0.25;         ///< Lower quantile of the range, in [0, 1].
    double q_sup = 0.75;         ///< Upper quantile of the range, in [0, 1] and above q_inf.

    /// Lists every field for reflection.
    template <class V>
    void visit(V&& v) {
      v("with_centering", with_centering);
      v("with_scaling", with_scaling);
      v("q_inf", q_inf);
      v("q_sup", q_sup);
    }
    /// Throws `std::invalid_argument` unless 0 <= q_inf < q_sup <= 1.
    void validate() const {
      if (!(q_inf >= 0.0 && q_inf <= 1.0)) {
        throw invalid_parameter("RobustScaler", "q_inf", "in [0, 1]");
      }
      if (!(q_sup >= 0.0 && q_sup <= 1.0)) {
        throw invalid_parameter("RobustScaler", "q_sup", "in [0, 1]");
      }
      if (!(q_inf < q_sup)) {
        throw invalid_parameter("RobustScaler", "q_inf", "strictly less than q_sup");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(with_centering, with_scaling, q_inf, q_sup);
    }
  };

  static constexpr std::string_view name = "RobustScaler";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes cannot be scaled: encode them first (OneHotEncoder).
  static constexpr bool accepts_nominal = false;

  /// River's defaults: centre and scale by the 25-75% range.
  RobustScaler() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit RobustScaler(const Params& params) : params_((params.validate(), params)) {}

  /// Updates the median and range of every present feature (only those enabled). Throws
  /// `InvalidInput` (state unchanged) if a present value is infinite.
  void learn_one(DenseView x) {
    detail::require_finite_sample(x, name);
    grow(detail::needed_slots(x));
    const auto& v = x.values;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (is_missing(v[i])) continue;
      if (params_.with_centering) medians_[i].update(v[i]);
      if (params_.with_scaling) ranges_[i].update(v[i]);
    }
  }

  /// Writes the scaled value of every present feature of `x` to `out` (same ids; `out` may be
  /// `x`'s own storage). Absent features, and slots of `out` past the end of `x`, are NaN.
  /// Throws `InvalidInput` if a present value is infinite or `out` is shorter than `x`.
  void transform_one(DenseView x, std::span<double> out) const {
    detail::require_output_size(x, out, name);
    detail::require_finite_sample(x, name);
    const auto& v = x.values;
    for (std::size_t i = 0; i < v.size(); ++i) {
      double y = v[i];
      if (is_missing(y)) {
        out[i] = missing_value;
        continue;
      }
      if (params_.with_centering) {
        const double m = median(static_cast<FeatureId>(i));
        if (!std::isnan(m)) y -= m;  // River: a median of None is not subtracted
      }
      if (params_.with_scaling) {
        const double r = range(static_cast<FeatureId>(i));
        y = (r != 0.0 && !std::isnan(r)) ? y / r : 0.0;  // River: None or 0 gives 0
      }
      out[i] = y;
    }
    detail::fill_tail_missing(x, out);
  }

  /// Running median of feature `id` (NaN before it is learnt or without centering).
  double median(FeatureId id) const {
    return id < medians_.size() ? medians_[id].get() : std::numeric_limits<double>::quiet_NaN();
  }
  /// Running interquantile range of feature `id` (NaN before it is learnt or without scaling).
  double range(FeatureId id) const {
    return id < ranges_.size() ? ranges_[id].get() : std::numeric_limits<double>::quiet_NaN();
  }
  /// Number of per-feature slots (one past the largest feature id learnt).
  std::size_t n_features() const { return n_features_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and state. A loaded state is checked for consistency
  /// (`CheckpointError`).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("RobustScaler: checkpoint from a newer version");
    }
    ar(params_, n_features_, medians_, ranges_);
    if constexpr (Archive::is_loading::value) {
      stats::detail::validate_loaded_params(params_);
      stats::detail::require_consistent(consistent(), "RobustScaler",
                                        "per-feature statistics are inconsistent");
    }
  }

  friend bool operator==(const RobustScaler&, const RobustScaler&) = default;

 private:
  void grow(std::size_t n) {
    if (n <= n_features_) return;
    n_features_ = n;
    if (params_.with_centering) medians_.resize(n, stats::Quantile({.q = 0.5}));
    if (params_.with_scaling) {
      ranges_.resize(n, stats::IQR({.q_inf = params_.q_inf, .q_sup = params_.q_sup}));
    }
  }

  bool consistent() const {
    if (medians_.size() != (params_.with_centering ? n_features_ : 0)) return false;
    if (ranges_.size() != (params_.with_scaling ? n_features_ : 0)) return false;
    for (const auto& m : medians_) {
      if (m.params().q != 0.5) return false;
    }
    for (const auto& r : ranges_) {
      if (r.params().q_inf != params_.q_inf || r.params().q_sup != params_.q_sup) return false;
    }
    return true;
  }

  Params params_{};
  std::size_t n_features_ = 0;
  std::vector<stats::Quantile> medians_;  // with_centering
  std::vector<stats::IQR> ranges_;        // with_scaling
};

}  // namespace streamwise::preprocessing

CEREAL_CLASS_VERSION(streamwise::preprocessing::RobustScaler,
                     streamwise::preprocessing::RobustScaler::class_version)
