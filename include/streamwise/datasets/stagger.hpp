#pragma once
/// @file
/// River's `datasets.synth.STAGGER`: three nominal features, three boolean concepts.

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

/// STAGGER concepts (Schlimmer and Granger): `size`, `color` and `shape`, each a code in
/// {0, 1, 2} (kept numeric, as in River), and a binary class from one of three functions:
/// 0 = small and red, 1 = green or circle, 2 = medium or large. Optional class balancing.
/// Same seed, same samples as River, bit for bit.
///
/// ```cpp
/// streamwise::datasets::STAGGER gen({.classification_function = 2, .seed = 42});
/// auto s = gen.next();  // s.x = {size, color, shape}, s.y = 0 or 1
/// ```
class STAGGER {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    std::int64_t classification_function = 0;         ///< Concept, 0 to 2.
    std::optional<std::int64_t> seed = std::nullopt;  ///< Random seed; none draws one from the OS.
    bool balance_classes = false;  ///< Alternate classes 1, 0, 1, ... by rejection.

    template <class V>
    void visit(V&& v) {
      v("classification_function", classification_function);
      v("seed", seed);
      v("balance_classes", balance_classes);
    }
    /// Throws `std::invalid_argument` for a function outside 0-2.
    void validate() const {
      if (classification_function < 0 || classification_function > 2) {
        throw invalid_parameter("STAGGER", "classification_function", "0, 1 or 2");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(classification_function, seed, balance_classes);
    }
  };
  /// What `next` produces.
  using Sample = ClassificationSample;
  static constexpr std::string_view name = "STAGGER";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (unseeded).
  STAGGER() : STAGGER(Params{}) {}
  /// Validates `params` and starts the stream.
  explicit STAGGER(const Params& params) : params_(params) {
    params_.validate();
    reset();
  }

  /// Restarts the stream from its seed (River's `iter(dataset)`); also undoes `generate_drift`.
  void reset() {
    rng_.reseed(params_.seed);
    next_class_should_be_zero_ = false;
    function_ = params_.classification_function;
  }

  /// Writes the next sample into `out`; always true (the stream is infinite).
  bool next(Sample& out) {
    std::int64_t size = 0, color = 0, shape = 0;
    int y = 0;
    for (;;) {
      size = rng_.randint(0, 2);
      color = rng_.randint(0, 2);
      shape = rng_.randint(0, 2);
      if (function_ == 0) {
        y = size == 0 && color == 0;
      } else if (function_ == 1) {
        y = color == 2 || shape == 0;
      } else {
        y = size == 1 || size == 2;
      }
      if (!params_.balance_classes) break;
      if ((next_class_should_be_zero_ && y == 0) || (!next_class_should_be_zero_ && y == 1)) {
        next_class_should_be_zero_ = !next_class_should_be_zero_;
        break;
      }
    }
    out.x.resize(3);
    out.x[0] = static_cast<double>(size);
    out.x[1] = static_cast<double>(color);
    out.x[2] = static_cast<double>(shape);
    out.y = static_cast<ClassId>(y);
    return true;
  }
  /// The next sample, as a new object.
  Sample next() {
    Sample s;
    next(s);
    return s;
  }

  /// Switches to another concept drawn at random, like River's `generate_drift`. `params()`
  /// keeps the configured function; `classification_function()` is the active one.
  void generate_drift() {
    std::int64_t f = rng_.randint(0, 2);
    while (f == function_) f = rng_.randint(0, 2);
    function_ = f;
  }
  /// The concept in use.
  std::int64_t classification_function() const { return function_; }

  /// Number of features (3).
  std::size_t n_features() const { return 3; }
  /// Feature names, in sample order: "size", "color", "shape".
  std::vector<std::string> feature_names() const { return {"size", "color", "shape"}; }
  /// Number of classes (2).
  std::size_t n_classes() const { return 2; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("STAGGER: checkpoint from a newer version");
    ar(params_, rng_, next_class_should_be_zero_, function_);
    params_.validate();
    if (function_ < 0 || function_ > 2) {
      throw CheckpointError("STAGGER: classification function out of range in checkpoint");
    }
  }

  friend bool operator==(const STAGGER&, const STAGGER&) = default;

 private:
  Params params_;
  detail::PyRng rng_;
  bool next_class_should_be_zero_ = false;
  std::int64_t function_ = 0;
};

}  // namespace streamwise::datasets

CEREAL_CLASS_VERSION(streamwise::datasets::STAGGER, streamwise::datasets::STAGGER::class_version)
