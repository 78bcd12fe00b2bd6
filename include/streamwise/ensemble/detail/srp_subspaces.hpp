#pragma once
/// @file
/// The feature-subspace rules of River's streaming random patches (`ensemble.SRPClassifier`):
/// the subspace size from `subspace_size`, the enumeration of feature combinations, random
/// subspaces and CPython's `random.shuffle`.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "streamwise/core/python_random.hpp"
#include "streamwise/forest/detail/forest_common.hpp"

namespace streamwise::ensemble::detail {

/// True for River's accepted `subspace_size` forms: "sqrt", "rmsqrt", an integer above 2
/// (River's `int` branch) or a real number in (0, 1] (River's `float` branch). Integers are
/// written without a point ("5"), reals with one ("0.6", "1.0").
inline bool srp_subspace_size_valid(const std::string& s) {
  if (s == "sqrt" || s == "rmsqrt") return true;
  if (const auto i = forest::detail::parse_int(s)) return *i > 2;
  if (const auto r = forest::detail::parse_real(s)) return *r > 0.0 && *r <= 1.0;
  return false;
}

/// River's subspace size `k` for `n` features, before the combination rule: a real p gives
/// round(n p) (half to even), plus one when that is below 2; an integer as is; "sqrt" gives
/// round(sqrt(n)) + 1; "rmsqrt" gives n - round(sqrt(n)) + 1; a negative k becomes n + k.
/// `s` must be valid (`srp_subspace_size_valid`).
inline std::int64_t srp_subspace_k(const std::string& s, std::int64_t n) {
  const auto nd = static_cast<double>(n);
  std::int64_t k = 0;
  if (s == "sqrt") {
    k = static_cast<std::int64_t>(std::nearbyint(std::sqrt(nd))) + 1;
  } else if (s == "rmsqrt") {
    k = n - static_cast<std::int64_t>(std::nearbyint(std::sqrt(nd))) + 1;
  } else if (const auto i = forest::detail::parse_int(s)) {
    k = *i;
  } else {
    const double p = forest::detail::parse_real(s).value_or(1.0);
    k = static_cast<std::int64_t>(std::nearbyint(nd * p));
    if (k < 2) k += 1;
  }
  if (k < 0) k += n;
  return k;
}

/// The first `count` size-`k` combinations of `0 .. n-1` in lexicographic order (Python's
/// `itertools.combinations`), starting over when they run out (`itertools.cycle`). Needs
/// 1 <= k <= n.
inline std::vector<std::vector<std::uint32_t>> srp_cycled_combinations(std::size_t n, std::size_t k,
                                                                       std::size_t count) {
  std::vector<std::vector<std::uint32_t>> out;
  out.reserve(count);
  std::vector<std::uint32_t> c(k);
  const auto first = [&] {
    for (std::size_t j = 0; j < k; ++j) c[j] = static_cast<std::uint32_t>(j);
  };
  first();
  while (out.size() < count) {
    out.push_back(c);
    // Next combination: the rightmost position that can still move up moves up by one, and
    // the positions after it follow it.
    std::size_t j = k;
    while (j > 0 && c[j - 1] == n - k + (j - 1)) --j;
    if (j == 0) {
      first();
      continue;
    }
    ++c[j - 1];
    for (std::size_t l = j; l < k; ++l) c[l] = c[l - 1] + 1;
  }
  return out;
}

/// CPython's `random.shuffle(x)`: for i from len-1 down to 1, swap x[i] with x[randbelow(i+1)].
inline void python_shuffle(std::span<std::uint32_t> x, PythonRandom& rng) {
  for (std::size_t i = x.size(); i-- > 1;) {
    const auto j = static_cast<std::size_t>(rng.randbelow(i + 1));
    std::swap(x[i], x[j]);
  }
}

/// River's `random_subspace(all_features, k, rng)`: `rng.sample(all_features, min(len, k))`,
/// in selection order.
inline std::vector<std::uint32_t> srp_random_subspace(std::span<const std::uint32_t> all,
                                                      std::size_t k, PythonRandom& rng) {
  const std::size_t m = k < all.size() ? k : all.size();
  PythonRandom::SampleScratch scratch;
  std::vector<std::uint64_t> picks(m);
  rng.sample_range(all.size(), picks, scratch);
  std::vector<std::uint32_t> out(m);
  for (std::size_t j = 0; j < m; ++j) out[j] = all[static_cast<std::size_t>(picks[j])];
  return out;
}

}  // namespace streamwise::ensemble::detail
