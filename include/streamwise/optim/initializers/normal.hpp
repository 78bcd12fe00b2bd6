#pragma once
/// @file
/// Random normal weight initializer, River's `optim.initializers.Normal`.

#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/numpy_random.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::optim::initializers {

/// Draws each new weight from a normal distribution N(mu, sigma^2), with numpy's legacy
/// `RandomState(seed).normal(mu, sigma)` stream, so a seeded model starts from exactly
/// River's weights. The generator state (including numpy's cached second Gaussian) is part of
/// checkpoints: a restored initializer continues the same sequence. Without a seed, the
/// generator is seeded from the operating system, as River does.
///
/// ```cpp
/// streamwise::optim::initializers::Normal init({.mu = 0.0, .sigma = 1.0, .seed = 42});
/// init.next();  // 0.4967141530112327
/// init.next();  // -0.13826430117118466
/// ```
class Normal {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    double mu = 0.0;                     ///< Mean (finite).
    double sigma = 1.0;                  ///< Standard deviation (finite, >= 0).
    std::optional<std::int64_t> seed{};  ///< None (OS entropy) or an integer in [0, 2^32).

    template <class V>
    void visit(V&& v) {
      v("mu", mu);
      v("sigma", sigma);
      v("seed", seed);
    }

    /// Throws `std::invalid_argument("Normal: <param> must be ...")`.
    void validate() const {
      if (!std::isfinite(mu)) throw invalid_parameter("Normal", "mu", "finite");
      if (!(std::isfinite(sigma) && sigma >= 0.0)) {
        throw invalid_parameter("Normal", "sigma", "finite and >= 0");
      }
      if (seed && (*seed < 0 || *seed > std::int64_t{0xFFFFFFFF})) {
        throw invalid_parameter("Normal", "seed", "None or in [0, 4294967295]");
      }
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(mu, sigma, seed);
    }
  };

  static constexpr std::string_view name = "Normal";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults: N(0, 1), seeded from the operating system.
  Normal() : Normal(Params{}) {}
  /// Validates `params` (throws `std::invalid_argument`) and seeds the generator.
  explicit Normal(const Params& params) : params_(params) {
    params_.validate();
    if (params_.seed) {
      rng_.seed_int(static_cast<std::uint32_t>(*params_.seed));
    } else {
      rng_.seed_entropy();
    }
  }

  /// The next initial weight: `mu + sigma * z` with z numpy's next legacy Gaussian.
  double next() { return rng_.normal(params_.mu, params_.sigma); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: the parameters and the full generator state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Normal: checkpoint from a newer version");
    ar(params_, rng_);
  }

  friend bool operator==(const Normal&, const Normal&) = default;

 private:
  Params params_{};
  NumpyRandomState rng_{};
};

}  // namespace streamwise::optim::initializers

CEREAL_CLASS_VERSION(streamwise::optim::initializers::Normal,
                     streamwise::optim::initializers::Normal::class_version)
