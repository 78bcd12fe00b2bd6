#pragma once
/// @file
/// Running quantile with the P² algorithm, River's `stats.Quantile`.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

#include <cereal/cereal.hpp>
#include <cereal/types/array.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"

namespace streamwise::stats {

namespace detail {

/// The P² estimator (Jain & Chlamtac) with River's exact update order, which comes from its Rust
/// core: the five marker heights are re-sorted after every update, the extreme markers move to a
/// new minimum/maximum, and before five values the answer is an order statistic of the values
/// seen. Works for any q in [0, 1]; callers validate the range they accept.
class P2Estimator {
 public:
  P2Estimator() : P2Estimator(0.5) {}
  /// An empty estimator of the `q` quantile.
  explicit P2Estimator(double q)
      : q_(q),
        desired_{0.0, q / 2.0, q, (1.0 + q) / 2.0, 1.0},
        marker_{1.0, 1.0 + 2.0 * q, 1.0 + 4.0 * q, 3.0 + 2.0 * q, 5.0},
        position_{1.0, 2.0, 3.0, 4.0, 5.0} {}

  /// Adds `x` (finite; the caller checks).
  void update(double x) {
    if (n_heights_ != 5) {
      heights_[n_heights_++] = x;
    } else {
      heights_sorted_ = true;  // heights were sorted at the end of the previous update
      const std::size_t k = find_cell(x);
      for (std::size_t i = k; i < 5; ++i) position_[i] += 1.0;
      for (std::size_t i = 0; i < 5; ++i) marker_[i] += desired_[i];
      adjust();
    }
    sort_heights();
  }

  /// Current estimate; NaN before the first value.
  double get() const {
    if (n_heights_ == 0) return std::numeric_limits<double>::quiet_NaN();
    if (heights_sorted_) return heights_[2];
    // Fewer than six values: the order statistic at min(n - 1, floor(n q)).
    const double n = static_cast<double>(n_heights_);
    const double index = std::fmin(std::fmax(n - 1.0, 0.0), n * q_);
    return heights_[static_cast<std::size_t>(index)];
  }

  /// The quantile estimated.
  double q() const { return q_; }

  friend bool operator==(const P2Estimator&, const P2Estimator&) = default;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(q_, desired_, marker_, position_, heights_, n_heights_, heights_sorted_);
    if constexpr (Archive::is_loading::value) {
      require_consistent(
          n_heights_ <= 5 && (!heights_sorted_ || n_heights_ == 5) && q_ >= 0.0 && q_ <= 1.0,
          "Quantile", "has an invalid number of markers or quantile");
    }
  }

 private:
  // Index k of the cell holding x (heights[k-1] <= x < heights[k]), moving the extreme markers
  // when x falls outside them.
  std::size_t find_cell(double x) {
    if (x < heights_[0]) {
      heights_[0] = x;
      return 1;
    }
    for (std::size_t i = 1; i <= 4; ++i) {
      if (heights_[i - 1] <= x && x < heights_[i]) return i;
    }
    if (heights_[4] < x) heights_[4] = x;
    return 4;
  }

  static double parabolic(double qp1, double q, double qm1, double d, double np1, double n,
                          double nm1) {
    const double outer = d / (np1 - nm1);
    const double inner_left = (n - nm1 + d) * (qp1 - q) / (np1 - n);
    const double inner_right = (np1 - n - d) * (q - qm1) / (n - nm1);
    return q + outer * (inner_left + inner_right);
  }

  void adjust() {
    for (std::size_t i = 1; i < 4; ++i) {
      const double n = position_[i];
      const double q = heights_[i];
      double d = marker_[i] - n;
      if ((d >= 1.0 && position_[i + 1] - n > 1.0) || (d <= -1.0 && position_[i - 1] - n < -1.0)) {
        d = std::copysign(1.0, d);
        const double qp1 = heights_[i + 1];
        const double qm1 = heights_[i - 1];
        const double qn = parabolic(qp1, q, qm1, d, position_[i + 1], n, position_[i - 1]);
        if (qm1 < qn && qn < qp1) {
          heights_[i] = qn;
        } else {
          const std::size_t j = d > 0.0 ? i + 1 : i - 1;
          heights_[i] = q + d * (heights_[j] - q) / (position_[j] - n);
        }
        position_[i] = n + d;
      }
    }
  }

  // Stable insertion sort of the (at most five) heights.
  void sort_heights() {
    for (std::uint32_t i = 1; i < n_heights_; ++i) {
      const double v = heights_[i];
      std::uint32_t j = i;
      for (; j > 0 && v < heights_[j - 1]; --j) heights_[j] = heights_[j - 1];
      heights_[j] = v;
    }
  }

  double q_ = 0.5;
  std::array<double, 5> desired_{};
  std::array<double, 5> marker_{};
  std::array<double, 5> position_{};
  std::array<double, 5> heights_{};
  std::uint32_t n_heights_ = 0;
  bool heights_sorted_ = false;
};

}  // namespace detail

/// Running quantile estimated with the P² ("piecewise-parabolic") algorithm in O(1) memory.
/// Gives River's answers step by step, including before the five markers are filled (the
/// answer is then an order statistic of the values seen). `get()` is NaN before any update,
/// where River returns None.
///
/// ```cpp
/// streamwise::stats::Quantile median;  // q = 0.5
/// for (double x : {9.0, 7.0, 3.0, 2.0, 6.0, 1.0, 8.0, 5.0, 4.0}) median.update(x);
/// median.get();  // 5.0
/// ```
class Quantile {
 public:
  /// Hyper-parameters.
  struct Params {
    double q = 0.5;  ///< The quantile to estimate, in (0, 1).

    template <class V>
    void visit(V&& v) {
      v("q", q);
    }
    /// Throws `std::invalid_argument` unless 0 < q < 1 (River's check).
    void validate() const {
      if (!(q > 0.0 && q < 1.0)) throw invalid_parameter("Quantile", "q", "in (0, 1)");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(q);
    }
  };

  static constexpr std::string_view name = "Quantile";
  static constexpr std::uint32_t class_version = 1;

  /// The median estimator (River's default q = 0.5).
  Quantile() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit Quantile(const Params& params) : params_((params.validate(), params)), p2_(params.q) {}

  /// Adds `x`. Throws `InvalidInput` for non-finite `x` (state unchanged).
  void update(double x) {
    require_finite(x, name);
    p2_.update(x);
  }

  /// Current estimate (NaN before the first update).
  double get() const { return p2_.get(); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Quantile: checkpoint from a newer version");
    ar(params_, p2_);
    if constexpr (Archive::is_loading::value) {
      detail::validate_loaded_params(params_);
      detail::require_consistent(p2_.q() == params_.q, "Quantile", "estimates another quantile");
    }
  }

  friend bool operator==(const Quantile&, const Quantile&) = default;

 private:
  Params params_{};
  detail::P2Estimator p2_{params_.q};
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::Quantile, streamwise::stats::Quantile::class_version)
