#pragma once
/// @file
/// Running minimum, River's `stats.Min`.

#include <cstdint>
#include <limits>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::stats {

/// Running minimum of the values seen; `+inf` before any update, as in River.
///
/// ```cpp
/// streamwise::stats::Min min;
/// for (double x : {1.0, -4.0, 3.0}) min.update(x);
/// min.get();  // -4.0
/// ```
class Min {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "Min";
  static constexpr std::uint32_t class_version = 1;

  Min() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit Min(const Params&) {}

  /// Takes `x` into account. Throws `InvalidInput` for a non-finite `x`.
  void update(double x) {
    require_finite(x, name);
    if (x < min_) min_ = x;
  }

  /// Smallest value seen (`+inf` before any update).
  double get() const { return min_; }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// Saves or loads the state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Min: checkpoint from a newer version");
    ar(min_);
  }

  friend bool operator==(const Min&, const Min&) = default;

 private:
  [[no_unique_address]] Params params_{};
  double min_ = std::numeric_limits<double>::infinity();
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::Min, streamwise::stats::Min::class_version)
