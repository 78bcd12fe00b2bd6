#pragma once
/// @file
/// The `Optimizer` concept: what linear models (and `AnyOptimizer`) require of an optimizer.

#include <concepts>
#include <cstdint>
#include <span>
#include <vector>

#include "streamwise/core/concepts.hpp"
#include "streamwise/core/features.hpp"

namespace streamwise::optim {

/// A stochastic optimizer over a weight vector indexed by feature id (docs/design/models.md):
/// `look_ahead(w, ids)` before a prediction (a no-op for most), `step(w, ids, g)` to update
/// `w[ids[k]]` from `g[k]`, `learning_rate()` and `n_iterations()` (the number of steps taken).
template <class T>
concept Optimizer = Estimator<T> &&
    requires(T o, const T co, std::vector<double>& w, std::span<const FeatureId> ids,
             std::span<const double> g) {
  o.look_ahead(w, ids);
  o.step(w, ids, g);
  { co.learning_rate() } -> std::convertible_to<double>;
  { co.n_iterations() } -> std::convertible_to<std::uint64_t>;
};

}  // namespace streamwise::optim
