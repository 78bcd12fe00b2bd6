#pragma once
/// @file
/// Weighted confusion matrix over class ids, River's `metrics.ConfusionMatrix`; the shared state
/// behind every classification metric in this module.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::metrics {

namespace detail {
/// A sum kept with Neumaier's compensation: `value()` is the sum of every added term, rounded
/// once. Subtracting terms added earlier therefore lands on the same double an uninterrupted
/// sum of the remaining terms gives (to within ~1e-32 relative), which keeps identities such as
/// "row sum == total" exact after reverts (Cohen's kappa and MCC depend on them).
struct CompensatedSum {
  double sum = 0.0;
  double carry = 0.0;

  void add(double x) {
    const double t = sum + x;
    carry += std::fabs(sum) >= std::fabs(x) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  }
  double value() const { return sum + carry; }
  void clear() { sum = carry = 0.0; }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(sum, carry);
  }
  friend bool operator==(const CompensatedSum&, const CompensatedSum&) = default;
};
}  // namespace detail

/// Weighted confusion matrix: rows are true classes, columns are predicted classes.
///
/// Storage is dense and grows when a larger class id appears: cells are laid out shell by shell
/// (all cells whose larger index is `m` follow those of `m - 1`), so adding a class only appends
/// to the vectors and never moves existing cells. Once the classes are known, `update` and
/// `revert` do not allocate. Row sums, column sums, the diagonal total and the total weight are
/// kept up to date, so every metric reads them in O(1) per class.
///
/// Sums are compensated (see `detail::CompensatedSum`) and every cell, row, column and total
/// also counts the updates it holds. `revert` uses those
/// counts to refuse undoing an update that was never recorded, and to set a sum back to exactly
/// 0 when its last update is reverted (so fractional weights leave no rounding residue and a
/// class disappears from `is_present` exactly as it would had it never been seen).
///
/// ```cpp
/// streamwise::metrics::ConfusionMatrix cm;
/// cm.update(2, 0);  // true class 2, predicted 0
/// cm.update(0, 0);
/// cm.weight(2, 0);       // 1.0
/// cm.sum_row(2);         // 1.0 (support of class 2)
/// cm.total_true_positives();  // 1.0
/// ```
class ConfusionMatrix {
 public:
  /// River's only parameter, `classes`, affects display only and is not kept.
  using Params = NoParams;
  static constexpr std::string_view name = "ConfusionMatrix";
  static constexpr std::uint32_t class_version = 1;
  /// Largest number of class ids (ids must be < this). The matrix is dense: 4096 classes take
  /// 4096² cells of 24 bytes (384 MiB; 1000 classes take 24 MB), so larger ids are rejected with
  /// `InvalidInput`.
  static constexpr ClassId max_classes = 4096;

  ConfusionMatrix() = default;
  /// Constructs from (empty) parameters, for uniformity with the factory.
  explicit ConfusionMatrix(const Params&) {}

  /// Records a prediction `y_pred` for true class `y_true` with weight `w`. A zero weight is a
  /// no-op. Throws `InvalidInput` (state unchanged) for a negative or non-finite `w` or a class
  /// id >= `max_classes`; `who` names the metric in the message.
  void update(ClassId y_true, ClassId y_pred, double w = 1.0, std::string_view who = name) {
    require_weight(w, who);
    require_class(y_true, who);
    require_class(y_pred, who);
    if (w == 0.0) return;
    ensure_classes(std::max(y_true, y_pred) + 1);
    const std::size_t i = cell_index(y_true, y_pred);
    weights_[i].add(w);
    ++counts_[i];
    row_sum_[y_true].add(w);
    ++row_count_[y_true];
    col_sum_[y_pred].add(w);
    ++col_count_[y_pred];
    total_weight_.add(w);
    ++n_samples_;
    if (y_true == y_pred) {
      total_true_positives_.add(w);
      ++n_true_positives_;
    }
  }

  /// Undoes a previous `update(y_true, y_pred, w)`. A zero weight is a no-op (as in `update`).
  /// Throws `InvalidInput`, state unchanged, when `w` is negative or non-finite, when no update
  /// of the cell (y_true, y_pred) is recorded, when `w` exceeds the cell's recorded weight, or
  /// when it differs from the weight of the cell's last remaining update (all beyond a relative
  /// 1e-9 for rounding): reverting something never added cannot corrupt the matrix.
  void revert(ClassId y_true, ClassId y_pred, double w = 1.0, std::string_view who = name) {
    require_weight(w, who);
    if (w == 0.0) return;
    if (y_true >= n_classes_ || y_pred >= n_classes_ || counts_[cell_index(y_true, y_pred)] == 0) {
      throw InvalidInput(std::string(who) + ": cannot revert (y_true=" + std::to_string(y_true) +
                         ", y_pred=" + std::to_string(y_pred) + "): no such update is recorded");
    }
    const std::size_t i = cell_index(y_true, y_pred);
    const double recorded = weights_[i].value();
    // The cell's last update must be reverted with its own weight (its sum is then set to
    // exactly 0); otherwise `w` may not exceed what the cell holds.
    const bool last = counts_[i] == 1;
    if (w > recorded * (1.0 + 1e-9) || (last && w < recorded * (1.0 - 1e-9))) {
      const std::string held = streamwise::detail::format_double(recorded);
      throw InvalidInput(
          std::string(who) + ": cannot revert w=" + streamwise::detail::format_double(w) +
          " for (y_true=" + std::to_string(y_true) + ", y_pred=" + std::to_string(y_pred) + "): " +
          (w > recorded ? "only " + held + " is recorded" : "its last update has weight " + held));
    }
    subtract(weights_[i], counts_[i], w);
    subtract(row_sum_[y_true], row_count_[y_true], w);
    subtract(col_sum_[y_pred], col_count_[y_pred], w);
    subtract(total_weight_, n_samples_, w);
    if (y_true == y_pred) subtract(total_true_positives_, n_true_positives_, w);
  }

  /// Number of class-id slots (largest id seen + 1). Slots of ids never seen, or whose updates
  /// were all reverted, hold zeros; `is_present` tells which classes count.
  ClassId n_classes() const { return n_classes_; }

  /// Whether class `c` has a non-zero row or column sum: River's `ConfusionMatrix.classes`,
  /// the set that macro averages run over.
  bool is_present(ClassId c) const {
    return c < n_classes_ && (row_sum_[c].value() != 0.0 || col_sum_[c].value() != 0.0);
  }

  /// The present classes in increasing id order (allocates; for inspection, not hot paths).
  std::vector<ClassId> classes() const {
    std::vector<ClassId> out;
    for (ClassId c = 0; c < n_classes_; ++c) {
      if (is_present(c)) out.push_back(c);
    }
    return out;
  }

  /// Weight recorded in cell (y_true, y_pred); 0 for unknown ids.
  double weight(ClassId y_true, ClassId y_pred) const {
    return y_true < n_classes_ && y_pred < n_classes_ ? weights_[cell_index(y_true, y_pred)].value()
                                                      : 0.0;
  }
  /// Number of (non-zero-weight) updates held by cell (y_true, y_pred).
  std::uint64_t count(ClassId y_true, ClassId y_pred) const {
    return y_true < n_classes_ && y_pred < n_classes_ ? counts_[cell_index(y_true, y_pred)] : 0;
  }
  /// Total weight whose true class is `c` (River's `sum_row`).
  double sum_row(ClassId c) const { return c < n_classes_ ? row_sum_[c].value() : 0.0; }
  /// Total weight predicted as `c` (River's `sum_col`).
  double sum_col(ClassId c) const { return c < n_classes_ ? col_sum_[c].value() : 0.0; }
  /// Support of class `c`: the weight of samples whose true class is `c`.
  double support(ClassId c) const { return sum_row(c); }
  /// Weight of samples of class `c` predicted as `c`.
  double true_positives(ClassId c) const { return weight(c, c); }
  /// River's definition: all correct predictions except those of class `c`.
  double true_negatives(ClassId c) const { return total_true_positives() - weight(c, c); }
  /// Weight predicted as `c` whose true class is another one.
  double false_positives(ClassId c) const { return sum_col(c) - weight(c, c); }
  /// Weight of class `c` predicted as another class.
  double false_negatives(ClassId c) const { return sum_row(c) - weight(c, c); }
  /// Weight of all correct predictions (the diagonal).
  double total_true_positives() const { return total_true_positives_.value(); }
  /// Weight of all recorded updates.
  double total_weight() const { return total_weight_.value(); }
  /// Number of recorded updates with a non-zero weight (River also counts zero-weight ones).
  std::uint64_t n_samples() const { return n_samples_; }

  /// Hyper-parameters (none).
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("ConfusionMatrix: checkpoint from a newer version");
    }
    ar(n_classes_, weights_, counts_, row_sum_, row_count_, col_sum_, col_count_, total_weight_,
       n_samples_, total_true_positives_, n_true_positives_);
    if constexpr (Archive::is_loading::value) check_loaded();
  }

  friend bool operator==(const ConfusionMatrix&, const ConfusionMatrix&) = default;

 private:
  static void require_class(ClassId c, std::string_view who) {
    if (c >= max_classes) {
      throw InvalidInput(std::string(who) + ": class id " + std::to_string(c) +
                         " exceeds the limit of " + std::to_string(max_classes) + " classes");
    }
  }

  // Shell layout: cells with max(i, j) == m occupy [m², (m + 1)²): first row m (j = 0..m),
  // then column m (i = 0..m-1).
  static std::size_t cell_index(ClassId i, ClassId j) {
    const std::size_t m = std::max(i, j);
    return i == m ? m * m + j : m * m + m + 1 + i;
  }

  void ensure_classes(ClassId k) {
    if (k <= n_classes_) return;
    const std::size_t cells = static_cast<std::size_t>(k) * k;
    // Reserve everything first so that an allocation failure leaves the state untouched.
    weights_.reserve(std::max(cells, 2 * weights_.size()));
    counts_.reserve(std::max(cells, 2 * counts_.size()));
    row_sum_.reserve(k);
    row_count_.reserve(k);
    col_sum_.reserve(k);
    col_count_.reserve(k);
    weights_.resize(cells);
    counts_.resize(cells, 0);
    row_sum_.resize(k);
    row_count_.resize(k, 0);
    col_sum_.resize(k);
    col_count_.resize(k, 0);
    n_classes_ = k;
  }

  // Removes `w` from a sum that holds `count` updates; the last update leaves exactly 0 and
  // rounding never drives a sum below 0.
  static void subtract(detail::CompensatedSum& sum, std::uint64_t& count, double w) {
    --count;
    sum.add(-w);
    if (count == 0 || sum.value() < 0.0) sum.clear();
  }

  void check_loaded() const {
    const std::size_t k = n_classes_;
    const bool sizes_ok = k <= max_classes && weights_.size() == k * k && counts_.size() == k * k &&
                          row_sum_.size() == k && row_count_.size() == k && col_sum_.size() == k &&
                          col_count_.size() == k;
    if (!sizes_ok) throw CheckpointError("ConfusionMatrix: inconsistent sizes in checkpoint");
    const auto bad = [](const detail::CompensatedSum& v) {
      return !std::isfinite(v.sum) || !std::isfinite(v.carry) || !(v.value() >= 0.0);
    };
    bool values_ok = !bad(total_weight_) && !bad(total_true_positives_);
    for (const auto& v : weights_) values_ok = values_ok && !bad(v);
    for (const auto& v : row_sum_) values_ok = values_ok && !bad(v);
    for (const auto& v : col_sum_) values_ok = values_ok && !bad(v);
    if (!values_ok)
      throw CheckpointError("ConfusionMatrix: negative or non-finite weight in checkpoint");
  }

  [[no_unique_address]] Params params_{};
  ClassId n_classes_ = 0;
  std::vector<detail::CompensatedSum> weights_;  // cell weights, shell layout
  std::vector<std::uint64_t> counts_;            // cell update counts, shell layout
  std::vector<detail::CompensatedSum> row_sum_;
  std::vector<std::uint64_t> row_count_;
  std::vector<detail::CompensatedSum> col_sum_;
  std::vector<std::uint64_t> col_count_;
  detail::CompensatedSum total_weight_;
  std::uint64_t n_samples_ = 0;
  detail::CompensatedSum total_true_positives_;
  std::uint64_t n_true_positives_ = 0;
};

}  // namespace streamwise::metrics

CEREAL_CLASS_VERSION(streamwise::metrics::ConfusionMatrix,
                     streamwise::metrics::ConfusionMatrix::class_version)
