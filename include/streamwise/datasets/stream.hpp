#pragma once
/// @file
/// The concepts a stream in `streamwise::datasets` satisfies.

#include <concepts>
#include <cstddef>
#include <string>
#include <vector>

#include "streamwise/core/concepts.hpp"
#include "streamwise/datasets/sample.hpp"

namespace streamwise::datasets {

/// An infinite, seeded, checkpointable stream: `next(sample)` overwrites a caller-owned sample,
/// `reset()` restarts from the seed, and the feature layout is fixed.
template <class T>
concept SyntheticStream = Estimator<T> && requires(T s, const T cs, typename T::Sample& out) {
  typename T::Sample;
  { s.next(out) } -> std::same_as<bool>;
  { s.next() } -> std::same_as<typename T::Sample>;
  s.reset();
  { cs.n_features() } -> std::convertible_to<std::size_t>;
  { cs.feature_names() } -> std::convertible_to<std::vector<std::string>>;
};

/// A stream whose samples carry class ids, with a known number of classes.
template <class T>
concept ClassificationStream = SyntheticStream<T> &&
    std::same_as<typename T::Sample, ClassificationSample> && requires(const T cs) {
  { cs.n_classes() } -> std::convertible_to<std::size_t>;
};

/// A stream whose samples carry a real target.
template <class T>
concept RegressionStream = SyntheticStream<T> && std::same_as<typename T::Sample, RegressionSample>;

}  // namespace streamwise::datasets
