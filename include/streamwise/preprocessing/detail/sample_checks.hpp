#pragma once
/// @file
/// Input checks and small helpers shared by the preprocessing transformers.

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::preprocessing::detail {

/// Throws `InvalidInput("<estimator>: x[<id>] must be finite, got inf")` if a present value of
/// `x` is infinite. NaN is not an error: it marks an absent feature.
inline void require_finite_sample(DenseView x, std::string_view estimator) {
  for (std::size_t i = 0; i < x.values.size(); ++i) {
    if (std::isinf(x.values[i])) {
      require_finite(x.values[i], estimator, "x[" + std::to_string(i) + "]");
    }
  }
}

/// Throws `InvalidInput` when `out` cannot hold one value per slot of `x`.
inline void require_output_size(DenseView x, std::span<const double> out,
                                std::string_view estimator) {
  if (out.size() < x.values.size()) {
    throw InvalidInput(std::string(estimator) + ": out has " + std::to_string(out.size()) +
                       " slots, fewer than the " + std::to_string(x.values.size()) +
                       " of the sample");
  }
}

/// One past the largest id present in `x` (0 when no feature is present): the number of
/// per-feature slots learning `x` needs.
inline std::size_t needed_slots(DenseView x) {
  for (std::size_t i = x.values.size(); i > 0; --i) {
    if (!is_missing(x.values[i - 1])) return i;
  }
  return 0;
}

/// Marks the slots of `out` past the end of `x` as absent.
inline void fill_tail_missing(DenseView x, std::span<double> out) {
  for (std::size_t i = x.values.size(); i < out.size(); ++i) out[i] = missing_value;
}

}  // namespace streamwise::preprocessing::detail
