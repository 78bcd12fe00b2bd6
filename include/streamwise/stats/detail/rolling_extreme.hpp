#pragma once
/// @file
/// Shared implementation of RollingMin, RollingMax and RollingAbsMax: a sliding-window extremum
/// over a monotonic deque, parameterised by the comparison and by whether |x| is tracked.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/detail/monotonic_window.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"

namespace streamwise::stats::detail {

/// Hyper-parameters of a rolling extremum; `Estimator::name` prefixes the validation message.
template <class Estimator>
struct RollingExtremeParams {
  std::size_t window_size = 10;  ///< Number of most recent values (River has no default).

  template <class V>
  void visit(V&& v) {
    v("window_size", window_size);
  }
  /// Throws `std::invalid_argument` unless window_size >= 1.
  void validate() const {
    if (window_size < 1) {
      throw invalid_parameter(std::string(Estimator::name), "window_size", ">= 1");
    }
  }
  friend bool operator==(const RollingExtremeParams&, const RollingExtremeParams&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(window_size);
  }
};

/// CRTP base: `Derived` provides `name` and `class_version`. Tracks the largest (`Largest`) or
/// smallest value of the last `window_size` inputs, or of their absolute values (`Abs`).
/// The checkpoint layout is `ar(params, window)` under `Derived`'s class version.
template <class Derived, bool Largest, bool Abs>
class RollingExtreme {
 public:
  /// Hyper-parameters.
  using Params = RollingExtremeParams<Derived>;

  /// Adds `x`. Throws `InvalidInput` for non-finite `x` (state unchanged).
  void update(double x) {
    require_finite(x, Derived::name);
    if constexpr (Abs) {
      window_.push(std::fabs(x));
    } else {
      window_.push(x);
    }
  }

  /// Number of values in the window.
  std::size_t size() const { return window_.size(); }
  /// The window size.
  std::size_t window_size() const { return params_.window_size; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: params then the window; a loaded window must match the params.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > Derived::class_version) {
      throw CheckpointError(std::string(Derived::name) + ": checkpoint from a newer version");
    }
    ar(params_, window_);
    if constexpr (Archive::is_loading::value) {
      validate_loaded_params(params_);
      require_consistent(window_.window_size() == params_.window_size, Derived::name,
                         "window is inconsistent");
    }
  }

  friend bool operator==(const RollingExtreme&, const RollingExtreme&) = default;

 protected:
  RollingExtreme() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit RollingExtreme(const Params& params)
      : params_((params.validate(), params)), window_(params.window_size) {}

  /// The extremum of the window (NaN before any update).
  double extreme() const { return window_.get(); }

 private:
  Params params_{};
  MonotonicWindow<Largest> window_{params_.window_size};
};

}  // namespace streamwise::stats::detail
