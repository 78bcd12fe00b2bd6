#pragma once
/// @file
/// Early Drift Detection Method (Baena-García et al., 2006), River's `drift.binary.EDDM`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/drift/binary/bit_input.hpp"

namespace streamwise::drift::binary {

/// Early Drift Detection Method: instead of the error rate it follows the distance (in bits)
/// between consecutive errors, with its running mean `p'` and sample standard deviation `s'`.
/// It keeps the largest `p' + 2 s'` seen; once more than `warm_start` bits and more than
/// `warm_start` errors have been seen, the ratio `(p' + 2 s') / max` falling below `alpha`
/// raises a warning and below `beta` a drift. Only errors (x = 1) move the statistics; the
/// update after a drift starts from scratch.
///
/// ```cpp
/// streamwise::drift::binary::EDDM eddm({.alpha = 0.9, .beta = 0.8});
/// for (double err : errors) {
///   eddm.update(err);
///   if (eddm.drift_detected()) retrain();
/// }
/// ```
class EDDM {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Bits, and errors, to see before warnings or drifts can be raised.
    std::int64_t warm_start = 30;
    /// Warning level: a ratio below it raises a warning.
    double alpha = 0.95;
    /// Drift level: a ratio below it raises a drift. Must not exceed `alpha`.
    double beta = 0.9;

    /// Lists every field for reflection.
    template <class V>
    void visit(V&& v) {
      v("warm_start", warm_start);
      v("alpha", alpha);
      v("beta", beta);
    }
    /// Throws `std::invalid_argument` unless `warm_start >= 0`, `alpha` and `beta` lie in
    /// (0, 1] and `alpha >= beta`.
    void validate() const {
      if (warm_start < 0) throw invalid_parameter("EDDM", "warm_start", ">= 0");
      if (!(alpha > 0.0 && alpha <= 1.0)) throw invalid_parameter("EDDM", "alpha", "in (0, 1]");
      if (!(beta > 0.0 && beta <= 1.0)) throw invalid_parameter("EDDM", "beta", "in (0, 1]");
      if (alpha < beta) throw invalid_parameter("EDDM", "alpha", ">= beta");
    }
    /// Field-wise equality.
    friend bool operator==(const Params&, const Params&) = default;
    /// Saves or restores every field.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(warm_start, alpha, beta);
    }
  };

  /// River's class name.
  static constexpr std::string_view name = "EDDM";
  /// Checkpoint layout version of this class.
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults.
  EDDM() = default;
  /// Validates and stores `params`.
  explicit EDDM(const Params& params) : params_(params) { params_.validate(); }

  /// Feeds one bit (1 = error). Throws `InvalidInput` unless `x` is 0 or 1, before any change.
  void update(double x) {
    require_bit(x, name);
    if (drift_) reset();
    ++n_;
    if (x != 1.0) return;
    ++n_errors_;
    // Welford update of the distances between errors (River's Var with ddof = 1).
    const double d = static_cast<double>(n_ - last_error_);
    const double count = static_cast<double>(n_errors_);
    const double mean_old = mean_;
    mean_ += (1.0 / count) * (d - mean_);
    m2_ += (d - mean_old) * (d - mean_);
    if (n_ > static_cast<std::uint64_t>(params_.warm_start)) {
      const double var = count > 1.0 ? m2_ / (count - 1.0) : 0.0;
      // pow(v, 0.5) rather than sqrt: River computes `var ** 0.5`, and the two may differ in the
      // last bit.
      const double p2s = mean_ + 2.0 * std::pow(var, 0.5);
      if (p2s > p2s_max_) {
        p2s_max_ = p2s;
      } else if (n_errors_ > static_cast<std::uint64_t>(params_.warm_start)) {
        const double level = p2s / p2s_max_;
        if (level < params_.beta) {
          drift_ = true;  // the warning flag keeps its previous value, as in River
        } else {
          warning_ = level < params_.alpha;
        }
      }
    }
    last_error_ = n_;
  }

  /// Whether the last update detected a drift.
  bool drift_detected() const { return drift_; }
  /// Whether the detector is in the warning zone. As in River the flag only changes when an
  /// error is compared with the maximum, so it can stay set on a drift and across successes.
  bool warning_detected() const { return warning_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or restores parameters and the whole state; throws `CheckpointError` for a newer
  /// class version.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("EDDM: checkpoint from a newer version");
    ar(params_, n_, last_error_, n_errors_, mean_, m2_, p2s_max_, drift_, warning_);
    params_.validate();
    if (last_error_ > n_ || n_errors_ > n_) {
      throw CheckpointError("EDDM: checkpoint holds inconsistent counters");
    }
  }

  /// Whole-state equality (parameters included).
  friend bool operator==(const EDDM&, const EDDM&) = default;

 private:
  void reset() {
    n_ = 0;
    last_error_ = 0;
    n_errors_ = 0;
    mean_ = 0.0;
    m2_ = 0.0;
    p2s_max_ = -1.0;
    drift_ = false;
    warning_ = false;
  }

  Params params_{};
  std::uint64_t n_ = 0;           // bits since the last reset
  std::uint64_t last_error_ = 0;  // index (1-based) of the last error, 0 before any
  std::uint64_t n_errors_ = 0;    // errors since the last reset
  double mean_ = 0.0;             // mean distance between errors
  double m2_ = 0.0;               // sum of squared deviations of the distances
  double p2s_max_ = -1.0;         // largest mean + 2 std seen
  bool drift_ = false;
  bool warning_ = false;
};

}  // namespace streamwise::drift::binary

CEREAL_CLASS_VERSION(streamwise::drift::binary::EDDM,
                     streamwise::drift::binary::EDDM::class_version)
