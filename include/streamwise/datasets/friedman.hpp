#pragma once
/// @file
/// River's `datasets.synth.Friedman`: Friedman's regression function #1.

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/datasets/detail/python_rng.hpp"
#include "streamwise/datasets/sample.hpp"

namespace streamwise::datasets {

namespace detail {
/// Friedman #1 without noise: `10 sin(pi x0 x1) + 20 (x2 - 0.5)^2 + 10 x3 + 5 x4`, evaluated
/// in River's order (the square through `pow`, as Python's `**` does).
inline double friedman1(const double* x) {
  return 10.0 * std::sin(3.141592653589793 * x[0] * x[1]) + 20.0 * py_pow(x[2] - 0.5, 2.0) +
         10.0 * x[3] + 5.0 * x[4];
}
}  // namespace detail

/// Friedman #1 regression stream: features `0`..`9` uniform in [0, 1); the target is
/// `10 sin(pi x0 x1) + 20 (x2 - 0.5)^2 + 10 x3 + 5 x4 + N(0, 1)` (the last five features are
/// noise). Same seed, same samples as River, bit for bit.
///
/// ```cpp
/// streamwise::datasets::Friedman gen({.seed = 42});
/// auto s = gen.next();  // s.x[0] = 0.6394267984578837, s.y = 7.66...
/// ```
class Friedman {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    std::optional<std::int64_t> seed = std::nullopt;  ///< Random seed; none draws one from the OS.

    template <class V>
    void visit(V&& v) {
      v("seed", seed);
    }
    /// Nothing to check.
    void validate() const {}
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(seed);
    }
  };
  /// What `next` produces.
  using Sample = RegressionSample;
  static constexpr std::string_view name = "Friedman";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (unseeded).
  Friedman() : Friedman(Params{}) {}
  /// Starts the stream.
  explicit Friedman(const Params& params) : params_(params) {
    params_.validate();
    reset();
  }

  /// Restarts the stream from its seed (River's `iter(dataset)`).
  void reset() { rng_.reseed(params_.seed); }

  /// Writes the next sample into `out`; always true (the stream is infinite).
  bool next(Sample& out) {
    out.x.resize(10);
    for (auto& v : out.x) v = rng_.uniform(0.0, 1.0);
    out.y = detail::friedman1(out.x.data()) + rng_.gauss(0.0, 1.0);
    return true;
  }
  /// The next sample, as a new object.
  Sample next() {
    Sample s;
    next(s);
    return s;
  }

  /// Number of features (10).
  std::size_t n_features() const { return 10; }
  /// Feature names, River's keys: "0", ..., "9".
  std::vector<std::string> feature_names() const {
    return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
  }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Friedman: checkpoint from a newer version");
    ar(params_, rng_);
  }

  friend bool operator==(const Friedman&, const Friedman&) = default;

 private:
  Params params_;
  detail::PyRng rng_;
};

}  // namespace streamwise::datasets

CEREAL_CLASS_VERSION(streamwise::datasets::Friedman, streamwise::datasets::Friedman::class_version)
