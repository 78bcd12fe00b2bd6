#pragma once
/// @file
/// Running sum, River's `stats.Sum`.

#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::stats {

/// Running sum of the values seen. Revertible, so `Rolling<Sum>` gives a windowed sum.
///
/// ```cpp
/// streamwise::stats::Sum sum;
/// for (double x : {-5.0, -3.0, -1.0}) sum.update(x);
/// sum.get();  // -9.0
/// ```
class Sum {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "Sum";
  static constexpr std::uint32_t class_version = 1;

  Sum() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit Sum(const Params&) {}

  /// Adds `x`. Throws `InvalidInput` for a non-finite `x`.
  void update(double x) {
    require_finite(x, name);
    sum_ += x;
  }
  /// Subtracts a value previously added. Throws `InvalidInput` for a non-finite `x`.
  void revert(double x) {
    require_finite(x, name);
    sum_ -= x;
  }

  /// Current sum (0 before any update).
  double get() const { return sum_; }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// Saves or loads the state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Sum: checkpoint from a newer version");
    ar(sum_);
  }

  friend bool operator==(const Sum&, const Sum&) = default;

 private:
  [[no_unique_address]] Params params_{};
  double sum_ = 0.0;
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::Sum, streamwise::stats::Sum::class_version)
