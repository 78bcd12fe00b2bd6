#pragma once
// Builds a concrete estimator `T` from an `EstimatorSpec`: scalar parameters go through
// `params_from_list` (its unknown-name and wrong-type messages), parameters that are estimators
// themselves (the run-time `Any*` parts and concrete nested estimators) are built recursively
// from their nested specs, then the whole `Params` is validated once more and `T(params)` runs.

#include <algorithm>
#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "streamwise/compose/any_regressor.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::registry {

compose::AnyRegressor make_regressor(const EstimatorSpec& spec);

namespace detail {

// A run-time choice among concrete parts (AnyOptimizer, AnyLoss, AnyScheduler, AnyInitializer).
template <class T>
concept variant_part = requires {
  typename T::Variant;
};

// A type-erased regressor inside another estimator (TargetStandardScaler's regressor).
template <class T>
concept erased_regressor_part = std::is_same_v<T, compose::AnyRegressor>;

// A concrete estimator nested as a parameter.
template <class T>
concept estimator_part = HasParams<T> && !erased_regressor_part<T>;

// An optional concrete estimator (None, or a nested spec): e.g. ARF's drift_detector.
template <class T>
struct optional_estimator : std::false_type {};
template <class T>
struct optional_estimator<std::optional<T>> : std::bool_constant<estimator_part<T>> {};
template <class T>
concept optional_estimator_part = optional_estimator<T>::value;

template <class T>
inline constexpr bool is_part =
    variant_part<T> || erased_regressor_part<T> || estimator_part<T> || optional_estimator_part<T>;

template <class T>
T build_estimator(const EstimatorSpec& spec);

inline std::invalid_argument wrong_type(std::string_view owner, std::string_view param) {
  return std::invalid_argument(std::string(owner) + ": parameter " + std::string(param) +
                               " has the wrong type");
}

inline const EstimatorSpec* nested_spec(const ParamValue& value) {
  if (const auto* p = std::get_if<std::shared_ptr<const EstimatorSpec>>(&value)) return p->get();
  return nullptr;
}

template <class V, std::size_t... I>
bool build_alternative(const EstimatorSpec& spec, V& out, std::index_sequence<I...> /*idx*/) {
  bool found = false;
  (
      [&] {
        using A = std::variant_alternative_t<I, typename V::Variant>;
        if (!found && spec.type == A::name) {
          out = V(build_estimator<A>(spec));
          found = true;
        }
      }(),
      ...);
  return found;
}

template <class V, std::size_t... I>
std::string alternative_names(std::index_sequence<I...> /*idx*/) {
  std::string out;
  ((out += (out.empty() ? "" : ", ") +
           std::string(std::variant_alternative_t<I, typename V::Variant>::name)),
   ...);
  return out;
}

// Builds the part `F` of `owner`'s parameter `param` from `value`.
template <class F>
F build_part(const ParamValue& value, std::string_view owner, std::string_view param) {
  const EstimatorSpec* spec = nested_spec(value);
  if constexpr (optional_estimator_part<F>) {
    if (std::holds_alternative<std::monostate>(value)) return std::nullopt;
    return F(build_part<typename F::value_type>(value, owner, param));
  } else if constexpr (erased_regressor_part<F>) {
    if (spec == nullptr) throw wrong_type(owner, param);
    return registry::make_regressor(*spec);
  } else if constexpr (variant_part<F>) {
    if constexpr (std::is_constructible_v<F, double>) {
      if (const double* d = std::get_if<double>(&value)) return F(*d);
      if (const std::int64_t* i = std::get_if<std::int64_t>(&value)) {
        return F(static_cast<double>(*i));
      }
    }
    if (spec == nullptr) throw wrong_type(owner, param);
    constexpr auto n = std::variant_size_v<typename F::Variant>;
    F out{};
    if (!build_alternative(*spec, out, std::make_index_sequence<n>{})) {
      throw std::invalid_argument(
          std::string(owner) + ": parameter " + std::string(param) + " cannot be a " + spec->type +
          " (one of: " + alternative_names<F>(std::make_index_sequence<n>{}) + ")");
    }
    return out;
  } else {
    if (spec == nullptr) throw wrong_type(owner, param);
    if (spec->type != F::name) {
      throw std::invalid_argument(std::string(owner) + ": parameter " + std::string(param) +
                                  " must be a " + std::string(F::name) + ", not a " + spec->type);
    }
    return build_estimator<F>(*spec);
  }
}

// The validated `Params` of `T` from `spec` (scalars and nested parts).
template <class T>
typename T::Params build_params(const EstimatorSpec& spec) {
  using P = typename T::Params;
  const std::string owner(T::name);
  // Sort the given parameters into scalars (params_from_list) and nested parts.
  ParamList scalars;
  std::vector<const Param*> parts;
  std::vector<std::string> known;
  bool has_erased = false;
  P params{};
  params.visit([&](std::string_view n, auto& field) {
    using F = std::remove_cvref_t<decltype(field)>;
    known.emplace_back(n);
    has_erased = has_erased || erased_regressor_part<F>;
  });
  for (const auto& p : spec.params) {
    bool part = false;
    params.visit([&](std::string_view n, auto& field) {
      using F = std::remove_cvref_t<decltype(field)>;
      if (n == p.name) part = is_part<F>;
    });
    if (part) {
      parts.push_back(&p);
    } else {
      scalars.push_back(p);
    }
  }
  if (!has_erased) {
    params = params_from_list<P>(scalars, owner);
  } else {
    // params_from_list lists the defaults' specs, which an empty wrapped regressor does not
    // have: the same checks, by hand.
    for (const auto& p : spec.params) {
      if (std::find(known.begin(), known.end(), p.name) == known.end()) {
        throw std::invalid_argument(owner + ": unknown parameter " + p.name);
      }
    }
    params.visit(ParamAssigner(scalars, owner));
  }
  for (const Param* p : parts) {
    params.visit([&](std::string_view n, auto& field) {
      using F = std::remove_cvref_t<decltype(field)>;
      if constexpr (is_part<F>) {
        if (n == p->name) field = build_part<F>(p->value, owner, n);
      }
    });
  }
  // A wrapped regressor has no default: it must be given.
  params.visit([&](std::string_view n, auto& field) {
    using F = std::remove_cvref_t<decltype(field)>;
    if constexpr (erased_regressor_part<F>) {
      if (!field.has_value()) {
        throw std::invalid_argument(owner + ": parameter " + std::string(n) + " is required");
      }
    }
  });
  params.validate();
  return params;
}

template <class T>
T build_estimator(const EstimatorSpec& spec) {
  if constexpr (std::is_constructible_v<T, const typename T::Params&>) {
    return T(build_params<T>(spec));
  } else {
    return T{};
  }
}

}  // namespace detail
}  // namespace streamwise::registry
