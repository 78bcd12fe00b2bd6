#pragma once
/// @file
/// Drops the named features, River's `compose.Discard`.

#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/compose/detail/key_filter.hpp"

namespace streamwise::compose {

/// Marks the features named in `keys` absent and passes every other feature through unchanged
/// (same ids). Names are those of the bound `FeatureSpace`, so `Discard` must see the space's
/// own ids: put it first in a pipeline, or after steps that keep ids. Keys that are not
/// features are ignored, as in River. Nothing is learnt. The name-to-id mask is a cache refreshed
/// when the space grows: not safe from two threads at once.
///
/// ```cpp
/// streamwise::FeatureSpace space;
/// space.intern("a"); space.intern("b");
/// streamwise::compose::Discard discard({.keys = {"b"}});
/// discard.bind(&space);
/// const double x[] = {1.0, 2.0};
/// double out[2];
/// discard.transform_one(streamwise::DenseView{x}, out);  // {1.0, NaN}
/// ```
class Discard : public detail::KeyFilter<Discard, /*Keep=*/false> {
 public:
  /// Hyper-parameters, River's names: `keys`, the names of the features to drop.
  using Params = detail::KeysParams;

  static constexpr std::string_view name = "Discard";
  static constexpr std::uint32_t class_version = 1;

  /// No keys: every feature is kept.
  Discard() = default;
  /// Drops `params.keys`.
  explicit Discard(const Params& params) : KeyFilter(params) {}

  // bind(), learn_one() (nothing to learn), transform_one(), n_outputs(), output_name(), params()
  // and serialize() come from detail::KeyFilter. transform_one(x, out) copies the features of `x`
  // not named in `keys` into `out` (same ids) and sets every other slot absent; it throws
  // `std::logic_error` if no space is bound, `InvalidInput` if `out` is shorter than `x`.

  /// Equal keys (the bound space is not compared).
  friend bool operator==(const Discard&, const Discard&) = default;
};

}  // namespace streamwise::compose

CEREAL_CLASS_VERSION(streamwise::compose::Discard, streamwise::compose::Discard::class_version)
