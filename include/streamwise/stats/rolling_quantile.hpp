#pragma once
/// @file
/// Exact quantile over a sliding window, River's `stats.RollingQuantile`.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"
#include "streamwise/stats/detail/sorted_window.hpp"

namespace streamwise::stats {

/// Exact `q` quantile of the last `window_size` values, interpolated linearly between order
/// statistics (numpy's default "linear" method, which River's answers match). The window is kept
/// sorted: an update is two binary searches and one shift of the elements between the old and
/// the new value's positions (O(window_size) worst case, no allocation once full); `get()` is
/// O(1) and NaN before any update (River: None).
///
/// ```cpp
/// streamwise::stats::RollingQuantile median({.q = 0.5, .window_size = 101});
/// for (int i = 0; i <= 1000; ++i) median.update(i);
/// median.get();  // 950.0
/// ```
class RollingQuantile {
 public:
  /// Hyper-parameters (River's order: q, window_size; River has no defaults).
  struct Params {
    double q = 0.5;                ///< The quantile, in [0, 1].
    std::size_t window_size = 10;  ///< Number of most recent values.

    template <class V>
    void visit(V&& v) {
      v("q", q);
      v("window_size", window_size);
    }
    /// Throws `std::invalid_argument` unless 0 <= q <= 1 and window_size >= 1.
    void validate() const {
      if (!(q >= 0.0 && q <= 1.0)) throw invalid_parameter("RollingQuantile", "q", "in [0, 1]");
      if (window_size < 1) throw invalid_parameter("RollingQuantile", "window_size", ">= 1");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(q, window_size);
    }
  };

  static constexpr std::string_view name = "RollingQuantile";
  static constexpr std::uint32_t class_version = 1;

  /// The median over a window of 10.
  RollingQuantile() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit RollingQuantile(const Params& params)
      : params_((params.validate(), params)), window_(params.window_size) {}

  /// Adds `x`. Throws `InvalidInput` for non-finite `x` (state unchanged).
  void update(double x) {
    require_finite(x, name);
    window_.push(x);
  }

  /// The quantile of the window (NaN before any update).
  double get() const { return window_.quantile(params_.q); }
  /// Number of values in the window.
  std::size_t size() const { return window_.size(); }
  /// The window size.
  std::size_t window_size() const { return params_.window_size; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("RollingQuantile: checkpoint from a newer version");
    }
    ar(params_, window_);
    if constexpr (Archive::is_loading::value) {
      detail::validate_loaded_params(params_);
      detail::require_consistent(window_.window_size() == params_.window_size, "RollingQuantile",
                                 "window is inconsistent");
    }
  }

  friend bool operator==(const RollingQuantile&, const RollingQuantile&) = default;

 private:
  Params params_{};
  detail::SortedWindow window_{params_.window_size};
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::RollingQuantile,
                     streamwise::stats::RollingQuantile::class_version)
