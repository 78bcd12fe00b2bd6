#pragma once
/// @file
/// Running serial (auto-)correlation, River's `stats.AutoCorr`.

#include <cstdint>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/pearson_corr.hpp"

namespace streamwise::stats {

/// Pearson correlation (ddof 1) between each value and the value `lag` steps before it. The
/// first `lag` values only fill the window; `get()` is 0 until the correlation is defined.
///
/// River's `lag` has no default; streamwise needs one for its default constructor and uses 1.
/// The last `lag` values live in a ring buffer allocated once, so updates never allocate.
///
/// ```cpp
/// streamwise::stats::AutoCorr auto_corr(streamwise::stats::AutoCorr::Params{.lag = 1});
/// for (double x : {0.25, 0.5, 0.2, -0.05}) auto_corr.update(x);
/// auto_corr.get();  // 0.103552...
/// ```
class AutoCorr {
 public:
  /// Hyper-parameters of `AutoCorr`.
  struct Params {
    /// Distance, in steps, between the two values of each pair; >= 1.
    std::int64_t lag = 1;

    /// Lists the fields for reflection.
    template <class V>
    void visit(V&& v) {
      v("lag", lag);
    }
    /// Throws `std::invalid_argument` unless `lag >= 1`.
    void validate() const {
      if (lag < 1) throw invalid_parameter("AutoCorr", "lag", ">= 1");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(lag);
    }
  };

  static constexpr std::string_view name = "AutoCorr";
  static constexpr std::uint32_t class_version = 1;

  /// Default parameters (`lag = 1`).
  AutoCorr() : window_(1, 0.0) {}
  /// Validates and uses `params`.
  explicit AutoCorr(const Params& params) : params_(params), window_(validated_size(params), 0.0) {}

  /// Adds `x`. Throws `InvalidInput` for a non-finite `x`, leaving the state unchanged.
  void update(double x) {
    require_finite(x, name);
    if (filled_ == window_.size()) {
      pearson_.update(x, window_[head_]);  // window_[head_] is the value `lag` steps back
    } else {
      ++filled_;
    }
    window_[head_] = x;
    if (++head_ == window_.size()) head_ = 0;
  }

  /// Current autocorrelation (0 until both series have a non-zero variance).
  double get() const { return pearson_.get(); }
  /// The correlation between lagged pairs.
  const PearsonCorr& pearson() const { return pearson_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and state. A loaded state is checked for consistency (window size
  /// equal to `lag`, positions inside the window) before it is accepted.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("AutoCorr: checkpoint from a newer version");
    }
    ar(params_, window_, head_, filled_, pearson_);
    if constexpr (Archive::is_loading::value) {
      if (params_.lag < 1 || window_.size() != static_cast<std::uint64_t>(params_.lag) ||
          head_ >= window_.size() || filled_ > window_.size() ||
          (filled_ < window_.size() && head_ != filled_)) {
        throw CheckpointError("checkpoint payload is damaged: AutoCorr window is inconsistent");
      }
    }
  }

  friend bool operator==(const AutoCorr&, const AutoCorr&) = default;

 private:
  static std::size_t validated_size(const Params& params) {
    params.validate();
    return static_cast<std::size_t>(params.lag);
  }

  Params params_{};
  std::vector<double> window_;  // ring buffer of the last `lag` values
  std::uint64_t head_ = 0;      // next slot to write; the oldest value once the window is full
  std::uint64_t filled_ = 0;    // number of slots written so far (<= lag)
  PearsonCorr pearson_{};       // ddof = 1, as in River
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::AutoCorr, streamwise::stats::AutoCorr::class_version)
