#pragma once
/// @file
/// Binary recall, River's `metrics.Recall`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"

namespace streamwise::metrics {

/// Binary recall: the weight of correctly predicted positives over the weight of all positives,
/// positive meaning `pos_val`.
///
/// ```cpp
/// streamwise::metrics::Recall recall;  // pos_val = 1
/// recall.update(1, 1);
/// recall.update(1, 0);
/// recall.get();  // 0.5
/// ```
class Recall {
 public:
  /// Hyper-parameters. River's `cm` (a shared confusion matrix) has no C++ counterpart: use
  /// `value(cm)` on a binarised matrix you own.
  struct Params {
    /// Class id treated as positive; every other id is negative. River's default is `True`,
    /// whose class id is 1.
    ClassId pos_val = 1;

    template <class V>
    void visit(V&& v) {
      v("pos_val", pos_val);
    }
    /// Every class id is a valid `pos_val`: nothing to check.
    void validate() const {}
    template <class Archive>
    void serialize(Archive& ar) {
      ar(pos_val);
    }
    friend bool operator==(const Params&, const Params&) = default;
  };
  static constexpr std::string_view name = "Recall";
  static constexpr std::uint32_t class_version = 1;
  /// Higher values mean better predictions.
  static constexpr bool bigger_is_better = true;
  /// Sample weights are taken into account.
  static constexpr bool works_with_weights = true;

  /// River's defaults (`pos_val` = class id 1).
  Recall() = default;
  /// Uses the given positive class.
  explicit Recall(const Params& params) : params_(params) { params_.validate(); }

  /// Records a prediction with weight `w` (0 is a no-op). Labels are binarised against
  /// `pos_val` first. Throws `InvalidInput`, state unchanged, for a negative or non-finite `w`.
  void update(ClassId y_true, ClassId y_pred, double w = 1.0) {
    cm_.update(binarise(y_true), binarise(y_pred), w, name);
  }

  /// Exactly undoes a previous `update(y_true, y_pred, w)`. Throws `InvalidInput`, state
  /// unchanged, when no such update is recorded (see `ConfusionMatrix::revert`).
  void revert(ClassId y_true, ClassId y_pred, double w = 1.0) {
    cm_.revert(binarise(y_true), binarise(y_pred), w, name);
  }

  /// Current value (0 before any data and while `pos_val` was never the true class).
  double get() const { return value(cm_); }

  /// The metric evaluated on a binarised confusion matrix: class id 1 is the positive class,
  /// class id 0 the negative one (what `cm()` holds).
  static double value(const ConfusionMatrix& cm) {
    const double tp = cm.true_positives(1);
    const double fn = cm.false_negatives(1);
    const double actual = tp + fn;
    return actual == 0.0 ? 0.0 : tp / actual;
  }

  /// The binarised confusion matrix (id 1 = `pos_val`, id 0 = any other class).
  const ConfusionMatrix& cm() const { return cm_; }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Recall: checkpoint from a newer version");
    ar(params_, cm_);
  }

  friend bool operator==(const Recall&, const Recall&) = default;

 private:
  ClassId binarise(ClassId y) const { return y == params_.pos_val ? 1 : 0; }

  Params params_{};
  ConfusionMatrix cm_;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::Recall, streamwise::metrics::Recall::class_version)
