#pragma once
/// @file
/// Helpers for walking the features present in a sample.

#include <span>
#include <vector>

#include "streamwise/core/features.hpp"

namespace streamwise {

/// Fills `out` with the ids of the features present in `x` (not NaN), in increasing order, and
/// returns a view of it. `out` is caller-owned scratch: reusing it between samples means no
/// allocation once it has grown to the widest sample.
inline std::span<const FeatureId> present_ids(DenseView x, std::vector<FeatureId>& out) {
  out.clear();
  for (std::size_t i = 0; i < x.values.size(); ++i) {
    if (!is_missing(x.values[i])) out.push_back(static_cast<FeatureId>(i));
  }
  return out;
}

}  // namespace streamwise
