#pragma once
/// @file
/// The small error hierarchy of streamwise.
///
/// Invalid hyper-parameters throw `std::invalid_argument` (the standard type, so any C++ caller
/// and pybind11's ValueError translation understand it). Everything else derives from `Error`.

#include <stdexcept>
#include <string>

namespace streamwise {

/// Base class of every streamwise-specific error.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A sample or value that the estimator cannot accept (NaN/inf where a number is required,
/// a label unknown to a fitted binary model, a feature of the wrong kind...). The estimator's
/// state is unchanged when this is thrown.
class InvalidInput : public Error {
 public:
  using Error::Error;
};

/// A checkpoint that cannot be read: damaged, truncated, foreign, oversized or of a newer
/// format. Loading never partially modifies the destination object.
class CheckpointError : public Error {
 public:
  using Error::Error;
};

/// Builds the message used for parameter validation errors:
/// `"<Class>: <param> must be <condition>"`.
inline std::invalid_argument invalid_parameter(const std::string& estimator,
                                               const std::string& param,
                                               const std::string& condition) {
  return std::invalid_argument(estimator + ": " + param + " must be " + condition);
}

}  // namespace streamwise
