#pragma once
/// @file
/// Hoeffding-bound drift detection with the moving average test (Frías-Blanco et al., 2014),
/// River's `drift.binary.HDDMA`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/drift/binary/bit_input.hpp"

namespace streamwise::drift::binary {

/// HDDM-A: compares the mean of the whole stream since the last reset with the mean up to a
/// cut point, chosen where the mean plus its Hoeffding bound was smallest (and, for the
/// two-sided test, where the mean minus its bound was largest). A mean that rose beyond the
/// Hoeffding bound for `drift_confidence` raises a drift, for `warning_confidence` a warning;
/// with `two_sided_test` decreases count too. The update after a drift starts from scratch.
///
/// ```cpp
/// streamwise::drift::binary::HDDMA hddm({.two_sided_test = true});
/// for (double err : errors) {
///   hddm.update(err);
///   if (hddm.drift_detected()) retrain();
/// }
/// ```
class HDDMA {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Confidence level of the drift test.
    double drift_confidence = 0.001;
    /// Confidence level of the warning test.
    double warning_confidence = 0.005;
    /// Also detect decreases of the mean (by default only increases are monitored).
    bool two_sided_test = false;

    /// Lists every field for reflection.
    template <class V>
    void visit(V&& v) {
      v("drift_confidence", drift_confidence);
      v("warning_confidence", warning_confidence);
      v("two_sided_test", two_sided_test);
    }
    /// Throws `std::invalid_argument` unless both confidences lie in (0, 1).
    void validate() const {
      if (!(drift_confidence > 0.0 && drift_confidence < 1.0)) {
        throw invalid_parameter("HDDMA", "drift_confidence", "in (0, 1)");
      }
      if (!(warning_confidence > 0.0 && warning_confidence < 1.0)) {
        throw invalid_parameter("HDDMA", "warning_confidence", "in (0, 1)");
      }
    }
    /// Field-wise equality.
    friend bool operator==(const Params&, const Params&) = default;
    /// Saves or restores every field.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(drift_confidence, warning_confidence, two_sided_test);
    }
  };

  /// River's class name.
  static constexpr std::string_view name = "HDDMA";
  /// Checkpoint layout version of this class.
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults.
  HDDMA() : HDDMA(Params{}) {}
  /// Validates and stores `params`.
  explicit HDDMA(const Params& params) : params_(params) {
    params_.validate();
    cache_constants();
  }

  /// Feeds one bit (1 = error). Throws `InvalidInput` unless `x` is 0 or 1, before any change.
  void update(double x) {
    require_bit(x, name);
    if (drift_) reset();
    total_.n += 1.0;
    total_.mean += (1.0 / total_.n) * (x - total_.mean);
    if (low_.n == 0.0) low_ = total_;
    if (high_.n == 0.0) high_ = total_;

    const double eps_total = hoeffding_bound(total_.n);
    if (low_.mean + hoeffding_bound(low_.n) >= total_.mean + eps_total) low_ = total_;
    if (high_.mean - hoeffding_bound(high_.n) <= total_.mean - eps_total) high_ = total_;

    if (mean_increased(log_two_over_drift_)) {
      warning_ = false;
      drift_ = true;
    } else if (mean_increased(log_two_over_warning_)) {
      warning_ = true;
      drift_ = false;
    } else {
      warning_ = false;
      drift_ = false;
    }
    if (params_.two_sided_test) {
      if (mean_decreased(log_two_over_drift_)) {
        drift_ = true;
      } else if (mean_decreased(log_two_over_warning_)) {
        warning_ = true;
      }
    }
  }

  /// Whether the last update detected a drift.
  bool drift_detected() const { return drift_; }
  /// Whether the last update raised a warning.
  bool warning_detected() const { return warning_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or restores parameters and the whole state; throws `CheckpointError` for a newer
  /// class version.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("HDDMA: checkpoint from a newer version");
    ar(params_, total_.n, total_.mean, low_.n, low_.mean, high_.n, high_.mean, drift_, warning_);
    params_.validate();
    cache_constants();
  }

  /// Whole-state equality (parameters included).
  friend bool operator==(const HDDMA&, const HDDMA&) = default;

 private:
  // A running mean: the stream's, or a copy of it frozen at a cut point.
  struct Summary {
    double n = 0.0;
    double mean = 0.0;
    friend bool operator==(const Summary&, const Summary&) = default;
  };

  void cache_constants() {
    log_inv_drift_ = std::log(1.0 / params_.drift_confidence);
    log_two_over_drift_ = std::log(2.0 / params_.drift_confidence);
    log_two_over_warning_ = std::log(2.0 / params_.warning_confidence);
  }

  void reset() {
    total_ = {};
    low_ = {};
    high_ = {};
    drift_ = false;
    warning_ = false;
  }

  double hoeffding_bound(double n) const { return std::sqrt(1.0 / (2.0 * n) * log_inv_drift_); }

  // The grouping of every expression below follows River's so that the results agree to the bit.
  bool mean_increased(double log_two_over_confidence) const {
    if (low_.n == total_.n) return false;
    const double m = (total_.n - low_.n) / low_.n * (1.0 / total_.n);
    const double eps = std::sqrt(m / 2.0 * log_two_over_confidence);
    return total_.mean - low_.mean >= eps;
  }

  bool mean_decreased(double log_two_over_confidence) const {
    if (high_.n == total_.n) return false;
    const double m = (total_.n - high_.n) / high_.n * (1.0 / total_.n);
    const double eps = std::sqrt(m / 2.0 * log_two_over_confidence);
    return high_.mean - total_.mean >= eps;
  }

  Params params_{};
  Summary total_{};  // mean since the last reset
  Summary low_{};    // cut point for increases (River's _x_min)
  Summary high_{};   // cut point for decreases (River's _x_max)
  bool drift_ = false;
  bool warning_ = false;
  // Derived from params_ (not serialised).
  double log_inv_drift_ = 0.0;
  double log_two_over_drift_ = 0.0;
  double log_two_over_warning_ = 0.0;
};

}  // namespace streamwise::drift::binary

CEREAL_CLASS_VERSION(streamwise::drift::binary::HDDMA,
                     streamwise::drift::binary::HDDMA::class_version)
