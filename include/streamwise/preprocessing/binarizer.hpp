#pragma once
/// @file
/// Thresholding of each feature to 0 or 1, River's `preprocessing.Binarizer`.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <cereal/cereal.hpp>
#include <cereal/types/string.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/preprocessing/detail/sample_checks.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"

namespace streamwise::preprocessing {

/// Replaces every present feature by 1 if it is strictly above `threshold`, else 0. Stateless:
/// `learn_one` only checks its input. The output is always the double 1.0 or 0.0; `dtype`
/// (River's Python type, `bool` by default) only tells the Python and Kafka edges how to
/// present it (`True`/`False`, `1`/`0` or `1.0`/`0.0`).
///
/// Absent features (NaN) stay NaN in the output (River would give `False` for a NaN value).
///
/// ```cpp
/// streamwise::preprocessing::Binarizer binarizer;  // threshold 0
/// std::vector<double> row{-0.5, 0.0, 2.0}, out(3);
/// binarizer.transform_one({row}, out);  // {0.0, 0.0, 1.0}
/// ```
class Binarizer {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    double threshold = 0.0;      ///< Values above this become 1, the others 0.
    std::string dtype = "bool";  ///< Type the edges present the result as: bool, int or float.

    /// Lists every field for reflection.
    template <class V>
    void visit(V&& v) {
      v("threshold", threshold);
      v("dtype", dtype);
    }
    /// Throws `std::invalid_argument` if `threshold` is NaN or `dtype` is not bool, int or
    /// float.
    void validate() const {
      if (std::isnan(threshold)) {
        throw invalid_parameter("Binarizer", "threshold", "a number (not NaN)");
      }
      if (dtype != "bool" && dtype != "int" && dtype != "float") {
        throw invalid_parameter("Binarizer", "dtype", "one of bool, int, float");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(threshold, dtype);
    }
  };

  static constexpr std::string_view name = "Binarizer";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are not thresholded: encode them first (OneHotEncoder).
  static constexpr bool accepts_nominal = false;

  /// River's defaults: threshold 0, bool output.
  Binarizer() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit Binarizer(const Params& params) : params_((params.validate(), params)) {}

  /// Nothing to learn (River's `learn_one` is a no-op); throws `InvalidInput` if a present
  /// value is infinite, like every transformer.
  void learn_one(DenseView x) { detail::require_finite_sample(x, name); }

  /// Writes 1.0 or 0.0 for every present feature of `x` to `out` (same ids; `out` may be `x`'s
  /// own storage). Absent features, and slots of `out` past the end of `x`, are NaN. Throws
  /// `InvalidInput` if a present value is infinite or `out` is shorter than `x`.
  void transform_one(DenseView x, std::span<double> out) const {
    detail::require_output_size(x, out, name);
    detail::require_finite_sample(x, name);
    const auto& v = x.values;
    for (std::size_t i = 0; i < v.size(); ++i) {
      out[i] = is_missing(v[i]) ? missing_value : (v[i] > params_.threshold ? 1.0 : 0.0);
    }
    detail::fill_tail_missing(x, out);
  }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads the parameters (there is no other state).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version)
      throw CheckpointError("Binarizer: checkpoint from a newer version");
    ar(params_);
    if constexpr (Archive::is_loading::value) stats::detail::validate_loaded_params(params_);
  }

  friend bool operator==(const Binarizer&, const Binarizer&) = default;

 private:
  Params params_{};
};

}  // namespace streamwise::preprocessing

CEREAL_CLASS_VERSION(streamwise::preprocessing::Binarizer,
                     streamwise::preprocessing::Binarizer::class_version)
