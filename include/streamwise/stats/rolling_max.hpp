#pragma once
/// @file
/// Maximum over a sliding window, River's `stats.RollingMax`.

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

/// Largest of the last `window_size` values.
/// O(1) amortised per update with a monotonic deque (at most `window_size` entries, which stop
/// allocating once the window is full); `get()` is O(1) and NaN before any update (River: None).
///
/// ```cpp
/// streamwise::stats::RollingMax s({.window_size = 2});
/// for (double x : {1.0, -4.0, 3.0, -2.0, 2.0, 1.0}) s.update(x);
/// s.get();  // 2.0
/// ```
class RollingMax {
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
      if (window_size < 1) throw invalid_parameter("RollingMax", "window_size", ">= 1");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(window_size);
    }
  };

  static constexpr std::string_view name = "RollingMax";
  static constexpr std::uint32_t class_version = 1;

  /// A window of 10.
  RollingMax() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit RollingMax(const Params& params)
      : params_((params.validate(), params)), max_(params.window_size) {}

  /// Adds `x`. Throws `InvalidInput` for non-finite `x` (state unchanged).
  void update(double x) {
    require_finite(x, name);
    max_.push(x);
  }

  /// Largest value in the window (NaN before any update).
  double get() const { return max_.get(); }
  /// Number of values in the window.
  std::size_t size() const { return max_.size(); }
  /// The window size.
  std::size_t window_size() const { return params_.window_size; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version)
      throw CheckpointError("RollingMax: checkpoint from a newer version");
    ar(params_, max_);
    if constexpr (Archive::is_loading::value) {
      detail::validate_loaded_params(params_);
      detail::require_consistent(max_.window_size() == params_.window_size, "RollingMax",
                                 "window is inconsistent");
    }
  }

  friend bool operator==(const RollingMax&, const RollingMax&) = default;

 private:
  Params params_{};
  detail::MonotonicWindow<true> max_{params_.window_size};
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::RollingMax, streamwise::stats::RollingMax::class_version)
