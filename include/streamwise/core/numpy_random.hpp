#pragma once
/// @file
/// A generator that reproduces numpy's legacy `np.random.RandomState` draw for draw.
///
/// River's `optim.initializers.Normal` draws its weights with
/// `np.random.RandomState(seed).normal(mu, sigma)`. To start a model from the very same
/// weights, streamwise needs numpy's exact stream: the Mersenne Twister MT19937 seeded from a
/// 32-bit integer the way numpy's legacy seeding does (Matsumoto and Nishimura's
/// `init_genrand`, not CPython's `init_by_array`), `random_sample` built from two 32-bit draws
/// (53 bits), and the legacy Gaussian: Marsaglia's polar method, which makes two normals per
/// accepted pair and hands out the second one on the next call. Only what streamwise needs is
/// provided; everything else should use `streamwise::Rng`.

#include <array>
#include <cmath>
#include <cstdint>
#include <random>

#include <cereal/cereal.hpp>
#include <cereal/types/array.hpp>

#include "streamwise/core/errors.hpp"

namespace streamwise {

/// numpy-compatible legacy `RandomState` (MT19937): same seed, same draws as numpy.
///
/// ```cpp
/// streamwise::NumpyRandomState rng(42);  // np.random.RandomState(42)
/// double u = rng.random_sample();        // rng.random_sample()
/// double z = rng.normal(0.0, 1.0);       // rng.normal(0.0, 1.0): 0.4967141530112327
/// ```
class NumpyRandomState {
 public:
  /// Number of 32-bit words in the Mersenne Twister state.
  static constexpr std::size_t state_size = 624;

  /// Seeds like `np.random.RandomState(seed)` for an integer seed in [0, 2^32).
  explicit NumpyRandomState(std::uint32_t seed = 0) { seed_int(seed); }

  /// Re-seeds like `RandomState.seed(seed)` with an integer: the classic `init_genrand`.
  /// Any cached Gaussian is dropped.
  void seed_int(std::uint32_t seed) {
    state_[0] = seed;
    for (std::size_t i = 1; i < state_size; ++i) {
      state_[i] =
          1812433253u * (state_[i - 1] ^ (state_[i - 1] >> 30)) + static_cast<std::uint32_t>(i);
    }
    index_ = state_size;
    has_gauss_ = false;
    gauss_ = 0.0;
  }

  /// Seeds from operating-system entropy, like `np.random.RandomState(None)`: random state
  /// words with the top bit of the first one set so the state is never all zero. The draws
  /// cannot be reproduced (use an integer seed for that).
  void seed_entropy() {
    std::random_device device;
    for (auto& word : state_) word = device();
    state_[0] = 0x80000000u;
    index_ = state_size;
    has_gauss_ = false;
    gauss_ = 0.0;
  }

  /// Next raw 32-bit output of MT19937.
  std::uint32_t next_u32() {
    if (index_ >= state_size) twist();
    std::uint32_t y = state_[index_++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= (y >> 18);
    return y;
  }

  /// `RandomState.random_sample()`: a double in [0, 1) from 27 + 26 random bits.
  double random_sample() {
    const std::uint32_t a = next_u32() >> 5;
    const std::uint32_t b = next_u32() >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /// `RandomState.standard_normal()`: numpy's legacy polar-method Gaussian. Each accepted pair
  /// yields two values; the second is cached and returned by the next call.
  double gauss() {
    if (has_gauss_) {
      const double cached = gauss_;
      has_gauss_ = false;
      gauss_ = 0.0;
      return cached;
    }
    double x1 = 0.0, x2 = 0.0, r2 = 0.0;
    do {
      x1 = 2.0 * random_sample() - 1.0;
      x2 = 2.0 * random_sample() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    const double f = std::sqrt(-2.0 * std::log(r2) / r2);
    gauss_ = f * x1;
    has_gauss_ = true;
    return f * x2;
  }

  /// `RandomState.normal(loc, scale)`: `loc + scale * gauss()`.
  double normal(double loc, double scale) { return loc + scale * gauss(); }

  /// The Mersenne Twister key words (numpy's `get_state()[1]`).
  const std::array<std::uint32_t, state_size>& key() const { return state_; }
  /// Position in the key (numpy's `get_state()[2]`).
  std::uint64_t position() const { return index_; }
  /// Whether a second Gaussian is cached (numpy's `get_state()[3]`).
  bool has_gauss() const { return has_gauss_; }

  /// cereal hook: the whole Mersenne Twister state, position and cached Gaussian.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(state_, index_, has_gauss_, gauss_);
    if (index_ > state_size) throw CheckpointError("NumpyRandomState: state index out of range");
  }

  friend bool operator==(const NumpyRandomState&, const NumpyRandomState&) = default;

 private:
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
  bool has_gauss_ = false;
  double gauss_ = 0.0;
};

}  // namespace streamwise
