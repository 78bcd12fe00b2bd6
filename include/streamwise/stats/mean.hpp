#pragma once
/// @file
/// Running (weighted) mean, River's `stats.Mean`.

#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::stats {

/// Running weighted mean (West's update). Mergeable with `+=` / `-=` and revertible.
///
/// ```cpp
/// streamwise::stats::Mean mean;
/// for (double x : {-5.0, -3.0, -1.0}) mean.update(x);
/// mean.get();  // -3.0
/// ```
class Mean {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "Mean";
  static constexpr std::uint32_t class_version = 1;
  /// Relative slack under which a revert that empties the mean is treated as exact.
  static constexpr double revert_tolerance = 1e-9;

  Mean() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit Mean(const Params&) {}

  /// Adds `x` with weight `w`. Throws `InvalidInput` for non-finite `x` or a negative/non-finite
  /// `w`.
  void update(double x, double w = 1.0) {
    require_finite(x, name);
    require_weight(w, name);
    if (w == 0.0) return;
    n_ += w;
    mean_ += (w / n_) * (x - mean_);
  }

  /// Removes a previous `update(x, w)`. Throws `InvalidInput` if the total weight would go below
  /// 0. A remainder within 1e-9·w of zero (rounding after fractional weights) empties the mean
  /// exactly instead of failing, so a rolling window can always drain.
  void revert(double x, double w = 1.0) {
    require_finite(x, name);
    require_weight(w, name);
    const double n = n_ - w;
    if (n < -revert_tolerance * w) {
      throw InvalidInput("Mean: cannot revert below a total weight of 0");
    }
    if (w == 0.0) return;
    if (n <= revert_tolerance * w) {
      n_ = 0.0;
      mean_ = 0.0;
      return;
    }
    n_ = n;
    mean_ -= (w / n_) * (x - mean_);
  }

  /// Current mean (0 before any update).
  double get() const { return mean_; }
  /// Sum of weights seen.
  double n() const { return n_; }

  /// Merges another mean into this one (as if this had seen both streams).
  Mean& operator+=(const Mean& other) {
    const double old_n = n_;
    n_ += other.n_;
    mean_ = n_ > 0.0 ? (old_n * mean_ + other.n_ * other.mean_) / n_ : 0.0;
    return *this;
  }
  /// Removes a stream previously merged in.
  Mean& operator-=(const Mean& other) {
    const double old_n = n_;
    n_ -= other.n_;
    if (n_ > 0.0) {
      mean_ = (old_n * mean_ - other.n_ * other.mean_) / n_;
    } else {
      n_ = 0.0;
      mean_ = 0.0;
    }
    return *this;
  }
  friend Mean operator+(Mean a, const Mean& b) { return a += b; }
  friend Mean operator-(Mean a, const Mean& b) { return a -= b; }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Mean: checkpoint from a newer version");
    ar(n_, mean_);
  }

  friend bool operator==(const Mean&, const Mean&) = default;

 private:
  [[no_unique_address]] Params params_{};
  double n_ = 0.0;
  double mean_ = 0.0;
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::Mean, streamwise::stats::Mean::class_version)
