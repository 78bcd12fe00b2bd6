#pragma once
/// @file
/// The last `window_size` values kept both in arrival order and sorted, for rolling quantiles.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/stats/detail/ring_deque.hpp"

namespace streamwise::stats::detail {

/// A window of the last `window_size` values with a sorted copy. Replacing the oldest value by
/// a new one shifts only the elements between their two sorted positions (one `memmove`), and
/// once the window is full nothing is allocated.
class SortedWindow {
 public:
  SortedWindow() = default;
  /// An empty window that will hold at most `window_size` values.
  explicit SortedWindow(std::size_t window_size) : window_size_(window_size) {}

  /// Values currently held.
  std::size_t size() const { return sorted_.size(); }
  /// Capacity of the window.
  std::size_t window_size() const { return window_size_; }
  /// The `i`-th smallest value held.
  double operator[](std::size_t i) const { return sorted_[i]; }

  /// Adds `x`, dropping the oldest value when the window is full.
  void push(double x) {
    if (fifo_.size() == window_size_ && window_size_ > 0) {
      const double old = fifo_.front();
      fifo_.pop_front();
      fifo_.push_back(x);
      const auto first = sorted_.begin();
      const auto at_old = std::lower_bound(first, sorted_.end(), old);
      if (x > *at_old) {
        const auto end = std::upper_bound(at_old + 1, sorted_.end(), x);
        std::move(at_old + 1, end, at_old);
        *(end - 1) = x;
      } else {
        const auto begin = std::upper_bound(first, at_old, x);
        std::move_backward(begin, at_old, at_old + 1);
        *begin = x;
      }
      return;
    }
    fifo_.push_back(x);
    sorted_.insert(std::upper_bound(sorted_.begin(), sorted_.end(), x), x);
  }

  /// River's (watermill's) rolling quantile: linear interpolation between the order statistics
  /// at ranks floor(q (n - 1)) and the next one, i.e. numpy's "linear" method. NaN when empty.
  double quantile(double q) const {
    const std::size_t n = sorted_.size();
    if (n == 0) return std::numeric_limits<double>::quiet_NaN();
    const double idx = q * (static_cast<double>(n) - 1.0);
    const auto lower = static_cast<std::size_t>(std::floor(idx));
    const std::size_t higher = std::min(lower + 1, n - 1);
    const double frac = idx - static_cast<double>(lower);
    return sorted_[lower] + (sorted_[higher] - sorted_[lower]) * frac;
  }

  friend bool operator==(const SortedWindow&, const SortedWindow&) = default;

  template <class Archive>
  void save(Archive& ar) const {
    ar(static_cast<std::uint64_t>(window_size_), fifo_);
  }
  /// The sorted copy is rebuilt from the arrival-order values.
  template <class Archive>
  void load(Archive& ar) {
    std::uint64_t window_size = 0;
    RingDeque<double> fifo;
    ar(window_size, fifo);
    require_consistent(fifo.size() <= window_size, "SortedWindow", "holds more than its window");
    std::vector<double> sorted = fifo.to_vector();
    for (double v : sorted) require_consistent(std::isfinite(v), "SortedWindow", "holds NaN/inf");
    std::sort(sorted.begin(), sorted.end());
    window_size_ = static_cast<std::size_t>(window_size);
    fifo_ = std::move(fifo);
    sorted_ = std::move(sorted);
  }

 private:
  std::size_t window_size_ = 0;
  RingDeque<double> fifo_;
  std::vector<double> sorted_;
};

}  // namespace streamwise::stats::detail
