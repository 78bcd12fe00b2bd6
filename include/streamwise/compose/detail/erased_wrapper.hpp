#pragma once
/// @file
/// The value-type shell shared by `AnyTransformer`, `AnyRegressor` and `AnyClassifier`: owning
/// pointer to the erased estimator, deep copies, spec, checkpoint, equality and `target<T>()`.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <cereal/cereal.hpp>

#include "streamwise/compose/detail/erased.hpp"
#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::compose::detail {

/// CRTP base: `Derived` provides `name` and `class_version`; `Interface` derives from
/// `ErasedBase` and has `std::unique_ptr<Interface> clone() const`; `Model<T>` implements
/// `Interface` for a wrapped `T` (and derives from `ErasedCommon<Interface, T>`).
/// The checkpoint layout is `serialize_erased` under `Derived`'s class version.
template <class Derived, class Interface, template <class> class Model>
class ErasedWrapper {
 public:
  /// The wrapped estimator's spec, as the single nested part.
  using Params = CompositeParams;

  /// Deep copy: copies the wrapped estimator.
  ErasedWrapper(const ErasedWrapper& other)
      : impl_(other.impl_ ? other.impl_->clone() : nullptr), params_(other.params_) {}
  ErasedWrapper(ErasedWrapper&&) noexcept = default;
  /// Deep copy assignment.
  ErasedWrapper& operator=(const ErasedWrapper& other) {
    if (this != &other) *this = ErasedWrapper(other);
    return *this;
  }
  ErasedWrapper& operator=(ErasedWrapper&&) noexcept = default;
  ~ErasedWrapper() = default;

  /// Forwards to the wrapped estimator's `bind`, if any.
  void bind(const FeatureSpace* space) { impl().bind(space); }

  /// The wrapped estimator's spec.
  EstimatorSpec spec() const { return impl().spec(); }
  /// The wrapped class name.
  std::string_view type_name() const { return impl().type_name(); }
  /// Whether the wrapped estimator takes nominal codes.
  bool accepts_nominal() const { return impl().accepts_nominal(); }
  /// True when an estimator is held.
  bool has_value() const { return impl_ != nullptr; }
  /// The wrapped estimator if it is a `T`, else null.
  template <class T>
  const T* target() const {
    auto* m = dynamic_cast<const Model<T>*>(impl_.get());
    return m ? &m->value : nullptr;
  }
  /// The wrapped spec as the one nested part.
  const Params& params() const { return params_; }

  /// cereal hook: the wrapped class name, then its own payload (see `serialize_erased`).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > Derived::class_version) {
      throw CheckpointError(std::string(Derived::name) + ": checkpoint from a newer version");
    }
    serialize_erased(ar, impl_.get(), Derived::name);
  }

  /// Same wrapped type with equal state (two empty wrappers are equal).
  friend bool operator==(const ErasedWrapper& a, const ErasedWrapper& b) {
    if (!a.impl_ || !b.impl_) return !a.impl_ && !b.impl_;
    return a.impl_->equals(*b.impl_);
  }

 protected:
  /// Empty.
  ErasedWrapper() = default;
  /// Wraps `value` as a `T`.
  template <class T, class U>
  ErasedWrapper(std::in_place_type_t<T> /*type*/, U&& value)
      : impl_(std::make_unique<Model<T>>(std::forward<U>(value))) {
    params_.add(impl_->spec());
  }

  /// The erased estimator; throws `std::logic_error` when empty.
  Interface& impl() {
    require_not_empty(impl_.get(), Derived::name);
    return *impl_;
  }
  /// The erased estimator; throws `std::logic_error` when empty.
  const Interface& impl() const {
    require_not_empty(impl_.get(), Derived::name);
    return *impl_;
  }

 private:
  std::unique_ptr<Interface> impl_;
  Params params_;
};

}  // namespace streamwise::compose::detail
