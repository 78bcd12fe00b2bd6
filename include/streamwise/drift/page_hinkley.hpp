#pragma once
/// @file
/// Page-Hinkley test, River's `drift.PageHinkley`.

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::drift {

/// Which changes of the mean PageHinkley reports.
enum class PageHinkleyMode : std::uint8_t {
  up = 0,    ///< Increases only.
  down = 1,  ///< Decreases only.
  both = 2,  ///< Either.
};

/// River's spelling of a mode: "up", "down" or "both".
inline std::string_view to_string(PageHinkleyMode mode) {
  switch (mode) {
    case PageHinkleyMode::up:
      return "up";
    case PageHinkleyMode::down:
      return "down";
    case PageHinkleyMode::both:
      break;
  }
  return "both";
}

/// Parses "up", "down" or "both"; anything else throws `std::invalid_argument`.
inline PageHinkleyMode from_string(std::string_view text, PageHinkleyMode*) {
  if (text == "up") return PageHinkleyMode::up;
  if (text == "down") return PageHinkleyMode::down;
  if (text == "both") return PageHinkleyMode::both;
  throw invalid_parameter("PageHinkley", "mode", "one of \"up\", \"down\", \"both\"");
}

/// Page-Hinkley change detector (a CUSUM on deviations from the running mean), River 0.26.
///
/// Each value updates the running mean; its deviation from the mean is accumulated into a
/// faded sum for increases (minus `delta`) and one for decreases (plus `delta`), both faded
/// by `alpha`. Once `min_instances` values have been seen, a drift is reported when an
/// accumulated sum has moved more than `threshold` away from its extreme (the minimum of the
/// increase sum, the maximum of the decrease sum), in the direction(s) chosen by `mode`.
/// The update after a drift starts from scratch.
///
/// ```cpp
/// streamwise::drift::PageHinkley::Params p;
/// p.mode = streamwise::drift::PageHinkleyMode::up;
/// streamwise::drift::PageHinkley ph(p);
/// for (double x : stream) {
///   ph.update(x);
///   if (ph.drift_detected()) { /* the mean went up */ }
/// }
/// ```
class PageHinkley {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    std::int64_t min_instances = 30;               ///< Values seen before any test (>= 0).
    double delta = 0.005;                          ///< Tolerated deviation (finite).
    double threshold = 50.0;                       ///< Detection threshold lambda (finite).
    double alpha = 1.0 - 0.0001;                   ///< Fading factor of the sums, in [0, 1].
    PageHinkleyMode mode = PageHinkleyMode::both;  ///< "up", "down" or "both".

    template <class V>
    void visit(V&& v) {
      v("min_instances", min_instances);
      v("delta", delta);
      v("threshold", threshold);
      v("alpha", alpha);
      v("mode", mode);
    }

    /// Throws `std::invalid_argument("PageHinkley: <param> must be ...")`.
    void validate() const {
      if (min_instances < 0) throw invalid_parameter("PageHinkley", "min_instances", ">= 0");
      if (!std::isfinite(delta)) throw invalid_parameter("PageHinkley", "delta", "finite");
      if (!std::isfinite(threshold)) {
        throw invalid_parameter("PageHinkley", "threshold", "finite");
      }
      if (!(alpha >= 0.0 && alpha <= 1.0)) {
        throw invalid_parameter("PageHinkley", "alpha", "in [0, 1]");
      }
      if (mode != PageHinkleyMode::up && mode != PageHinkleyMode::down &&
          mode != PageHinkleyMode::both) {
        throw invalid_parameter("PageHinkley", "mode", "one of \"up\", \"down\", \"both\"");
      }
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(min_instances, delta, threshold, alpha, mode);
    }
  };

  static constexpr std::string_view name = "PageHinkley";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults.
  PageHinkley() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit PageHinkley(const Params& params) : params_(params) { params_.validate(); }

  /// Adds `x`. Throws `InvalidInput` for non-finite `x` (state unchanged). If the previous
  /// update reported a drift, the detector is first reset.
  void update(double x) {
    require_finite(x, name);
    if (drift_detected_) reset();
    // Running mean exactly as river.stats.Mean (weight 1).
    n_ += 1.0;
    mean_ += (1.0 / n_) * (x - mean_);
    const double dev = x - mean_;
    sum_increase_ = params_.alpha * sum_increase_ + dev - params_.delta;
    sum_decrease_ = params_.alpha * sum_decrease_ + dev + params_.delta;
    if (sum_increase_ < min_increase_) min_increase_ = sum_increase_;
    if (sum_decrease_ > max_decrease_) max_decrease_ = sum_decrease_;
    if (n_ >= static_cast<double>(params_.min_instances)) {
      const bool up = test_increase() > params_.threshold;
      const bool down = test_decrease() > params_.threshold;
      switch (params_.mode) {
        case PageHinkleyMode::up:
          drift_detected_ = up;
          break;
        case PageHinkleyMode::down:
          drift_detected_ = down;
          break;
        case PageHinkleyMode::both:
          drift_detected_ = up || down;
          break;
      }
    }
  }

  /// Whether the last update detected a drift.
  bool drift_detected() const { return drift_detected_; }
  /// Running mean of the values seen since the last reset.
  double x_mean() const { return mean_; }
  /// Number of values seen since the last reset.
  double n() const { return n_; }
  /// Faded cumulative deviation used to detect increases.
  double sum_increase() const { return sum_increase_; }
  /// Faded cumulative deviation used to detect decreases.
  double sum_decrease() const { return sum_decrease_; }
  /// Smallest `sum_increase()` so far (+inf before the first value).
  double min_increase() const { return min_increase_; }
  /// Largest `sum_decrease()` so far (River starts it at -1, not -inf).
  double max_decrease() const { return max_decrease_; }
  /// Statistic compared with the threshold for increases.
  double test_increase() const { return sum_increase_ - min_increase_; }
  /// Statistic compared with the threshold for decreases.
  double test_decrease() const { return max_decrease_ - sum_decrease_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("PageHinkley: checkpoint from a newer version");
    }
    ar(params_, drift_detected_, n_, mean_, sum_increase_, sum_decrease_, min_increase_,
       max_decrease_);
    if constexpr (Archive::is_loading::value) params_.validate();
  }

  friend bool operator==(const PageHinkley&, const PageHinkley&) = default;

 private:
  void reset() {
    drift_detected_ = false;
    n_ = 0.0;
    mean_ = 0.0;
    sum_increase_ = 0.0;
    sum_decrease_ = 0.0;
    min_increase_ = std::numeric_limits<double>::infinity();
    max_decrease_ = -1.0;
  }

  Params params_{};
  bool drift_detected_ = false;
  double n_ = 0.0;
  double mean_ = 0.0;
  double sum_increase_ = 0.0;
  double sum_decrease_ = 0.0;
  double min_increase_ = std::numeric_limits<double>::infinity();
  double max_decrease_ = -1.0;
};

}  // namespace streamwise::drift

CEREAL_CLASS_VERSION(streamwise::drift::PageHinkley, streamwise::drift::PageHinkley::class_version)
