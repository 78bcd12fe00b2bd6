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

/// Throws `InvalidInput` for the first id outside a weight vector of `w_size` (cold path).
[[noreturn, gnu::cold, gnu::noinline]] inline void throw_bad_id(std::string_view name,
                                                                std::size_t w_size,
                                                                std::span<const FeatureId> ids) {
  FeatureId bad = 0;
  for (const FeatureId id : ids) {
    if (id >= w_size) {
      bad = id;
      break;
    }
  }
  throw InvalidInput(std::string(name) + ": feature id " + std::to_string(bad) +
                     " is outside the weight vector of size " + std::to_string(w_size));
}

/// Throws `InvalidInput` unless every id addresses an element of a weight vector of `w_size`.
/// The scan has no early exit so it vectorises; the message is built only on failure.
inline void check_ids(std::string_view name, std::size_t w_size, std::span<const FeatureId> ids) {
  bool bad = false;
  for (const FeatureId id : ids) bad |= (id >= w_size);
  if (bad) [[unlikely]]
    throw_bad_id(name, w_size, ids);
}

/// Throws `InvalidInput` for the first non-finite gradient (cold path).
[[noreturn, gnu::cold, gnu::noinline]] inline void throw_bad_gradient(std::string_view name,
                                                                      std::span<const double> g) {
  for (const double gi : g) require_finite(gi, name, "gradient");
  throw InvalidInput(std::string(name) + ": gradient must be finite");  // not reached
}

/// Whether every value of `g` is finite (a short branch-free scan).
inline bool all_finite(std::span<const double> g) { return all_finite_values(g); }

/// The checks every `step` makes before touching any state: `ids` and `g` have the same length,
/// every id is inside `w`, every gradient is finite. Throws `InvalidInput`.
inline void check_step(std::string_view name, std::size_t w_size, std::span<const FeatureId> ids,
                       std::span<const double> g) {
  if (ids.size() != g.size()) [[unlikely]] {
    throw InvalidInput(std::string(name) + ": ids and g must have the same length, got " +
                       std::to_string(ids.size()) + " and " + std::to_string(g.size()));
  }
  check_ids(name, w_size, ids);
  if (!all_finite(g)) [[unlikely]]
    throw_bad_gradient(name, g);
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
