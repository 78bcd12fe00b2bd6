#pragma once
/// @file
/// Binary F1 score, River's `metrics.F1`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"

namespace streamwise::metrics {

/// Binary F1 score: the harmonic mean of `Precision` and `Recall` for `pos_val` (River's `FBeta`
/// with beta = 1).
///
/// ```cpp
/// streamwise::metrics::F1 f1;  // pos_val = 1
/// const streamwise::ClassId y_true[] = {0, 0, 0, 1, 1, 1};
/// const streamwise::ClassId y_pred[] = {0, 0, 1, 1, 0, 0};
/// for (int i = 0; i < 6; ++i) f1.update(y_true[i], y_pred[i]);
/// f1.get();  // 0.4
/// ```
class F1 {
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
  static constexpr std::string_view name = "F1";
  static constexpr std::uint32_t class_version = 1;
  /// Higher values mean better predictions.
  static constexpr bool bigger_is_better = true;
  /// Sample weights are taken into account.
  static constexpr bool works_with_weights = true;

  /// River's defaults (`pos_val` = class id 1).
  F1() = default;
  /// Uses the given positive class.
  explicit F1(const Params& params) : params_(params) { params_.validate(); }

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

  /// Current value (0 before any data and while there is no true positive).
  double get() const { return value(cm_); }

  /// The metric evaluated on a binarised confusion matrix: class id 1 is the positive class,
  /// class id 0 the negative one (what `cm()` holds).
  static double value(const ConfusionMatrix& cm) {
    const double tp = cm.true_positives(1);
    const double predicted = tp + cm.false_positives(1);
    const double actual = tp + cm.false_negatives(1);
    const double p = predicted == 0.0 ? 0.0 : tp / predicted;
    const double r = actual == 0.0 ? 0.0 : tp / actual;
    constexpr double beta2 = 1.0;
    const double denominator = beta2 * p + r;
    return denominator == 0.0 ? 0.0 : (1.0 + beta2) * p * r / denominator;
  }

  /// The binarised confusion matrix (id 1 = `pos_val`, id 0 = any other class).
  const ConfusionMatrix& cm() const { return cm_; }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("F1: checkpoint from a newer version");
    ar(params_, cm_);
  }

  friend bool operator==(const F1&, const F1&) = default;

 private:
  ClassId binarise(ClassId y) const { return y == params_.pos_val ? 1 : 0; }

  Params params_{};
  ConfusionMatrix cm_;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::F1, streamwise::metrics::F1::class_version)
