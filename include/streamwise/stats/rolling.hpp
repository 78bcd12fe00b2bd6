#pragma once
/// @file
/// Generic rolling window over any revertible statistic, River's `utils.Rolling`.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/concepts.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"
#include "streamwise/stats/mean.hpp"
#include "streamwise/stats/var.hpp"

namespace streamwise::stats {

/// Runs a statistic over the last `window_size` updates: each update beyond the window first
/// reverts the oldest one (River's `utils.Rolling`). The window is a ring buffer that stops
/// allocating once full. Weighted statistics keep each update's weight and revert with it.
///
/// ```cpp
/// streamwise::stats::Rolling<streamwise::stats::Mean> rmean({.window_size = 3});
/// for (double x : {1.0, 3.0, 5.0, 7.0}) rmean.update(x);
/// rmean.get();  // 5.0, the mean of {3, 5, 7}
/// ```
template <RevertibleStatistic S>
class Rolling {
 public:
  /// True when `update(x, w)` is available (the wrapped statistic takes weights).
  static constexpr bool weighted = requires(S s, double x, double w) {
    s.update(x, w);
    s.revert(x, w);
  };

  /// Hyper-parameters: the wrapped statistic (its class and parameters, River's `cls` and
  /// keyword arguments) and the window size.
  struct Params {
    S cls{};                       ///< The statistic to run over the window, as constructed.
    std::size_t window_size = 10;  ///< Number of most recent updates kept (River has no default).

    template <class V>
    void visit(V&& v) {
      v("cls", cls);
      v("window_size", window_size);
    }
    /// Throws `std::invalid_argument` unless window_size >= 1.
    void validate() const {
      if (window_size < 1) throw invalid_parameter("Rolling", "window_size", ">= 1");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(cls, window_size);
    }
  };

  static constexpr std::string_view name = "Rolling";
  static constexpr std::uint32_t class_version = 1;

  /// A default-constructed statistic over a window of 10.
  Rolling() = default;
  /// Validates `params`; throws `std::invalid_argument`. The window starts from `params.cls`.
  explicit Rolling(const Params& params)
      : params_((params.validate(), params)), stat_(params.cls) {}
  /// Wraps `stat` over a window of `window_size` (River's `utils.Rolling(obj, window_size)`).
  Rolling(const S& stat, std::size_t window_size) : Rolling(Params{stat, window_size}) {}

  /// Adds `x`, reverting the oldest update first when the window is full. Throws `InvalidInput`
  /// for non-finite `x` before anything changes.
  void update(double x) {
    require_finite(x, name);
    if (xs_.size() == params_.window_size) {
      if constexpr (weighted) {
        stat_.revert(xs_.front(), ws_.front());
        ws_.pop_front();
      } else {
        stat_.revert(xs_.front());
      }
      xs_.pop_front();
    }
    stat_.update(x);
    xs_.push_back(x);
    if constexpr (weighted) ws_.push_back(1.0);
  }

  /// Adds `x` with weight `w` (weighted statistics only). Throws `InvalidInput` for non-finite
  /// `x` or a negative/non-finite `w` before anything changes.
  void update(double x, double w) requires weighted {
    require_finite(x, name);
    require_weight(w, name);
    if (xs_.size() == params_.window_size) {
      stat_.revert(xs_.front(), ws_.front());
      xs_.pop_front();
      ws_.pop_front();
    }
    stat_.update(x, w);
    xs_.push_back(x);
    ws_.push_back(w);
  }

  /// The wrapped statistic's value over the window.
  auto get() const { return stat_.get(); }
  /// The wrapped statistic (its state covers exactly the window).
  const S& statistic() const { return stat_; }
  /// Number of updates currently in the window.
  std::size_t size() const { return xs_.size(); }
  /// The window size.
  std::size_t window_size() const { return params_.window_size; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Rolling: checkpoint from a newer version");
    ar(params_, stat_, xs_, ws_);
    if constexpr (Archive::is_loading::value) {
      detail::validate_loaded_params(params_);
      bool ok = xs_.size() <= params_.window_size && ws_.size() == (weighted ? xs_.size() : 0);
      for (std::size_t i = 0; ok && i < xs_.size(); ++i) ok = std::isfinite(xs_[i]);
      for (std::size_t i = 0; ok && i < ws_.size(); ++i)
        ok = std::isfinite(ws_[i]) && ws_[i] >= 0.0;
      detail::require_consistent(ok, "Rolling", "window is inconsistent");
    }
  }

  friend bool operator==(const Rolling&, const Rolling&) = default;

 private:
  Params params_{};
  S stat_{};
  detail::RingDeque<double> xs_;
  detail::RingDeque<double> ws_;
};

/// Rolling mean (River: `utils.Rolling(stats.Mean, window_size)`).
using RollingMean = Rolling<Mean>;
/// Rolling variance (River: `utils.Rolling(stats.Var, window_size, ddof=...)`).
using RollingVar = Rolling<Var>;

}  // namespace streamwise::stats

// CEREAL_CLASS_VERSION for every Rolling<S> (the macro only takes a concrete type).
namespace cereal::detail {
template <class S>
struct Version<streamwise::stats::Rolling<S>> {
  static std::uint32_t registerVersion() {
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(streamwise::stats::Rolling<S>)).hash_code(),
        streamwise::stats::Rolling<S>::class_version);
    return streamwise::stats::Rolling<S>::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
