#pragma once
/// @file
/// Running min-max scaling of each feature to [0, 1], River's `preprocessing.MinMaxScaler`.

#include <cstddef>
#include <cstdint>
#include <limits>
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
#include "streamwise/stats/detail/ring_deque.hpp"
#include "streamwise/stats/max.hpp"
#include "streamwise/stats/min.hpp"
#include "streamwise/stats/rolling_max.hpp"
#include "streamwise/stats/rolling_min.hpp"

namespace streamwise::preprocessing {

/// Maps each feature to `(x - min) / (max - min)` with its running min and max (or, with
/// `window_size`, those of its last `window_size` values). A feature whose min equals its max
/// transforms to 0. A feature never learnt transforms to NaN: River computes
/// `(x - inf) / (-inf - inf)` there (and raises `TypeError` with a window); in a streamwise
/// sample NaN reads as "absent", which is what downstream steps then see.
///
/// Absent features (NaN) are neither learnt nor transformed: they stay NaN in the output.
///
/// ```cpp
/// streamwise::preprocessing::MinMaxScaler scaler;
/// for (double v : {10.0, 8.0, 9.0}) {
///   std::vector<double> row{v}, out(1);
///   scaler.learn_one({row});
///   scaler.transform_one({row}, out);  // 0.0, 0.0, 0.5
/// }
/// ```
class MinMaxScaler {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Number of most recent values per feature the min and max cover; None = whole stream.
    std::optional<std::int64_t> window_size = std::nullopt;

    /// Lists every field for reflection.
    template <class V>
    void visit(V&& v) {
      v("window_size", window_size);
    }
    /// Throws `std::invalid_argument` unless `window_size` is None or >= 1.
    void validate() const {
      if (window_size && *window_size < 1) {
        throw invalid_parameter("MinMaxScaler", "window_size", "None or >= 1");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(window_size);
    }
  };

  static constexpr std::string_view name = "MinMaxScaler";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes cannot be scaled: encode them first (OneHotEncoder).
  static constexpr bool accepts_nominal = false;

  /// River's defaults: no window.
  MinMaxScaler() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit MinMaxScaler(const Params& params) : params_((params.validate(), params)) {}

  /// Updates the min and max of every present feature. Throws `InvalidInput` (state unchanged)
  /// if a present value is infinite.
  void learn_one(DenseView x) {
    detail::require_finite_sample(x, name);
    grow(detail::needed_slots(x));
    const auto& v = x.values;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (is_missing(v[i])) continue;
      if (params_.window_size) {
        rolling_min_[i].update(v[i]);
        rolling_max_[i].update(v[i]);
      } else {
        min_[i].update(v[i]);
        max_[i].update(v[i]);
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
      const double lo = min(static_cast<FeatureId>(i));
      const double d = max(static_cast<FeatureId>(i)) - lo;
      out[i] = d != 0.0 ? (xi - lo) / d : 0.0;  // NaN d (never learnt) gives NaN, as River
    }
    detail::fill_tail_missing(x, out);
  }

  /// Minimum of feature `id` (+inf before it is learnt; NaN with a window).
  double min(FeatureId id) const {
    if (params_.window_size) return id < rolling_min_.size() ? rolling_min_[id].get() : kNaN;
    return id < min_.size() ? min_[id].get() : stats::Min().get();
  }
  /// Maximum of feature `id` (-inf before it is learnt; NaN with a window).
  double max(FeatureId id) const {
    if (params_.window_size) return id < rolling_max_.size() ? rolling_max_[id].get() : kNaN;
    return id < max_.size() ? max_[id].get() : stats::Max().get();
  }
  /// Number of per-feature slots (one past the largest feature id learnt).
  std::size_t n_features() const { return params_.window_size ? rolling_min_.size() : min_.size(); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and state. A loaded state is checked for consistency
  /// (`CheckpointError`).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("MinMaxScaler: checkpoint from a newer version");
    }
    ar(params_, min_, max_, rolling_min_, rolling_max_);
    if constexpr (Archive::is_loading::value) {
      stats::detail::validate_loaded_params(params_);
      stats::detail::require_consistent(consistent(), "MinMaxScaler",
                                        "per-feature statistics are inconsistent");
    }
  }

  friend bool operator==(const MinMaxScaler&, const MinMaxScaler&) = default;

 private:
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

  void grow(std::size_t n) {
    if (n <= n_features()) return;
    if (params_.window_size) {
      const stats::RollingMin::Params p{.window_size =
                                            static_cast<std::size_t>(*params_.window_size)};
      rolling_min_.resize(n, stats::RollingMin(p));
      rolling_max_.resize(n, stats::RollingMax({.window_size = p.window_size}));
    } else {
      min_.resize(n);
      max_.resize(n);
    }
  }

  bool consistent() const {
    if (params_.window_size) {
      const auto w = static_cast<std::size_t>(*params_.window_size);
      if (!min_.empty() || !max_.empty() || rolling_min_.size() != rolling_max_.size()) {
        return false;
      }
      for (std::size_t i = 0; i < rolling_min_.size(); ++i) {
        if (rolling_min_[i].window_size() != w || rolling_max_[i].window_size() != w) return false;
      }
      return true;
    }
    return rolling_min_.empty() && rolling_max_.empty() && min_.size() == max_.size();
  }

  Params params_{};
  std::vector<stats::Min> min_;  // whole-stream mode
  std::vector<stats::Max> max_;
  std::vector<stats::RollingMin> rolling_min_;  // windowed mode
  std::vector<stats::RollingMax> rolling_max_;
};

}  // namespace streamwise::preprocessing

CEREAL_CLASS_VERSION(streamwise::preprocessing::MinMaxScaler,
                     streamwise::preprocessing::MinMaxScaler::class_version)
