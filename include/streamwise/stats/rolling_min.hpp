#pragma once
/// @file
/// Minimum over a sliding window, River's `stats.RollingMin`.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/detail/monotonic_window.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"

namespace streamwise::stats {

/// Smallest of the last `window_size` values.
/// O(1) amortised per update with a monotonic deque (at most `window_size` entries, which stop
/// allocating once the window is full); `get()` is O(1) and NaN before any update (River: None).
///
/// ```cpp
/// streamwise::stats::RollingMin s({.window_size = 2});
/// for (double x : {1.0, -4.0, 3.0, -2.0, 2.0, 1.0}) s.update(x);
/// s.get();  // 1.0
/// ```
class RollingMin {
 public:
  /// Hyper-parameters.
  struct Params {
    std::size_t window_size = 10;  ///< Number of most recent values (River has no default).

    template <class V>
    void visit(V&& v) {
      v("window_size", window_size);
    }
    /// Throws `std::invalid_argument` unless window_size >= 1.
    void validate() const {
      if (window_size < 1) throw invalid_parameter("RollingMin", "window_size", ">= 1");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(window_size);
    }
  };

  static constexpr std::string_view name = "RollingMin";
  static constexpr std::uint32_t class_version = 1;

  /// A window of 10.
  RollingMin() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit RollingMin(const Params& params)
      : params_((params.validate(), params)), min_(params.window_size) {}

  /// Adds `x`. Throws `InvalidInput` for non-finite `x` (state unchanged).
  void update(double x) {
    require_finite(x, name);
    min_.push(x);
  }

  /// Smallest value in the window (NaN before any update).
  double get() const { return min_.get(); }
  /// Number of values in the window.
  std::size_t size() const { return min_.size(); }
  /// The window size.
  std::size_t window_size() const { return params_.window_size; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version)
      throw CheckpointError("RollingMin: checkpoint from a newer version");
    ar(params_, min_);
    if constexpr (Archive::is_loading::value) {
      detail::validate_loaded_params(params_);
      detail::require_consistent(min_.window_size() == params_.window_size, "RollingMin",
                                 "window is inconsistent");
    }
  }

  friend bool operator==(const RollingMin&, const RollingMin&) = default;

 private:
  Params params_{};
  detail::MonotonicWindow<false> min_{params_.window_size};
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::RollingMin, streamwise::stats::RollingMin::class_version)
