#pragma once
/// @file
/// Drift Detection Method (Gama et al., 2004), River's `drift.binary.DDM`.

#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/drift/binary/bit_input.hpp"

namespace streamwise::drift::binary {

/// Drift Detection Method: watches the running error rate `p` of a 0/1 error stream and its
/// binomial standard deviation `s = sqrt(p (1 - p) / n)`. Once more than `warm_start` bits have
/// been seen it remembers the point where `p + s` was smallest (`p_min`, `s_min`); a warning is
/// raised while `p + s > p_min + warning_threshold * s_min` and a drift when
/// `p + s > p_min + drift_threshold * s_min`. The update after a drift starts from scratch.
///
/// ```cpp
/// streamwise::drift::binary::DDM ddm;
/// for (double err : errors) {  // 1 = the model was wrong, 0 = right
///   ddm.update(err);
///   if (ddm.drift_detected()) retrain();
/// }
/// ```
class DDM {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Bits to see before warnings or drifts can be raised.
    std::int64_t warm_start = 30;
    /// Multiple of `s_min` above `p_min` that raises a warning (about 95% confidence).
    double warning_threshold = 2.0;
    /// Multiple of `s_min` that raises a drift (about 99% confidence).
    double drift_threshold = 3.0;

    /// Lists every field for reflection.
    template <class V>
    void visit(V&& v) {
      v("warm_start", warm_start);
      v("warning_threshold", warning_threshold);
      v("drift_threshold", drift_threshold);
    }
    /// Throws `std::invalid_argument` for a negative `warm_start` or a negative or non-finite
    /// threshold.
    void validate() const {
      if (warm_start < 0) throw invalid_parameter("DDM", "warm_start", ">= 0");
      if (!(std::isfinite(warning_threshold) && warning_threshold >= 0.0)) {
        throw invalid_parameter("DDM", "warning_threshold", "finite and >= 0");
      }
      if (!(std::isfinite(drift_threshold) && drift_threshold >= 0.0)) {
        throw invalid_parameter("DDM", "drift_threshold", "finite and >= 0");
      }
    }
    /// Field-wise equality.
    friend bool operator==(const Params&, const Params&) = default;
    /// Saves or restores every field.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(warm_start, warning_threshold, drift_threshold);
    }
  };

  /// River's class name.
  static constexpr std::string_view name = "DDM";
  /// Checkpoint layout version of this class.
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults.
  DDM() = default;
  /// Validates and stores `params`.
  explicit DDM(const Params& params) : params_(params) { params_.validate(); }

  /// Feeds one bit (1 = error). Throws `InvalidInput` unless `x` is 0 or 1, before any change.
  void update(double x) {
    require_bit(x, name);
    if (drift_) reset();
    n_ += 1.0;
    p_ += (1.0 / n_) * (x - p_);
    const double s = std::sqrt(p_ * (1.0 - p_) / n_);
    if (n_ > static_cast<double>(params_.warm_start)) {
      if (p_ + s <= ps_min_) {
        p_min_ = p_;
        s_min_ = s;
        ps_min_ = p_min_ + s_min_;
      }
      warning_ = p_ + s > p_min_ + params_.warning_threshold * s_min_;
      if (p_ + s > p_min_ + params_.drift_threshold * s_min_) {
        drift_ = true;
        warning_ = false;
      }
    }
  }

  /// Whether the last update detected a drift.
  bool drift_detected() const { return drift_; }
  /// Whether the last update put the detector in the warning zone (false when it drifted).
  bool warning_detected() const { return warning_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or restores parameters and the whole state; throws `CheckpointError` for a newer
  /// class version.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("DDM: checkpoint from a newer version");
    ar(params_, n_, p_, p_min_, s_min_, ps_min_, drift_, warning_);
    params_.validate();
  }

  /// Whole-state equality (parameters included).
  friend bool operator==(const DDM&, const DDM&) = default;

 private:
  void reset() {
    n_ = 0.0;
    p_ = 0.0;
    p_min_ = 0.0;
    s_min_ = 0.0;
    ps_min_ = std::numeric_limits<double>::infinity();
    drift_ = false;
    warning_ = false;
  }

  Params params_{};
  double n_ = 0.0;  // bits since the last reset (a double, as River's Mean counts weights)
  double p_ = 0.0;  // error rate since the last reset
  double p_min_ = 0.0;
  double s_min_ = 0.0;
  double ps_min_ = std::numeric_limits<double>::infinity();
  bool drift_ = false;
  bool warning_ = false;
};

}  // namespace streamwise::drift::binary

CEREAL_CLASS_VERSION(streamwise::drift::binary::DDM, streamwise::drift::binary::DDM::class_version)
