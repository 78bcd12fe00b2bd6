#pragma once
/// @file
/// Maximum over a sliding window, River's `stats.RollingMax`.

#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/stats/detail/rolling_extreme.hpp"

namespace streamwise::stats {

/// Largest of the last `window_size` values.
/// O(1) amortised per update with a monotonic deque (at most `window_size` entries, which stop
/// allocating once the window is full); `get()` is O(1) and NaN before any update (River: None).
///
/// ```cpp
/// streamwise::stats::RollingMax s({.window_size = 2});
/// for (double x : {1.0, -4.0, 3.0, -2.0, 2.0, 1.0}) s.update(x);
/// s.get();  // 2.0
/// ```
class RollingMax : public detail::RollingExtreme<RollingMax, /*Largest=*/true, /*Abs=*/false> {
 public:
  /// Hyper-parameters: `window_size` (default 10, must be >= 1).
  using Params = detail::RollingExtremeParams<RollingMax>;

  static constexpr std::string_view name = "RollingMax";
  static constexpr std::uint32_t class_version = 1;

  /// A window of 10.
  RollingMax() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit RollingMax(const Params& params) : RollingExtreme(params) {}

  // update(x), size(), window_size(), params() and serialize() come from detail::RollingExtreme.

  /// Largest value in the window (NaN before any update).
  double get() const { return extreme(); }

  friend bool operator==(const RollingMax&, const RollingMax&) = default;
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::RollingMax, streamwise::stats::RollingMax::class_version)
