#pragma once
/// @file
/// River's `utils.Rolling(metric, window_size)` for metrics: the metric over the last
/// `window_size` updates only.

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <typeinfo>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/concepts.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/metrics/cross_entropy.hpp"

namespace streamwise::metrics {

namespace detail {

template <class F>
struct UpdateSignature {};
template <class M, class A, class B>
struct UpdateSignature<void (M::*)(A, B, double)> {
  using y_true_type = std::remove_cvref_t<A>;
  using y_pred_type = std::remove_cvref_t<B>;
};

// The argument types of `M::update(y_true, y_pred, w)`, read off the member function when it is
// a single non-template overload, else the ones the concepts in core/concepts.hpp promise.
template <class M>
struct SampleTypes {
  using y_true_type =
      std::conditional_t<RegressionMetric<M> && !ClassificationMetric<M>, double, ClassId>;
  using y_pred_type = y_true_type;
};
template <class M>
requires requires { typename UpdateSignature<decltype(&M::update)>::y_true_type; }
struct SampleTypes<M> : UpdateSignature<decltype(&M::update)> {};

}  // namespace detail

/// How `Rolling<M>` remembers one update of `M` and undoes it later. The primary template stores
/// copies of `y_true`, `y_pred` and `w` and calls `M::revert` with them; specialise it for a
/// metric whose inputs are views (see `RollingTraits<CrossEntropy>`).
template <class M>
struct RollingTraits {
  /// Type of the first argument of `update`.
  using y_true_type = typename detail::SampleTypes<M>::y_true_type;
  /// Type of the second argument of `update`.
  using y_pred_type = typename detail::SampleTypes<M>::y_pred_type;

  /// One remembered update.
  struct Entry {
    y_true_type y_true{};
    y_pred_type y_pred{};
    double w = 0.0;

    /// cereal hook.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(y_true, y_pred, w);
    }
    friend bool operator==(const Entry&, const Entry&) = default;
  };

  /// What to remember of `update(y_true, y_pred, w)`.
  static Entry make_entry(const y_true_type& y_true, const y_pred_type& y_pred, double w) {
    return Entry{y_true, y_pred, w};
  }
  /// Undoes a remembered update.
  static void revert(M& metric, const Entry& e) { metric.revert(e.y_true, e.y_pred, e.w); }
};

/// CrossEntropy's probabilities are a view that the caller may reuse, and only the probability
/// of the true class matters: the window keeps each sample's loss and weight (16 bytes).
template <>
struct RollingTraits<CrossEntropy> {
  /// The true class id.
  using y_true_type = ClassId;
  /// One probability per class id.
  using y_pred_type = std::span<const double>;

  /// One remembered update: its loss and weight.
  struct Entry {
    double loss = 0.0;
    double w = 0.0;

    /// cereal hook.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(loss, w);
    }
    friend bool operator==(const Entry&, const Entry&) = default;
  };

  /// What to remember of `update(y_true, proba, w)`.
  static Entry make_entry(ClassId y_true, std::span<const double> proba, double w) {
    return Entry{CrossEntropy::loss(y_true, proba), w};
  }
  /// Undoes a remembered update.
  static void revert(CrossEntropy& metric, const Entry& e) { metric.revert_loss(e.loss, e.w); }
};

/// A metric that `Rolling` can wrap: an `Estimator` (core/concepts.hpp) with `get()`,
/// `bigger_is_better`, and an `update(y_true, y_pred, w)` that `RollingTraits` can undo. Every
/// `ClassificationMetric` and `RegressionMetric` qualifies, and so do LogLoss, CrossEntropy and
/// ROCAUC.
template <class M>
concept RollableMetric = Estimator<M> &&
    requires(M m, const M cm, const typename RollingTraits<M>::y_true_type& yt,
             const typename RollingTraits<M>::y_pred_type& yp,
             const typename RollingTraits<M>::Entry& e, double w) {
  m.update(yt, yp, w);
  RollingTraits<M>::revert(m, e);
  { RollingTraits<M>::make_entry(yt, yp, w) } -> std::same_as<typename RollingTraits<M>::Entry>;
  { cm.get() } -> std::convertible_to<double>;
  { M::bigger_is_better } -> std::convertible_to<bool>;
};

/// The wrapped metric's parameters as a nested estimator spec (`{"type": "MAE", "params": {}}`)
/// inside `Rolling`'s parameters.
template <class M>
struct WrappedParams {
  using Params = typename M::Params;
  static constexpr std::string_view name = M::name;

  Params params_{};

  /// The wrapped metric's parameters.
  const Params& params() const { return params_; }

  /// cereal hook.
  template <class Archive>
  void serialize(Archive& ar) {
    ar(params_);
  }
  friend bool operator==(const WrappedParams&, const WrappedParams&) = default;
};

/// A metric computed over the last `window_size` updates only (River's
/// `utils.Rolling(metric, window_size)`). The last updates are kept in a ring buffer; once it is
/// full, each update also reverts the oldest one, so the wrapped metric must be exactly
/// revertible. No allocation per update once the window is full.
///
/// ```cpp
/// streamwise::metrics::Rolling<streamwise::metrics::MAE> mae(3);  // window of 3
/// const double y_true[] = {3, -0.5, 2, 7};
/// const double y_pred[] = {2.5, 0.0, 2, 8};
/// for (int i = 0; i < 4; ++i) mae.update(y_true[i], y_pred[i]);
/// mae.get();  // 0.5: the MAE of the last three
/// ```
///
/// The new sample is added before the oldest is reverted (River reverts first): a rejected
/// sample then leaves everything untouched, and a window of one never passes through an empty
/// metric (where River's R2 divides by zero). The two orders differ by rounding only.
template <RollableMetric M>
class Rolling {
 public:
  using Traits = RollingTraits<M>;
  using Entry = typename Traits::Entry;
  using y_true_type = typename Traits::y_true_type;
  using y_pred_type = typename Traits::y_pred_type;

  /// Hyper-parameters: the wrapped metric (River's `cls` and its keyword arguments) and the
  /// window size. Named as in `stats::Rolling`, so both print the same kind of spec.
  struct Params {
    /// Parameters of the wrapped metric.
    WrappedParams<M> cls{};
    /// Number of most recent updates the metric covers. River has no default; 10 here, as in
    /// `stats::Rolling`.
    std::int64_t window_size = 10;

    template <class V>
    void visit(V&& v) {
      v("cls", cls);
      v("window_size", window_size);
    }
    /// Throws `std::invalid_argument` unless `window_size >= 1` and the wrapped parameters are
    /// valid.
    void validate() const {
      if (window_size < 1) throw invalid_parameter("Rolling", "window_size", ">= 1");
      cls.params_.validate();
    }
    /// cereal hook.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(cls, window_size);
    }
    friend bool operator==(const Params&, const Params&) = default;
  };

  static constexpr std::string_view name = "Rolling";
  static constexpr std::uint32_t class_version = 1;
  /// Same direction as the wrapped metric.
  static constexpr bool bigger_is_better = M::bigger_is_better;
  /// Same as the wrapped metric.
  static constexpr bool works_with_weights = [] {
    if constexpr (requires { M::works_with_weights; }) {
      return static_cast<bool>(M::works_with_weights);
    } else {
      return true;
    }
  }();

  /// A window of 10 updates over a default-constructed metric.
  Rolling() : Rolling(Params{}) {}
  /// Validates `params` and builds the wrapped metric from `params.cls`.
  explicit Rolling(const Params& params) : params_(params), metric_(make_metric(params_)) {}
  /// A window of `window_size` updates over a metric built from `metric_params`.
  explicit Rolling(std::int64_t window_size, const typename M::Params& metric_params = {})
      : Rolling(Params{WrappedParams<M>{metric_params}, window_size}) {}

  /// Adds a sample to the window, reverting the oldest one once the window is full. Throws
  /// whatever the wrapped metric's `update` throws (`InvalidInput` for bad input), with nothing
  /// changed.
  void update(const y_true_type& y_true, const y_pred_type& y_pred, double w = 1.0) {
    const auto capacity = static_cast<std::size_t>(params_.window_size);
    if (window_.size() < capacity && window_.size() == window_.capacity()) {
      // Grow before touching the metric so that a failed allocation changes nothing.
      window_.reserve(std::min(capacity, std::max<std::size_t>(16, 2 * window_.capacity())));
    }
    Entry entry = Traits::make_entry(y_true, y_pred, w);
    metric_.update(y_true, y_pred, w);
    if (window_.size() < capacity) {
      window_.push_back(std::move(entry));
      return;
    }
    try {
      Traits::revert(metric_, window_[oldest_]);
    } catch (...) {
      // Not expected (the oldest sample was accepted once); keep the metric and window in step.
      Traits::revert(metric_, entry);
      throw;
    }
    window_[oldest_] = std::move(entry);
    oldest_ = oldest_ + 1 == capacity ? 0 : oldest_ + 1;
  }

  /// The wrapped metric's value over the window (its empty value before any update).
  double get() const { return metric_.get(); }

  /// The wrapped metric, covering exactly the updates in the window.
  const M& metric() const { return metric_; }
  /// Number of updates in the window (at most `window_size`).
  std::size_t size() const { return window_.size(); }
  /// Maximum number of updates in the window.
  std::size_t window_size() const { return static_cast<std::size_t>(params_.window_size); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: parameters and state.
  template <class Archive>
  void save(Archive& ar, std::uint32_t /*version*/) const {
    ar(params_, metric_, window_, static_cast<std::uint64_t>(oldest_));
  }

  /// cereal hook: reads into temporaries, checks them, then commits; throws `CheckpointError`.
  template <class Archive>
  void load(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Rolling: checkpoint from a newer version");
    Params params;
    M metric{};
    std::vector<Entry> window;
    std::uint64_t oldest = 0;
    ar(params, metric, window, oldest);
    try {
      params.validate();
    } catch (const std::invalid_argument& e) {
      throw CheckpointError(std::string("Rolling: invalid parameters in checkpoint: ") + e.what());
    }
    if (!(metric.params() == params.cls.params_)) {
      throw CheckpointError("Rolling: the wrapped metric's parameters disagree with Rolling's");
    }
    const auto capacity = static_cast<std::uint64_t>(params.window_size);
    if (window.size() > capacity || (window.size() < capacity && oldest != 0) ||
        (!window.empty() && oldest >= window.size())) {
      throw CheckpointError("Rolling: inconsistent window in checkpoint");
    }
    params_ = std::move(params);
    metric_ = std::move(metric);
    window_ = std::move(window);
    oldest_ = static_cast<std::size_t>(oldest);
  }

  friend bool operator==(const Rolling&, const Rolling&) = default;

 private:
  static M make_metric(const Params& params) {
    params.validate();
    return M(params.cls.params_);
  }

  Params params_;
  M metric_;
  std::vector<Entry> window_;  // ring buffer; once full, window_[oldest_] is the oldest update
  std::size_t oldest_ = 0;
};

}  // namespace streamwise::metrics

namespace cereal::detail {
/// cereal's CEREAL_CLASS_VERSION for every `Rolling<M>`.
template <class M>
struct Version<streamwise::metrics::Rolling<M>> {
  static std::uint32_t registerVersion() {
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(streamwise::metrics::Rolling<M>)).hash_code(),
        streamwise::metrics::Rolling<M>::class_version);
    return streamwise::metrics::Rolling<M>::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
