#pragma once
/// @file
/// The sample type every stream in `streamwise::datasets` produces.

#include <cstdint>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"

namespace streamwise::datasets {

/// One sample of a stream: feature values by position (feature `i` is `feature_names()[i]` of
/// the stream that produced it) and a target. Streams overwrite a caller-owned sample in
/// place, so a loop that reuses one `Sample` does not allocate once `x` has its size.
///
/// ```cpp
/// streamwise::datasets::SEA sea({.seed = 42});
/// streamwise::datasets::Sample<streamwise::ClassId> s;
/// sea.next(s);  // s.x = {6.39..., 0.25..., 2.75...}, s.y = 0
/// model.learn_one(s.view(), s.y);
/// ```
template <class Target>
struct Sample {
  std::vector<double> x;  ///< Feature values, in the stream's feature order.
  Target y{};             ///< The target: a class id for classifiers, a real for regressors.

  /// The features as a dense view for `learn_one` / `predict_one`.
  DenseView view() const { return DenseView{x}; }

  friend bool operator==(const Sample&, const Sample&) = default;
};

/// A sample of a classification stream: the target is a class id (River's integer or boolean
/// label `k` becomes id `k`).
using ClassificationSample = Sample<ClassId>;
/// A sample of a regression stream.
using RegressionSample = Sample<double>;

}  // namespace streamwise::datasets
