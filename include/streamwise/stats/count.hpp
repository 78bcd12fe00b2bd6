#pragma once
/// @file
/// A counter, River's `stats.Count`.

#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::stats {

/// Counts the values it is given. River's `Count` ignores the value itself; so does this class,
/// except that a non-finite value is rejected like everywhere else in streamwise.
///
/// ```cpp
/// streamwise::stats::Count count;
/// count.update(3.0);
/// count.update();
/// count.get();  // 2
/// ```
class Count {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "Count";
  static constexpr std::uint32_t class_version = 1;

  Count() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit Count(const Params&) {}

  /// Counts one observation of `x`. Throws `InvalidInput` for a non-finite `x`.
  void update(double x) {
    require_finite(x, name);
    ++n_;
  }
  /// Counts one observation without a value.
  void update() { ++n_; }

  /// Number of observations (0 before any update).
  std::uint64_t get() const { return n_; }
  /// Number of observations (River's `Count.n`).
  std::uint64_t n() const { return n_; }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// Saves or loads the state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Count: checkpoint from a newer version");
    ar(n_);
  }

  friend bool operator==(const Count&, const Count&) = default;

 private:
  [[no_unique_address]] Params params_{};
  std::uint64_t n_ = 0;
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::Count, streamwise::stats::Count::class_version)
