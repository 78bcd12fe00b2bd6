#pragma once
/// @file
/// River's `datasets.synth.RandomRBFDrift`: RandomRBF with moving centroids.

#include <algorithm>
#include <cmath>
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
#include "streamwise/datasets/random_rbf.hpp"
#include "streamwise/datasets/sample.hpp"

namespace streamwise::datasets {

/// RandomRBF with drift: the first `n_drift_centroids` centroids move by `change_speed` along a
/// random unit direction before every sample, bouncing off the faces of [0, 1]^d. Directions
/// are drawn from a second generator seeded with `seed_model`. A `n_drift_centroids` above
/// `n_centroids` means all of them (River warns and does the same). Same seeds, same samples
/// as River, bit for bit.
///
/// ```cpp
/// streamwise::datasets::RandomRBFDrift gen({.seed_model = 42, .seed_sample = 42, .n_classes = 4,
///                                           .n_features = 4, .n_centroids = 20,
///                                           .change_speed = 0.87, .n_drift_centroids = 10});
/// auto s = gen.next();  // s.x = {1.0989..., 0.3840..., 0.7759..., 0.6592...}, s.y = 2
/// ```
class RandomRBFDrift {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    std::optional<std::int64_t> seed_model = std::nullopt;   ///< Seed of the centroids.
    std::optional<std::int64_t> seed_sample = std::nullopt;  ///< Seed of the samples.
    std::int64_t n_classes = 2;                              ///< Number of classes, >= 1.
    std::int64_t n_features = 10;                            ///< Number of features, >= 1.
    std::int64_t n_centroids = 50;                           ///< Number of centroids, >= 1.
    double change_speed = 0.0;                               ///< Distance moved per sample.
    std::int64_t n_drift_centroids = 50;                     ///< Moving centroids, >= 0.

    template <class V>
    void visit(V&& v) {
      v("seed_model", seed_model);
      v("seed_sample", seed_sample);
      v("n_classes", n_classes);
      v("n_features", n_features);
      v("n_centroids", n_centroids);
      v("change_speed", change_speed);
      v("n_drift_centroids", n_drift_centroids);
    }
    /// Throws `std::invalid_argument` for a count out of range or a non-finite speed.
    void validate() const {
      if (n_classes < 1) throw invalid_parameter("RandomRBFDrift", "n_classes", ">= 1");
      if (n_features < 1) throw invalid_parameter("RandomRBFDrift", "n_features", ">= 1");
      if (n_centroids < 1) throw invalid_parameter("RandomRBFDrift", "n_centroids", ">= 1");
      if (!std::isfinite(change_speed)) {
        throw invalid_parameter("RandomRBFDrift", "change_speed", "finite");
      }
      if (n_drift_centroids < 0) {
        throw invalid_parameter("RandomRBFDrift", "n_drift_centroids", ">= 0");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(seed_model, seed_sample, n_classes, n_features, n_centroids, change_speed,
         n_drift_centroids);
    }
  };
  /// What `next` produces.
  using Sample = ClassificationSample;
  static constexpr std::string_view name = "RandomRBFDrift";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (unseeded).
  RandomRBFDrift() : RandomRBFDrift(Params{}) {}
  /// Validates `params`, draws the centroids and their directions, and starts the stream.
  explicit RandomRBFDrift(const Params& params) : params_(params) {
    params_.validate();
    reset();
  }

  /// Restarts the stream: centroids and directions from `seed_model`, samples from
  /// `seed_sample`.
  void reset() {
    base_ = RandomRBF({.seed_model = params_.seed_model,
                       .seed_sample = params_.seed_sample,
                       .n_classes = params_.n_classes,
                       .n_features = params_.n_features,
                       .n_centroids = params_.n_centroids});
    const auto d = static_cast<std::size_t>(params_.n_features);
    const auto k =
        static_cast<std::size_t>(std::min(params_.n_drift_centroids, params_.n_centroids));
    detail::PyRng model(params_.seed_model);  // River reseeds a new generator for the speeds
    speeds_.resize(k * d);
    for (std::size_t c = 0; c < k; ++c) {
      double norm = 0.0;
      for (std::size_t j = 0; j < d; ++j) {
        const double s = model.random();
        speeds_[c * d + j] = s;
        norm += s * s;
      }
      norm = detail::py_pow(norm, 0.5);
      for (std::size_t j = 0; j < d; ++j) speeds_[c * d + j] /= norm;
    }
  }

  /// Moves the drifting centroids, then writes the next sample into `out`; always true.
  bool next(Sample& out) {
    auto& centres = base_.centres_;
    for (std::size_t i = 0; i < speeds_.size(); ++i) {
      centres[i] += speeds_[i] * params_.change_speed;
      if (centres[i] > 1.0 || centres[i] < 0.0) {
        centres[i] = centres[i] > 1.0 ? 1.0 : 0.0;
        speeds_[i] = -speeds_[i];
      }
    }
    return base_.next(out);
  }
  /// The next sample, as a new object.
  Sample next() {
    Sample s;
    next(s);
    return s;
  }

  /// Current centroid centres, row-major.
  const std::vector<double>& centres() const { return base_.centres(); }

  /// Number of features.
  std::size_t n_features() const { return base_.n_features(); }
  /// Feature names, River's keys: "0", "1", ...
  std::vector<std::string> feature_names() const { return base_.feature_names(); }
  /// Number of classes.
  std::size_t n_classes() const { return base_.n_classes(); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("RandomRBFDrift: checkpoint from a newer version");
    }
    ar(params_, base_, speeds_);
    params_.validate();
    const auto k =
        static_cast<std::size_t>(std::min(params_.n_drift_centroids, params_.n_centroids));
    if (speeds_.size() != k * static_cast<std::size_t>(params_.n_features) ||
        base_.params().n_features != params_.n_features ||
        base_.params().n_centroids != params_.n_centroids) {
      throw CheckpointError("RandomRBFDrift: state does not match the parameters");
    }
  }

  friend bool operator==(const RandomRBFDrift&, const RandomRBFDrift&) = default;

 private:
  Params params_;
  RandomRBF base_;
  std::vector<double> speeds_;  // row-major, one row per drifting centroid
};

}  // namespace streamwise::datasets

CEREAL_CLASS_VERSION(streamwise::datasets::RandomRBFDrift,
                     streamwise::datasets::RandomRBFDrift::class_version)
