#pragma once
/// @file
/// Shared checks and helpers of the optimizers in `streamwise::optim` (not part of the public
/// API).

#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::optim::detail {

/// Throws `InvalidInput` unless every id addresses an element of a weight vector of `w_size`.
inline void check_ids(std::string_view name, std::size_t w_size, std::span<const FeatureId> ids) {
  for (const FeatureId id : ids) {
    if (id >= w_size) {
      throw InvalidInput(std::string(name) + ": feature id " + std::to_string(id) +
                         " is outside the weight vector of size " + std::to_string(w_size));
    }
  }
}

/// The checks every `step` makes before touching any state: `ids` and `g` have the same length,
/// every id is inside `w`, every gradient is finite. Throws `InvalidInput`.
inline void check_step(std::string_view name, std::size_t w_size, std::span<const FeatureId> ids,
                       std::span<const double> g) {
  if (ids.size() != g.size()) {
    throw InvalidInput(std::string(name) + ": ids and g must have the same length, got " +
                       std::to_string(ids.size()) + " and " + std::to_string(g.size()));
  }
  check_ids(name, w_size, ids);
  for (const double gi : g) require_finite(gi, name, "gradient");
}

/// Grows per-feature state to `n` entries (new entries are 0, River's `defaultdict(float)`).
/// Allocates only when the weight vector has grown since the last step.
inline void grow(std::vector<double>& state, std::size_t n) {
  if (state.size() < n) state.resize(n, 0.0);
}

/// `x` is finite and in [0, 1).
inline bool in_unit_open(double x) { return std::isfinite(x) && x >= 0.0 && x < 1.0; }
/// `x` is finite and in [0, 1].
inline bool in_unit_closed(double x) { return std::isfinite(x) && x >= 0.0 && x <= 1.0; }
/// `x` is finite and > 0.
inline bool positive(double x) { return std::isfinite(x) && x > 0.0; }
/// `x` is finite and >= 0.
inline bool non_negative(double x) { return std::isfinite(x) && x >= 0.0; }

}  // namespace streamwise::optim::detail
