#pragma once
/// @file
/// Exact interquartile range over a sliding window, River's `stats.RollingIQR`.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"
#include "streamwise/stats/detail/sorted_window.hpp"

namespace streamwise::stats {

/// The `q_sup` quantile minus the `q_inf` quantile of the last `window_size` values, each
/// computed like `RollingQuantile` (linear interpolation, numpy's default) from one shared sorted
/// window. `get()` is NaN before any update (River: None).
///
/// ```cpp
/// streamwise::stats::RollingIQR iqr({.window_size = 101});  // q_inf 0.25, q_sup 0.75
/// for (int i = 0; i <= 1000; ++i) iqr.update(i);
/// iqr.get();  // 50.0
/// ```
class RollingIQR {
 public:
  /// Hyper-parameters (River's order: window_size, q_inf, q_sup).
  struct Params {
    std::size_t window_size = 10;  ///< Number of most recent values (River has no default).
    double q_inf = 0.25;           ///< Lower quantile, in [0, 1].
    double q_sup = 0.75;           ///< Upper quantile, in [0, 1] and above q_inf.

    template <class V>
    void visit(V&& v) {
      v("window_size", window_size);
      v("q_inf", q_inf);
      v("q_sup", q_sup);
    }
    /// Throws `std::invalid_argument` unless window_size >= 1 and 0 <= q_inf < q_sup <= 1.
    void validate() const {
      if (window_size < 1) throw invalid_parameter("RollingIQR", "window_size", ">= 1");
      if (!(q_inf >= 0.0 && q_inf <= 1.0)) {
        throw invalid_parameter("RollingIQR", "q_inf", "in [0, 1]");
      }
      if (!(q_sup >= 0.0 && q_sup <= 1.0)) {
        throw invalid_parameter("RollingIQR", "q_sup", "in [0, 1]");
      }
      if (!(q_inf < q_sup))
        throw invalid_parameter("RollingIQR", "q_inf", "strictly less than q_sup");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(window_size, q_inf, q_sup);
    }
  };

  static constexpr std::string_view name = "RollingIQR";
  static constexpr std::uint32_t class_version = 1;

  /// Quartiles over a window of 10.
  RollingIQR() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit RollingIQR(const Params& params)
      : params_((params.validate(), params)), window_(params.window_size) {}

  /// Adds `x`. Throws `InvalidInput` for non-finite `x` (state unchanged).
  void update(double x) {
    require_finite(x, name);
    window_.push(x);
  }

  /// Upper minus lower quantile of the window (NaN before any update).
  double get() const { return window_.quantile(params_.q_sup) - window_.quantile(params_.q_inf); }
  /// Number of values in the window.
  std::size_t size() const { return window_.size(); }
  /// The window size.
  std::size_t window_size() const { return params_.window_size; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version)
      throw CheckpointError("RollingIQR: checkpoint from a newer version");
    ar(params_, window_);
    if constexpr (Archive::is_loading::value) {
      detail::validate_loaded_params(params_);
      detail::require_consistent(window_.window_size() == params_.window_size, "RollingIQR",
                                 "window is inconsistent");
    }
  }

  friend bool operator==(const RollingIQR&, const RollingIQR&) = default;

 private:
  Params params_{};
  detail::SortedWindow window_{params_.window_size};
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::RollingIQR, streamwise::stats::RollingIQR::class_version)
