#pragma once
/// @file
/// Running scaling of each feature by its largest absolute value, River's
/// `preprocessing.MaxAbsScaler`.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/preprocessing/detail/sample_checks.hpp"
#include "streamwise/stats/abs_max.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"
#include "streamwise/stats/rolling_abs_max.hpp"

namespace streamwise::preprocessing {

/// Divides each feature by its running largest absolute value (or, with `window_size`, that of
/// its last `window_size` values), mapping it into [-1, 1] without shifting it, so zeros stay
/// zeros. A feature whose largest absolute value is 0 (all zeros so far, or never learnt)
/// transforms to 0, as in River.
///
/// Absent features (NaN) are neither learnt nor transformed: they stay NaN in the output.
///
/// ```cpp
/// streamwise::preprocessing::MaxAbsScaler scaler;
/// for (double v : {-4.0, 2.0}) {
///   std::vector<double> row{v}, out(1);
///   scaler.learn_one({row});
///   scaler.transform_one({row}, out);  // -1.0, 0.5
/// }
/// ```
class MaxAbsScaler {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Number of most recent values per feature the maximum covers; None = whole stream.
    std::optional<std::int64_t> window_size = std::nullopt;

    /// Lists every field for reflection.
    template <class V>
    void visit(V&& v) {
      v("window_size", window_size);
    }
    /// Throws `std::invalid_argument` unless `window_size` is None or >= 1.
    void validate() const {
      if (window_size && *window_size < 1) {
        throw invalid_parameter("MaxAbsScaler", "window_size", "None or >= 1");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(window_size);
    }
  };

  static constexpr std::string_view name = "MaxAbsScaler";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes cannot be scaled: encode them first (OneHotEncoder).
  static constexpr bool accepts_nominal = false;

  /// River's defaults: no window.
  MaxAbsScaler() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit MaxAbsScaler(const Params& params) : params_((params.validate(), params)) {}

  /// Updates the largest absolute value of every present feature. Throws `InvalidInput`
  /// (state unchanged) if a present value is infinite.
  void learn_one(DenseView x) {
    detail::require_finite_sample(x, name);
    grow(detail::needed_slots(x));
    const auto& v = x.values;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (is_missing(v[i])) continue;
      if (params_.window_size) {
        rolling_abs_max_[i].update(v[i]);
      } else {
        abs_max_[i].update(v[i]);
      }
    }
  }

  /// Writes the scaled value of every present feature of `x` to `out` (same ids; `out` may be
  /// `x`'s own storage). Absent features, and slots of `out` past the end of `x`, are NaN.
  /// Throws `InvalidInput` if a present value is infinite or `out` is shorter than `x`.
  void transform_one(DenseView x, std::span<double> out) const {
    detail::require_output_size(x, out, name);
    detail::require_finite_sample(x, name);
    const auto& v = x.values;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const double xi = v[i];
      if (is_missing(xi)) {
        out[i] = missing_value;
        continue;
      }
      const double m = abs_max(static_cast<FeatureId>(i));
      out[i] = m != 0.0 ? xi / m : 0.0;
    }
    detail::fill_tail_missing(x, out);
  }

  /// Largest absolute value of feature `id` (0 before it is learnt).
  double abs_max(FeatureId id) const {
    if (params_.window_size) {
      // An empty window answers NaN (River: None); River's transform reads it as 0.
      if (id >= rolling_abs_max_.size() || rolling_abs_max_[id].size() == 0) return 0.0;
      return rolling_abs_max_[id].get();
    }
    return id < abs_max_.size() ? abs_max_[id].get() : 0.0;
  }
  /// Number of per-feature slots (one past the largest feature id learnt).
  std::size_t n_features() const {
    return params_.window_size ? rolling_abs_max_.size() : abs_max_.size();
  }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and state. A loaded state is checked for consistency
  /// (`CheckpointError`).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("MaxAbsScaler: checkpoint from a newer version");
    }
    ar(params_, abs_max_, rolling_abs_max_);
    if constexpr (Archive::is_loading::value) {
      stats::detail::validate_loaded_params(params_);
      stats::detail::require_consistent(consistent(), "MaxAbsScaler",
                                        "per-feature statistics are inconsistent");
    }
  }

  friend bool operator==(const MaxAbsScaler&, const MaxAbsScaler&) = default;

 private:
  void grow(std::size_t n) {
    if (n <= n_features()) return;
    if (params_.window_size) {
      rolling_abs_max_.resize(
          n, stats::RollingAbsMax({.window_size = static_cast<std::size_t>(*params_.window_size)}));
    } else {
      abs_max_.resize(n);
    }
  }

  bool consistent() const {
    if (!params_.window_size) return rolling_abs_max_.empty();
    if (!abs_max_.empty()) return false;
    for (const auto& r : rolling_abs_max_) {
      if (r.window_size() != static_cast<std::size_t>(*params_.window_size)) return false;
    }
    return true;
  }

  Params params_{};
  std::vector<stats::AbsMax> abs_max_;                 // whole-stream mode
  std::vector<stats::RollingAbsMax> rolling_abs_max_;  // windowed mode
};

}  // namespace streamwise::preprocessing

CEREAL_CLASS_VERSION(streamwise::preprocessing::MaxAbsScaler,
                     streamwise::preprocessing::MaxAbsScaler::class_version)
