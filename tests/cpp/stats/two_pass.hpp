#pragma once
// Two-pass reference computations for the stats tests, in long double: the mean first, then
// sums of centred powers. They share no code with the estimators under test.

#include <cmath>
#include <cstddef>
#include <vector>

namespace streamwise::test {

/// Weighted central sums of the first `count` values: n = sum w, mean, and
/// m2/m3/m4 = sum w (x - mean)^k.
struct CentralSums {
  long double n = 0;
  long double mean = 0;
  long double m2 = 0;
  long double m3 = 0;
  long double m4 = 0;
};

/// Two-pass central sums of `x[0..count)` with weights `w` (all 1 when `w` is empty).
inline CentralSums central_sums(const std::vector<double>& x, const std::vector<double>& w,
                                std::size_t count) {
  CentralSums s;
  long double swx = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const long double wi = w.empty() ? 1.0L : static_cast<long double>(w[i]);
    s.n += wi;
    swx += wi * x[i];
  }
  if (s.n == 0) return s;
  s.mean = swx / s.n;
  for (std::size_t i = 0; i < count; ++i) {
    const long double wi = w.empty() ? 1.0L : static_cast<long double>(w[i]);
    const long double d = x[i] - s.mean;
    s.m2 += wi * d * d;
    s.m3 += wi * d * d * d;
    s.m4 += wi * d * d * d * d;
  }
  return s;
}

/// Weighted variance with divisor `n - ddof`; 0 while `n <= ddof` (River's convention).
inline long double two_pass_var(const CentralSums& s, int ddof) {
  return s.n > ddof ? s.m2 / (s.n - ddof) : 0.0L;
}

/// Weighted co-moment sum w (x - mean_x)(y - mean_y) of the first `count` pairs, and the total
/// weight in `n`.
inline long double co_moment(const std::vector<double>& x, const std::vector<double>& y,
                             const std::vector<double>& w, std::size_t begin, std::size_t end,
                             long double* n = nullptr) {
  long double sw = 0, swx = 0, swy = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const long double wi = w.empty() ? 1.0L : static_cast<long double>(w[i]);
    sw += wi;
    swx += wi * x[i];
    swy += wi * y[i];
  }
  if (n != nullptr) *n = sw;
  if (sw == 0) return 0;
  const long double mx = swx / sw;
  const long double my = swy / sw;
  long double c = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const long double wi = w.empty() ? 1.0L : static_cast<long double>(w[i]);
    c += wi * (x[i] - mx) * (y[i] - my);
  }
  return c;
}

/// scipy.stats.skew(x, bias) from central sums of unit-weight data, with River's convention
/// for a zero variance (0 instead of scipy's NaN): g1 = sqrt(n) m3 / m2^1.5, and for
/// bias=False and n > 2, G1 = sqrt(n (n - 1)) / (n - 2) * g1.
inline long double scipy_skew(const CentralSums& s, bool bias) {
  const long double n = s.n;
  long double g1 = 0;
  if (s.m2 != 0) g1 = std::sqrt(n) * s.m3 / (s.m2 * std::sqrt(s.m2));
  if (!bias && n > 2) return std::sqrt(n * (n - 1)) / (n - 2) * g1;
  return g1;
}

/// scipy.stats.kurtosis(x, fisher=True, bias) from central sums of unit-weight data, with River's
/// convention for a zero variance (the ratio n m4 / m2^2 taken as 0): g2 = n m4 / m2^2 - 3, and
/// for bias=False and n > 3, G2 = ((n^2 - 1) (g2 + 3) - 3 (n - 1)^2) / ((n - 2) (n - 3)).
inline long double scipy_kurtosis(const CentralSums& s, bool bias) {
  const long double n = s.n;
  long double ratio = 0;
  if (s.m2 != 0) ratio = n * s.m4 / (s.m2 * s.m2);
  if (!bias && n > 3) return ((n * n - 1) * ratio - 3 * (n - 1) * (n - 1)) / ((n - 2) * (n - 3));
  return ratio - 3;
}

}  // namespace streamwise::test
