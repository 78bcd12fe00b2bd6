#pragma once
/// @file
/// Multiclass logarithmic loss, River's `metrics.CrossEntropy`.

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/metrics/detail/mean_metric.hpp"

namespace streamwise::metrics {

/// Multiclass log loss: the weighted mean of `-log(proba[y_true])`, the probability clamped to
/// [1e-15, 1 - 1e-15]. `proba[i]` is the predicted probability of class id `i`. A true class
/// beyond the end of `proba` is what River calls a missing key: River skips it in its sum, so
/// the sample counts with a loss of 0 (not `-log(1e-15)`); streamwise does the same.
///
/// ```cpp
/// streamwise::metrics::CrossEntropy metric;
/// const double proba[] = {0.29450637, 0.34216758, 0.36332605};
/// metric.update(0, proba);
/// metric.get();  // 1.222454...
/// ```
class CrossEntropy {
 public:
  using Params = NoParams;
  static constexpr std::string_view name = "CrossEntropy";
  static constexpr std::uint32_t class_version = 1;
  /// Lower is better.
  static constexpr bool bigger_is_better = false;
  /// Sample weights are honoured (a weighted mean of the per-sample losses).
  static constexpr bool works_with_weights = true;

  CrossEntropy() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit CrossEntropy(const Params&) {}

  /// Adds a prediction. Throws `InvalidInput`, leaving the metric unchanged, when any `proba[i]`
  /// is not in [0, 1] (NaN included) or `w` is negative or non-finite. The probabilities need
  /// not sum to 1 (River does not check either).
  void update(ClassId y_true, std::span<const double> proba, double w = 1.0) {
    check(proba, w);
    mean_.update(loss(y_true, proba), w, name);
  }

  /// Removes a previous `update(y_true, proba, w)`. Throws `InvalidInput` for bad input or if
  /// the total weight would go below 0.
  void revert(ClassId y_true, std::span<const double> proba, double w = 1.0) {
    check(proba, w);
    mean_.revert(loss(y_true, proba), w, name);
  }

  /// Removes a sample given only its loss, as returned by `loss()`: what `Rolling` keeps instead
  /// of a copy of the probability vector. Throws `InvalidInput` for a non-finite loss or weight.
  void revert_loss(double sample_loss, double w = 1.0) {
    require_weight(w, name);
    mean_.revert(sample_loss, w, name);
  }

  /// The loss of one sample: `-log(clamp(proba[y_true]))`, or 0 when `y_true` is beyond `proba`.
  /// Does not validate `proba`.
  static double loss(ClassId y_true, std::span<const double> proba) {
    if (y_true >= proba.size()) return 0.0;
    return -std::log(detail::clamp_proba(proba[y_true]));
  }

  /// Weighted mean cross-entropy (0 before any update).
  double get() const { return mean_.mean(); }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  /// cereal hook: the whole state (throws `CheckpointError` for a newer class version).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("CrossEntropy: checkpoint from a newer version");
    }
    ar(mean_);
  }

  friend bool operator==(const CrossEntropy&, const CrossEntropy&) = default;

 private:
  static void check(std::span<const double> proba, double w) {
    for (std::size_t i = 0; i < proba.size(); ++i) {
      if (!(proba[i] >= 0.0 && proba[i] <= 1.0)) {
        detail::require_probability(proba[i], name, "proba[" + std::to_string(i) + "]");
      }
    }
    require_weight(w, name);
  }

  [[no_unique_address]] Params params_{};
  detail::MeanLoss mean_;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::CrossEntropy,
                     streamwise::metrics::CrossEntropy::class_version)
