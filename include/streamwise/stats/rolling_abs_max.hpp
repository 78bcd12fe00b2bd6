#pragma once
/// @file
/// Largest absolute value over a sliding window, River's `stats.RollingAbsMax`.

#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/stats/detail/rolling_extreme.hpp"

namespace streamwise::stats {

/// Largest absolute value among the last `window_size` values.
/// O(1) amortised per update with a monotonic deque (at most `window_size` entries, which stop
/// allocating once the window is full); `get()` is O(1) and NaN before any update (River: None).
///
/// ```cpp
/// streamwise::stats::RollingAbsMax s({.window_size = 2});
/// for (double x : {1.0, -4.0, 3.0, -2.0, 2.0, 1.0}) s.update(x);
/// s.get();  // 2.0
/// ```
class RollingAbsMax : public detail::RollingExtreme<RollingAbsMax, /*Largest=*/true, /*Abs=*/true> {
 public:
  /// Hyper-parameters: `window_size` (default 10, must be >= 1).
  using Params = detail::RollingExtremeParams<RollingAbsMax>;

  static constexpr std::string_view name = "RollingAbsMax";
  static constexpr std::uint32_t class_version = 1;

  /// A window of 10.
  RollingAbsMax() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit RollingAbsMax(const Params& params) : RollingExtreme(params) {}

  // update(x), size(), window_size(), params() and serialize() come from detail::RollingExtreme.

  /// Largest |x| in the window (NaN before any update).
  double get() const { return extreme(); }

  friend bool operator==(const RollingAbsMax&, const RollingAbsMax&) = default;
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::RollingAbsMax,
                     streamwise::stats::RollingAbsMax::class_version)
