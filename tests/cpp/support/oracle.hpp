#pragma once
// Shared oracle helpers: a seeded reference stream and tolerant comparison.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "streamwise/core/rng.hpp"

namespace streamwise::test {

/// A reproducible test stream: values from a mix of normals with 10% exact repeats of earlier
/// values, and positive weights (integers and reals mixed).
struct WeightedStream {
  std::vector<double> x;
  std::vector<double> w;
};

inline WeightedStream make_stream(std::size_t n, std::uint64_t seed = 42) {
  Rng rng(seed);
  WeightedStream s;
  s.x.reserve(n);
  s.w.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    double v = 0.0;
    if (i > 0 && rng.uniform() < 0.1) {
      v = s.x[rng.below(i)];  // repeated value
    } else {
      v = rng.normal(i < n / 2 ? 5.0 : -3.0, 1.0 + 9.0 * rng.uniform());
    }
    s.x.push_back(v);
    s.w.push_back(rng.uniform() < 0.5 ? static_cast<double>(1 + rng.below(4))
                                      : 0.1 + rng.uniform());
  }
  return s;
}

/// |a - b| <= tol * max(1, |b|): absolute near zero, relative for large magnitudes.
inline bool close(double a, double b, double tol = 1e-9) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= tol * std::max(1.0, std::fabs(b));
}

}  // namespace streamwise::test
