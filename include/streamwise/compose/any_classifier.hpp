#pragma once
/// @file
/// A classifier of any type behind one value type, for pipelines built at run time.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include <cereal/cereal.hpp>

#include "streamwise/compose/detail/erased.hpp"
#include "streamwise/compose/detail/erased_wrapper.hpp"
#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::compose {

namespace detail {

/// The virtual functions of an erased classifier.
struct ClassifierInterface : ErasedBase {
  virtual std::unique_ptr<ClassifierInterface> clone() const = 0;
  virtual void learn_one(DenseView x, ClassId y, double w) = 0;
  virtual void predict_proba_one(DenseView x, std::span<double> out) const = 0;
  virtual ClassId predict_one(DenseView x) const = 0;
  virtual std::size_t n_classes() const = 0;
};

/// `ClassifierInterface` for a wrapped classifier `T`.
template <class T>
struct ClassifierModel final : ErasedCommon<ClassifierInterface, T> {
  using ErasedCommon<ClassifierInterface, T>::ErasedCommon;
  std::unique_ptr<ClassifierInterface> clone() const override {
    return std::make_unique<ClassifierModel>(*this);
  }
  void learn_one(DenseView x, ClassId y, double w) override { this->value.learn_one(x, y, w); }
  void predict_proba_one(DenseView x, std::span<double> out) const override {
    this->value.predict_proba_one(x, out);
  }
  ClassId predict_one(DenseView x) const override { return this->value.predict_one(x); }
  std::size_t n_classes() const override { return this->value.n_classes(); }
};

}  // namespace detail

/// Holds any `Classifier` by value behind a small virtual interface (see `AnyTransformer` for
/// copying, specs and checkpoints).
///
/// ```cpp
/// streamwise::compose::AnyClassifier model{streamwise::naive_bayes::GaussianNB{}};
/// const double x[] = {1.0};
/// model.learn_one(streamwise::DenseView{x}, streamwise::ClassId{0});
/// model.predict_one(streamwise::DenseView{x});  // 0
/// ```
class AnyClassifier : public detail::ErasedWrapper<AnyClassifier, detail::ClassifierInterface,
                                                   detail::ClassifierModel> {
 public:
  /// The wrapped classifier's spec, as the single nested part.
  using Params = detail::CompositeParams;
  static constexpr std::string_view name = "AnyClassifier";
  static constexpr std::uint32_t class_version = 1;

  /// Empty: every method throws `std::logic_error` until assigned.
  AnyClassifier() = default;
  /// Wraps `r`.
  template <class T>
  requires(!std::is_same_v<std::remove_cvref_t<T>, AnyClassifier> &&
           detail::classifier_step<std::remove_cvref_t<T>>) explicit AnyClassifier(T&& r)
      : ErasedWrapper(std::in_place_type<std::remove_cvref_t<T>>, std::forward<T>(r)) {}

  /// Learns `(x, y)` with weight `w`.
  void learn_one(DenseView x, ClassId y, double w = 1.0) { impl().learn_one(x, y, w); }
  /// Class probabilities of `x` (`out.size() == n_classes()`).
  void predict_proba_one(DenseView x, std::span<double> out) const {
    impl().predict_proba_one(x, out);
  }
  /// Most probable class of `x`.
  ClassId predict_one(DenseView x) const { return impl().predict_one(x); }
  /// Classes known so far.
  std::size_t n_classes() const { return impl().n_classes(); }

  // Copying (deep), bind(), spec(), type_name(), accepts_nominal(), has_value() (true when a
  // classifier is held), target<T>() (the wrapped classifier if it is a `T`, else null),
  // params() and serialize() come from detail::ErasedWrapper.

  /// Clone (same as copying).
  AnyClassifier clone() const { return *this; }

  /// Same wrapped type with equal state (two empty wrappers are equal).
  friend bool operator==(const AnyClassifier&, const AnyClassifier&) = default;
};

}  // namespace streamwise::compose

CEREAL_CLASS_VERSION(streamwise::compose::AnyClassifier,
                     streamwise::compose::AnyClassifier::class_version)
