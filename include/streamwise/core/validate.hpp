#pragma once
/// @file
/// Input checks shared by estimators: they throw `InvalidInput` before any state changes.

#include <cmath>
#include <string>
#include <string_view>

#include "streamwise/core/errors.hpp"

namespace streamwise {

/// Throws `InvalidInput("<estimator>: <what> must be finite, got <value>")` unless `value` is
/// finite.
inline void require_finite(double value, std::string_view estimator, std::string_view what = "x") {
  if (!std::isfinite(value)) {
    throw InvalidInput(std::string(estimator) + ": " + std::string(what) + " must be finite, got " +
                       std::to_string(value));
  }
}

/// Throws `InvalidInput` unless `w` is finite and non-negative.
inline void require_weight(double w, std::string_view estimator) {
  if (!std::isfinite(w) || w < 0.0) {
    throw InvalidInput(std::string(estimator) + ": weight w must be finite and >= 0, got " +
                       std::to_string(w));
  }
}

}  // namespace streamwise
