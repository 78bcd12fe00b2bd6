#pragma once
/// @file
/// Most frequent value over a sliding window, River's `stats.RollingMode`.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"
#include "streamwise/stats/detail/value_counts.hpp"

namespace streamwise::stats {

/// Most frequent of the last `window_size` values (nominal values arrive as codes). Ties go to
/// the value whose current run of presence in the window started first, which is River's rule
/// (a value that leaves the window entirely and comes back counts as new). Updates are O(1) and
/// allocation-free once the window is full; `get()` is O(distinct values in the window) and NaN
/// before any update (River: None).
///
/// ```cpp
/// streamwise::stats::RollingMode mode({.window_size = 2});
/// for (double code : {0.0, 0.0, 0.0, 1.0, 1.0}) mode.update(code);
/// mode.get();  // 1.0
/// ```
class RollingMode {
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
      if (window_size < 1) throw invalid_parameter("RollingMode", "window_size", ">= 1");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(window_size);
    }
  };

  static constexpr std::string_view name = "RollingMode";
  static constexpr std::uint32_t class_version = 1;

  /// A window of 10.
  RollingMode() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit RollingMode(const Params& params) : params_((params.validate(), params)) {}

  /// Adds `x`, forgetting the oldest value when the window is full. Throws `InvalidInput` for
  /// non-finite `x` (state unchanged).
  void update(double x) {
    require_finite(x, name);
    if (window_.size() >= params_.window_size) {
      counts_.decrement(window_.front());
      window_.pop_front();
    } else if (window_.empty()) {
      // Size the table once, for at most a window of distinct values (capped for huge windows).
      counts_.reserve(params_.window_size < 4096 ? params_.window_size : 4096);
    }
    counts_.increment(x);
    window_.push_back(x);
    // A full window holds at most window_size distinct values: size the table for that now.
    if (window_.size() == params_.window_size) counts_.reserve(params_.window_size);
  }

  /// The most frequent value in the window (NaN before any update).
  double get() const { return counts_.mode(); }
  /// Number of occurrences of `x` in the window.
  std::uint64_t count(double x) const { return counts_.count(x); }
  /// Number of values in the window.
  std::size_t size() const { return window_.size(); }
  /// The window size.
  std::size_t window_size() const { return params_.window_size; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("RollingMode: checkpoint from a newer version");
    }
    ar(params_, window_, counts_);
    if constexpr (Archive::is_loading::value) {
      detail::validate_loaded_params(params_);
      bool ok = window_.size() <= params_.window_size;
      std::uint64_t total = 0;
      for (const auto& item : counts_.items()) total += item.second;
      ok = ok && total == window_.size();
      for (std::size_t i = 0; ok && i < window_.size(); ++i) {
        ok = std::isfinite(window_[i]) && counts_.contains(window_[i]);
      }
      detail::require_consistent(ok, "RollingMode", "window and counts disagree");
    }
  }

  friend bool operator==(const RollingMode&, const RollingMode&) = default;

 private:
  Params params_{};
  detail::RingDeque<double> window_;
  detail::ValueCounts counts_;
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::RollingMode, streamwise::stats::RollingMode::class_version)
