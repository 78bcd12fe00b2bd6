#pragma once
/// @file
/// River's `datasets.synth.ConceptDriftStream`: a sigmoid blend of two streams.

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/datasets/agrawal.hpp"
#include "streamwise/datasets/detail/python_rng.hpp"
#include "streamwise/datasets/stream.hpp"

namespace streamwise::datasets {

/// Joins `stream` and `drift_stream`: sample `t` (from 1) comes from the drift stream with
/// probability `1 / (1 + exp(-4 (t - position) / width))`, decided by `random() > p` on a
/// generator seeded with `seed`. `alpha` (degrees in (0, 90]), when set, overrides the width
/// with `max(1, int(1 / tan(alpha)))`. A stream left unset is River's default when it is an
/// Agrawal (`Agrawal(seed=seed)` before, `Agrawal(seed=seed, classification_function=2)`
/// after), otherwise a default-constructed (unseeded) generator of its type. Both
/// streams restart from their seeds when this one starts. Nests (a drift stream of drift
/// streams). Same seeds, same samples as River, bit for bit.
///
/// ```cpp
/// using streamwise::datasets::SEA;
/// streamwise::datasets::ConceptDriftStream<SEA> gen(
///     {.stream = SEA({.variant = 0, .seed = 1}),
///      .drift_stream = SEA({.variant = 3, .seed = 2}),
///      .position = 5000,
///      .width = 1000,
///      .seed = 42});
/// auto s = gen.next();
/// ```
template <class Stream = Agrawal, class DriftStream = Stream>
requires SyntheticStream<Stream> && SyntheticStream<DriftStream> &&
    std::same_as<typename Stream::Sample, typename DriftStream::Sample>
class ConceptDriftStream {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    std::optional<Stream> stream = std::nullopt;             ///< The stream before the drift.
    std::optional<DriftStream> drift_stream = std::nullopt;  ///< The stream after the drift.
    std::int64_t position = 5000;                     ///< Centre of the transition (sample index).
    std::int64_t width = 1000;                        ///< Width of the transition, > 0.
    std::optional<std::int64_t> seed = std::nullopt;  ///< Random seed; none draws one from the OS.
    std::optional<double> alpha = std::nullopt;       ///< Angle (degrees) overriding `width`.

    template <class V>
    void visit(V&& v) {
      v("stream", stream);
      v("drift_stream", drift_stream);
      v("position", position);
      v("width", width);
      v("seed", seed);
      v("alpha", alpha);
    }
    /// Throws `std::invalid_argument` for a width below 1 (without alpha), an alpha outside
    /// (0, 90], or streams with different numbers of features.
    void validate() const {
      if (alpha) {
        if (!(*alpha > 0.0 && *alpha <= 90.0)) {
          throw invalid_parameter("ConceptDriftStream", "alpha", "in (0, 90]");
        }
      } else if (width < 1) {
        throw invalid_parameter("ConceptDriftStream", "width", ">= 1");
      }
      if (stream && drift_stream && stream->n_features() != drift_stream->n_features()) {
        throw invalid_parameter("ConceptDriftStream", "drift_stream",
                                "as wide as stream (" + std::to_string(stream->n_features()) +
                                    " features), not " +
                                    std::to_string(drift_stream->n_features()));
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(stream, drift_stream, position, width, seed, alpha);
    }
  };
  /// What `next` produces (the sub-streams' sample type).
  using Sample = typename Stream::Sample;
  static constexpr std::string_view name = "ConceptDriftStream";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults: Agrawal function 0 drifting to function 2 around sample 5000 (unseeded).
  ConceptDriftStream() : ConceptDriftStream(Params{}) {}
  /// Validates `params` and starts the stream (and both sub-streams, from their seeds).
  explicit ConceptDriftStream(const Params& params) : params_(params) {
    params_.validate();
    if (params_.alpha) {
      const double w = std::trunc(1.0 / std::tan(*params_.alpha * 3.141592653589793 / 180.0));
      width_ = w > 0.0 ? w : 1.0;
    } else {
      width_ = static_cast<double>(params_.width);
    }
    reset();
    if (stream_.n_features() != drift_.n_features()) {  // an unset stream took its default
      throw invalid_parameter("ConceptDriftStream", "drift_stream",
                              "as wide as stream (" + std::to_string(stream_.n_features()) +
                                  " features), not " + std::to_string(drift_.n_features()));
    }
  }

  /// Restarts from the seed: both sub-streams restart from theirs.
  void reset() {
    if constexpr (std::is_same_v<Stream, Agrawal>) {
      stream_ = params_.stream ? *params_.stream : Agrawal({.seed = params_.seed});
    } else {
      stream_ = params_.stream ? *params_.stream : Stream{};
    }
    if constexpr (std::is_same_v<DriftStream, Agrawal>) {
      drift_ = params_.drift_stream ? *params_.drift_stream
                                    : Agrawal({.classification_function = 2, .seed = params_.seed});
    } else {
      drift_ = params_.drift_stream ? *params_.drift_stream : DriftStream{};
    }
    stream_.reset();
    drift_.reset();
    rng_.reseed(params_.seed);
    sample_idx_ = 0;
  }

  /// Writes the next sample into `out`; always true (the sub-streams are infinite).
  bool next(Sample& out) {
    ++sample_idx_;
    const double v = -4.0 * static_cast<double>(sample_idx_ - params_.position) / width_;
    // River's math.exp raises OverflowError past v ~ 709.78; exp gives inf here and the
    // probability its limit, 0.
    const double probability_drift = 1.0 / (1.0 + std::exp(v));
    if (rng_.random() > probability_drift) {
      stream_.next(out);
    } else {
      drift_.next(out);
    }
    return true;
  }
  /// The next sample, as a new object.
  Sample next() {
    Sample s;
    next(s);
    return s;
  }

  /// The width in use (from `alpha` when set).
  double effective_width() const { return width_; }
  /// Samples produced since the start.
  std::int64_t n_samples() const { return sample_idx_; }

  /// Number of features (that of `stream`).
  std::size_t n_features() const { return stream_.n_features(); }
  /// Feature names (those of `stream`).
  std::vector<std::string> feature_names() const { return stream_.feature_names(); }
  /// Number of classes (that of `stream`), for classification streams.
  std::size_t n_classes() const requires requires(const Stream& s) { s.n_classes(); }
  { return stream_.n_classes(); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("ConceptDriftStream: checkpoint from a newer version");
    }
    ar(params_, stream_, drift_, rng_, sample_idx_, width_);
    params_.validate();
  }

  friend bool operator==(const ConceptDriftStream&, const ConceptDriftStream&) = default;

 private:
  Params params_;
  Stream stream_;
  DriftStream drift_;
  detail::PyRng rng_;
  std::int64_t sample_idx_ = 0;
  double width_ = 1000.0;
};

}  // namespace streamwise::datasets

// CEREAL_CLASS_VERSION for every ConceptDriftStream<S, D> (the macro only takes a concrete type).
namespace cereal::detail {
template <class S, class D>
struct Version<streamwise::datasets::ConceptDriftStream<S, D>> {
  static std::uint32_t registerVersion() {
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(streamwise::datasets::ConceptDriftStream<S, D>)).hash_code(),
        streamwise::datasets::ConceptDriftStream<S, D>::class_version);
    return streamwise::datasets::ConceptDriftStream<S, D>::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
