#pragma once
/// @file
/// A transformer of any type behind one value type, for pipelines built at run time.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
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

/// Holds any `Transformer` by value (copying an `AnyTransformer` copies the transformer) behind
/// a small virtual interface: one indirect call per method, the price of choosing steps at run
/// time. Static `Pipeline`s do not need it.
///
/// Its spec is the wrapped transformer's; `params()` lists it as the one nested part. A
/// checkpoint holds the wrapped class name and its own payload; loading needs an
/// `AnyTransformer` already holding that type (built from the same spec).
///
/// ```cpp
/// streamwise::compose::AnyTransformer step{streamwise::preprocessing::StandardScaler{}};
/// const double x[] = {1.0};
/// step.learn_one(streamwise::DenseView{x});
/// double out[1];
/// step.transform_one(streamwise::DenseView{x}, out);
/// ```
class AnyTransformer {
 public:
  /// The wrapped transformer's spec, as the single nested part.
  using Params = detail::CompositeParams;
  static constexpr std::string_view name = "AnyTransformer";
  static constexpr std::uint32_t class_version = 1;

  /// Empty: every method but `spec`-less ones throws `std::logic_error` until assigned.
  AnyTransformer() = default;
  /// Wraps `t`.
  template <class T>
  requires(!std::is_same_v<std::remove_cvref_t<T>, AnyTransformer> &&
           detail::transformer_step<std::remove_cvref_t<T>>) explicit AnyTransformer(T&& t)
      : impl_(std::make_unique<Model<std::remove_cvref_t<T>>>(std::forward<T>(t))) {
    refresh_params();
  }
  AnyTransformer(const AnyTransformer& other)
      : impl_(other.impl_ ? other.impl_->clone() : nullptr), params_(other.params_) {}
  AnyTransformer(AnyTransformer&&) noexcept = default;
  AnyTransformer& operator=(const AnyTransformer& other) {
    if (this != &other) *this = AnyTransformer(other);
    return *this;
  }
  AnyTransformer& operator=(AnyTransformer&&) noexcept = default;
  ~AnyTransformer() = default;

  /// Learns from `x` (`w` reaches transformers whose `learn_one` takes a weight).
  void learn_one(DenseView x, double w = 1.0) { impl().learn_one(x, w); }
  /// Transforms `x` into `out` (`out.size() >= n_outputs(x)`).
  void transform_one(DenseView x, std::span<double> out) const { impl().transform_one(x, out); }
  /// Output width for `x`.
  std::size_t n_outputs(DenseView x) const { return impl().n_outputs(x); }
  /// Name of output `id`; transformers that keep ids and have no `output_name` use `space`.
  std::string output_name(FeatureId id, const FeatureSpace* space = nullptr) const {
    return impl().output_name(id, space);
  }
  /// True when the wrapped transformer names its outputs itself (has `output_name`); false
  /// when it keeps its input's ids and names.
  bool names_outputs() const { return impl().names_outputs(); }
  /// Forwards to the wrapped transformer's `bind`, if any.
  void bind(const FeatureSpace* space) { impl().bind(space); }

  /// The wrapped transformer's spec.
  EstimatorSpec spec() const { return impl().spec(); }
  /// The wrapped class name.
  std::string_view type_name() const { return impl().type_name(); }
  /// Whether the wrapped transformer takes nominal codes.
  bool accepts_nominal() const { return impl().accepts_nominal(); }
  /// True when a transformer is held.
  bool has_value() const { return impl_ != nullptr; }
  /// The wrapped transformer if it is a `T`, else null.
  template <class T>
  const T* target() const {
    auto* m = dynamic_cast<const Model<T>*>(impl_.get());
    return m ? &m->value : nullptr;
  }
  /// Clone (same as copying).
  AnyTransformer clone() const { return *this; }
  /// The wrapped spec as the one nested part.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("AnyTransformer: checkpoint from a newer version");
    }
    detail::serialize_erased(ar, impl_.get(), name);
  }

  /// Same wrapped type with equal state (two empty wrappers are equal).
  friend bool operator==(const AnyTransformer& a, const AnyTransformer& b) {
    if (!a.impl_ || !b.impl_) return !a.impl_ && !b.impl_;
    return a.impl_->equals(*b.impl_);
  }

 private:
  struct Interface : detail::ErasedBase {
    virtual std::unique_ptr<Interface> clone() const = 0;
    virtual void learn_one(DenseView x, double w) = 0;
    virtual void transform_one(DenseView x, std::span<double> out) const = 0;
    virtual std::size_t n_outputs(DenseView x) const = 0;
    virtual std::string output_name(FeatureId id, const FeatureSpace* space) const = 0;
    virtual bool names_outputs() const = 0;
  };

  template <class T>
  struct Model final : detail::ErasedCommon<Interface, T> {
    using detail::ErasedCommon<Interface, T>::ErasedCommon;
    std::unique_ptr<Interface> clone() const override { return std::make_unique<Model>(*this); }
    void learn_one(DenseView x, double w) override {
      if constexpr (detail::weighted_transformer<T>) {
        this->value.learn_one(x, w);
      } else {
        this->value.learn_one(x);
      }
    }
    void transform_one(DenseView x, std::span<double> out) const override {
      this->value.transform_one(x, out);
    }
    std::size_t n_outputs(DenseView x) const override {
      return detail::n_outputs_of(this->value, x);
    }
    bool names_outputs() const override { return detail::has_output_name<T>; }
    std::string output_name(FeatureId id, const FeatureSpace* space) const override {
      if constexpr (detail::has_output_name<T>) {
        return std::string(this->value.output_name(id));
      } else {
        if (space == nullptr)
          throw std::logic_error(std::string(T::name) + ": bind() a FeatureSpace first");
        return space->name(id);
      }
    }
  };

  Interface& impl() {
    detail::require_not_empty(impl_.get(), name);
    return *impl_;
  }
  const Interface& impl() const {
    detail::require_not_empty(impl_.get(), name);
    return *impl_;
  }
  void refresh_params() {
    params_ = Params{};
    params_.add(impl_->spec());
  }

  std::unique_ptr<Interface> impl_;
  Params params_;
};

}  // namespace streamwise::compose

CEREAL_CLASS_VERSION(streamwise::compose::AnyTransformer,
                     streamwise::compose::AnyTransformer::class_version)
