#pragma once
/// @file
/// Quantization observer splitter for regression trees, River's `tree.splitter.QOSplitter`.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/tree/criteria/variance_reduction_criterion.hpp"
#include "streamwise/tree/detail/class_dist.hpp"
#include "streamwise/tree/detail/target_var.hpp"

namespace streamwise::tree {

namespace detail {
/// One quantization interval of `QOSplitter`: `[key * radius, (key + 1) * radius)`, with the
/// running mean of the feature values that fell in it and their targets' statistics.
struct QoSlot {
  double key = 0.0;     ///< `floor(x / radius)`, an integer held as a double (no overflow).
  double x_n = 0.0;     ///< Weight of the values in the interval.
  double x_mean = 0.0;  ///< Their weighted mean (River's `stats.Mean` update).
  TargetVar y;          ///< Their targets.

  template <class Archive>
  void serialize(Archive& ar) {
    ar(key, x_n, x_mean, y);
  }
  friend bool operator==(const QoSlot&, const QoSlot&) = default;
};
}  // namespace detail

/// Watches one numeric feature in one regression leaf by quantization (Mastelini & de Leon
/// Ferreira, 2021): values are hashed into intervals of width `radius`, each keeping the mean
/// of its values and its targets' mean and variance. Candidate thresholds are the midpoints
/// between the value means of consecutive (non-empty) intervals, so memory grows with the
/// feature's range over `radius`, not with its number of distinct values. All features share
/// one radius: scale them first (e.g. `preprocessing::StandardScaler`; the default 0.25 is a
/// quarter of a standard deviation).
///
/// Use it as `HoeffdingTreeRegressor`'s `Splitter` template argument:
///
/// ```cpp
/// using Tree = streamwise::tree::HoeffdingTreeRegressor<streamwise::tree::QOSplitter>;
/// Tree::Params p;
/// p.splitter = streamwise::tree::QOSplitter({.radius = 0.1});
/// Tree model(p);
/// ```
///
/// Two River 0.26.1 behaviours are kept for parity: the candidate between intervals `k - 1`
/// and `k` is scored with interval `k` already on the left (so the threshold sits one interval
/// below the partition its merit describes), and the left child statistics of the suggestion
/// are those of every interval (River hands out its running accumulator, which keeps growing
/// after the best candidate was found); the merit and right child are the candidate's. Numeric
/// multiway splits (`allow_multiway_splits = true`) are not supported.
class QOSplitter {
 public:
  static constexpr std::string_view name = "QOSplitter";
  static constexpr std::uint32_t class_version = 1;

  /// Hyper-parameters, River's names and defaults.
  struct Params {
    double radius = 0.25;                ///< Width of the quantization intervals.
    bool allow_multiway_splits = false;  ///< Must stay false (numeric multiway: unsupported).

    template <class V>
    void visit(V&& v) {
      v("radius", radius);
      v("allow_multiway_splits", allow_multiway_splits);
    }
    /// Throws `std::invalid_argument` ("QOSplitter: radius must be finite and > 0").
    void validate() const {
      if (!(radius > 0.0) || !std::isfinite(radius)) {
        throw invalid_parameter("QOSplitter", "radius", "finite and > 0");
      }
      if (allow_multiway_splits) {
        throw invalid_parameter("QOSplitter", "allow_multiway_splits",
                                "false (numeric multiway splits are not supported)");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(radius, allow_multiway_splits);
    }
  };

  /// River's defaults (`radius = 0.25`).
  QOSplitter() = default;
  /// Validates and stores `params`.
  explicit QOSplitter(const Params& params) : params_(params) { params_.validate(); }

  /// Adds value `x` with target `y` and weight `w` (`w = 0` does nothing). Throws
  /// `InvalidInput`, unchanged, for a non-finite `x` or `y` or a bad weight.
  void update(double x, double y, double w) {
    require_finite(x, name);
    require_finite(y, name, "y");
    require_weight(w, name);
    if (w == 0.0) return;
    const double key = std::floor(x / params_.radius);
    auto it = std::lower_bound(slots_.begin(), slots_.end(), key,
                               [](const detail::QoSlot& s, double k) { return s.key < k; });
    if (it == slots_.end() || it->key != key) {
      it = slots_.insert(it, detail::QoSlot{key, 0.0, 0.0, {}});
    }
    it->x_n += w;
    it->x_mean += (w / it->x_n) * (x - it->x_mean);
    it->y.update(y, w);
  }

  /// Writes the best threshold into `best` when it beats `best.merit` (nothing with fewer
  /// than two intervals). `binary_only` is ignored: every suggestion is binary.
  void best_split(const VarianceReductionCriterion& criterion, const detail::TargetVar& pre,
                  FeatureId feature, bool /*binary_only*/, detail::RegSplitSuggestion& best) const {
    if (slots_.size() < 2) return;
    detail::TargetVar aux;
    double best_merit = -std::numeric_limits<double>::infinity();
    double threshold = 0.0;
    detail::TargetVar right;
    bool found = false;
    double prev_x = 0.0;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      const detail::QoSlot& s = slots_[i];
      aux += s.y;
      if (i == 0) {
        prev_x = s.x_mean;
        continue;
      }
      detail::TargetVar post[2] = {aux, pre};
      post[1] -= aux;
      const double merit =
          criterion.merit_of_split(pre, std::span<const detail::TargetVar>(post, 2));
      if (merit > best_merit) {
        best_merit = merit;
        threshold = (prev_x + s.x_mean) / 2.0;
        right = post[1];
        found = true;
      }
      prev_x = s.x_mean;
    }
    if (!found || !(best_merit > best.merit)) return;
    best.merit = best_merit;
    best.kind = detail::SplitKind::numeric_binary;
    best.feature = feature;
    best.value = threshold;
    best.values.clear();
    // River's left child is its accumulator after the whole pass (see the class comment).
    best.children.assign({aux, right});
  }

  /// The intervals, by increasing key.
  std::span<const detail::QoSlot> slots() const { return slots_; }
  /// Number of intervals (River's `len(quantizer)`).
  std::size_t n_slots() const { return slots_.size(); }
  /// Approximate bytes held.
  std::size_t memory_size() const {
    return sizeof(*this) + slots_.capacity() * sizeof(detail::QoSlot);
  }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("QOSplitter: checkpoint from a newer version");
    }
    ar(params_, slots_);
    if constexpr (Archive::is_loading::value) {
      detail::require_consistent(
          params_.radius > 0.0 && std::isfinite(params_.radius) && !params_.allow_multiway_splits,
          name, "has invalid parameters");
      for (std::size_t i = 0; i < slots_.size(); ++i) {
        detail::require_consistent(slots_[i].key == std::floor(slots_[i].key) &&
                                       (i == 0 || slots_[i - 1].key < slots_[i].key),
                                   name, "has unsorted intervals");
      }
    }
  }
  friend bool operator==(const QOSplitter&, const QOSplitter&) = default;

 private:
  Params params_{};
  std::vector<detail::QoSlot> slots_;
};

}  // namespace streamwise::tree

CEREAL_CLASS_VERSION(streamwise::tree::QOSplitter, streamwise::tree::QOSplitter::class_version)
