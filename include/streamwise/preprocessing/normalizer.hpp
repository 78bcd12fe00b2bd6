#pragma once
/// @file
/// Scaling of each sample to unit norm, River's `preprocessing.Normalizer`.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/preprocessing/detail/sample_checks.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"

namespace streamwise::preprocessing {

/// Divides every present feature of a sample by the sample's norm of order `order`, computed
/// over the present features as numpy's `linalg.norm(values, ord=order)` (River's rule):
/// `inf` is the largest |x|, `-inf` the smallest, `0` the number of non-zero values, any other
/// p gives `(sum |x|^p)^(1/p)`. Stateless: `learn_one` only checks its input.
///
/// A sample whose norm is 0 (all present values zero, or a zero under a negative order) cannot
/// be normalised: River raises `ZeroDivisionError`, streamwise throws `InvalidInput`. A sample
/// with no present feature transforms to all-absent, as River returns `{}`.
///
/// ```cpp
/// streamwise::preprocessing::Normalizer normalizer;  // order 2
/// std::vector<double> row{3.0, 4.0}, out(2);
/// normalizer.transform_one({row}, out);  // {0.6, 0.8}
/// ```
class Normalizer {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Order of the norm (2 = Euclidean; also 1, 0, +-inf, any other real).
    double order = 2.0;

    /// Lists every field for reflection.
    template <class V>
    void visit(V&& v) {
      v("order", order);
    }
    /// Throws `std::invalid_argument` if `order` is NaN.
    void validate() const {
      if (std::isnan(order)) throw invalid_parameter("Normalizer", "order", "a number (not NaN)");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(order);
    }
  };

  static constexpr std::string_view name = "Normalizer";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes cannot be scaled: encode them first (OneHotEncoder).
  static constexpr bool accepts_nominal = false;

  /// River's defaults: the Euclidean norm.
  Normalizer() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit Normalizer(const Params& params) : params_((params.validate(), params)) {}

  /// Nothing to learn (River's `learn_one` is a no-op); throws `InvalidInput` if a present
  /// value is infinite, like every transformer.
  void learn_one(DenseView x) { detail::require_finite_sample(x, name); }

  /// Writes every present feature of `x` divided by the sample's norm to `out` (same ids; `out`
  /// may be `x`'s own storage). Absent features, and slots of `out` past the end of `x`, are
  /// NaN. Throws `InvalidInput` if a present value is infinite, the norm is 0, or `out` is
  /// shorter than `x`; `out` is untouched then.
  void transform_one(DenseView x, std::span<double> out) const {
    detail::require_output_size(x, out, name);
    detail::require_finite_sample(x, name);
    bool any = false;
    const double n = norm(x, any);
    if (any && n == 0.0) {
      throw InvalidInput("Normalizer: cannot normalise a sample whose norm is 0");
    }
    const auto& v = x.values;
    for (std::size_t i = 0; i < v.size(); ++i) {
      out[i] = is_missing(v[i]) ? missing_value : v[i] / n;
    }
    detail::fill_tail_missing(x, out);
  }

  /// The norm of the present features of `x` (0 when none is present).
  double norm(DenseView x) const {
    bool any = false;
    return norm(x, any);
  }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads the parameters (there is no other state).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version)
      throw CheckpointError("Normalizer: checkpoint from a newer version");
    ar(params_);
    if constexpr (Archive::is_loading::value) stats::detail::validate_loaded_params(params_);
  }

  friend bool operator==(const Normalizer&, const Normalizer&) = default;

 private:
  double norm(DenseView x, bool& any) const {
    const double p = params_.order;
    const auto& v = x.values;
    double acc = 0.0;
    if (p == std::numeric_limits<double>::infinity()) {
      for (double xi : v) {
        if (is_missing(xi)) continue;
        any = true;
        acc = std::fmax(acc, std::fabs(xi));
      }
      return acc;
    }
    if (p == -std::numeric_limits<double>::infinity()) {
      acc = std::numeric_limits<double>::infinity();
      for (double xi : v) {
        if (is_missing(xi)) continue;
        any = true;
        acc = std::fmin(acc, std::fabs(xi));
      }
      return any ? acc : 0.0;
    }
    for (double xi : v) {
      if (is_missing(xi)) continue;
      any = true;
      if (p == 0.0) {
        acc += xi != 0.0 ? 1.0 : 0.0;
      } else if (p == 1.0) {
        acc += std::fabs(xi);
      } else if (p == 2.0) {
        acc += xi * xi;
      } else {
        acc += std::pow(std::fabs(xi), p);
      }
    }
    if (p == 0.0 || p == 1.0) return acc;
    if (p == 2.0) return std::sqrt(acc);
    return std::pow(acc, 1.0 / p);
  }

  Params params_{};
};

}  // namespace streamwise::preprocessing

CEREAL_CLASS_VERSION(streamwise::preprocessing::Normalizer,
                     streamwise::preprocessing::Normalizer::class_version)
