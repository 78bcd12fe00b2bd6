#pragma once
/// @file
/// Running entropy of a discrete stream, River's `stats.Entropy`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"
#include "streamwise/stats/detail/value_counts.hpp"

namespace streamwise::stats {

/// Running Shannon entropy (natural log) of the values seen, updated in O(1) with Sovdat's
/// incremental formula and an optional fading factor that discounts the past entropy. Values
/// are doubles; nominal values arrive as their codes. `get()` is 0 before any update.
///
/// ```cpp
/// streamwise::stats::Entropy entropy;  // fading_factor = 1, eps = 1e-8
/// for (double code : {0.0, 1.0, 0.0, 1.0}) entropy.update(code);
/// entropy.get();  // ~ log(2)
/// ```
class Entropy {
 public:
  /// Hyper-parameters.
  struct Params {
    double fading_factor = 1.0;  ///< Weight of the past entropy, in (0, 1].
    double eps = 1e-8;           ///< Small positive constant that keeps the logarithms finite.

    template <class V>
    void visit(V&& v) {
      v("fading_factor", fading_factor);
      v("eps", eps);
    }
    /// Throws `std::invalid_argument` unless 0 < fading_factor <= 1 and eps is finite and > 0.
    void validate() const {
      if (!(fading_factor > 0.0 && fading_factor <= 1.0)) {
        throw invalid_parameter("Entropy", "fading_factor", "in (0, 1]");
      }
      if (!(eps > 0.0 && std::isfinite(eps))) {
        throw invalid_parameter("Entropy", "eps", "finite and > 0");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(fading_factor, eps);
    }
  };

  static constexpr std::string_view name = "Entropy";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults.
  Entropy() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit Entropy(const Params& params) : params_((params.validate(), params)) {}

  /// Adds one occurrence of `x`. Throws `InvalidInput` for non-finite `x` (state unchanged).
  void update(double x) {
    require_finite(x, name);
    const double cx = static_cast<double>(counts_.count(x));
    const double n = static_cast<double>(n_);
    const double eps = params_.eps;
    const double shrink = (n + eps) / (n + 1.0);
    double h = shrink * (params_.fading_factor * entropy_ - std::log(shrink));
    h -= (cx + 1.0) / (n + 1.0) * std::log((cx + 1.0) / (n + 1.0));
    h += (cx + eps) / (n + 1.0) * std::log((cx + eps) / (n + 1.0));
    entropy_ = h;
    ++n_;
    counts_.increment(x);
  }

  /// Current entropy (0 before any update).
  double get() const { return entropy_; }
  /// Number of values seen.
  std::uint64_t n() const { return n_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Entropy: checkpoint from a newer version");
    ar(params_, entropy_, n_, counts_);
    if constexpr (Archive::is_loading::value) {
      detail::validate_loaded_params(params_);
      std::uint64_t total = 0;
      for (const auto& item : counts_.items()) total += item.second;
      detail::require_consistent(total == n_ && std::isfinite(entropy_), "Entropy",
                                 "has counts that do not add up");
    }
  }

  friend bool operator==(const Entropy&, const Entropy&) = default;

 private:
  Params params_{};
  double entropy_ = 0.0;
  std::uint64_t n_ = 0;
  detail::ValueCounts counts_;
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::Entropy, streamwise::stats::Entropy::class_version)
