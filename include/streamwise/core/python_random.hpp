#pragma once
/// @file
/// A generator that reproduces CPython's `random.Random` draw for draw.
///
/// Some River estimators take their randomness from Python's `random` module (KSWIN samples
/// its reference window with `random.Random(seed).sample`). To flag the same indices as River,
/// streamwise needs the very same numbers: the Mersenne Twister MT19937 seeded the way CPython
/// seeds it from an integer (`init_by_array` over the 32-bit words of `abs(seed)`), and the
/// exact consumption pattern of `getrandbits`, `_randbelow` and `sample`. Only what streamwise
/// needs is provided. Everything else should use `streamwise::Rng`, which is faster.

#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "streamwise/core/errors.hpp"

namespace streamwise {

/// CPython-compatible `random.Random` (MT19937): same seed, same draws as Python 3.
///
/// ```cpp
/// streamwise::PythonRandom rng(42);   // random.Random(42)
/// double u = rng.random();            // rng.random()
/// std::uint64_t j = rng.randbelow(10);  // rng._randbelow(10), i.e. rng.randrange(10)
/// ```
class PythonRandom {
 public:
  /// Number of 32-bit words in the Mersenne Twister state.
  static constexpr std::size_t state_size = 624;

  /// Seeds like `random.Random(seed)`; negative seeds use `abs(seed)` as Python does.
  explicit PythonRandom(std::int64_t seed = 0) { seed_int(seed); }

  /// Re-seeds like `random.seed(seed)` with an integer.
  void seed_int(std::int64_t seed) {
    // abs() of INT64_MIN does not fit an int64, but it does fit the uint64 magnitude.
    const std::uint64_t magnitude = seed < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(seed)
                                             : static_cast<std::uint64_t>(seed);
    const auto low = static_cast<std::uint32_t>(magnitude & 0xFFFFFFFFu);
    const auto high = static_cast<std::uint32_t>(magnitude >> 32);
    if (high != 0) {
      const std::uint32_t key[2] = {low, high};
      init_by_array(key);
    } else {
      const std::uint32_t key[1] = {low};  // zero too: CPython uses one zero word
      init_by_array(key);
    }
  }

  /// Seeds from operating-system entropy, like `random.Random(None)`. The draws cannot be
  /// reproduced (use an integer seed for that).
  void seed_entropy() {
    std::random_device device;
    std::array<std::uint32_t, state_size> key{};
    for (auto& word : key) word = device();
    init_by_array(key);
  }

  /// Next raw 32-bit output of MT19937 (CPython's `genrand_uint32`).
  std::uint32_t next_u32() {
    if (index_ >= state_size) twist();
    std::uint32_t y = state_[index_++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= (y >> 18);
    return y;
  }

  /// `random.random()`: a double in [0, 1) built from 53 random bits.
  double random() {
    const std::uint32_t a = next_u32() >> 5;
    const std::uint32_t b = next_u32() >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /// `random.getrandbits(k)` for 0 <= k <= 64. Words are consumed least significant first;
  /// the last (most significant) word keeps its top bits, as CPython does.
  std::uint64_t getrandbits(unsigned k) {
    if (k > 64) throw InvalidInput("PythonRandom: getrandbits supports at most 64 bits");
    if (k == 0) return 0;
    if (k <= 32) return next_u32() >> (32 - k);
    const std::uint64_t low = next_u32();
    std::uint64_t high = next_u32();
    high >>= (64 - k);
    return low | (high << 32);
  }

  /// `random.Random._randbelow(n)` (what `randrange(n)` uses): uniform in [0, n), by drawing
  /// `n.bit_length()` bits until the value is below n. n must be > 0.
  std::uint64_t randbelow(std::uint64_t n) {
    if (n == 0) throw InvalidInput("PythonRandom: randbelow needs n > 0");
    const unsigned k = bit_length(n);
    std::uint64_t r = getrandbits(k);
    while (r >= n) r = getrandbits(k);
    return r;
  }

  /// Scratch buffers `sample` reuses, so repeated samples do not allocate once warm.
  struct SampleScratch {
    std::vector<std::uint64_t> pool;  ///< The candidate list of the list-based method.
    std::vector<bool> selected;       ///< Membership flags of the set-based method.
  };

  /// `random.sample(range(n), k)` written into `out` (size k), in selection order. Chooses
  /// between CPython's two methods (a shrinking pool, or rejection against the chosen set)
  /// with CPython's own size rule, so the draws match. Requires k <= n.
  void sample_range(std::uint64_t n, std::span<std::uint64_t> out, SampleScratch& scratch) {
    const std::uint64_t k = out.size();
    if (k > n) throw InvalidInput("PythonRandom: sample larger than population");
    if (n <= sample_set_size(k)) {
      auto& pool = scratch.pool;
      pool.resize(n);
      for (std::uint64_t i = 0; i < n; ++i) pool[i] = i;
      for (std::uint64_t i = 0; i < k; ++i) {
        const std::uint64_t j = randbelow(n - i);
        out[i] = pool[j];
        pool[j] = pool[n - i - 1];
      }
    } else {
      auto& selected = scratch.selected;
      selected.assign(n, false);
      for (std::uint64_t i = 0; i < k; ++i) {
        std::uint64_t j = randbelow(n);
        while (selected[j]) j = randbelow(n);
        selected[j] = true;
        out[i] = j;
      }
    }
  }

  /// Convenience overload returning a new vector.
  std::vector<std::uint64_t> sample_range(std::uint64_t n, std::uint64_t k) {
    std::vector<std::uint64_t> out(k);
    SampleScratch scratch;
    sample_range(n, out, scratch);
    return out;
  }

  /// The population size at or below which CPython's `sample` uses the list-based method:
  /// `21 + 4 ** ceil(log(3k, 4))` for k > 5, else 21.
  static std::uint64_t sample_set_size(std::uint64_t k) {
    std::uint64_t setsize = 21;
    if (k > 5) {
      // Python evaluates math.log(k * 3, 4) as log(3k) / log(4) in doubles.
      const double exponent = std::ceil(std::log(static_cast<double>(k * 3)) / std::log(4.0));
      std::uint64_t power = 1;
      for (int i = 0; i < static_cast<int>(exponent); ++i) power *= 4;
      setsize += power;
    }
    return setsize;
  }

  /// cereal hook: the whole Mersenne Twister state and position.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(state_, index_);
    if (index_ > state_size) throw CheckpointError("PythonRandom: state index out of range");
  }

  friend bool operator==(const PythonRandom&, const PythonRandom&) = default;

 private:
  static unsigned bit_length(std::uint64_t n) {
    unsigned bits = 0;
    while (n != 0) {
      ++bits;
      n >>= 1;
    }
    return bits;
  }

  void init_genrand(std::uint32_t s) {
    state_[0] = s;
    for (std::size_t i = 1; i < state_size; ++i) {
      state_[i] =
          1812433253u * (state_[i - 1] ^ (state_[i - 1] >> 30)) + static_cast<std::uint32_t>(i);
    }
    index_ = state_size;
  }

  void init_by_array(std::span<const std::uint32_t> key) {
    init_genrand(19650218u);
    std::size_t i = 1, j = 0;
    const std::size_t key_length = key.size();
    for (std::size_t k = state_size > key_length ? state_size : key_length; k != 0; --k) {
      state_[i] = (state_[i] ^ ((state_[i - 1] ^ (state_[i - 1] >> 30)) * 1664525u)) + key[j] +
                  static_cast<std::uint32_t>(j);
      ++i;
      ++j;
      if (i >= state_size) {
        state_[0] = state_[state_size - 1];
        i = 1;
      }
      if (j >= key_length) j = 0;
    }
    for (std::size_t k = state_size - 1; k != 0; --k) {
      state_[i] = (state_[i] ^ ((state_[i - 1] ^ (state_[i - 1] >> 30)) * 1566083941u)) -
                  static_cast<std::uint32_t>(i);
      ++i;
      if (i >= state_size) {
        state_[0] = state_[state_size - 1];
        i = 1;
      }
    }
    state_[0] = 0x80000000u;  // the most significant bit is 1: a non-zero initial state
    index_ = state_size;
  }

  void twist() {
    constexpr std::size_t m = 397;
    constexpr std::uint32_t matrix_a = 0x9908b0dfu, upper = 0x80000000u, lower = 0x7fffffffu;
    for (std::size_t kk = 0; kk < state_size; ++kk) {
      const std::uint32_t y = (state_[kk] & upper) | (state_[(kk + 1) % state_size] & lower);
      state_[kk] = state_[(kk + m) % state_size] ^ (y >> 1) ^ ((y & 1u) ? matrix_a : 0u);
    }
    index_ = 0;
  }

  std::array<std::uint32_t, state_size> state_{};
  std::uint64_t index_ = state_size;
};

/// River's `utils.random.poisson(rate, rng)`: multiply uniforms until the product drops to
/// `exp(-rate)` or below; the number of factors minus one. Same generator, same draws (the
/// bagging ensembles and the adaptive random forests draw their sample weights with it).
inline std::uint32_t python_poisson(double rate, PythonRandom& rng) {
  const double limit = std::exp(-rate);
  std::uint32_t k = 0;
  double p = 1.0;
  while (p > limit) {
    ++k;
    p *= rng.random();
  }
  return k - 1;
}

}  // namespace streamwise
