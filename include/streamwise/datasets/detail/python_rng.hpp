#pragma once
/// @file
/// The draws of CPython's `random.Random` that River's synthetic streams use, on top of
/// `streamwise::PythonRandom`: `randint`, `choice` over a short list, `uniform` and `gauss`
/// (with its cached second value), plus seeding from `None`.

#include <cmath>
#include <cstdint>
#include <optional>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/python_random.hpp"

namespace streamwise::datasets::detail {

/// `x ** y` for Python floats: CPython calls the C library's `pow`. The exponent goes through
/// a volatile so the compiler cannot rewrite `pow(x, 2.0)` as `x * x` (the library may round
/// differently, and parity with River is bit for bit).
inline double py_pow(double x, double y) {
  volatile double exponent = y;
  return std::pow(x, exponent);
}

/// CPython's `random.Random` with the methods River's generators call. Same seed, same draws.
///
/// ```cpp
/// streamwise::datasets::detail::PyRng rng(42);  // random.Random(42)
/// rng.randint(0, 9);                             // rng.randint(0, 9)
/// rng.gauss(0.0, 1.0);                           // rng.gauss(0, 1)
/// ```
class PyRng {
 public:
  /// Seeds like `random.Random(seed)`; `std::nullopt` is `random.Random(None)` (OS entropy).
  explicit PyRng(std::optional<std::int64_t> seed = std::nullopt) { reseed(seed); }

  /// Re-seeds like `random.Random(seed)` and drops any cached Gaussian.
  void reseed(std::optional<std::int64_t> seed) {
    if (seed) {
      mt_.seed_int(*seed);
    } else {
      mt_.seed_entropy();
    }
    has_gauss_next_ = false;
    gauss_next_ = 0.0;
  }

  /// `random()`: a double in [0, 1).
  double random() { return mt_.random(); }

  /// `randint(a, b)`: uniform integer in [a, b] (`a + _randbelow(b - a + 1)`).
  std::int64_t randint(std::int64_t a, std::int64_t b) {
    if (b < a) throw InvalidInput("PyRng: empty range for randint");
    return a + static_cast<std::int64_t>(mt_.randbelow(static_cast<std::uint64_t>(b - a) + 1));
  }

  /// `_randbelow(n)`: what `choice` over a sequence of length n uses for the index.
  std::uint64_t randbelow(std::uint64_t n) { return mt_.randbelow(n); }

  /// `getrandbits(k)` for k <= 64.
  std::uint64_t getrandbits(unsigned k) { return mt_.getrandbits(k); }

  /// `uniform(a, b)`: `a + (b - a) * random()`.
  double uniform(double a, double b) { return a + (b - a) * random(); }

  /// `gauss(mu, sigma)`: CPython's Box-Muller pair; the second value is cached for the next
  /// call.
  double gauss(double mu, double sigma) {
    double z = gauss_next_;
    const bool cached = has_gauss_next_;
    has_gauss_next_ = false;
    gauss_next_ = 0.0;
    if (!cached) {
      constexpr double two_pi = 2.0 * 3.141592653589793;
      const double x2pi = random() * two_pi;
      const double g2rad = std::sqrt(-2.0 * std::log(1.0 - random()));
      z = std::cos(x2pi) * g2rad;
      gauss_next_ = std::sin(x2pi) * g2rad;
      has_gauss_next_ = true;
    }
    return mu + z * sigma;
  }

  /// cereal hook: the Mersenne Twister state and the cached Gaussian.
  template <class Archive>
  void serialize(Archive& ar) {
    ar(mt_, has_gauss_next_, gauss_next_);
  }

  friend bool operator==(const PyRng&, const PyRng&) = default;

 private:
  PythonRandom mt_{};
  bool has_gauss_next_ = false;
  double gauss_next_ = 0.0;
};

}  // namespace streamwise::datasets::detail
