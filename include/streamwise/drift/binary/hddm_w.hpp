#pragma once
/// @file
/// McDiarmid-bound drift detection with the weighted moving average test (Frías-Blanco et al.,
/// 2014), River's `drift.binary.HDDMW`.

#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/drift/binary/bit_input.hpp"

namespace streamwise::drift::binary {

/// HDDM-W: like HDDM-A but on exponentially weighted moving averages (EWMA, weight
/// `lambda_val` on the newest bit), with McDiarmid's bound. The stream's EWMA is frozen at the
/// cut point where EWMA + bound was smallest; a second EWMA follows the bits after it, and the
/// two differing by more than the bound for `drift_confidence` (`warning_confidence`) raises a
/// drift (warning). With `two_sided_test` a mirrored pair detects decreases too. The update
/// after a drift starts from scratch.
///
/// ```cpp
/// streamwise::drift::binary::HDDMW hddm({.lambda_val = 0.05});
/// for (double err : errors) {
///   hddm.update(err);
///   if (hddm.drift_detected()) retrain();
/// }
/// ```
class HDDMW {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Confidence level of the drift test.
    double drift_confidence = 0.001;
    /// Confidence level of the warning test.
    double warning_confidence = 0.005;
    /// Weight of the newest bit in the moving averages.
    double lambda_val = 0.05;
    /// Also detect decreases of the mean (by default only increases are monitored).
    bool two_sided_test = false;

    /// Lists every field for reflection.
    template <class V>
    void visit(V&& v) {
      v("drift_confidence", drift_confidence);
      v("warning_confidence", warning_confidence);
      v("lambda_val", lambda_val);
      v("two_sided_test", two_sided_test);
    }
    /// Throws `std::invalid_argument` unless both confidences lie in (0, 1) and `lambda_val`
    /// in [0, 1].
    void validate() const {
      if (!(drift_confidence > 0.0 && drift_confidence < 1.0)) {
        throw invalid_parameter("HDDMW", "drift_confidence", "in (0, 1)");
      }
      if (!(warning_confidence > 0.0 && warning_confidence < 1.0)) {
        throw invalid_parameter("HDDMW", "warning_confidence", "in (0, 1)");
      }
      if (!(lambda_val >= 0.0 && lambda_val <= 1.0)) {
        throw invalid_parameter("HDDMW", "lambda_val", "in [0, 1]");
      }
    }
    /// Field-wise equality.
    friend bool operator==(const Params&, const Params&) = default;
    /// Saves or restores every field.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(drift_confidence, warning_confidence, lambda_val, two_sided_test);
    }
  };

  /// River's class name.
  static constexpr std::string_view name = "HDDMW";
  /// Checkpoint layout version of this class.
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults.
  HDDMW() : HDDMW(Params{}) {}
  /// Validates and stores `params`.
  explicit HDDMW(const Params& params) : params_(params) {
    params_.validate();
    cache_constants();
  }

  /// Feeds one bit (1 = error). Throws `InvalidInput` unless `x` is 0 or 1, before any change.
  void update(double x) {
    require_bit(x, name);
    if (drift_) reset();
    add(total_, x);

    const double eps = mcdiarmid_bound(total_.ibc, log_inv_drift_);
    if (total_.ewma + eps < incr_cutpoint_) {
      incr_cutpoint_ = total_.ewma + eps;
      incr_before_ = total_;
      incr_after_ = {};
    } else {
      add(incr_after_, x);
    }
    if (mean_changed(incr_before_, incr_after_, log_inv_drift_)) {
      warning_ = false;
      drift_ = true;
    } else if (mean_changed(incr_before_, incr_after_, log_inv_warning_)) {
      warning_ = true;
      drift_ = false;
    } else {
      warning_ = false;
      drift_ = false;
    }

    // River keeps the decrease statistics up to date even for the one-sided test.
    if (total_.ewma - eps > decr_cutpoint_) {
      decr_cutpoint_ = total_.ewma - eps;
      decr_before_ = total_;
      decr_after_ = {};
    } else {
      add(decr_after_, x);
    }
    if (params_.two_sided_test) {
      if (mean_changed(decr_after_, decr_before_, log_inv_drift_)) {
        drift_ = true;
      } else if (mean_changed(decr_after_, decr_before_, log_inv_warning_)) {
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
    if (version > class_version) throw CheckpointError("HDDMW: checkpoint from a newer version");
    ar(params_, total_, incr_before_, incr_after_, decr_before_, decr_after_, incr_cutpoint_,
       decr_cutpoint_, drift_, warning_);
    params_.validate();
    cache_constants();
  }

  /// Whole-state equality (parameters included).
  friend bool operator==(const HDDMW&, const HDDMW&) = default;

 private:
  // An EWMA with its independent bounded condition (River's SampleInfo).
  struct Sample {
    double ewma = 0.0;
    double ibc = 1.0;
    bool is_init = false;
    friend bool operator==(const Sample&, const Sample&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(ewma, ibc, is_init);
    }
  };

  void add(Sample& s, double x) const {
    // The first value is taken as is, then lambda * x + (1 - lambda) * ewma (River's EWMean).
    s.ewma = s.is_init ? params_.lambda_val * x + (1.0 - params_.lambda_val) * s.ewma : x;
    s.is_init = true;
    s.ibc = lambda_sq_ + one_minus_lambda_sq_ * s.ibc;
  }

  bool mean_changed(const Sample& first, const Sample& second, double log_inv_confidence) const {
    if (!(first.is_init && second.is_init)) return false;
    const double bound = mcdiarmid_bound(first.ibc + second.ibc, log_inv_confidence);
    return second.ewma - first.ewma > bound;
  }

  static double mcdiarmid_bound(double ibc, double log_inv_confidence) {
    return std::sqrt(ibc * log_inv_confidence / 2.0);
  }

  void cache_constants() {
    log_inv_drift_ = std::log(1.0 / params_.drift_confidence);
    log_inv_warning_ = std::log(1.0 / params_.warning_confidence);
    lambda_sq_ = params_.lambda_val * params_.lambda_val;
    one_minus_lambda_sq_ = (1.0 - params_.lambda_val) * (1.0 - params_.lambda_val);
  }

  void reset() {
    total_ = {};
    incr_before_ = {};
    incr_after_ = {};
    decr_before_ = {};
    decr_after_ = {};
    incr_cutpoint_ = std::numeric_limits<double>::infinity();
    decr_cutpoint_ = -std::numeric_limits<double>::infinity();
    drift_ = false;
    warning_ = false;
  }

  Params params_{};
  Sample total_{};        // the whole stream since the last reset
  Sample incr_before_{};  // stream frozen at the increase cut point (River's _s1_incr)
  Sample incr_after_{};   // bits after that cut point (River's _s2_incr)
  Sample decr_before_{};  // stream frozen at the decrease cut point (River's _s1_decr)
  Sample decr_after_{};   // bits after that cut point (River's _s2_decr)
  double incr_cutpoint_ = std::numeric_limits<double>::infinity();
  double decr_cutpoint_ = -std::numeric_limits<double>::infinity();
  bool drift_ = false;
  bool warning_ = false;
  // Derived from params_ (not serialised).
  double log_inv_drift_ = 0.0;
  double log_inv_warning_ = 0.0;
  double lambda_sq_ = 0.0;
  double one_minus_lambda_sq_ = 0.0;
};

}  // namespace streamwise::drift::binary

CEREAL_CLASS_VERSION(streamwise::drift::binary::HDDMW,
                     streamwise::drift::binary::HDDMW::class_version)
