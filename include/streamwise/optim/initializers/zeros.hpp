#pragma once
/// @file
/// All-zero weight initializer, River's `optim.initializers.Zeros`.

#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::optim::initializers {

/// Starts every new weight at 0 (the default for linear models).
///
/// ```cpp
/// streamwise::optim::initializers::Zeros init;
/// init.next();  // 0.0
/// ```
class Zeros {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "Zeros";
  static constexpr std::uint32_t class_version = 1;

  Zeros() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit Zeros(const Params&) {}

  /// The next initial weight: 0.
  double next() { return 0.0; }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// cereal hook (no state).
  template <class Archive>
  void serialize(Archive&, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Zeros: checkpoint from a newer version");
  }

  friend bool operator==(const Zeros&, const Zeros&) = default;

 private:
  [[no_unique_address]] Params params_{};
};

}  // namespace streamwise::optim::initializers

CEREAL_CLASS_VERSION(streamwise::optim::initializers::Zeros,
                     streamwise::optim::initializers::Zeros::class_version)
