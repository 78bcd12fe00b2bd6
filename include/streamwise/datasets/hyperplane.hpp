#pragma once
/// @file
/// River's `datasets.synth.Hyperplane`: a rotating hyperplane in [0, 1)^d.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/datasets/detail/python_rng.hpp"
#include "streamwise/datasets/sample.hpp"

namespace streamwise::datasets {

/// Rotating hyperplane (Hulten et al.): features `0`..`n_features-1` uniform in [0, 1); the
/// class is 1 when `sum(w_i x_i) >= sum(w_i) / 2`, flipped when `0.01 + u <= noise_percentage`.
/// After each sample the first `n_drift_features` weights move by `mag_change` in their
/// direction, which reverses when `0.01 + u <= sigma`. Same seed, same samples as River.
///
/// ```cpp
/// streamwise::datasets::Hyperplane gen({.seed = 42, .n_features = 2});
/// auto s = gen.next();  // s.x = {0.2750..., 0.2232...}, s.y = 0
/// ```
class Hyperplane {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    std::optional<std::int64_t> seed = std::nullopt;  ///< Random seed; none draws one from the OS.
    std::int64_t n_features = 10;                     ///< Dimension, >= 1.
    std::int64_t n_drift_features = 2;                ///< Weights that drift, in [0, n_features].
    double mag_change = 0.0;                          ///< Weight change per sample, in [0, 1].
    double noise_percentage = 0.05;                   ///< Label noise, in [0, 1].
    double sigma = 0.1;  ///< Direction reversal probability, in [0, 1].

    template <class V>
    void visit(V&& v) {
      v("seed", seed);
      v("n_features", n_features);
      v("n_drift_features", n_drift_features);
      v("mag_change", mag_change);
      v("noise_percentage", noise_percentage);
      v("sigma", sigma);
    }
    /// Throws `std::invalid_argument` for a parameter out of range.
    void validate() const {
      if (n_features < 1) throw invalid_parameter("Hyperplane", "n_features", ">= 1");
      if (n_drift_features < 0 || n_drift_features > n_features) {
        throw invalid_parameter("Hyperplane", "n_drift_features", "in [0, n_features]");
      }
      if (!(mag_change >= 0.0 && mag_change <= 1.0)) {
        throw invalid_parameter("Hyperplane", "mag_change", "in [0, 1]");
      }
      if (!(noise_percentage >= 0.0 && noise_percentage <= 1.0)) {
        throw invalid_parameter("Hyperplane", "noise_percentage", "in [0, 1]");
      }
      if (!(sigma >= 0.0 && sigma <= 1.0))
        throw invalid_parameter("Hyperplane", "sigma", "in [0, 1]");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(seed, n_features, n_drift_features, mag_change, noise_percentage, sigma);
    }
  };
  /// What `next` produces.
  using Sample = ClassificationSample;
  static constexpr std::string_view name = "Hyperplane";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (unseeded).
  Hyperplane() : Hyperplane(Params{}) {}
  /// Validates `params` and starts the stream.
  explicit Hyperplane(const Params& params) : params_(params) {
    params_.validate();
    reset();
  }

  /// Restarts the stream from its seed (River's `iter(dataset)`): draws fresh weights.
  void reset() {
    rng_.reseed(params_.seed);
    const auto d = static_cast<std::size_t>(params_.n_features);
    weights_.resize(d);
    for (auto& w : weights_) w = rng_.random();
    direction_.assign(static_cast<std::size_t>(params_.n_drift_features), 1.0);
  }

  /// Writes the next sample into `out`; always true (the stream is infinite).
  bool next(Sample& out) {
    const std::size_t d = weights_.size();
    double sum_weights = 0.0;
    for (double w : weights_) sum_weights += w;
    double sum_value = 0.0;
    out.x.resize(d);
    for (std::size_t i = 0; i < d; ++i) {
      out.x[i] = rng_.random();
      sum_value += weights_[i] * out.x[i];
    }
    int y = sum_value >= sum_weights * 0.5 ? 1 : 0;
    if (0.01 + rng_.random() <= params_.noise_percentage) y = 1 - y;
    for (std::size_t i = 0; i < direction_.size(); ++i) {
      weights_[i] += direction_[i] * params_.mag_change;
      if (0.01 + rng_.random() <= params_.sigma) direction_[i] = -direction_[i];
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

  /// Current hyperplane weights.
  const std::vector<double>& weights() const { return weights_; }

  /// Number of features.
  std::size_t n_features() const { return weights_.size(); }
  /// Feature names, River's keys: "0", "1", ...
  std::vector<std::string> feature_names() const {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < weights_.size(); ++i) names.push_back(std::to_string(i));
    return names;
  }
  /// Number of classes (2).
  std::size_t n_classes() const { return 2; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("Hyperplane: checkpoint from a newer version");
    }
    ar(params_, rng_, weights_, direction_);
    params_.validate();
    if (weights_.size() != static_cast<std::size_t>(params_.n_features) ||
        direction_.size() != static_cast<std::size_t>(params_.n_drift_features)) {
      throw CheckpointError("Hyperplane: state does not match the parameters");
    }
  }

  friend bool operator==(const Hyperplane&, const Hyperplane&) = default;

 private:
  Params params_;
  detail::PyRng rng_;
  std::vector<double> weights_;
  std::vector<double> direction_;  // +1 or -1 per drifting weight
};

}  // namespace streamwise::datasets

CEREAL_CLASS_VERSION(streamwise::datasets::Hyperplane,
                     streamwise::datasets::Hyperplane::class_version)
