#pragma once
/// @file
/// Input checks shared by estimators: they throw `InvalidInput` before any state changes.

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>

#include "streamwise/core/errors.hpp"

namespace streamwise {

namespace detail {

/// Cold path of `require_finite`: builds the message and throws.
[[noreturn, gnu::cold, gnu::noinline]] inline void throw_not_finite(double value,
                                                                    std::string_view estimator,
                                                                    std::string_view what) {
  throw InvalidInput(std::string(estimator) + ": " + std::string(what) + " must be finite, got " +
                     std::to_string(value));
}

/// Cold path of `require_weight`: builds the message and throws.
[[noreturn, gnu::cold, gnu::noinline]] inline void throw_bad_weight(double w,
                                                                    std::string_view estimator) {
  throw InvalidInput(std::string(estimator) + ": weight w must be finite and >= 0, got " +
                     std::to_string(w));
}

}  // namespace detail

/// Whether every value is finite (no NaN, no infinity): the fast test of a dense sample with
/// every feature present. Integer work on the high 32 bits of each double: its exponent field
/// is all ones exactly for NaN and infinity, and adding one unit to a full exponent field
/// carries into bit 31. OR-ing those sums needs no comparison and no floating-point latency
/// chain, so the loop vectorises and costs about a cycle per value.
inline bool all_finite_values(std::span<const double> values) {
  const double* v = values.data();
  const std::size_t n = values.size();
  constexpr std::uint32_t exponent = 0x7ff00000u;
  constexpr std::uint32_t one_unit = 0x00100000u;
  std::uint32_t carry = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto high = static_cast<std::uint32_t>(std::bit_cast<std::uint64_t>(v[i]) >> 32);
    carry |= (high & exponent) + one_unit;
  }
  return (carry & 0x80000000u) == 0;
}

/// Whether some value is infinite (NaN is ignored: it marks an absent feature). A running
/// maximum of |v| that skips NaN, two lanes wide: short and branch-free.
inline bool any_infinite(std::span<const double> values) {
  const double* v = values.data();
  const std::size_t n = values.size();
  double m0 = 0.0, m1 = 0.0;
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    const double f0 = std::fabs(v[i]);
    const double f1 = std::fabs(v[i + 1]);
    m0 = m0 < f0 ? f0 : m0;  // false for NaN: skipped
    m1 = m1 < f1 ? f1 : m1;
  }
  if (i < n) {
    const double f = std::fabs(v[i]);
    m0 = m0 < f ? f : m0;
  }
  return (m0 < m1 ? m1 : m0) == std::numeric_limits<double>::infinity();
}

/// Throws `InvalidInput("<estimator>: <what> must be finite, got <value>")` unless `value` is
/// finite. The check is inlined; the message is built only on failure.
inline void require_finite(double value, std::string_view estimator, std::string_view what = "x") {
  if (!std::isfinite(value)) [[unlikely]]
    detail::throw_not_finite(value, estimator, what);
}

/// Throws `InvalidInput` unless `w` is finite and non-negative.
inline void require_weight(double w, std::string_view estimator) {
  if (!std::isfinite(w) || w < 0.0) [[unlikely]]
    detail::throw_bad_weight(w, estimator);
}

/// Throws `InvalidInput("<estimator>: sparse sample has <n> ids but <m> values")` unless a sparse
/// sample's id and value spans have the same length.
inline void require_sparse_lengths(std::size_t n_ids, std::size_t n_values,
                                   std::string_view estimator) {
  if (n_ids != n_values) [[unlikely]] {
    throw InvalidInput(std::string(estimator) + ": sparse sample has " + std::to_string(n_ids) +
                       " ids but " + std::to_string(n_values) + " values");
  }
}

}  // namespace streamwise
