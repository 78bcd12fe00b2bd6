#pragma once
/// @file
/// Exponentially weighted variance, River's `stats.EWVar`.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/ew_mean.hpp"

namespace streamwise::stats {

/// Exponentially weighted variance, as River computes it: two exponentially weighted means, of
/// `x` and of `x^2`, and `get() = mean(x^2) - mean(x)^2`.
///
/// ```cpp
/// streamwise::stats::EWVar ewv;  // fading_factor = 0.5
/// for (double x : {1.0, 3.0, 5.0}) ewv.update(x);
/// ewv.get();  // 2.75
/// ```
class EWVar {
 public:
  /// Hyper-parameters of `EWVar`.
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
        throw invalid_parameter("EWVar", "fading_factor", "in [0, 1]");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(fading_factor);
    }
  };

  static constexpr std::string_view name = "EWVar";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (`fading_factor = 0.5`).
  EWVar() = default;
  /// Validates and uses `params`.
  explicit EWVar(const Params& params)
      : params_(params), mean_(validated(params)), sq_mean_(EWMean::Params{params.fading_factor}) {}

  /// Adds `x`. Throws `InvalidInput` for a non-finite `x`, leaving the state unchanged.
  void update(double x) {
    require_finite(x, name);
    mean_.update(x);
    sq_mean_.update(x * x);
  }

  /// Current variance (0 before any update). Like River's, it is a difference of two means and
  /// may come out a few ulps below 0 on a nearly constant stream.
  double get() const { return sq_mean_.get() - mean_.get() * mean_.get(); }
  /// The exponentially weighted mean of `x`.
  const EWMean& mean() const { return mean_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and state; loaded parameters are validated (`CheckpointError`).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("EWVar: checkpoint from a newer version");
    ar(params_, mean_, sq_mean_);
    if constexpr (Archive::is_loading::value) {
      try {
        params_.validate();
      } catch (const std::invalid_argument& e) {
        throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
      }
    }
  }

  friend bool operator==(const EWVar&, const EWVar&) = default;

 private:
  static EWMean::Params validated(const Params& params) {
    params.validate();
    return EWMean::Params{params.fading_factor};
  }

  Params params_{};
  EWMean mean_{};
  EWMean sq_mean_{};
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::EWVar, streamwise::stats::EWVar::class_version)
