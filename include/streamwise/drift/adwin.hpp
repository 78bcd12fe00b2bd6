#pragma once
/// @file
/// ADWIN (ADaptive WINdowing), River's `drift.ADWIN`.

#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::drift {

/// ADWIN drift detector (Bifet & Gavaldà, 2007) with the exponential-histogram compression of
/// ADWIN2, following River 0.26 step for step.
///
/// The window is summarised by rows of buckets: row `i` holds up to `max_buckets` summaries
/// (sum and sum of squared deviations) of 2^i values each; a row that overflows merges its two
/// oldest buckets into the next row. Every `clock` updates (once more than `grace_period`
/// values are held), every split of the window into an older part W0 and a newer part W1 whose
/// sizes are both at least `min_window_length` is tested; when the means differ by more than
/// the Hoeffding-style bound built from `delta` and the window variance, the oldest bucket is
/// dropped and the scan restarts. A drift is reported when anything was dropped.
///
/// As in River, the update after a drift starts from an empty detector (window, counters and
/// `n_detections` included).
///
/// ```cpp
/// streamwise::drift::ADWIN adwin;  // delta=0.002, clock=32
/// for (std::size_t i = 0; i < stream.size(); ++i) {
///   adwin.update(stream[i]);
///   if (adwin.drift_detected()) std::cout << "drift at " << i << "\n";
/// }
/// ```
class ADWIN {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    double delta = 0.002;                ///< Significance level of the cut test, in (0, 1).
    std::int64_t clock = 32;             ///< Test for a cut every `clock` updates (>= 1).
    std::int64_t max_buckets = 5;        ///< Buckets per row before two are merged (>= 2).
    std::int64_t min_window_length = 5;  ///< Smallest W0 / W1 considered by the test (>= 0).
    std::int64_t grace_period = 10;      ///< No test until more values than this are held.

    template <class V>
    void visit(V&& v) {
      v("delta", delta);
      v("clock", clock);
      v("max_buckets", max_buckets);
      v("min_window_length", min_window_length);
      v("grace_period", grace_period);
    }

    /// Throws `std::invalid_argument("ADWIN: <param> must be ...")`.
    void validate() const {
      if (!(delta > 0.0 && delta < 1.0)) throw invalid_parameter("ADWIN", "delta", "in (0, 1)");
      if (clock < 1 || clock > std::numeric_limits<std::int32_t>::max()) {
        throw invalid_parameter("ADWIN", "clock", "in [1, 2147483647]");
      }
      // River's Rust helper panics with max_buckets = 1 (an emptied middle row is read later).
      if (max_buckets < 2 || max_buckets > 1'000'000) {
        throw invalid_parameter("ADWIN", "max_buckets", "in [2, 1000000]");
      }
      if (min_window_length < 0 || min_window_length > std::numeric_limits<std::int32_t>::max()) {
        throw invalid_parameter("ADWIN", "min_window_length", "in [0, 2147483647]");
      }
      if (grace_period < 0 || grace_period > std::numeric_limits<std::int32_t>::max()) {
        throw invalid_parameter("ADWIN", "grace_period", "in [0, 2147483647]");
      }
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(delta, clock, max_buckets, min_window_length, grace_period);
    }
  };

  static constexpr std::string_view name = "ADWIN";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults.
  ADWIN() { reset(); }
  /// Validates `params` (throws `std::invalid_argument`).
  explicit ADWIN(const Params& params) : params_(params) {
    params_.validate();
    reset();
  }

  /// Adds `x` to the window and tests for a change. Throws `InvalidInput` for non-finite `x`
  /// (state unchanged). If the previous update reported a drift, the detector is first reset.
  void update(double x) {
    require_finite(x, name);
    if (drift_detected_) reset();
    insert(x);
    drift_detected_ = detect_change();
  }

  /// Whether the last update detected a drift.
  bool drift_detected() const { return drift_detected_; }
  /// Number of values summarised by the window (a whole number, a double as in River).
  double width() const { return width_; }
  /// Sum of the values in the window.
  double total() const { return total_; }
  /// Sum of squared deviations from the mean over the window (River calls it `variance`; it
  /// is not divided by the width).
  double variance() const { return variance_; }
  /// `variance() / width()`, the per-value variance used by the cut test.
  double variance_in_window() const { return variance_ / width_; }
  /// Mean of the window (`total / width`), 0 when empty.
  double estimation() const { return width_ == 0.0 ? 0.0 : total_ / width_; }
  /// Drifts detected since the detector was last (re)started; as in River it is reset along
  /// with the window on the update after a drift, so it is 0 or 1.
  std::int64_t n_detections() const { return n_detections_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("ADWIN: checkpoint from a newer version");
    ar(params_, drift_detected_, total_, variance_, width_, total_width_, n_buckets_,
       max_n_buckets_, tick_, n_detections_, rows_, counts_, totals_, variances_);
    if constexpr (Archive::is_loading::value) check_loaded();
  }

  friend bool operator==(const ADWIN&, const ADWIN&) = default;

 private:
  std::size_t row_capacity() const { return static_cast<std::size_t>(params_.max_buckets) + 1; }
  double bucket_total(std::size_t row, std::size_t k) const {
    return totals_[row * row_capacity() + k];
  }
  double bucket_variance(std::size_t row, std::size_t k) const {
    return variances_[row * row_capacity() + k];
  }

  void reset() {
    drift_detected_ = false;
    total_ = variance_ = width_ = total_width_ = 0.0;
    n_buckets_ = max_n_buckets_ = n_detections_ = 0;
    tick_ = 0;
    // Keep the buffers' capacity: a reset after a drift does not allocate.
    rows_ = 1;
    counts_.assign(1, 0);
    totals_.assign(row_capacity(), 0.0);
    variances_.assign(row_capacity(), 0.0);
  }

  void add_row() {
    ++rows_;
    counts_.push_back(0);
    totals_.resize(rows_ * row_capacity(), 0.0);
    variances_.resize(rows_ * row_capacity(), 0.0);
  }

  void push_bucket(std::size_t row, double total, double variance) {
    const std::size_t at = row * row_capacity() + counts_[row];
    totals_[at] = total;
    variances_[at] = variance;
    ++counts_[row];
  }

  // Drops the `n` oldest buckets of a row, zeroing the freed slots.
  void drop_oldest(std::size_t row, std::size_t n) {
    const std::size_t base = row * row_capacity();
    const std::size_t count = counts_[row];
    for (std::size_t i = n; i < count; ++i) {
      totals_[base + i - n] = totals_[base + i];
      variances_[base + i - n] = variances_[base + i];
    }
    for (std::size_t i = count - n; i < count; ++i) {
      totals_[base + i] = 0.0;
      variances_[base + i] = 0.0;
    }
    counts_[row] = count - n;
  }

  // The arithmetic below keeps River's operation order so every double matches bit for bit.
  void insert(double value) {
    push_bucket(0, value, 0.0);
    ++n_buckets_;
    if (n_buckets_ > max_n_buckets_) max_n_buckets_ = n_buckets_;
    width_ += 1.0;
    double incremental_variance = 0.0;
    if (width_ > 1.0) {
      const double d = value - total_ / (width_ - 1.0);
      incremental_variance = (width_ - 1.0) * d * d / width_;
    }
    variance_ += incremental_variance;
    total_ += value;
    compress();
  }

  void compress() {
    const std::size_t full = row_capacity();
    for (std::size_t row = 0; counts_[row] == full; ++row) {
      const double n1 = std::ldexp(1.0, static_cast<int>(row));
      const double t0 = bucket_total(row, 0), t1 = bucket_total(row, 1);
      const double v0 = bucket_variance(row, 0), v1 = bucket_variance(row, 1);
      const double mu1 = t0 / n1;
      const double mu2 = t1 / n1;
      const double merged_variance = v0 + v1 + n1 * 0.5 * (mu1 - mu2) * (mu1 - mu2);
      if (row + 1 >= rows_) add_row();
      push_bucket(row + 1, t0 + t1, merged_variance);
      ++n_buckets_;
      drop_oldest(row, 2);
      if (counts_[row + 1] <= static_cast<std::size_t>(params_.max_buckets)) break;
    }
  }

  void delete_oldest_bucket() {
    const std::size_t last = rows_ - 1;
    const double n = std::ldexp(1.0, static_cast<int>(last));
    const double u = bucket_total(last, 0);
    const double v = bucket_variance(last, 0);
    const double mu = u / n;
    width_ -= n;
    total_ -= u;
    const double mu_window = total_ / width_;
    const double inc = v + n * width_ * (mu - mu_window) * (mu - mu_window) / (n + width_);
    variance_ -= inc;
    drop_oldest(last, 1);
    --n_buckets_;
    if (counts_[last] == 0) {
      --rows_;
      counts_.pop_back();
      totals_.resize(rows_ * row_capacity());
      variances_.resize(rows_ * row_capacity());
    }
  }

  bool cut_expected(double n0, double n1, double delta_mean) const {
    const double mwl = static_cast<double>(params_.min_window_length);
    const double delta_prime = std::log(2.0 * std::log(width_) / params_.delta);
    const double m_recip = 1.0 / (n0 - mwl + 1.0) + 1.0 / (n1 - mwl + 1.0);
    const double epsilon = std::sqrt(2.0 * m_recip * (variance_ / width_) * delta_prime) +
                           2.0 / 3.0 * delta_prime * m_recip;
    return std::fabs(delta_mean) > epsilon;
  }

  bool detect_change() {
    bool change = false;
    // River counts ticks in a wrapping 32-bit integer; keep that so the clock phase matches.
    tick_ = static_cast<std::int32_t>(static_cast<std::uint32_t>(tick_) + 1u);
    const double mwl = static_cast<double>(params_.min_window_length);
    if (tick_ % static_cast<std::int32_t>(params_.clock) == 0 &&
        width_ > static_cast<double>(params_.grace_period)) {
      bool reduce_width = true;
      while (reduce_width) {
        reduce_width = false;
        double n0 = 0.0, n1 = width_, u0 = 0.0, u1 = total_;
        bool stop = false;
        // Oldest buckets first: the last row holds the oldest values.
        for (std::size_t r = rows_; r-- > 0 && !stop;) {
          const double size = std::ldexp(1.0, static_cast<int>(r));
          const std::size_t count = counts_[r];
          for (std::size_t k = 0; k < count; ++k) {
            n0 += size;
            n1 -= size;
            const double t = bucket_total(r, k);
            u0 += t;
            u1 -= t;
            if (r == 0 && k == count - 1) {
              stop = true;
              break;
            }
            const double delta_mean = (u0 / n0) - (u1 / n1);
            if (n1 >= mwl && n0 >= mwl && cut_expected(n0, n1, delta_mean)) {
              reduce_width = true;
              change = true;
              if (width_ > 0.0) {
                delete_oldest_bucket();
                stop = true;
                break;
              }
            }
          }
        }
      }
    }
    total_width_ += width_;
    if (change) ++n_detections_;
    return change;
  }

  void check_loaded() const {
    params_.validate();
    const std::size_t cap = row_capacity();
    if (rows_ == 0 || rows_ > 64 || counts_.size() != rows_ || totals_.size() != rows_ * cap ||
        variances_.size() != rows_ * cap) {
      throw CheckpointError("ADWIN: inconsistent bucket sizes in checkpoint");
    }
    // Between updates every row holds at most max_buckets buckets, and only a lone first row
    // may be empty; the width is the number of values the buckets summarise.
    double width = 0.0;
    for (std::size_t r = 0; r < counts_.size(); ++r) {
      const std::uint64_t c = counts_[r];
      if (c > cap - 1 || (c == 0 && rows_ > 1)) {
        throw CheckpointError("ADWIN: invalid bucket count in checkpoint");
      }
      width += static_cast<double>(c) * std::ldexp(1.0, static_cast<int>(r));
    }
    if (width != width_) throw CheckpointError("ADWIN: window width does not match its buckets");
  }

  Params params_{};
  bool drift_detected_ = false;
  double total_ = 0.0;
  double variance_ = 0.0;
  double width_ = 0.0;
  double total_width_ = 0.0;
  std::int64_t n_buckets_ = 0;
  std::int64_t max_n_buckets_ = 0;
  std::int32_t tick_ = 0;
  std::int64_t n_detections_ = 0;
  std::uint64_t rows_ = 1;
  std::vector<std::uint64_t> counts_;  // buckets held in each row
  std::vector<double> totals_;         // row-major, max_buckets + 1 slots per row
  std::vector<double> variances_;
};

}  // namespace streamwise::drift

CEREAL_CLASS_VERSION(streamwise::drift::ADWIN, streamwise::drift::ADWIN::class_version)
