#pragma once
/// @file
/// A regressor of any type behind one value type, for pipelines built at run time.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <cereal/cereal.hpp>

#include "streamwise/compose/detail/erased.hpp"
#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::compose {

/// Holds any `Regressor` by value behind a small virtual interface (see `AnyTransformer` for
/// copying, specs and checkpoints).
///
/// ```cpp
/// streamwise::compose::AnyRegressor model{streamwise::linear_model::BayesianLinearRegression{}};
/// const double x[] = {1.0};
/// model.learn_one(streamwise::DenseView{x}, 2.0);
/// model.predict_one(streamwise::DenseView{x});
/// ```
class AnyRegressor {
 public:
  /// The wrapped regressor's spec, as the single nested part.
  using Params = detail::CompositeParams;
  static constexpr std::string_view name = "AnyRegressor";
  static constexpr std::uint32_t class_version = 1;

  /// Empty: every method throws `std::logic_error` until assigned.
  AnyRegressor() = default;
  /// Wraps `r`.
  template <class T>
  requires(!std::is_same_v<std::remove_cvref_t<T>, AnyRegressor> &&
           detail::regressor_step<std::remove_cvref_t<T>>) explicit AnyRegressor(T&& r)
      : impl_(std::make_unique<Model<std::remove_cvref_t<T>>>(std::forward<T>(r))) {
    params_.add(impl_->spec());
  }
  AnyRegressor(const AnyRegressor& other)
      : impl_(other.impl_ ? other.impl_->clone() : nullptr), params_(other.params_) {}
  AnyRegressor(AnyRegressor&&) noexcept = default;
  AnyRegressor& operator=(const AnyRegressor& other) {
    if (this != &other) *this = AnyRegressor(other);
    return *this;
  }
  AnyRegressor& operator=(AnyRegressor&&) noexcept = default;
  ~AnyRegressor() = default;

  /// Learns `(x, y)` with weight `w`.
  void learn_one(DenseView x, double y, double w = 1.0) { impl().learn_one(x, y, w); }
  /// Predicts `x`.
  double predict_one(DenseView x) const { return impl().predict_one(x); }
  /// Forwards to the wrapped regressor's `bind`, if any.
  void bind(const FeatureSpace* space) { impl().bind(space); }

  /// The wrapped regressor's spec.
  EstimatorSpec spec() const { return impl().spec(); }
  /// The wrapped class name.
  std::string_view type_name() const { return impl().type_name(); }
  /// Whether the wrapped regressor takes nominal codes.
  bool accepts_nominal() const { return impl().accepts_nominal(); }
  /// True when a regressor is held.
  bool has_value() const { return impl_ != nullptr; }
  /// The wrapped regressor if it is a `T`, else null.
  template <class T>
  const T* target() const {
    auto* m = dynamic_cast<const Model<T>*>(impl_.get());
    return m ? &m->value : nullptr;
  }
  /// Clone (same as copying).
  AnyRegressor clone() const { return *this; }
  /// The wrapped spec as the one nested part.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version)
      throw CheckpointError("AnyRegressor: checkpoint from a newer version");
    detail::serialize_erased(ar, impl_.get(), name);
  }

  /// Same wrapped type with equal state (two empty wrappers are equal).
  friend bool operator==(const AnyRegressor& a, const AnyRegressor& b) {
    if (!a.impl_ || !b.impl_) return !a.impl_ && !b.impl_;
    return a.impl_->equals(*b.impl_);
  }

 private:
  struct Interface : detail::ErasedBase {
    virtual std::unique_ptr<Interface> clone() const = 0;
    virtual void learn_one(DenseView x, double y, double w) = 0;
    virtual double predict_one(DenseView x) const = 0;
  };

  template <class T>
  struct Model final : detail::ErasedCommon<Interface, T> {
    using detail::ErasedCommon<Interface, T>::ErasedCommon;
    std::unique_ptr<Interface> clone() const override { return std::make_unique<Model>(*this); }
    void learn_one(DenseView x, double y, double w) override { this->value.learn_one(x, y, w); }
    double predict_one(DenseView x) const override { return this->value.predict_one(x); }
  };

  Interface& impl() {
    detail::require_not_empty(impl_.get(), name);
    return *impl_;
  }
  const Interface& impl() const {
    detail::require_not_empty(impl_.get(), name);
    return *impl_;
  }

  std::unique_ptr<Interface> impl_;
  Params params_;
};

}  // namespace streamwise::compose

CEREAL_CLASS_VERSION(streamwise::compose::AnyRegressor,
                     streamwise::compose::AnyRegressor::class_version)
