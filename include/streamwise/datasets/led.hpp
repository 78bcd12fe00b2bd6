#pragma once
/// @file
/// River's `datasets.synth.LED`: the digit shown on a noisy seven-segment display.

#include <array>
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
/// The seven segments (on = 1) of each digit 0-9, in River's order.
inline constexpr std::array<std::array<std::uint8_t, 7>, 10> led_segments{{
    {1, 1, 1, 0, 1, 1, 1},
    {0, 0, 1, 0, 0, 1, 0},
    {1, 0, 1, 1, 1, 0, 1},
    {1, 0, 1, 1, 0, 1, 1},
    {0, 1, 1, 1, 0, 1, 0},
    {1, 1, 0, 1, 0, 1, 1},
    {1, 1, 0, 1, 1, 1, 1},
    {1, 0, 1, 0, 0, 1, 0},
    {1, 1, 1, 1, 1, 1, 1},
    {1, 1, 1, 1, 0, 1, 1},
}};
}  // namespace detail

/// LED stream (Breiman et al.): the class is a digit 0-9; features `0`..`6` are its seven
/// segments (0/1), each inverted when `0.01 + u <= noise_percentage`; with
/// `irrelevant_features`, 17 random bits `7`..`23` follow. Same seed, same samples as River.
///
/// ```cpp
/// streamwise::datasets::LED gen({.seed = 112, .noise_percentage = 0.28});
/// auto s = gen.next();  // s.x = {1, 0, 1, 0, 0, 1, 0}, s.y = 7
/// ```
class LED {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    std::optional<std::int64_t> seed = std::nullopt;  ///< Random seed; none draws one from the OS.
    double noise_percentage = 0.0;     ///< Segment inversion probability (shifted by 0.01).
    bool irrelevant_features = false;  ///< Append 17 random binary features.

    template <class V>
    void visit(V&& v) {
      v("seed", seed);
      v("noise_percentage", noise_percentage);
      v("irrelevant_features", irrelevant_features);
    }
    /// Throws `std::invalid_argument` for a noise outside [0, 1].
    void validate() const {
      if (!(noise_percentage >= 0.0 && noise_percentage <= 1.0)) {
        throw invalid_parameter("LED", "noise_percentage", "in [0, 1]");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(seed, noise_percentage, irrelevant_features);
    }
  };
  /// What `next` produces.
  using Sample = ClassificationSample;
  static constexpr std::string_view name = "LED";
  static constexpr std::uint32_t class_version = 1;
  /// Number of display segments (the relevant features).
  static constexpr std::size_t n_relevant_features = 7;
  /// Number of features with the irrelevant ones.
  static constexpr std::size_t n_features_with_irrelevant = 24;

  /// River's defaults (unseeded).
  LED() : LED(Params{}) {}
  /// Validates `params` and starts the stream.
  explicit LED(const Params& params) : params_(params) {
    params_.validate();
    reset();
  }

  /// Restarts the stream from its seed (River's `iter(dataset)`).
  void reset() { rng_.reseed(params_.seed); }

  /// Writes the next sample into `out`; always true (the stream is infinite).
  bool next(Sample& out) {
    out.x.resize(n_features());
    const auto y = static_cast<std::size_t>(rng_.randint(0, 9));
    for (std::size_t i = 0; i < n_relevant_features; ++i) {
      const bool on = detail::led_segments[y][i] != 0;
      const bool flip = 0.01 + rng_.random() <= params_.noise_percentage;
      out.x[i] = (on != flip) ? 1.0 : 0.0;
    }
    if (params_.irrelevant_features) {
      for (std::size_t i = n_relevant_features; i < n_features_with_irrelevant; ++i) {
        out.x[i] = static_cast<double>(rng_.randbelow(2));  // choice([0, 1])
      }
    }
    out.y = static_cast<ClassId>(y);
    return true;
  }
  /// The next sample, as a new object.
  Sample next() {
    Sample s;
    next(s);
    return s;
  }

  /// Number of features: 7, or 24 with the irrelevant ones.
  std::size_t n_features() const {
    return params_.irrelevant_features ? n_features_with_irrelevant : n_relevant_features;
  }
  /// Feature names, River's keys: "0", "1", ...
  std::vector<std::string> feature_names() const {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < n_features(); ++i) names.push_back(std::to_string(i));
    return names;
  }
  /// Number of classes (10).
  std::size_t n_classes() const { return 10; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("LED: checkpoint from a newer version");
    ar(params_, rng_);
    params_.validate();
  }

  friend bool operator==(const LED&, const LED&) = default;

 private:
  Params params_;
  detail::PyRng rng_;
};

}  // namespace streamwise::datasets

CEREAL_CLASS_VERSION(streamwise::datasets::LED, streamwise::datasets::LED::class_version)
