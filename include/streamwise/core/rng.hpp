#pragma once
/// @file
/// A seeded pseudo-random generator whose output is identical on every platform and compiler.
///
/// `std::` distributions are implementation-defined, so streamwise never uses them: every draw
/// (uniform, normal, Poisson, integer ranges) is computed here from xoshiro256** bits.

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace streamwise {

/// xoshiro256** (Blackman & Vigna), seeded through SplitMix64.
class Rng {
 public:
  /// Seeds the generator; the same seed gives the same sequence everywhere.
  explicit Rng(std::uint64_t seed = 0) { reseed(seed); }

  /// Restarts the sequence from `seed`.
  void reseed(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& word : state_) word = splitmix64(x);
    has_spare_normal_ = false;
  }

  /// The next 64 random bits.
  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  /// Uniform double in [low, high).
  double uniform(double low, double high) { return low + (high - low) * uniform(); }

  /// Uniform integer in [0, n); n must be > 0. Unbiased: draws below 2^64 mod n are rejected.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t threshold = (0 - n) % n;
    for (;;) {
      const std::uint64_t r = next_u64();
      if (r >= threshold) return r % n;
    }
  }

  /// Standard normal draw (Marsaglia polar method; the spare value is kept for the next call).
  double normal() {
    if (has_spare_normal_) {
      has_spare_normal_ = false;
      return spare_normal_;
    }
    double u = 0.0, v = 0.0, s = 0.0;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * std::log(s) / s);
    spare_normal_ = v * factor;
    has_spare_normal_ = true;
    return u * factor;
  }

  /// Normal draw with the given mean and standard deviation.
  double normal(double mean, double stddev) { return mean + stddev * normal(); }

  /// Poisson draw (Knuth's multiplication method; meant for the small rates of online bagging).
  std::uint32_t poisson(double lambda) {
    const double limit = std::exp(-lambda);
    std::uint32_t k = 0;
    double product = uniform();
    while (product > limit) {
      ++k;
      product *= uniform();
    }
    return k;
  }

  /// Bernoulli draw with success probability p.
  bool bernoulli(double p) { return uniform() < p; }

  /// cereal hook: the whole state, so a restored generator continues the same sequence.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(state_, has_spare_normal_, spare_normal_);
  }

  friend bool operator==(const Rng&, const Rng&) = default;

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  std::array<std::uint64_t, 4> state_{};
  bool has_spare_normal_ = false;
  double spare_normal_ = 0.0;
};

}  // namespace streamwise
