#pragma once
/// @file
/// Running peak-to-peak range, River's `stats.PeakToPeak`.

#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/max.hpp"
#include "streamwise/stats/min.hpp"

namespace streamwise::stats {

/// Running `max - min` of the values seen; 0 before any update, as in River.
///
/// ```cpp
/// streamwise::stats::PeakToPeak ptp;
/// for (double x : {1.0, -4.0, 3.0}) ptp.update(x);
/// ptp.get();  // 7.0
/// ```
class PeakToPeak {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "PeakToPeak";
  static constexpr std::uint32_t class_version = 1;

  PeakToPeak() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit PeakToPeak(const Params&) {}

  /// Takes `x` into account. Throws `InvalidInput` for a non-finite `x`.
  void update(double x) {
    require_finite(x, name);
    min_.update(x);
    max_.update(x);
  }

  /// `max - min` (0 before any update).
  double get() const { return min_.get() <= max_.get() ? max_.get() - min_.get() : 0.0; }
  /// The running minimum.
  const Min& min() const { return min_; }
  /// The running maximum.
  const Max& max() const { return max_; }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// Saves or loads the state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("PeakToPeak: checkpoint from a newer version");
    }
    ar(min_, max_);
  }

  friend bool operator==(const PeakToPeak&, const PeakToPeak&) = default;

 private:
  [[no_unique_address]] Params params_{};
  Min min_{};
  Max max_{};
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::PeakToPeak, streamwise::stats::PeakToPeak::class_version)
