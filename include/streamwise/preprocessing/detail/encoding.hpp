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

/// Checks one present value against the bound `FeatureSpace` before anything changes: it is
/// finite, belongs to a feature the space knows, and a nominal feature's value is one of its
/// codes. Throws `InvalidInput`.
inline void require_valid_code(FeatureId id, double value, const FeatureSpace& space,
                               std::string_view estimator) {
  if (std::isinf(value)) require_finite(value, estimator, "x[" + std::to_string(id) + "]");
  if (id >= space.size()) {
    throw InvalidInput(std::string(estimator) + ": feature id " + std::to_string(id) +
                       " is not in the bound FeatureSpace (" + std::to_string(space.size()) +
                       " features)");
  }
  if (space.kind(id) == FeatureKind::nominal) {
    if (value < 0.0 || value != std::floor(value) ||
        value >= static_cast<double>(space.n_nominal_values(id))) {
      throw InvalidInput(std::string(estimator) + ": x[" + std::to_string(id) +
                         "] is not a nominal code of feature '" + space.name(id) + "'");
    }
  }
}

/// `require_valid_code` for every present value of a dense sample (NaN = absent).
inline void require_valid_codes(DenseView x, const FeatureSpace& space,
                                std::string_view estimator) {
  const auto& v = x.values;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!is_missing(v[i])) require_valid_code(static_cast<FeatureId>(i), v[i], space, estimator);
  }
}

/// `require_valid_code` for every value of a sparse sample, which must also have as many values
/// as ids and no NaN (an absent feature is left out of a sparse sample).
inline void require_valid_codes(SparseView x, const FeatureSpace& space,
                                std::string_view estimator) {
  require_sparse_lengths(x.ids.size(), x.values.size(), estimator);
  for (std::size_t k = 0; k < x.ids.size(); ++k) {
    if (std::isnan(x.values[k])) {
      require_finite(x.values[k], estimator, "x[" + std::to_string(x.ids[k]) + "]");
    }
    require_valid_code(x.ids[k], x.values[k], space, estimator);
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
