#pragma once
/// @file
/// Running kurtosis, River's `stats.Kurtosis`.

#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::stats {

/// Running excess (Fisher) kurtosis, updated with Welford-style central moments.
///
/// With `bias = true` this is `g2 = n M4 / M2^2 - 3` (scipy's `kurtosis(bias=True)`); with the
/// default `bias = false` and `n > 3` it is the adjusted
/// `G2 = ((n^2 - 1) n M4 / M2^2 - 3 (n - 1)^2) / ((n - 2) (n - 3))`. When all values are equal
/// (`M2 == 0`) the ratio `n M4 / M2^2` is taken as 0, as River does: the result is -3 (biased, or
/// n <= 3) or `-3 (n - 1)^2 / ((n - 2) (n - 3))` (adjusted), where scipy would give NaN.
///
/// ```cpp
/// streamwise::stats::Kurtosis kurtosis(streamwise::stats::Kurtosis::Params{.bias = true});
/// for (double x : {1.0, 2.0, 3.0, 4.0}) kurtosis.update(x);
/// kurtosis.get();  // -1.36
/// ```
class Kurtosis {
 public:
  /// Hyper-parameters of `Kurtosis`.
  struct Params {
    /// If false, the estimate is corrected for statistical bias.
    bool bias = false;

    /// Lists the fields for reflection.
    template <class V>
    void visit(V&& v) {
      v("bias", bias);
    }
    /// Nothing to check.
    void validate() const {}
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(bias);
    }
  };

  static constexpr std::string_view name = "Kurtosis";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (`bias = false`).
  Kurtosis() = default;
  /// Validates and uses `params`.
  explicit Kurtosis(const Params& params) : params_(params) { params_.validate(); }

  /// Adds `x`. Throws `InvalidInput` for a non-finite `x`, leaving the state unchanged.
  void update(double x) {
    require_finite(x, name);
    ++n_;
    const double n = static_cast<double>(n_);
    const double delta = (x - mean_) / n;
    const double delta2 = delta * delta;
    const double term = (x - mean_) * delta * (n - 1.0);
    mean_ += delta;
    // Higher moments first: each uses the lower ones before this update.
    m4_ += term * delta2 * (n * n - 3.0 * n + 3.0) + 6.0 * delta2 * m2_ - 4.0 * delta * m3_;
    m3_ += term * delta * (n - 2.0) - 3.0 * delta * m2_;
    m2_ += term;
  }

  /// Current excess kurtosis (-3 before two distinct values).
  double get() const {
    const double n = static_cast<double>(n_);
    double ratio = 0.0;
    if (m2_ != 0.0) ratio = n * m4_ / (m2_ * m2_);
    if (!params_.bias && n > 3.0) {
      return 1.0 / (n - 2.0) / (n - 3.0) * ((n * n - 1.0) * ratio - 3.0 * (n - 1.0) * (n - 1.0));
    }
    return ratio - 3.0;
  }
  /// Number of values seen.
  std::uint64_t n() const { return n_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("Kurtosis: checkpoint from a newer version");
    }
    ar(params_, n_, mean_, m2_, m3_, m4_);
  }

  friend bool operator==(const Kurtosis&, const Kurtosis&) = default;

 private:
  Params params_{};
  std::uint64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;  // sums of powers of deviations from the mean
  double m3_ = 0.0;
  double m4_ = 0.0;
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::Kurtosis, streamwise::stats::Kurtosis::class_version)
