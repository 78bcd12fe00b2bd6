#pragma once
/// @file
/// A regressor of any type behind one value type, for pipelines built at run time.

#include <cstdint>
#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>

#include <cereal/cereal.hpp>

#include "streamwise/compose/detail/erased.hpp"
#include "streamwise/compose/detail/erased_wrapper.hpp"
#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::compose {

namespace detail {

/// The virtual functions of an erased regressor.
struct RegressorInterface : ErasedBase {
  virtual std::unique_ptr<RegressorInterface> clone() const = 0;
  virtual void learn_one(DenseView x, double y, double w) = 0;
  virtual double predict_one(DenseView x) const = 0;
};

/// `RegressorInterface` for a wrapped regressor `T`.
template <class T>
struct RegressorModel final : ErasedCommon<RegressorInterface, T> {
  using ErasedCommon<RegressorInterface, T>::ErasedCommon;
  std::unique_ptr<RegressorInterface> clone() const override {
    return std::make_unique<RegressorModel>(*this);
  }
  void learn_one(DenseView x, double y, double w) override { this->value.learn_one(x, y, w); }
  double predict_one(DenseView x) const override { return this->value.predict_one(x); }
};

}  // namespace detail

/// Holds any `Regressor` by value behind a small virtual interface (see `AnyTransformer` for
/// copying, specs and checkpoints).
///
/// ```cpp
/// streamwise::compose::AnyRegressor model{streamwise::linear_model::BayesianLinearRegression{}};
/// const double x[] = {1.0};
/// model.learn_one(streamwise::DenseView{x}, 2.0);
/// model.predict_one(streamwise::DenseView{x});
/// ```
class AnyRegressor : public detail::ErasedWrapper<AnyRegressor, detail::RegressorInterface,
                                                  detail::RegressorModel> {
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
      : ErasedWrapper(std::in_place_type<std::remove_cvref_t<T>>, std::forward<T>(r)) {}

  /// Learns `(x, y)` with weight `w`.
  void learn_one(DenseView x, double y, double w = 1.0) { impl().learn_one(x, y, w); }
  /// Predicts `x`.
  double predict_one(DenseView x) const { return impl().predict_one(x); }

  // Copying (deep), bind(), spec(), type_name(), accepts_nominal(), has_value() (true when a
  // regressor is held), target<T>() (the wrapped regressor if it is a `T`, else null), params()
  // and serialize() come from detail::ErasedWrapper.

  /// Clone (same as copying).
  AnyRegressor clone() const { return *this; }

  /// Same wrapped type with equal state (two empty wrappers are equal).
  friend bool operator==(const AnyRegressor&, const AnyRegressor&) = default;
};

}  // namespace streamwise::compose

CEREAL_CLASS_VERSION(streamwise::compose::AnyRegressor,
                     streamwise::compose::AnyRegressor::class_version)
