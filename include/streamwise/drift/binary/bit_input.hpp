#pragma once
/// @file
/// Input check shared by the binary drift detectors (River's `drift.binary`): each update is one
/// bit, 1 for an error/failure and 0 for a success.

#include <string>
#include <string_view>

#include "streamwise/core/errors.hpp"

namespace streamwise::drift::binary {

/// Throws `InvalidInput("<estimator>: x must be 0 or 1, got <x>")` unless `x` is exactly 0 or 1
/// (NaN and infinities included). Called before any state change.
inline void require_bit(double x, std::string_view estimator) {
  if (!(x == 0.0 || x == 1.0)) {
    throw InvalidInput(std::string(estimator) + ": x must be 0 or 1, got " + std::to_string(x));
  }
}

}  // namespace streamwise::drift::binary
