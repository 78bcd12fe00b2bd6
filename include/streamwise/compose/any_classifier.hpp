#pragma once
/// @file
/// A classifier of any type behind one value type, for pipelines built at run time.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <cereal/cereal.hpp>

#include "streamwise/compose/detail/erased.hpp"
#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::compose {

/// Holds any `Classifier` by value behind a small virtual interface (see `AnyTransformer` for
/// copying, specs and checkpoints).
///
/// ```cpp
/// streamwise::compose::AnyClassifier model{streamwise::naive_bayes::GaussianNB{}};
/// const double x[] = {1.0};
/// model.learn_one(streamwise::DenseView{x}, streamwise::ClassId{0});
/// model.predict_one(streamwise::DenseView{x});  // 0
/// ```
class AnyClassifier {
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
      : impl_(std::make_unique<Model<std::remove_cvref_t<T>>>(std::forward<T>(r))) {
    params_.add(impl_->spec());
  }
  AnyClassifier(const AnyClassifier& other)
      : impl_(other.impl_ ? other.impl_->clone() : nullptr), params_(other.params_) {}
  AnyClassifier(AnyClassifier&&) noexcept = default;
  AnyClassifier& operator=(const AnyClassifier& other) {
    if (this != &other) *this = AnyClassifier(other);
    return *this;
  }
  AnyClassifier& operator=(AnyClassifier&&) noexcept = default;
  ~AnyClassifier() = default;

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
  /// Forwards to the wrapped classifier's `bind`, if any.
  void bind(const FeatureSpace* space) { impl().bind(space); }

  /// The wrapped classifier's spec.
  EstimatorSpec spec() const { return impl().spec(); }
  /// The wrapped class name.
  std::string_view type_name() const { return impl().type_name(); }
  /// Whether the wrapped classifier takes nominal codes.
  bool accepts_nominal() const { return impl().accepts_nominal(); }
  /// True when a classifier is held.
  bool has_value() const { return impl_ != nullptr; }
  /// The wrapped classifier if it is a `T`, else null.
  template <class T>
  const T* target() const {
    auto* m = dynamic_cast<const Model<T>*>(impl_.get());
    return m ? &m->value : nullptr;
  }
  /// Clone (same as copying).
  AnyClassifier clone() const { return *this; }
  /// The wrapped spec as the one nested part.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version)
      throw CheckpointError("AnyClassifier: checkpoint from a newer version");
    detail::serialize_erased(ar, impl_.get(), name);
  }

  /// Same wrapped type with equal state (two empty wrappers are equal).
  friend bool operator==(const AnyClassifier& a, const AnyClassifier& b) {
    if (!a.impl_ || !b.impl_) return !a.impl_ && !b.impl_;
    return a.impl_->equals(*b.impl_);
  }

 private:
  struct Interface : detail::ErasedBase {
    virtual std::unique_ptr<Interface> clone() const = 0;
    virtual void learn_one(DenseView x, ClassId y, double w) = 0;
    virtual void predict_proba_one(DenseView x, std::span<double> out) const = 0;
    virtual ClassId predict_one(DenseView x) const = 0;
    virtual std::size_t n_classes() const = 0;
  };

  template <class T>
  struct Model final : detail::ErasedCommon<Interface, T> {
    using detail::ErasedCommon<Interface, T>::ErasedCommon;
    std::unique_ptr<Interface> clone() const override { return std::make_unique<Model>(*this); }
    void learn_one(DenseView x, ClassId y, double w) override { this->value.learn_one(x, y, w); }
    void predict_proba_one(DenseView x, std::span<double> out) const override {
      this->value.predict_proba_one(x, out);
    }
    ClassId predict_one(DenseView x) const override { return this->value.predict_one(x); }
    std::size_t n_classes() const override { return this->value.n_classes(); }
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

CEREAL_CLASS_VERSION(streamwise::compose::AnyClassifier,
                     streamwise::compose::AnyClassifier::class_version)
