#pragma once
/// @file
/// Running absolute maximum, River's `stats.AbsMax`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::stats {

/// Running maximum of `|x|`; 0 before any update, as in River.
///
/// ```cpp
/// streamwise::stats::AbsMax abs_max;
/// for (double x : {1.0, -4.0, 3.0}) abs_max.update(x);
/// abs_max.get();  // 4.0
/// ```
class AbsMax {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "AbsMax";
  static constexpr std::uint32_t class_version = 1;

  AbsMax() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit AbsMax(const Params&) {}

  /// Takes `|x|` into account. Throws `InvalidInput` for a non-finite `x`.
  void update(double x) {
    require_finite(x, name);
    const double a = std::fabs(x);
    if (a > abs_max_) abs_max_ = a;
  }

  /// Largest absolute value seen (0 before any update).
  double get() const { return abs_max_; }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// Saves or loads the state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("AbsMax: checkpoint from a newer version");
    ar(abs_max_);
  }

  friend bool operator==(const AbsMax&, const AbsMax&) = default;

 private:
  [[no_unique_address]] Params params_{};
  double abs_max_ = 0.0;
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::AbsMax, streamwise::stats::AbsMax::class_version)
