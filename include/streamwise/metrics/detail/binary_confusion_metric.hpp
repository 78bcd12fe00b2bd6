#pragma once
/// @file
/// Shared plumbing of the binary metrics built on a 2x2 confusion matrix (Precision, Recall, F1,
/// MCC): the `pos_val` hyper-parameter, binarisation, update/revert and checkpointing.

#include <cstdint>
#include <string>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"

namespace streamwise::metrics::detail {

/// Hyper-parameters of a binary confusion-matrix metric. River's `cm` (a shared confusion
/// matrix) has no C++ counterpart: use `value(cm)` on a binarised matrix you own.
struct BinaryMetricParams {
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
  friend bool operator==(const BinaryMetricParams&, const BinaryMetricParams&) = default;
};

/// CRTP base holding a binarised confusion matrix (id 1 = `pos_val`, id 0 = any other class).
/// `Derived` provides `name`, `class_version` and `static double value(const ConfusionMatrix&)`.
/// The checkpoint layout is `ar(params, cm)` under `Derived`'s class version.
template <class Derived>
class BinaryConfusionMetric {
 public:
  /// Hyper-parameters.
  using Params = BinaryMetricParams;
  /// Higher values mean better predictions.
  static constexpr bool bigger_is_better = true;
  /// Sample weights are taken into account.
  static constexpr bool works_with_weights = true;

  /// Records a prediction with weight `w` (0 is a no-op). Labels are binarised against
  /// `pos_val` first. Throws `InvalidInput`, state unchanged, for a negative or non-finite `w`.
  void update(ClassId y_true, ClassId y_pred, double w = 1.0) {
    cm_.update(binarise(y_true), binarise(y_pred), w, Derived::name);
  }

  /// Exactly undoes a previous `update(y_true, y_pred, w)`. Throws `InvalidInput`, state
  /// unchanged, when no such update is recorded (see `ConfusionMatrix::revert`).
  void revert(ClassId y_true, ClassId y_pred, double w = 1.0) {
    cm_.revert(binarise(y_true), binarise(y_pred), w, Derived::name);
  }

  /// The binarised confusion matrix (id 1 = `pos_val`, id 0 = any other class).
  const ConfusionMatrix& cm() const { return cm_; }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: params then the confusion matrix.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > Derived::class_version) {
      throw CheckpointError(std::string(Derived::name) + ": checkpoint from a newer version");
    }
    ar(params_, cm_);
  }

  friend bool operator==(const BinaryConfusionMetric&, const BinaryConfusionMetric&) = default;

 protected:
  BinaryConfusionMetric() = default;
  /// Validates and stores the parameters.
  explicit BinaryConfusionMetric(const Params& params) : params_(params) { params_.validate(); }

 private:
  ClassId binarise(ClassId y) const { return y == params_.pos_val ? 1 : 0; }

  Params params_{};
  ConfusionMatrix cm_;
};

}  // namespace streamwise::metrics::detail
