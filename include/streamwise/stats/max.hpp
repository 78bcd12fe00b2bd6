#pragma once
/// @file
/// Running maximum, River's `stats.Max`.

#include <cstdint>
#include <limits>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::stats {

/// Running maximum of the values seen; `-inf` before any update, as in River.
///
/// ```cpp
/// streamwise::stats::Max max;
/// for (double x : {1.0, -4.0, 3.0}) max.update(x);
/// max.get();  // 3.0
/// ```
class Max {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "Max";
  static constexpr std::uint32_t class_version = 1;

  Max() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit Max(const Params&) {}

  /// Takes `x` into account. Throws `InvalidInput` for a non-finite `x`.
  void update(double x) {
    require_finite(x, name);
    if (x > max_) max_ = x;
  }

  /// Largest value seen (`-inf` before any update).
  double get() const { return max_; }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// Saves or loads the state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Max: checkpoint from a newer version");
    ar(max_);
  }

  friend bool operator==(const Max&, const Max&) = default;

 private:
  [[no_unique_address]] Params params_{};
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::Max, streamwise::stats::Max::class_version)
