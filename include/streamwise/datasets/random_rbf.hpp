#pragma once
/// @file
/// River's `datasets.synth.RandomRBF`: Gaussian blobs around random weighted centroids.

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
#include "streamwise/datasets/sample.hpp"

namespace streamwise::datasets {

class RandomRBFDrift;

/// Random radial basis function stream: `n_centroids` centroids, each with a random centre in
/// [0, 1)^d, class, standard deviation and weight, are drawn from `seed_model`; each sample
/// picks a centroid by weight and moves from its centre in a random direction by a Gaussian
/// length (draws from `seed_sample`). Features `0`..`n_features-1`. Same seeds, same samples as
/// River, bit for bit.
///
/// ```cpp
/// streamwise::datasets::RandomRBF gen(
///     {.seed_model = 42, .seed_sample = 42, .n_classes = 4, .n_features = 4, .n_centroids = 20});
/// auto s = gen.next();  // s.x = {1.0989..., 0.3840..., 0.7759..., 0.6592...}, s.y = 2
/// ```
class RandomRBF {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    std::optional<std::int64_t> seed_model =
        std::nullopt;  ///< Seed of the centroids; none: from the OS.
    std::optional<std::int64_t> seed_sample =
        std::nullopt;               ///< Seed of the samples; none: from the OS.
    std::int64_t n_classes = 2;     ///< Number of classes, >= 1.
    std::int64_t n_features = 10;   ///< Number of features, >= 1.
    std::int64_t n_centroids = 50;  ///< Number of centroids, >= 1.

    template <class V>
    void visit(V&& v) {
      v("seed_model", seed_model);
      v("seed_sample", seed_sample);
      v("n_classes", n_classes);
      v("n_features", n_features);
      v("n_centroids", n_centroids);
    }
    /// Throws `std::invalid_argument` for a count below 1.
    void validate() const {
      if (n_classes < 1) throw invalid_parameter("RandomRBF", "n_classes", ">= 1");
      if (n_features < 1) throw invalid_parameter("RandomRBF", "n_features", ">= 1");
      if (n_centroids < 1) throw invalid_parameter("RandomRBF", "n_centroids", ">= 1");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(seed_model, seed_sample, n_classes, n_features, n_centroids);
    }
  };
  /// What `next` produces.
  using Sample = ClassificationSample;
  static constexpr std::string_view name = "RandomRBF";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (unseeded).
  RandomRBF() : RandomRBF(Params{}) {}
  /// Validates `params`, draws the centroids and starts the stream.
  explicit RandomRBF(const Params& params) : params_(params) {
    params_.validate();
    reset();
  }

  /// Restarts the stream (River's `iter(dataset)`): redraws the centroids from `seed_model`
  /// and reseeds the sample generator.
  void reset() {
    const auto k = static_cast<std::size_t>(params_.n_centroids);
    const auto d = static_cast<std::size_t>(params_.n_features);
    detail::PyRng model(params_.seed_model);
    centres_.resize(k * d);
    labels_.resize(k);
    std_devs_.resize(k);
    weights_.resize(k);
    for (std::size_t c = 0; c < k; ++c) {
      for (std::size_t j = 0; j < d; ++j) centres_[c * d + j] = model.random();
      labels_[c] = static_cast<ClassId>(model.randint(0, params_.n_classes - 1));
      std_devs_[c] = model.random();
      weights_[c] = model.random();
    }
    rng_.reseed(params_.seed_sample);
  }

  /// Writes the next sample into `out`; always true (the stream is infinite).
  bool next(Sample& out) {
    const auto d = static_cast<std::size_t>(params_.n_features);
    const std::size_t c = pick_centroid();
    out.x.resize(d);
    double magnitude = 0.0;
    for (std::size_t i = 0; i < d; ++i) {
      out.x[i] = rng_.random() * 2.0 - 1.0;  // the direction, scaled below
      magnitude += out.x[i] * out.x[i];
    }
    magnitude = detail::py_pow(magnitude, 0.5);
    const double desired = rng_.gauss(0.0, 1.0) * std_devs_[c];
    const double scale = desired / magnitude;
    for (std::size_t i = 0; i < d; ++i) out.x[i] = centres_[c * d + i] + out.x[i] * scale;
    out.y = labels_[c];
    return true;
  }
  /// The next sample, as a new object.
  Sample next() {
    Sample s;
    next(s);
    return s;
  }

  /// Centroid centres, row-major (`n_centroids` rows of `n_features`).
  const std::vector<double>& centres() const { return centres_; }
  /// Class of each centroid.
  const std::vector<ClassId>& centroid_labels() const { return labels_; }
  /// Standard deviation of each centroid.
  const std::vector<double>& centroid_std_devs() const { return std_devs_; }
  /// Selection weight of each centroid.
  const std::vector<double>& centroid_weights() const { return weights_; }

  /// Number of features.
  std::size_t n_features() const { return static_cast<std::size_t>(params_.n_features); }
  /// Feature names, River's keys: "0", "1", ...
  std::vector<std::string> feature_names() const {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < n_features(); ++i) names.push_back(std::to_string(i));
    return names;
  }
  /// Number of classes.
  std::size_t n_classes() const { return static_cast<std::size_t>(params_.n_classes); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("RandomRBF: checkpoint from a newer version");
    }
    ar(params_, rng_, centres_, labels_, std_devs_, weights_);
    params_.validate();
    const auto k = static_cast<std::size_t>(params_.n_centroids);
    if (labels_.size() != k || std_devs_.size() != k || weights_.size() != k ||
        centres_.size() != k * static_cast<std::size_t>(params_.n_features)) {
      throw CheckpointError("RandomRBF: state does not match the parameters");
    }
  }

  friend bool operator==(const RandomRBF&, const RandomRBF&) = default;

 private:
  friend class RandomRBFDrift;  // moves the centres

  // River's `random_index_based_on_weights`: the first index whose running weight sum exceeds
  // u * total (the last one if rounding leaves none).
  std::size_t pick_centroid() {
    double total = 0.0;
    for (double w : weights_) total += w;
    const double target = rng_.random() * total;
    std::size_t index = 0;
    double running = 0.0;
    while (running <= target && index < weights_.size()) {
      running += weights_[index];
      ++index;
    }
    return index - 1;
  }

  Params params_;
  detail::PyRng rng_;
  std::vector<double> centres_;
  std::vector<ClassId> labels_;
  std::vector<double> std_devs_;
  std::vector<double> weights_;
};

}  // namespace streamwise::datasets

CEREAL_CLASS_VERSION(streamwise::datasets::RandomRBF,
                     streamwise::datasets::RandomRBF::class_version)
