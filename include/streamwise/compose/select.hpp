#pragma once
/// @file
/// Keeps only the named features, River's `compose.Select`.

#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/compose/detail/key_filter.hpp"

namespace streamwise::compose {

/// Passes the features named in `keys` through unchanged (same ids) and marks every other
/// feature absent. Names are those of the bound `FeatureSpace`, so `Select` must see the
/// space's own ids: put it first in a pipeline, or after steps that keep ids.
///
/// River raises `KeyError` when a selected feature is missing from a sample; here it simply
/// stays absent (NaN), which is what every downstream estimator reads as "not in the dict".
/// Nothing is learnt. The name-to-id mask is a cache refreshed when the space grows: not safe
/// from two threads at once.
///
/// ```cpp
/// streamwise::FeatureSpace space;
/// space.intern("a"); space.intern("b");
/// streamwise::compose::Select select({.keys = {"b"}});
/// select.bind(&space);
/// const double x[] = {1.0, 2.0};
/// double out[2];
/// select.transform_one(streamwise::DenseView{x}, out);  // {NaN, 2.0}
/// ```
class Select : public detail::KeyFilter<Select, /*Keep=*/true> {
 public:
  /// Hyper-parameters, River's names: `keys`, the names of the features to keep.
  using Params = detail::KeysParams;

  static constexpr std::string_view name = "Select";
  static constexpr std::uint32_t class_version = 1;

  /// No keys: every feature is dropped.
  Select() = default;
  /// Keeps `params.keys`.
  explicit Select(const Params& params) : KeyFilter(params) {}

  // bind(), learn_one() (nothing to learn), transform_one(), n_outputs(), output_name(), params()
  // and serialize() come from detail::KeyFilter. transform_one(x, out) copies the selected features
  // of `x` into `out` (same ids) and sets every other slot absent; it throws `std::logic_error` if
  // no space is bound, `InvalidInput` if `out` is shorter than `x`.

  /// Equal keys (the bound space is not compared).
  friend bool operator==(const Select&, const Select&) = default;
};

}  // namespace streamwise::compose

CEREAL_CLASS_VERSION(streamwise::compose::Select, streamwise::compose::Select::class_version)
