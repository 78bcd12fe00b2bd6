#pragma once
/// @file
/// What the composition classes need to know about a step, asked with `requires` checks so that
/// transformers written before the `n_outputs`/`output_name`/`bind` additions still fit.

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "streamwise/core/concepts.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::compose::detail {

/// A final step that predicts class ids. A classifier also passes `Regressor` (class ids and
/// doubles convert into each other), so the kinds are told apart in this order.
template <class T>
concept classifier_step = Classifier<T>;

/// A final step that predicts real values.
template <class T>
concept regressor_step = Regressor<T> && !Classifier<T>;

/// A step that rewrites samples.
template <class T>
concept transformer_step = Transformer<T> && !Classifier<T> && !Regressor<T>;

/// The step says how wide its output is.
template <class T>
concept has_n_outputs = requires(const T& t, DenseView x) {
  { t.n_outputs(x) } -> std::convertible_to<std::size_t>;
};

/// The step names its outputs.
template <class T>
concept has_output_name = requires(const T& t, FeatureId id) {
  { t.output_name(id) } -> std::convertible_to<std::string>;
};

/// The step needs the feature names of its input.
template <class T>
concept bindable = requires(T& t, const FeatureSpace* space) {
  t.bind(space);
};

/// The transformer's `learn_one` takes a sample weight.
template <class T>
concept weighted_transformer = requires(T& t, DenseView x, double w) {
  t.learn_one(x, w);
};

/// `out.size()` that `t.transform_one(x, out)` needs: `t.n_outputs(x)`, or `x.size()` for
/// transformers that keep feature ids and predate `n_outputs` (the scalers).
/// A step that can write its output as a sparse sample (e.g. `FeatureHasher`).
template <class T>
concept sparse_output = requires(const T& t, DenseView x, SparseSample& out) {
  t.transform_one(x, out);
};

/// A step that also takes sparse input and writes sparse output (wide inputs end to end).
template <class T>
concept sparse_in_out = requires(T& t, const T& ct, SparseView x, SparseSample& out) {
  t.learn_one(x);
  ct.transform_one(x, out);
};

/// A final step that takes a sparse sample (e.g. `LogisticRegression`, `LinearRegression`).
template <class T>
concept sparse_input = requires(const T& t, SparseView x) {
  t.predict_one(x);
};

template <class T>
std::size_t n_outputs_of(const T& t, DenseView x) {
  if constexpr (has_n_outputs<T>) {
    return static_cast<std::size_t>(t.n_outputs(x));
  } else {
    return x.size();
  }
}

/// Whether the step declares that it cannot take nominal codes.
template <class T>
constexpr bool accepts_nominal_of() {
  if constexpr (requires { T::accepts_nominal; }) {
    return static_cast<bool>(T::accepts_nominal);
  } else {
    return true;
  }
}

/// Throws `InvalidInput("<who>: x[<i>] must be finite, got inf")` if a present value is
/// infinite (NaN marks an absent feature and is fine).
inline void require_finite_sample(DenseView x, std::string_view who) {
  for (std::size_t i = 0; i < x.values.size(); ++i) {
    if (std::isinf(x.values[i])) require_finite(x.values[i], who, "x[" + std::to_string(i) + "]");
  }
}

/// Resizes a step's output buffer to `n` slots, all absent; no allocation once the buffer has
/// grown to the widest output.
inline std::span<double> prepare_buffer(std::vector<double>& buffer, std::size_t n) {
  buffer.resize(n);
  std::fill(buffer.begin(), buffer.end(), missing_value);
  return buffer;
}

/// A nested spec as a parameter value: `ParamCollector` turns anything with `spec()` into a
/// nested estimator spec.
struct SpecHolder {
  EstimatorSpec value;  ///< The step's spec.
  /// The held spec.
  EstimatorSpec spec() const { return value; }
  /// Compares the JSON forms.
  friend bool operator==(const SpecHolder& a, const SpecHolder& b) {
    return to_json(a.value) == to_json(b.value);
  }
};

/// The spec of any step: `spec()` for type-erased steps, otherwise `spec_of`.
template <class T>
EstimatorSpec step_spec(const T& step) {
  if constexpr (requires {
                  { step.spec() } -> std::convertible_to<EstimatorSpec>;
                }) {
    return step.spec();
  } else {
    return spec_of(step);
  }
}

/// River's step names: the class name, and `Name1`, `Name2`, ... for repeats.
inline std::string unique_step_name(std::string base, const std::vector<std::string>& taken) {
  if (std::find(taken.begin(), taken.end(), base) == taken.end()) return base;
  for (int counter = 1;; ++counter) {
    std::string candidate = base + std::to_string(counter);
    if (std::find(taken.begin(), taken.end(), candidate) == taken.end()) return candidate;
  }
}

/// Parameters of a composite: the named specs of its parts, listed as nested parameters
/// (`{"type":"Pipeline","params":{"StandardScaler":{...},"GaussianNB":{...}}}`).
struct CompositeParams {
  std::vector<std::string> names;  ///< Part names, River style.
  std::vector<SpecHolder> specs;   ///< Part specs, same order.

  /// Adds a part under its River-style unique name.
  void add(const EstimatorSpec& spec) {
    names.push_back(unique_step_name(spec.type, names));
    specs.push_back(SpecHolder{spec});
  }
  /// Lists every part as a nested spec.
  template <class V>
  void visit(V&& v) const {
    for (std::size_t i = 0; i < names.size(); ++i) v(names[i], specs[i]);
  }
  /// The parts validated themselves when they were built.
  void validate() const {}
  friend bool operator==(const CompositeParams&, const CompositeParams&) = default;
};

}  // namespace streamwise::compose::detail
