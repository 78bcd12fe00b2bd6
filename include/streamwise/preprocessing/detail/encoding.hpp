#pragma once
/// @file
/// Helpers shared by the encoders (OneHotEncoder, OrdinalEncoder, FeatureHasher): value keys,
/// checks of nominal codes against the bound FeatureSpace, and River's text for values.

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/python_format.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::preprocessing {

namespace detail {

/// Key of a feature value in an encoder's lookup table: the bit pattern of the double, with
/// -0.0 folded onto 0.0 because Python's sets and dicts treat them as the same value.
inline std::uint64_t value_key(double v) {
  return std::bit_cast<std::uint64_t>(v == 0.0 ? 0.0 : v);
}

/// Checks a sample against the bound `FeatureSpace` before anything changes: every present
/// value is finite, belongs to a feature the space knows, and a nominal feature's value is one
/// of its codes. Throws `InvalidInput`.
inline void require_valid_codes(DenseView x, const FeatureSpace& space,
                                std::string_view estimator) {
  const auto& v = x.values;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (is_missing(v[i])) continue;
    if (std::isinf(v[i])) require_finite(v[i], estimator, "x[" + std::to_string(i) + "]");
    if (i >= space.size()) {
      throw InvalidInput(std::string(estimator) + ": feature id " + std::to_string(i) +
                         " is not in the bound FeatureSpace (" + std::to_string(space.size()) +
                         " features)");
    }
    if (space.kind(static_cast<FeatureId>(i)) == FeatureKind::nominal) {
      const double c = v[i];
      if (c < 0.0 || c != std::floor(c) ||
          c >= static_cast<double>(space.n_nominal_values(static_cast<FeatureId>(i)))) {
        throw InvalidInput(std::string(estimator) + ": x[" + std::to_string(i) +
                           "] is not a nominal code of feature '" +
                           space.name(static_cast<FeatureId>(i)) + "'");
      }
    }
  }
}

/// River's text for the value of feature `id` in an output key: the nominal string, or
/// Python's `str(float)` for a number.
inline std::string value_text(const FeatureSpace& space, FeatureId id, double v) {
  if (space.kind(id) == FeatureKind::nominal) return space.nominal_value(id, v);
  return python_str(v);
}

}  // namespace detail

}  // namespace streamwise::preprocessing
