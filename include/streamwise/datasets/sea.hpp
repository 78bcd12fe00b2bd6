#pragma once
/// @file
/// River's `datasets.synth.SEA`: three uniform features, a threshold on the first two.

#include <array>
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

/// SEA stream (Street and Kim): features `0`, `1`, `2` uniform in [0, 10); the class is 1 when
/// `x0 + x1` exceeds the variant's threshold (8, 9, 7 or 9.5), flipped with probability
/// `noise`. Same seed, same samples as River, bit for bit.
///
/// ```cpp
/// streamwise::datasets::SEA sea({.variant = 0, .seed = 42});
/// streamwise::datasets::ClassificationSample s;
/// sea.next(s);  // s.x = {6.394267984578837, 0.25010755222666936, 2.7502931836911926}, s.y = 0
/// ```
class SEA {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    std::int64_t variant = 0;                         ///< Threshold choice: 0, 1, 2 or 3.
    double noise = 0.0;                               ///< Probability that a label is flipped.
    std::optional<std::int64_t> seed = std::nullopt;  ///< Random seed; none draws one from the OS.

    template <class V>
    void visit(V&& v) {
      v("variant", variant);
      v("noise", noise);
      v("seed", seed);
    }
    /// Throws `std::invalid_argument` for a variant outside 0-3 or a noise outside [0, 1].
    void validate() const {
      if (variant < 0 || variant > 3) throw invalid_parameter("SEA", "variant", "0, 1, 2 or 3");
      if (!(noise >= 0.0 && noise <= 1.0)) throw invalid_parameter("SEA", "noise", "in [0, 1]");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(variant, noise, seed);
    }
  };
  /// What `next` produces.
  using Sample = ClassificationSample;
  static constexpr std::string_view name = "SEA";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (unseeded).
  SEA() : SEA(Params{}) {}
  /// Validates `params` and starts the stream.
  explicit SEA(const Params& params) : params_(params) {
    params_.validate();
    reset();
  }

  /// Restarts the stream from its seed (River's `iter(dataset)`).
  void reset() { rng_.reseed(params_.seed); }

  /// Writes the next sample into `out`; always true (the stream is infinite).
  bool next(Sample& out) {
    out.x.resize(3);
    for (std::size_t i = 0; i < 3; ++i) out.x[i] = rng_.uniform(0.0, 10.0);
    bool y = out.x[0] + out.x[1] > threshold();
    if (params_.noise != 0.0 && rng_.random() < params_.noise) y = !y;
    out.y = y ? 1 : 0;
    return true;
  }
  /// The next sample, as a new object.
  Sample next() {
    Sample s;
    next(s);
    return s;
  }

  /// Number of features (3).
  std::size_t n_features() const { return 3; }
  /// Feature names, River's keys: "0", "1", "2".
  std::vector<std::string> feature_names() const { return {"0", "1", "2"}; }
  /// Number of classes (2).
  std::size_t n_classes() const { return 2; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("SEA: checkpoint from a newer version");
    ar(params_, rng_);
    params_.validate();  // a damaged checkpoint must not index out of range
  }

  friend bool operator==(const SEA&, const SEA&) = default;

 private:
  double threshold() const {
    constexpr std::array<double, 4> thresholds{8.0, 9.0, 7.0, 9.5};
    return thresholds[static_cast<std::size_t>(params_.variant)];
  }

  Params params_;
  detail::PyRng rng_;
};

}  // namespace streamwise::datasets

CEREAL_CLASS_VERSION(streamwise::datasets::SEA, streamwise::datasets::SEA::class_version)
