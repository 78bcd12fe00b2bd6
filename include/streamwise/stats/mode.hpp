#pragma once
/// @file
/// Running mode, River's `stats.Mode`.

#include <cstdint>
#include <limits>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"
#include "streamwise/stats/detail/value_counts.hpp"

namespace streamwise::stats {

/// Running mode: the most frequent value seen. Values are doubles; nominal values arrive as their
/// codes (see `FeatureSpace`). With `k >= 0` only the first `k` distinct values are ever counted
/// (River's approximate mode); `k = -1` counts every value. Ties go to the value seen first, as
/// in River. `get()` is NaN before any value has been counted (River: None). Update and `get()`
/// are O(1).
///
/// ```cpp
/// streamwise::stats::Mode mode(streamwise::stats::Mode::Params{.k = -1});
/// for (double code : {0.0, 1.0, 1.0, 2.0, 2.0, 2.0}) mode.update(code);
/// mode.get();  // 2.0
/// ```
class Mode {
 public:
  /// Hyper-parameters.
  struct Params {
    std::int64_t k = 25;  ///< Number of distinct values counted; -1 for all of them.

    template <class V>
    void visit(V&& v) {
      v("k", k);
    }
    /// Throws `std::invalid_argument` unless k == -1 or k >= 0.
    void validate() const {
      if (k < -1) throw invalid_parameter("Mode", "k", "-1 or >= 0");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(k);
    }
  };

  static constexpr std::string_view name = "Mode";
  static constexpr std::uint32_t class_version = 1;

  /// River's default (k = 25).
  Mode() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit Mode(const Params& params) : params_((params.validate(), params)) {}

  /// Counts `x` (a value or a nominal code). Throws `InvalidInput` for non-finite `x` (state
  /// unchanged).
  void update(double x) {
    require_finite(x, name);
    if (params_.k != -1 && !counts_.contains(x) &&
        counts_.size() >= static_cast<std::uint64_t>(params_.k)) {
      return;
    }
    const auto touched = counts_.increment(x);
    // Counts only grow, so the mode is either the old one or x.
    if (touched.count > best_count_ ||
        (touched.count == best_count_ && touched.stamp < best_stamp_)) {
      best_ = x == 0.0 ? 0.0 : x;
      best_count_ = touched.count;
      best_stamp_ = touched.stamp;
    }
  }

  /// The most frequent counted value (NaN before any).
  double get() const { return best_count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : best_; }
  /// Count of `x` among the counted values.
  std::uint64_t count(double x) const { return counts_.count(x); }
  /// Number of distinct values counted.
  std::size_t n_distinct() const { return counts_.size(); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Mode: checkpoint from a newer version");
    ar(params_, counts_);
    if constexpr (Archive::is_loading::value) {
      detail::validate_loaded_params(params_);
      detail::require_consistent(
          params_.k == -1 || counts_.size() <= static_cast<std::uint64_t>(params_.k), "Mode",
          "holds more values than k");
      recompute_best();
    }
  }

  friend bool operator==(const Mode& a, const Mode& b) {
    return a.params_ == b.params_ && a.counts_ == b.counts_;
  }

 private:
  void recompute_best() {
    best_count_ = 0;
    best_stamp_ = 0;
    const auto items = counts_.items();  // insertion order: the first maximum wins
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].second > best_count_) {
        best_ = items[i].first;
        best_count_ = items[i].second;
        best_stamp_ = i;
      }
    }
    // Stamps restart from 0 in insertion order after a reload.
  }

  Params params_{};
  detail::ValueCounts counts_;
  double best_ = 0.0;
  std::uint64_t best_count_ = 0;
  std::uint64_t best_stamp_ = 0;
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::Mode, streamwise::stats::Mode::class_version)
