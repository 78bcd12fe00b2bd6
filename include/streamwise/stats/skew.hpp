#pragma once
/// @file
/// Running skewness, River's `stats.Skew`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::stats {

/// Running sample skewness (Fisher-Pearson), updated with Welford-style central moments.
///
/// With `bias = true` this is `g1 = sqrt(n) M3 / M2^1.5` (scipy's `skew(bias=True)`); with the
/// default `bias = false` and `n > 2` it is the adjusted `G1 = sqrt(n (n - 1)) / (n - 2) g1`.
/// When all values are equal (`M2 == 0`) it returns 0, as River does.
///
/// ```cpp
/// streamwise::stats::Skew skew;  // bias = false
/// for (double x : {1.0, 2.0, 10.0}) skew.update(x);
/// skew.get();  // 1.6523...
/// ```
class Skew {
 public:
  /// Hyper-parameters of `Skew`.
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

  static constexpr std::string_view name = "Skew";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (`bias = false`).
  Skew() = default;
  /// Validates and uses `params`.
  explicit Skew(const Params& params) : params_(params) { params_.validate(); }

  /// Adds `x`. Throws `InvalidInput` for a non-finite `x`, leaving the state unchanged.
  void update(double x) {
    require_finite(x, name);
    ++n_;
    const double n = static_cast<double>(n_);
    const double delta = (x - mean_) / n;
    const double term = (x - mean_) * delta * (n - 1.0);
    mean_ += delta;
    m3_ += term * delta * (n - 2.0) - 3.0 * delta * m2_;
    m2_ += term;
  }

  /// Current skewness (0 before two distinct values).
  double get() const {
    const double n = static_cast<double>(n_);
    double g1 = 0.0;
    if (m2_ != 0.0) g1 = std::sqrt(n) * m3_ / (m2_ * std::sqrt(m2_));
    if (!params_.bias && n > 2.0) return std::sqrt((n - 1.0) * n) / (n - 2.0) * g1;
    return g1;
  }
  /// Number of values seen.
  std::uint64_t n() const { return n_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Skew: checkpoint from a newer version");
    ar(params_, n_, mean_, m2_, m3_);
  }

  friend bool operator==(const Skew&, const Skew&) = default;

 private:
  Params params_{};
  std::uint64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;  // sum of squared deviations from the mean
  double m3_ = 0.0;  // sum of cubed deviations from the mean
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::Skew, streamwise::stats::Skew::class_version)
