#pragma once
/// @file
/// What every type-erased estimator wrapper (`AnyTransformer`, `AnyRegressor`, `AnyClassifier`)
/// shares: spec, class name, checkpoint through the wrapped object's `serialize`, equality and
/// `bind`. Only the portable checkpoint archives are supported (virtual functions cannot be
/// templates over the archive).

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <cereal/cereal.hpp>
#include <cereal/types/string.hpp>

#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/io/archive.hpp"

namespace streamwise::compose::detail {

/// The virtual functions every erased estimator has.
struct ErasedBase {
  virtual ~ErasedBase() = default;
  /// Spec of the wrapped estimator.
  virtual EstimatorSpec spec() const = 0;
  /// River class name of the wrapped estimator.
  virtual std::string_view type_name() const = 0;
  /// Whether the wrapped estimator takes nominal codes.
  virtual bool accepts_nominal() const = 0;
  /// Writes the wrapped estimator (its own class version included).
  virtual void save(io::PayloadOutputArchive& ar) const = 0;
  /// Reads into a fresh copy, then replaces the wrapped estimator (unchanged on error).
  virtual void load(io::PayloadInputArchive& ar) = 0;
  /// Same wrapped type and equal state.
  virtual bool equals(const ErasedBase& other) const = 0;
  /// Forwards to the wrapped estimator's `bind`, if it has one.
  virtual void bind(const FeatureSpace* space) = 0;
};

/// Implements `ErasedBase` for a wrapped `T`; `Interface` adds the kind's own functions.
template <class Interface, class T>
struct ErasedCommon : Interface {
  T value;

  explicit ErasedCommon(T v) : value(std::move(v)) {}

  EstimatorSpec spec() const override { return step_spec(value); }
  std::string_view type_name() const override { return T::name; }
  bool accepts_nominal() const override { return accepts_nominal_of<T>(); }
  void save(io::PayloadOutputArchive& ar) const override { ar(value); }
  void load(io::PayloadInputArchive& ar) override {
    T fresh = value;
    ar(fresh);
    value = std::move(fresh);
  }
  bool equals(const ErasedBase& other) const override {
    const auto* o = dynamic_cast<const ErasedCommon*>(&other);
    return o != nullptr && o->value == value;
  }
  void bind(const FeatureSpace* space) override {
    if constexpr (bindable<T>) value.bind(space);
  }
};

/// Saves or loads an erased estimator: its class name, then its own payload. Loading needs a
/// wrapper that already holds an estimator of the saved type (built from the same spec; a
/// registry of types comes later) and throws `CheckpointError` otherwise.
template <class Archive>
void serialize_erased(Archive& ar, ErasedBase* impl, std::string_view wrapper) {
  if constexpr (std::is_same_v<Archive, io::PayloadOutputArchive>) {
    if (impl == nullptr)
      throw CheckpointError(std::string(wrapper) + ": cannot save an empty wrapper");
    const std::string type(impl->type_name());
    ar(type);
    impl->save(ar);
  } else if constexpr (std::is_same_v<Archive, io::PayloadInputArchive>) {
    std::string type;
    ar(type);
    if (impl == nullptr) {
      throw CheckpointError(std::string(wrapper) + ": cannot load a " + type +
                            " into an empty wrapper; build it from its spec first");
    }
    if (type != impl->type_name()) {
      throw CheckpointError(std::string(wrapper) + ": checkpoint holds a " + type + ", not a " +
                            std::string(impl->type_name()));
    }
    impl->load(ar);
  } else {
    static_assert(std::is_same_v<Archive, io::PayloadOutputArchive>,
                  "type-erased estimators are checkpointed with the payload archives only");
  }
}

/// Throws `std::logic_error("<wrapper>: empty")` for a default-constructed wrapper.
inline void require_not_empty(const void* impl, std::string_view wrapper) {
  if (impl == nullptr)
    throw std::logic_error(std::string(wrapper) + ": empty (holds no estimator)");
}

}  // namespace streamwise::compose::detail
