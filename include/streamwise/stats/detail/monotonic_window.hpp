#pragma once
/// @file
/// Sliding-window extremum with a monotonic deque: O(1) amortised per update, O(1) query.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>

#include <cereal/cereal.hpp>

#include "streamwise/stats/detail/ring_deque.hpp"

namespace streamwise::stats::detail {

/// Tracks the largest (`Largest = true`) or smallest value among the last `window_size` pushed.
/// The deque holds (arrival index, value) candidates whose values are strictly monotonic; a new
/// value evicts every candidate it dominates, and the front expires once it leaves the window.
template <bool Largest>
class MonotonicWindow {
 public:
  MonotonicWindow() = default;
  /// An empty window over the last `window_size` values.
  explicit MonotonicWindow(std::size_t window_size) : window_size_(window_size) {}

  /// Adds `x`.
  void push(double x) {
    while (!deque_.empty() && !beats(deque_.back().second, x)) deque_.pop_back();
    deque_.push_back({seen_, x});
    ++seen_;
    // The window holds arrivals [seen - window_size, seen - 1]; the newest never expires.
    while (deque_.front().first + window_size_ < seen_) deque_.pop_front();
    // Room for a full window of candidates now, so no later update allocates.
    if (seen_ == window_size_) deque_.reserve(window_size_);
  }

  /// The extremum of the window; NaN when nothing has been pushed.
  double get() const {
    return deque_.empty() ? std::numeric_limits<double>::quiet_NaN() : deque_.front().second;
  }
  /// Number of values in the window.
  std::size_t size() const {
    return static_cast<std::size_t>(seen_ < window_size_ ? seen_ : window_size_);
  }

  /// The window size.
  std::size_t window_size() const { return window_size_; }

  friend bool operator==(const MonotonicWindow&, const MonotonicWindow&) = default;

  template <class Archive>
  void save(Archive& ar) const {
    ar(static_cast<std::uint64_t>(window_size_), seen_, deque_);
  }
  /// Checks that the candidates are inside the window and strictly monotonic.
  template <class Archive>
  void load(Archive& ar) {
    std::uint64_t window_size = 0, seen = 0;
    RingDeque<std::pair<std::uint64_t, double>> deque;
    ar(window_size, seen, deque);
    bool ok = deque.size() <= window_size && (seen == 0) == deque.empty();
    for (std::size_t i = 0; ok && i < deque.size(); ++i) {
      const auto& [index, value] = deque[i];
      ok = std::isfinite(value) && index < seen && index + window_size >= seen;
      if (ok && i > 0) ok = index > deque[i - 1].first && beats(deque[i - 1].second, value);
    }
    if (ok && !deque.empty()) ok = deque.back().first + 1 == seen;
    require_consistent(ok, Largest ? "RollingMax window" : "RollingMin window", "is inconsistent");
    window_size_ = static_cast<std::size_t>(window_size);
    seen_ = seen;
    deque_ = std::move(deque);
  }

 private:
  static bool beats(double kept, double incoming) {
    return Largest ? kept > incoming : kept < incoming;
  }

  std::size_t window_size_ = 0;
  std::uint64_t seen_ = 0;
  RingDeque<std::pair<std::uint64_t, double>> deque_;
};

}  // namespace streamwise::stats::detail
