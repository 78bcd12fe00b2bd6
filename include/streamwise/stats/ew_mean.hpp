#pragma once
/// @file
/// Exponentially weighted mean, River's `stats.EWMean`.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::stats {

/// Exponentially weighted mean: the first value is taken as is, then
/// `mean = fading_factor * x + (1 - fading_factor) * mean`. A `fading_factor` close to 1 follows
/// recent values closely; 0 keeps the first value forever.
///
/// ```cpp
/// streamwise::stats::EWMean ewm;  // fading_factor = 0.5
/// for (double x : {1.0, 3.0, 5.0}) ewm.update(x);
/// ewm.get();  // 3.5
/// ```
class EWMean {
 public:
  /// Hyper-parameters of `EWMean`.
  struct Params {
    /// Weight of the newest value, in [0, 1].
    double fading_factor = 0.5;

    /// Lists the fields for reflection.
    template <class V>
    void visit(V&& v) {
      v("fading_factor", fading_factor);
    }
    /// Throws `std::invalid_argument` unless `0 <= fading_factor <= 1`.
    void validate() const {
      if (!(fading_factor >= 0.0 && fading_factor <= 1.0)) {
        throw invalid_parameter("EWMean", "fading_factor", "in [0, 1]");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(fading_factor);
    }
  };

  static constexpr std::string_view name = "EWMean";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (`fading_factor = 0.5`).
  EWMean() = default;
  /// Validates and uses `params`.
  explicit EWMean(const Params& params) : params_(params) { params_.validate(); }

  /// Adds `x`. Throws `InvalidInput` for a non-finite `x`, leaving the state unchanged.
  void update(double x) {
    require_finite(x, name);
    if (!initialized_) {
      mean_ = x;
      initialized_ = true;
    } else {
      mean_ = params_.fading_factor * x + (1.0 - params_.fading_factor) * mean_;
    }
  }

  /// Current mean (0 before any update).
  double get() const { return mean_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and state; loaded parameters are validated (`CheckpointError`).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("EWMean: checkpoint from a newer version");
    ar(params_, mean_, initialized_);
    if constexpr (Archive::is_loading::value) {
      try {
        params_.validate();
      } catch (const std::invalid_argument& e) {
        throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
      }
    }
  }

  friend bool operator==(const EWMean&, const EWMean&) = default;

 private:
  Params params_{};
  double mean_ = 0.0;
  bool initialized_ = false;
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::EWMean, streamwise::stats::EWMean::class_version)
