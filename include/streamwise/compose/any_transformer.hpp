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

/// The virtual functions of an erased transformer.
struct TransformerInterface : ErasedBase {
  virtual std::unique_ptr<TransformerInterface> clone() const = 0;
  virtual void learn_one(DenseView x, double w) = 0;
  virtual void transform_one(DenseView x, std::span<double> out) const = 0;
  virtual std::size_t n_outputs(DenseView x) const = 0;
  virtual std::string output_name(FeatureId id, const FeatureSpace* space) const = 0;
  virtual bool names_outputs() const = 0;
};

/// `TransformerInterface` for a wrapped transformer `T`.
template <class T>
struct TransformerModel final : ErasedCommon<TransformerInterface, T> {
  using ErasedCommon<TransformerInterface, T>::ErasedCommon;
  std::unique_ptr<TransformerInterface> clone() const override {
    return std::make_unique<TransformerModel>(*this);
  }
  void learn_one(DenseView x, double w) override {
    if constexpr (weighted_transformer<T>) {
      this->value.learn_one(x, w);
    } else {
      this->value.learn_one(x);
    }
  }
  void transform_one(DenseView x, std::span<double> out) const override {
    this->value.transform_one(x, out);
  }
  std::size_t n_outputs(DenseView x) const override { return n_outputs_of(this->value, x); }
  bool names_outputs() const override { return has_output_name<T>; }
  std::string output_name(FeatureId id, const FeatureSpace* space) const override {
    if constexpr (has_output_name<T>) {
      return std::string(this->value.output_name(id));
    } else {
      if (space == nullptr)
        throw std::logic_error(std::string(T::name) + ": bind() a FeatureSpace first");
      return space->name(id);
    }
  }
};

}  // namespace detail

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
class AnyTransformer : public detail::ErasedWrapper<AnyTransformer, detail::TransformerInterface,
                                                    detail::TransformerModel> {
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
      : ErasedWrapper(std::in_place_type<std::remove_cvref_t<T>>, std::forward<T>(t)) {}

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

  // Copying (deep), bind(), spec(), type_name(), accepts_nominal(), has_value() (true when a
  // transformer is held), target<T>() (the wrapped transformer if it is a `T`, else null),
  // params() and serialize() come from detail::ErasedWrapper.

  /// Clone (same as copying).
  AnyTransformer clone() const { return *this; }

  /// Same wrapped type with equal state (two empty wrappers are equal).
  friend bool operator==(const AnyTransformer&, const AnyTransformer&) = default;
};

}  // namespace streamwise::compose

CEREAL_CLASS_VERSION(streamwise::compose::AnyTransformer,
                     streamwise::compose::AnyTransformer::class_version)
