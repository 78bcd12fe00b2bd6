#pragma once
/// @file
/// River's `datasets.synth.LEDDrift`: LED with segments swapped into irrelevant positions.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/optional.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/datasets/detail/python_rng.hpp"
#include "streamwise/datasets/led.hpp"
#include "streamwise/datasets/sample.hpp"

namespace streamwise::datasets {

/// LED with drift: as `LED`, but with `irrelevant_features` and `n_drift_features > 0` the
/// stream starts by swapping `n_drift_features` segment positions with irrelevant ones (drawn
/// from the seed), so the informative features sit elsewhere than in a plain `LED`. A position
/// that no swap fills keeps River's placeholder -1. Same seed, same samples as River.
///
/// ```cpp
/// streamwise::datasets::LEDDrift gen({.seed = 112, .noise_percentage = 0.28,
///                                     .irrelevant_features = true, .n_drift_features = 4});
/// auto s = gen.next();  // 24 binary features, s.y = 7
/// ```
class LEDDrift {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    std::optional<std::int64_t> seed = std::nullopt;  ///< Random seed; none: from the OS.
    double noise_percentage = 0.0;      ///< Segment inversion probability (shifted by 0.01).
    bool irrelevant_features = false;   ///< Append 17 random binary features.
    std::int64_t n_drift_features = 0;  ///< Segments swapped with irrelevant features.

    template <class V>
    void visit(V&& v) {
      v("seed", seed);
      v("noise_percentage", noise_percentage);
      v("irrelevant_features", irrelevant_features);
      v("n_drift_features", n_drift_features);
    }
    /// Throws `std::invalid_argument` for a noise outside [0, 1] or a negative drift count.
    void validate() const {
      if (!(noise_percentage >= 0.0 && noise_percentage <= 1.0)) {
        throw invalid_parameter("LEDDrift", "noise_percentage", "in [0, 1]");
      }
      if (n_drift_features < 0) throw invalid_parameter("LEDDrift", "n_drift_features", ">= 0");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(seed, noise_percentage, irrelevant_features, n_drift_features);
    }
  };
  /// What `next` produces.
  using Sample = ClassificationSample;
  static constexpr std::string_view name = "LEDDrift";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (unseeded).
  LEDDrift() : LEDDrift(Params{}) {}
  /// Validates `params` and starts the stream.
  explicit LEDDrift(const Params& params) : params_(params) {
    params_.validate();
    reset();
  }

  /// Restarts the stream from its seed, drawing the swaps again.
  void reset() {
    rng_.reseed(params_.seed);
    for (std::size_t i = 0; i < attr_idx_.size(); ++i) attr_idx_[i] = static_cast<std::uint8_t>(i);
    if (params_.irrelevant_features && params_.n_drift_features > 0) {
      constexpr std::int64_t n_irrelevant = 17;
      const std::int64_t random_int = rng_.randint(0, 6);
      const std::int64_t offset = rng_.randint(0, n_irrelevant - 1);
      for (std::int64_t i = 0; i < params_.n_drift_features; ++i) {
        const auto a = static_cast<std::size_t>((i + random_int) % 7);
        const auto b = static_cast<std::size_t>(7 + (i + offset) % n_irrelevant);
        attr_idx_[a] = static_cast<std::uint8_t>(b);
        attr_idx_[b] = static_cast<std::uint8_t>(a);
      }
    }
  }

  /// Writes the next sample into `out`; always true (the stream is infinite).
  bool next(Sample& out) {
    const std::size_t d = n_features();
    out.x.assign(d, -1.0);  // River's placeholder for a position no segment lands on
    const auto y = static_cast<std::size_t>(rng_.randint(0, 9));
    for (std::size_t i = 0; i < LED::n_relevant_features; ++i) {
      const bool on = detail::led_segments[y][i] != 0;
      const bool flip = 0.01 + rng_.random() <= params_.noise_percentage;
      out.x[attr_idx_[i]] = (on != flip) ? 1.0 : 0.0;
    }
    if (params_.irrelevant_features) {
      for (std::size_t i = LED::n_relevant_features; i < LED::n_features_with_irrelevant; ++i) {
        out.x[attr_idx_[i]] = static_cast<double>(rng_.randbelow(2));  // choice([0, 1])
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

  /// Where each of the 24 source attributes is written (River's `_attr_idx`).
  const std::array<std::uint8_t, 24>& attribute_positions() const { return attr_idx_; }

  /// Number of features: 7, or 24 with the irrelevant ones.
  std::size_t n_features() const {
    return params_.irrelevant_features ? LED::n_features_with_irrelevant : LED::n_relevant_features;
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
    if (version > class_version) throw CheckpointError("LEDDrift: checkpoint from a newer version");
    ar(params_, rng_, attr_idx_);
    params_.validate();
    for (auto p : attr_idx_) {
      if (p >= 24) throw CheckpointError("LEDDrift: attribute position out of range");
    }
  }

  friend bool operator==(const LEDDrift&, const LEDDrift&) = default;

 private:
  Params params_;
  detail::PyRng rng_;
  std::array<std::uint8_t, 24> attr_idx_{};
};

}  // namespace streamwise::datasets

CEREAL_CLASS_VERSION(streamwise::datasets::LEDDrift, streamwise::datasets::LEDDrift::class_version)
