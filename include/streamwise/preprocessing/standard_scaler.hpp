#pragma once
/// @file
/// Running standardisation of each feature, River's `preprocessing.StandardScaler`.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/preprocessing/detail/sample_checks.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"
#include "streamwise/stats/mean.hpp"
#include "streamwise/stats/rolling.hpp"
#include "streamwise/stats/var.hpp"

namespace streamwise::preprocessing {

/// Centres each feature on its running mean and (by default) divides it by its running
/// standard deviation (population variance, as River). A feature whose variance is 0 (constant
/// so far, or never seen) transforms to 0, and so does one whose windowed variance has rounded
/// below 0 (River returns a complex number there). With `window_size`, mean and variance cover only
/// the last `window_size` values of each feature (River's `utils.Rolling` over `stats.Mean` and
/// `stats.Var(ddof=0)`).
///
/// Absent features (NaN) are neither learnt nor transformed: they stay NaN in the output.
///
/// ```cpp
/// streamwise::preprocessing::StandardScaler scaler;
/// std::vector<double> row{10.5, 8.1}, out(2);
/// scaler.learn_one({row});
/// scaler.transform_one({row}, out);  // {0.0, 0.0}: one value has no spread yet
/// ```
class StandardScaler {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Divide by the standard deviation (otherwise only centre).
    bool with_std = true;
    /// Number of most recent values per feature the statistics cover; None = the whole stream.
    std::optional<std::int64_t> window_size = std::nullopt;

    /// Lists every field for reflection.
    template <class V>
    void visit(V&& v) {
      v("with_std", with_std);
      v("window_size", window_size);
    }
    /// Throws `std::invalid_argument` unless `window_size` is None or >= 1.
    void validate() const {
      if (window_size && *window_size < 1) {
        throw invalid_parameter("StandardScaler", "window_size", "None or >= 1");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(with_std, window_size);
    }
  };

  static constexpr std::string_view name = "StandardScaler";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes cannot be scaled: encode them first (OneHotEncoder).
  static constexpr bool accepts_nominal = false;

  /// River's defaults: `with_std=True`, no window.
  StandardScaler() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit StandardScaler(const Params& params) : params_((params.validate(), params)) {}

  /// Updates the statistics of every present feature with its value. Throws `InvalidInput`
  /// (state unchanged) if a present value is infinite.
  void learn_one(DenseView x) {
    const bool dense = scan(x);
    const auto& v = x.values;
    if (dense && !params_.window_size) [[likely]] {
      learn_dense(x);
      return;
    }
    grow(detail::needed_slots(x));
    if (params_.window_size) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (is_missing(v[i])) continue;
        counts_[i] += 1;
        if (params_.with_std) {
          rolling_vars_[i].update(v[i]);
        } else {
          rolling_means_[i].update(v[i]);
        }
      }
      return;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (is_missing(v[i])) continue;
      const double xi = v[i];
      const double n = static_cast<double>(++counts_[i]);
      const double old_mean = means_[i];
      means_[i] += (xi - old_mean) / n;
      if (params_.with_std) {
        vars_[i] += ((xi - old_mean) * (xi - means_[i]) - vars_[i]) / n;
        stds_[i] = std_of(vars_[i]);
      }
    }
  }

  /// Writes the scaled value of every present feature of `x` to `out` (same ids; `out` may be
  /// `x`'s own storage). Absent features, and slots of `out` past the end of `x`, are NaN.
  /// Throws `InvalidInput` if a present value is infinite or `out` is shorter than `x`.
  void transform_one(DenseView x, std::span<double> out) const {
    detail::require_output_size(x, out, name);
    const bool dense = scan(x);
    const auto& v = x.values;
    if (dense && !params_.window_size && v.size() <= counts_.size()) [[likely]] {
      transform_dense(x, out);
      detail::fill_tail_missing(x, out);
      return;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      const double xi = v[i];
      if (is_missing(xi)) {
        out[i] = missing_value;
        continue;
      }
      const double m = mean(static_cast<FeatureId>(i));
      if (!params_.with_std) {
        out[i] = xi - m;
        continue;
      }
      // A rolling variance can round to a tiny negative number once the window holds equal
      // values again; River then returns a complex number. We read it as "no spread": 0.
      const double s2 = var(static_cast<FeatureId>(i));
      out[i] = s2 > 0.0 ? (xi - m) / std::sqrt(s2) : 0.0;
    }
    detail::fill_tail_missing(x, out);
  }

  /// Running (or windowed) mean of feature `id`; 0 for a feature never seen.
  double mean(FeatureId id) const {
    if (!params_.window_size) return id < means_.size() ? means_[id] : 0.0;
    if (params_.with_std) {
      return id < rolling_vars_.size() ? rolling_vars_[id].statistic().mean().get() : 0.0;
    }
    return id < rolling_means_.size() ? rolling_means_[id].get() : 0.0;
  }
  /// Running (or windowed) population variance of feature `id`; 0 for a feature never seen
  /// and when `with_std` is false (no variance is kept then).
  double var(FeatureId id) const {
    if (!params_.with_std) return 0.0;
    if (!params_.window_size) return id < vars_.size() ? vars_[id] : 0.0;
    return id < rolling_vars_.size() ? rolling_vars_[id].get() : 0.0;
  }
  /// Number of values learnt for feature `id` over the whole stream (River's `counts`).
  std::uint64_t count(FeatureId id) const { return id < counts_.size() ? counts_[id] : 0; }
  /// Number of per-feature slots (one past the largest feature id learnt).
  std::size_t n_features() const { return counts_.size(); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and state. A loaded state is checked for consistency
  /// (`CheckpointError`).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("StandardScaler: checkpoint from a newer version");
    }
    ar(params_, counts_, means_, vars_, rolling_means_, rolling_vars_);
    if constexpr (Archive::is_loading::value) {
      stats::detail::validate_loaded_params(params_);
      stats::detail::require_consistent(consistent(), "StandardScaler",
                                        "per-feature statistics are inconsistent");
      refresh_stds();
    }
  }

  friend bool operator==(const StandardScaler&, const StandardScaler&) = default;

 private:
  // Throws `InvalidInput` (naming the feature) if a value of `x` is infinite; returns whether
  // every feature is present. A dense sample needs one short branch-free scan; the message is
  // built only on failure.
  static bool scan(DenseView x) {
    if (all_finite_values(x.values)) [[likely]]
      return true;
    if (any_infinite(x.values)) [[unlikely]]
      detail::require_finite_sample(x, name);  // throws, naming the feature
    return false;                              // not all finite, none infinite: a NaN
  }

  // `learn_one` for a sample with every feature present, whole-stream statistics: the same
  // arithmetic as the general loop, over contiguous memory and without per-feature branches.
  void learn_dense(DenseView x) {
    const std::size_t n = x.values.size();
    grow(n);
    const double* xv = x.values.data();
    std::uint64_t* cv = counts_.data();
    double* mv = means_.data();
    double* sv = vars_.data();
    double* dv = stds_.data();
    // Blocks of `block` features: the counts (integers) are converted first, so the division
    // loops run over plain doubles and vectorise.
    constexpr std::size_t block = 16;
    double c[block];
    for (std::size_t i0 = 0; i0 < n; i0 += block) {
      const std::size_t m = std::min(block, n - i0);
      for (std::size_t j = 0; j < m; ++j) {
        // counts stay far below 2^63: the signed conversion is exact and cheaper.
        c[j] = static_cast<double>(static_cast<std::int64_t>(++cv[i0 + j]));
      }
      const double* xb = xv + i0;
      double* mb = mv + i0;
      if (params_.with_std) {
        double* sb = sv + i0;
        double* db = dv + i0;
        for (std::size_t j = 0; j < m; ++j) {
          const double xi = xb[j];
          const double old_mean = mb[j];
          const double new_mean = old_mean + (xi - old_mean) / c[j];
          mb[j] = new_mean;
          sb[j] += ((xi - old_mean) * (xi - new_mean) - sb[j]) / c[j];
        }
        stds_of(sb, db, m);
      } else {
        for (std::size_t j = 0; j < m; ++j) mb[j] += (xb[j] - mb[j]) / c[j];
      }
    }
  }

  // The cached standard deviation of a variance: sqrt(s2) when s2 > 0, else 0 (the transform
  // maps such a feature to 0). Same value as the transform's own `std::sqrt(s2)`.
  static double std_of(double s2) { return s2 > 0.0 ? std::sqrt(s2) : 0.0; }

  // `out[j] = std_of(s2[j])` for `j < m`, two at a time where SSE2 is available (the
  // instruction is IEEE's correctly rounded square root, as std::sqrt, without errno handling).
  static void stds_of(const double* s2, double* out, std::size_t m) {
    std::size_t j = 0;
#if defined(__SSE2__)
    const __m128d zero = _mm_setzero_pd();
    for (; j + 2 <= m; j += 2) {
      const __m128d v = _mm_loadu_pd(s2 + j);
      // sqrt of a negative is NaN: masked to 0 like the non-positive variances.
      _mm_storeu_pd(out + j, _mm_and_pd(_mm_sqrt_pd(v), _mm_cmpgt_pd(v, zero)));
    }
#endif
    for (; j < m; ++j) out[j] = std_of(s2[j]);
  }

  // Recomputes the cached standard deviations from the variances (after a load).
  void refresh_stds() {
    stds_.resize(vars_.size());
    for (std::size_t i = 0; i < vars_.size(); ++i) stds_[i] = std_of(vars_[i]);
  }

  // `transform_one` for a sample with every feature present and known, whole-stream
  // statistics: branch-free, same arithmetic as the general loop.
  void transform_dense(DenseView x, std::span<double> out) const {
    const std::size_t n = x.values.size();
    const double* xv = x.values.data();
    const double* mv = means_.data();
    double* ov = out.data();
    if (!params_.with_std) {
      for (std::size_t i = 0; i < n; ++i) ov[i] = xv[i] - mv[i];
      return;
    }
    // s2 > 0 exactly when its cached standard deviation is > 0. Both sides are computed and
    // one selected (a 0 divisor's quotient is discarded), two features at a time with SSE2.
    // Each element is read before its slot is written, so `out` may alias `x`.
    const double* dv = stds_.data();
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128d zero = _mm_setzero_pd();
    for (; i + 2 <= n; i += 2) {
      const __m128d sd = _mm_loadu_pd(dv + i);
      const __m128d q = _mm_div_pd(_mm_sub_pd(_mm_loadu_pd(xv + i), _mm_loadu_pd(mv + i)), sd);
      _mm_storeu_pd(ov + i, _mm_and_pd(q, _mm_cmpgt_pd(sd, zero)));
    }
#endif
    for (; i < n; ++i) {
      const double sd = dv[i];
      const double q = (xv[i] - mv[i]) / sd;
      ov[i] = sd > 0.0 ? q : 0.0;
    }
  }

  // Grows the per-feature statistics to `n` slots (new features start empty, as in River).
  void grow(std::size_t n) {
    if (n <= counts_.size()) return;
    counts_.resize(n, 0);
    if (params_.window_size) {
      const auto w = static_cast<std::size_t>(*params_.window_size);
      if (params_.with_std) {
        rolling_vars_.resize(n, stats::Rolling<stats::Var>(stats::Var({.ddof = 0}), w));
      } else {
        rolling_means_.resize(n, stats::Rolling<stats::Mean>(stats::Mean(), w));
      }
      return;
    }
    means_.resize(n, 0.0);
    if (params_.with_std) {
      vars_.resize(n, 0.0);
      stds_.resize(n, 0.0);
    }
  }

  bool consistent() const {
    const std::size_t n = counts_.size();
    if (params_.window_size) {
      const auto w = static_cast<std::size_t>(*params_.window_size);
      if (!means_.empty() || !vars_.empty()) return false;
      if (params_.with_std) {
        if (rolling_vars_.size() != n || !rolling_means_.empty()) return false;
        for (const auto& r : rolling_vars_) {
          if (r.window_size() != w || r.statistic().params().ddof != 0) return false;
        }
      } else {
        if (rolling_means_.size() != n || !rolling_vars_.empty()) return false;
        for (const auto& r : rolling_means_) {
          if (r.window_size() != w) return false;
        }
      }
      return true;
    }
    if (!rolling_means_.empty() || !rolling_vars_.empty()) return false;
    if (means_.size() != n || vars_.size() != (params_.with_std ? n : 0)) return false;
    for (double m : means_) {
      if (!std::isfinite(m)) return false;
    }
    for (double s2 : vars_) {
      if (!std::isfinite(s2)) return false;
    }
    return true;
  }

  Params params_{};
  std::vector<std::uint64_t> counts_;
  std::vector<double> means_;  // whole-stream mode
  std::vector<double> vars_;   // whole-stream mode, with_std
  std::vector<double> stds_;   // derived from vars_ (std_of), not saved: the transform's divisors
  std::vector<stats::Rolling<stats::Mean>> rolling_means_;  // windowed, without std
  std::vector<stats::Rolling<stats::Var>> rolling_vars_;    // windowed, with std (mean inside)
};

}  // namespace streamwise::preprocessing

CEREAL_CLASS_VERSION(streamwise::preprocessing::StandardScaler,
                     streamwise::preprocessing::StandardScaler::class_version)
