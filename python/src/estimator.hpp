#pragma once
/// @file
/// `register_estimator<T>`: one call exposes a C++ estimator to Python with River's conventions.
///
/// The Python object is an `Estimator<T>`: the C++ model, the `FeatureSpace` that turns feature
/// dicts into dense rows, and the label table that gives users their own labels back. Every class
/// gets River's constructor (positional or keyword parameters mapped through `Params::visit`),
/// `repr`, `clone`, `_get_params`, copy, deepcopy and pickle (through the C++ checkpoint bytes,
/// the space and the labels), and the methods of its kind: learn/predict for models,
/// learn/transform for transformers, update/get for statistics and metrics, update and
/// `drift_detected` for drift detectors. Batch methods take numpy arrays and DataFrames and run
/// their loop in C++ with the GIL released.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "convert.hpp"
#include "docs.hpp"
#include "fast_call.hpp"
#include "streamwise/compose/any_classifier.hpp"
#include "streamwise/compose/any_regressor.hpp"
#include "streamwise/compose/any_transformer.hpp"
#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/io/archive.hpp"
#include "streamwise/io/checkpoint.hpp"

namespace streamwise::python {

namespace py = pybind11;
using namespace pybind11::literals;

// ---- kinds -----------------------------------------------------------------------------------

/// What Python methods a class gets.
enum class Kind {
  classifier,
  regressor,
  transformer,
  drift,
  statistic,
  bivariate,
  class_metric,             // update(y_true, y_pred) on labels
  regression_metric,        // update(y_true, y_pred) on floats
  binary_proba_metric,      // update(y_true, p_true or {label: p})
  multiclass_proba_metric,  // update(y_true, {label: p})
  part  // optimizers, losses, schedulers, initializers: parameters of other estimators
};

template <class T>
constexpr Kind kind_of() {
  if constexpr (requires { T::bigger_is_better; }) {
    if constexpr (ProbabilisticMetric<T>) {
      return Kind::binary_proba_metric;
    } else if constexpr (ClassificationMetric<T>) {
      return Kind::class_metric;
    } else if constexpr (RegressionMetric<T>) {
      return Kind::regression_metric;
    } else {
      return Kind::multiclass_proba_metric;
    }
  } else if constexpr (DriftDetector<T>) {
    return Kind::drift;
  } else if constexpr (compose::detail::classifier_step<T>) {
    return Kind::classifier;
  } else if constexpr (compose::detail::regressor_step<T>) {
    return Kind::regressor;
  } else if constexpr (compose::detail::transformer_step<T>) {
    return Kind::transformer;
  } else if constexpr (Statistic<T>) {
    return Kind::statistic;
  } else if constexpr (BivariateStatistic<T>) {
    return Kind::bivariate;
  } else {
    return Kind::part;
  }
}

/// River's binary classifiers: their labels are False / True whatever `y` was given.
template <class T>
constexpr bool is_binary_classifier() {
  constexpr std::string_view n = T::name;
  return n == "LogisticRegression" || n == "Perceptron" || n == "PAClassifier" ||
         n == "ALMAClassifier";
}

template <class T>
constexpr bool is_model() {
  constexpr Kind k = kind_of<T>();
  return k == Kind::classifier || k == Kind::regressor || k == Kind::transformer;
}

// ---- the Python-side object ------------------------------------------------------------------

/// The object behind every Python estimator.
template <class T>
struct Estimator {
  T model;
  Features features;
  Labels labels;
  py::object pos_val = py::none();          // metrics with a `pos_val`: the user's positive label
  bool binary = is_binary_classifier<T>();  // labels are False / True (binary classifiers)
  std::vector<double> proba;                // scratch
  std::vector<double> out;                  // scratch
  std::vector<py::object> out_names;        // cache: output id -> name

  Estimator() { rebind(); }
  explicit Estimator(T m) : model(std::move(m)) { rebind(); }
  Estimator(const Estimator& o)
      : model(o.model),
        features(o.features),
        labels(o.labels),
        pos_val(o.pos_val),
        binary(o.binary) {
    rebind();
  }
  Estimator& operator=(const Estimator&) = delete;

  /// Points the model at this object's own space (after construction, copy or load).
  void rebind() {
    if constexpr (compose::detail::bindable<T>) model.bind(&features.space);
  }

  /// Name of output `id` of a transformer (cached: ids keep their names).
  py::handle output_name(FeatureId id) {
    if (id >= out_names.size()) out_names.resize(id + 1);
    if (!out_names[id]) {
      if constexpr (compose::detail::has_output_name<T>) {
        out_names[id] = py::str(std::string(model.output_name(id)));
      } else {
        out_names[id] = py::str(features.space.name(id));
      }
    }
    return out_names[id];
  }
};

// ---- registry of exposed types, for parameters and pipelines -----------------------------------

/// Ways to turn a Python estimator into an erased C++ step, and back.
struct StepConverters {
  std::function<compose::AnyTransformer(py::handle)> to_transformer;
  std::function<compose::AnyClassifier(py::handle)> to_classifier;
  std::function<compose::AnyRegressor(py::handle)> to_regressor;
  bool binary = false;
};

/// Converters by Python type (defined in module.cpp).
std::unordered_map<PyTypeObject*, StepConverters>& step_converters();
/// Python objects from erased steps, by C++ class name (defined in module.cpp).
std::unordered_map<std::string, std::function<py::object(const compose::AnyTransformer&)>>&
transformer_from_any();
std::unordered_map<std::string, std::function<py::object(const compose::AnyClassifier&)>>&
classifier_from_any();
std::unordered_map<std::string, std::function<py::object(const compose::AnyRegressor&)>>&
regressor_from_any();

/// The Python object of a C++ value, if its wrapper class is registered (else nullopt).
template <class A>
std::optional<py::object> to_python_part(const A& value) {
  if (!py::detail::get_type_info(typeid(Estimator<A>))) return std::nullopt;
  return py::cast(Estimator<A>(value));
}

// ---- parameters: Python values <-> Params fields -----------------------------------------------

template <class F>
concept any_part = requires(const F& f) {
  typename F::Variant;
  f.variant();
};

template <class F>
concept optional_like = requires(F f) {
  typename F::value_type;
  f.reset();
  f.has_value();
};

template <class F>
struct is_vector : std::false_type {};
template <class U>
struct is_vector<std::vector<U>> : std::true_type {};

/// Sets `Params` fields from Python values, with River's parameter names.
class ParamSetter {
 public:
  ParamSetter(py::dict values, std::string_view who) : values_(std::move(values)), who_(who) {}

  template <class F>
  void operator()(std::string_view name, F& field) {
    py::str key(name.data(), name.size());
    if (!values_.contains(key)) return;
    py::handle v = values_[key];
    assign(name, field, v);
    used_.push_back(std::string(name));
  }

  /// Names that were set.
  const std::vector<std::string>& used() const { return used_; }

  template <class F>
  void assign(std::string_view name, F& field, py::handle v) const {
    if constexpr (std::is_same_v<F, bool>) {
      if (PyBool_Check(v.ptr()) || (as_number(v.ptr()) && !PyFloat_Check(v.ptr()))) {
        field = PyObject_IsTrue(v.ptr()) == 1;
        return;
      }
      fail(name, "a bool", v);
    } else if constexpr (std::is_integral_v<F>) {
      auto d = as_number(v.ptr());
      if (!d || PyBool_Check(v.ptr()) || std::floor(*d) != *d) fail(name, "an int", v);
      if constexpr (std::is_unsigned_v<F>) {
        if (*d < 0) {
          throw py::value_error(std::string(who_) + ": " + std::string(name) +
                                " must be >= 0, got " + repr_of(v));
        }
      }
      if (*d > static_cast<double>(std::numeric_limits<F>::max()) ||
          *d < static_cast<double>(std::numeric_limits<F>::lowest())) {
        throw py::value_error(std::string(who_) + ": " + std::string(name) +
                              " is out of range: " + repr_of(v));
      }
      field = static_cast<F>(*d);
    } else if constexpr (std::is_floating_point_v<F>) {
      auto d = as_number(v.ptr());
      if (!d || PyBool_Check(v.ptr())) fail(name, "a number", v);
      field = static_cast<F>(*d);
    } else if constexpr (std::is_same_v<F, std::string>) {
      if (!PyUnicode_Check(v.ptr())) fail(name, "a str", v);
      field = std::string(utf8_of(v.ptr()));
    } else if constexpr (std::is_enum_v<F>) {
      if (!PyUnicode_Check(v.ptr())) fail(name, "a str", v);
      field = from_string(utf8_of(v.ptr()), static_cast<F*>(nullptr));
    } else if constexpr (any_part<F>) {
      field = any_from_python<F>(name, v);
    } else if constexpr (optional_like<F>) {
      if (v.is_none()) {
        field.reset();
        return;
      }
      typename F::value_type inner{};
      assign(name, inner, v);
      field = inner;
    } else if constexpr (is_vector<F>::value) {
      if (PyUnicode_Check(v.ptr()) || !py::isinstance<py::sequence>(v)) fail(name, "a list", v);
      F values;
      for (py::handle item : v) {
        typename F::value_type inner{};
        assign(name, inner, item);
        values.push_back(inner);
      }
      field = std::move(values);
    } else if constexpr (HasParams<F>) {
      if (!py::detail::get_type_info(typeid(Estimator<F>)) || !py::isinstance<Estimator<F>>(v)) {
        fail(name, "a " + std::string(F::name), v);
      }
      field = v.cast<const Estimator<F>&>().model;
    } else {
      throw py::type_error(std::string(who_) + ": parameter " + std::string(name) +
                           " cannot be set from Python");
    }
  }

 private:
  template <class F>
  F any_from_python(std::string_view name, py::handle v) const {
    if constexpr (std::is_constructible_v<F, double>) {
      if (auto d = as_number(v.ptr()); d && !PyBool_Check(v.ptr())) return F(*d);
    }
    std::optional<F> result;
    std::string expected;
    try_alternatives<F>(v, result, expected,
                        std::make_index_sequence<std::variant_size_v<typename F::Variant>>{});
    if (!result) fail(name, "one of " + expected, v);
    return *result;
  }

  template <class F, std::size_t... I>
  static void try_alternatives(py::handle v, std::optional<F>& result, std::string& expected,
                               std::index_sequence<I...>) {
    (try_alternative<F, std::variant_alternative_t<I, typename F::Variant>>(v, result, expected),
     ...);
  }

  template <class F, class A>
  static void try_alternative(py::handle v, std::optional<F>& result, std::string& expected) {
    if (result || !py::detail::get_type_info(typeid(Estimator<A>))) return;
    if (!expected.empty()) expected += ", ";
    expected += std::string(A::name);
    if (py::isinstance<Estimator<A>>(v)) result.emplace(v.cast<const Estimator<A>&>().model);
  }

  [[noreturn]] void fail(std::string_view name, const std::string& expected, py::handle v) const {
    throw py::type_error(std::string(who_) + ": " + std::string(name) + " must be " + expected +
                         ", got " + type_name_of(v) + " " + repr_of(v));
  }

  py::dict values_;
  std::string_view who_;
  std::vector<std::string> used_;
};

/// Reads `Params` fields as Python values (nested parts become their Python objects).
struct ParamGetter {
  py::dict* out;

  template <class F>
  void operator()(std::string_view name, const F& field) const {
    (*out)[py::str(name.data(), name.size())] = to_python(field);
  }

  template <class F>
  static py::object to_python(const F& field) {
    if constexpr (std::is_same_v<F, bool>) {
      return py::bool_(field);
    } else if constexpr (std::is_integral_v<F>) {
      return py::int_(static_cast<long long>(field));
    } else if constexpr (std::is_floating_point_v<F>) {
      return py::float_(field);
    } else if constexpr (std::is_same_v<F, std::string>) {
      return py::str(field);
    } else if constexpr (std::is_enum_v<F>) {
      return py::str(std::string(to_string(field)));
    } else if constexpr (any_part<F>) {
      return std::visit([](const auto& alt) { return to_python(alt); }, field.variant());
    } else if constexpr (optional_like<F>) {
      if (!field.has_value()) return py::none();
      return to_python(*field);
    } else if constexpr (is_vector<F>::value) {
      py::list l;
      for (const auto& item : field) l.append(to_python(item));
      return l;
    } else if constexpr (HasParams<F>) {
      if (auto obj = to_python_part(field)) return *obj;
      return py::str(repr(spec_of(field)));
    } else {
      return py::none();
    }
  }
};

/// Collects the parameter names of a `Params` struct, in `visit` order.
struct NameCollector {
  std::vector<std::string>* names;
  template <class F>
  void operator()(std::string_view name, const F&) const {
    names->emplace_back(name);
  }
};

/// `Params` from River-style arguments: positional ones in `visit` order, then keywords.
template <class T>
typename T::Params params_from_python(py::args args, py::kwargs kwargs) {
  typename T::Params params{};
  std::vector<std::string> names;
  params.visit(NameCollector{&names});
  const std::string who(T::name);
  py::dict values;
  if (args.size() > names.size()) {
    throw py::type_error(who + "() takes at most " + std::to_string(names.size()) +
                         " positional arguments (" + std::to_string(args.size()) + " given)");
  }
  for (std::size_t i = 0; i < args.size(); ++i) values[py::str(names[i])] = args[i];
  for (auto item : kwargs) {
    if (values.contains(item.first)) {
      throw py::type_error(who + "() got multiple values for argument '" +
                           item.first.cast<std::string>() + "'");
    }
    values[item.first] = item.second;
  }
  for (auto item : values) {
    const auto key = item.first.cast<std::string>();
    if (std::find(names.begin(), names.end(), key) == names.end()) {
      throw py::type_error(who + "() got an unexpected keyword argument '" + key + "'");
    }
  }
  ParamSetter setter(values, T::name);
  params.visit(setter);
  params.validate();  // std::invalid_argument -> ValueError with the C++ message
  return params;
}

/// `_get_params()` of a C++ estimator.
template <class T>
py::dict params_to_python(const T& model) {
  py::dict out;
  auto params = model.params();  // visit is not const
  params.visit(ParamGetter{&out});
  return out;
}

// ---- shared method bodies ----------------------------------------------------------------------

/// Bytes of the space through the portable archive.
inline py::bytes space_bytes(const FeatureSpace& space) {
  std::string payload;
  {
    io::PayloadOutputArchive ar(payload);
    ar(space);
  }
  return py::bytes(payload);
}

inline FeatureSpace space_from_bytes(const std::string& bytes) {
  FeatureSpace space;
  io::PayloadInputArchive ar(io::detail::as_bytes(bytes));
  ar(space);
  return space;
}

template <class T>
py::object weight_guard(double w) {
  if (!std::isfinite(w) || w < 0) {
    throw py::value_error(std::string(T::name) + ": w must be finite and >= 0, got " +
                          std::to_string(w));
  }
  return py::none();
}

/// Learns with an optional weight, refusing weights the model cannot take.
template <class T, class Y>
void learn_weighted(T& model, DenseView x, Y y, double w) {
  if constexpr (requires { model.learn_one(x, y, w); }) {
    model.learn_one(x, y, w);
  } else {
    if (w != 1.0) {
      throw py::value_error(std::string(T::name) + " does not take sample weights (w)");
    }
    model.learn_one(x, y);
  }
}

template <class T>
void learn_transformer(T& model, DenseView x, double w) {
  if constexpr (compose::detail::weighted_transformer<T>) {
    model.learn_one(x, w);
  } else {
    if (w != 1.0) {
      throw py::value_error(std::string(T::name) + " does not take sample weights (w)");
    }
    model.learn_one(x);
  }
}

/// Rethrows a C++ `InvalidInput` for row `r` of a batch with the row number.
[[noreturn]] inline void rethrow_row(std::size_t r, const std::exception& e) {
  throw InvalidInput("row " + std::to_string(r) + ": " + e.what());
}

/// A float target, refused when not a finite number.
template <class T>
double real_target(py::handle y, const char* what = "y") {
  auto d = as_number(y.ptr());
  if (!d) {
    throw py::type_error(std::string(T::name) + ": " + what + " must be a number, got " +
                         type_name_of(y) + " " + repr_of(y));
  }
  if (!std::isfinite(*d)) {
    throw py::value_error(std::string(T::name) + ": " + what + " must be finite, got " +
                          repr_of(y));
  }
  return *d;
}

/// A scalar argument of `update`: a Python float is read directly, other numbers as in
/// `real_target`.
template <class T>
double scalar_arg(PyObject* x, const char* what) {
  if (PyFloat_CheckExact(x)) {
    const double d = PyFloat_AS_DOUBLE(x);
    if (std::isfinite(d)) return d;
  }
  return real_target<T>(x, what);
}

/// The class id of a label for a model, interning it for multiclass models.
template <class T>
ClassId class_of(Estimator<T>& e, py::handle y, bool* added) {
  *added = false;
  if (e.binary) {
    if (y.is_none()) throw py::value_error(std::string(T::name) + ": y must not be None");
    return PyObject_IsTrue(y.ptr()) == 1 ? 1 : 0;
  }
  return e.labels.encode(y, added);
}

template <class T>
py::object label_of(const Estimator<T>& e, ClassId c) {
  if (e.binary) return py::bool_(c == 1);
  return e.labels.decode(c);
}

/// The user's label of class `c`, borrowed (valid while the model lives).
template <class T>
py::handle label_handle(const Estimator<T>& e, ClassId c) {
  if (e.binary) return c == 1 ? Py_True : Py_False;
  return e.labels.decode_handle(c);
}

/// Classes whose Python `predict_one` applies River's tie rule (the smallest label among the
/// most probable ones; see `use_river_ties` in register_tree.cpp): the compiled prequential loop
/// applies the same rule.
template <class T>
constexpr bool uses_river_ties() {
  constexpr std::string_view n = T::name;
  return n == "HoeffdingTreeClassifier" || n == "HoeffdingAdaptiveTreeClassifier" ||
         n == "ExtremelyFastDecisionTreeClassifier";
}

/// `less[a * n + b]`: label `a` < label `b` in Python (false when they do not compare), for the
/// `n` labels of `e`; empty when `n` is too large for the table.
template <class T>
std::vector<std::uint8_t> label_order(const Estimator<T>& e, std::size_t n) {
  std::vector<std::uint8_t> less;
  if (n > 2048) return less;
  less.assign(n * n, 0);
  // Totally ordered labels (all str, or all int / bool / non-NaN float): one sort.
  bool all_str = true, all_num = true;
  for (std::size_t c = 0; c < n; ++c) {
    PyObject* l = label_handle(e, static_cast<ClassId>(c)).ptr();
    all_str = all_str && PyUnicode_CheckExact(l);
    all_num =
        all_num && (PyLong_Check(l) || (PyFloat_Check(l) && !std::isnan(PyFloat_AS_DOUBLE(l))));
  }
  if (all_str || all_num) {
    py::list labels;
    for (std::size_t c = 0; c < n; ++c) labels.append(label_handle(e, static_cast<ClassId>(c)));
    py::list order = py::module_::import("builtins")
                         .attr("sorted")(py::module_::import("builtins").attr("range")(n),
                                         "key"_a = labels.attr("__getitem__"));
    std::vector<std::size_t> rank(n);
    for (std::size_t i = 0; i < n; ++i) rank[order[i].cast<std::size_t>()] = i;
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b) less[a * n + b] = rank[a] < rank[b] ? 1 : 0;
    return less;
  }
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = 0; b < n; ++b) {
      if (a == b) continue;
      const int r = PyObject_RichCompareBool(label_handle(e, static_cast<ClassId>(a)).ptr(),
                                             label_handle(e, static_cast<ClassId>(b)).ptr(), Py_LT);
      if (r < 0) PyErr_Clear();
      less[a * n + b] = r == 1 ? 1 : 0;
    }
  }
  return less;
}

// ---- prequential evaluation over arrays ------------------------------------------------------

/// The rows `[start, n)` of `streamwise.evaluate.prequential_many` for a classifier or regressor:
/// for every row, (class probabilities when `proba`), predict, score (accuracy or absolute
/// error added to `score`), learn, and the running metric appended to `curve` after every
/// `every` rows. Outputs are appended to `y_pred` (and `y_proba`). The GIL is released for the
/// loop; labels are converted before it and predictions back to the user's labels after it.
///
/// The loop stops without raising at the first row it cannot handle exactly as a dict would be
/// (a NaN or infinite value, a label or target that is not a plain label or number, a feature
/// name that is nominal in the model's space): the rows before it are learnt and scored, the row
/// itself is untouched, and its index is returned so that the caller runs that row through
/// predict_one / learn_one (which raise the Python loop's error, or handle the row). Returns
/// `(score, stop, again)`; `stop == n` when every row was done; `again` is false when the
/// caller should run all the remaining rows in Python (labels too many and too mixed for the
/// tie rule's order table). An error raised by the model while
/// learning row k propagates as from learn_one: rows before k are learnt, labels first seen at
/// row k or later are forgotten.
template <class T>
py::tuple prequential_rows(Estimator<T>& e,
                           py::array_t<double, py::array::c_style | py::array::forcecast> X,
                           py::list y, std::size_t start, std::size_t every, py::list names,
                           bool proba, double score, py::list curve, py::list y_pred,
                           py::object y_proba) {
  constexpr bool classifier = kind_of<T>() == Kind::classifier;
  e.features.check_free(T::name);
  if (X.ndim() != 2) {
    throw py::value_error(std::string(T::name) + ": X must be 2-D, got " +
                          std::to_string(X.ndim()) + " dimension(s)");
  }
  const auto n = static_cast<std::size_t>(X.shape(0));
  const auto d = static_cast<std::size_t>(X.shape(1));
  if (static_cast<std::size_t>(py::len(y)) != n) throw py::value_error("y must have n values");
  if (static_cast<std::size_t>(py::len(names)) != d) {
    throw py::value_error("feature_names must have one name per column");
  }
  if (proba && !PyList_Check(y_proba.ptr())) throw py::type_error("y_proba must be a list");
  const double* data = X.data();
  auto done = [&](std::size_t stop) { return py::make_tuple(score, stop, true); };
  if (start >= n) return done(n);
  auto finite_row = [&](std::size_t r) {
    for (std::size_t j = 0; j < d; ++j)
      if (!std::isfinite(data[r * d + j])) return false;
    return true;
  };
  // The first row is checked before the names are interned: a dict with a bad value interns
  // nothing.
  if (!finite_row(start)) return done(start);
  std::vector<std::string> texts;
  texts.reserve(d);
  for (py::handle name : names) {
    if (!PyUnicode_Check(name.ptr()) && !is_int_key(name.ptr())) return done(start);
    texts.push_back(feature_key_name(name, T::name));
  }
  for (const auto& t : texts) {
    if (auto id = e.features.space.find(t)) {
      if (e.features.space.kind(*id) != FeatureKind::numeric) return done(start);
    }
  }
  // Labels / targets, converted once: `limit` is the first row whose label needs the Python path.
  std::size_t limit = n;
  std::vector<ClassId> ids;
  std::vector<double> targets;
  std::vector<std::uint8_t> eq_false, eq_true;  // binary models: False == y[i], True == y[i]
  std::vector<std::size_t> added_rows;          // rows where a label was seen first
  if constexpr (classifier) {
    ids.reserve(n - start);
    for (std::size_t i = start; i < n; ++i) {
      PyObject* yi = PyList_GET_ITEM(y.ptr(), static_cast<Py_ssize_t>(i));
      if (e.binary) {
        if (yi == Py_None) {
          limit = i;
          break;
        }
        const int t = PyObject_IsTrue(yi);
        const int f = t < 0 ? -1 : PyObject_RichCompareBool(Py_False, yi, Py_EQ);
        const int tt = f < 0 ? -1 : PyObject_RichCompareBool(Py_True, yi, Py_EQ);
        if (tt < 0) {
          PyErr_Clear();
          limit = i;
          break;
        }
        ids.push_back(t == 1 ? 1 : 0);
        eq_false.push_back(static_cast<std::uint8_t>(f));
        eq_true.push_back(static_cast<std::uint8_t>(tt));
      } else {
        try {
          bool added = false;
          ids.push_back(e.labels.encode(yi, &added));
          if (added) added_rows.push_back(i);
        } catch (py::error_already_set&) {
          limit = i;
          break;
        } catch (const std::exception&) {
          PyErr_Clear();
          limit = i;
          break;
        }
      }
    }
  } else {
    targets.reserve(n - start);
    for (std::size_t i = start; i < n; ++i) {
      PyObject* yi = PyList_GET_ITEM(y.ptr(), static_cast<Py_ssize_t>(i));
      std::optional<double> t;
      try {
        t = as_number(yi);
      } catch (py::error_already_set&) {
      }
      if (!t || !std::isfinite(*t)) {
        limit = i;
        break;
      }
      targets.push_back(*t);
    }
  }
  // River's tie rule needs the order of the labels (known before the loop).
  std::vector<std::uint8_t> less;
  std::size_t n_labels = 0;
  if constexpr (classifier && uses_river_ties<T>()) {
    n_labels = e.binary ? 2 : e.labels.size();
    less = label_order(e, n_labels);
    if (less.size() != n_labels * n_labels) {
      for (std::size_t r = 0; r < added_rows.size(); ++r) e.labels.forget_last();
      return py::make_tuple(score, start, false);
    }
  }
  // Interned in column order, as the first dict's keys would be.
  std::vector<FeatureId> cols(d);
  bool identity = true;
  if (limit > start) {
    for (std::size_t j = 0; j < d; ++j) {
      cols[j] = e.features.space.intern(texts[j]);
      identity = identity && cols[j] == j;
    }
  }
  const std::size_t width = e.features.space.size();
  identity = identity && width == d;

  std::vector<std::int64_t> pred(limit - start, -1);  // class id, -1 for None
  std::vector<double> pred_value(classifier ? 0 : limit - start);
  std::vector<std::uint32_t> proba_k;  // classes at each row (proba)
  std::vector<double> proba_values;
  std::vector<double> new_curve;
  std::size_t stop = limit;
  std::exception_ptr failure;
  {
    BusyGuard guard(e.features);
    py::gil_scoped_release release;
    std::vector<double> scratch;
    [[maybe_unused]] std::vector<double> tie;
    for (std::size_t i = start; i < limit; ++i) {
      if (!finite_row(i)) {
        stop = i;
        break;
      }
      const double* row = data + i * d;
      DenseView v{std::span<const double>(row, d)};
      if (!identity) {
        scratch.assign(width, missing_value);
        for (std::size_t j = 0; j < d; ++j) scratch[cols[j]] = row[j];
        v = DenseView{scratch};
      }
      try {
        if constexpr (classifier) {
          const std::size_t k = e.model.n_classes();
          if (proba) {
            proba_k.push_back(static_cast<std::uint32_t>(k));
            const std::size_t at = proba_values.size();
            proba_values.resize(at + k, 0.0);
            if (k > 0) e.model.predict_proba_one(v, std::span<double>(proba_values.data() + at, k));
          }
          bool correct = false;
          if (e.model.n_classes() > 0) {
            ClassId c = 0;
            if constexpr (uses_river_ties<T>()) {
              // As the tree's predict_one: the first most probable class, then the smallest
              // label among the tied ones (from the probabilities just computed for y_proba,
              // when those were asked for).
              const std::size_t kk = e.model.n_classes();
              if (proba) {
                tie.assign(proba_values.end() - static_cast<std::ptrdiff_t>(kk),
                           proba_values.end());
              } else {
                tie.assign(kk, 0.0);
                e.model.predict_proba_one(v, tie);
              }
              std::size_t best = 0;
              for (std::size_t c2 = 1; c2 < kk; ++c2)
                if (tie[c2] > tie[best]) best = c2;
              std::size_t cur = best;
              for (std::size_t c2 = 0; c2 < kk; ++c2) {
                if (c2 == best || tie[c2] != tie[best]) continue;
                if (c2 < n_labels && cur < n_labels && less[c2 * n_labels + cur]) cur = c2;
              }
              c = static_cast<ClassId>(cur);
            } else {
              c = e.model.predict_one(v);
            }
            pred[i - start] = static_cast<std::int64_t>(c);
            if (e.binary) {
              correct = (c == 1 ? eq_true[i - start] : eq_false[i - start]) != 0;
            } else {
              correct = c == ids[i - start];
            }
          }
          score += correct ? 1.0 : 0.0;
          learn_weighted(e.model, v, ids[i - start], 1.0);
        } else {
          const double p = e.model.predict_one(v);
          pred_value[i - start] = p;
          score += std::fabs(targets[i - start] - p);
          learn_weighted(e.model, v, targets[i - start], 1.0);
        }
      } catch (...) {
        failure = std::current_exception();
        stop = i;
        break;
      }
      if (every != 0 && (i + 1) % every == 0)
        new_curve.push_back(score / static_cast<double>(i + 1));
    }
  }
  // Labels first seen at rows that were not learnt are forgotten, as learn_one would.
  if constexpr (classifier) {
    while (!added_rows.empty() && added_rows.back() >= stop) {
      e.labels.forget_last();
      added_rows.pop_back();
    }
  }
  if (failure) std::rethrow_exception(failure);
  for (double c : new_curve) curve.append(c);
  // Outputs through the C API: a pybind11 attribute call per row would cost more than the
  // model's work. Probability dicts are copies of a {label: None} template (same key order as
  // predict_proba_one's dicts), then filled in.
  auto check = [](int rc) {
    if (rc != 0) throw py::error_already_set();
  };
  std::size_t at = 0;
  py::object tmpl;
  std::size_t tmpl_k = 0;
  for (std::size_t i = start; i < stop; ++i) {
    if constexpr (classifier) {
      const std::int64_t c = pred[i - start];
      check(PyList_Append(y_pred.ptr(),
                          c < 0 ? Py_None : label_handle(e, static_cast<ClassId>(c)).ptr()));
      if (proba) {
        const std::size_t k = proba_k[i - start];
        if (!tmpl || tmpl_k != k) {
          tmpl = py::dict();
          for (std::size_t c2 = 0; c2 < k; ++c2)
            check(PyDict_SetItem(tmpl.ptr(), label_handle(e, static_cast<ClassId>(c2)).ptr(),
                                 Py_None));
          tmpl_k = k;
        }
        py::object out = py::reinterpret_steal<py::object>(PyDict_Copy(tmpl.ptr()));
        if (!out) throw py::error_already_set();
        for (std::size_t c2 = 0; c2 < k; ++c2) {
          py::object p =
              py::reinterpret_steal<py::object>(PyFloat_FromDouble(proba_values[at + c2]));
          if (!p) throw py::error_already_set();
          check(
              PyDict_SetItem(out.ptr(), label_handle(e, static_cast<ClassId>(c2)).ptr(), p.ptr()));
        }
        at += k;
        check(PyList_Append(y_proba.ptr(), out.ptr()));
      }
    } else {
      py::object p = py::reinterpret_steal<py::object>(PyFloat_FromDouble(pred_value[i - start]));
      if (!p) throw py::error_already_set();
      check(PyList_Append(y_pred.ptr(), p.ptr()));
    }
  }
  return done(stop);
}

/// Wraps a result array as a pandas Series / DataFrame when the input was a DataFrame.
inline py::object as_series(const Block& b, py::object values) {
  if (!b.is_frame) return values;
  return py::module_::import("pandas").attr("Series")(values, "index"_a = b.index);
}

template <class T, class Cls>
void add_metric_methods(Cls& cls);

/// Adds the methods of the estimator's kind to `cls`.
template <class T, class Cls>
void add_kind_methods(Cls& cls) {
  constexpr Kind kind = kind_of<T>();
  using E = Estimator<T>;
  [[maybe_unused]] constexpr bool nominal_ok = compose::detail::accepts_nominal_of<T>();

  if constexpr (kind == Kind::classifier) {
    // The per-sample methods are plain CPython descriptors (see fast_call.hpp).
    fast::add_method<E, 2>(
        cls, "learn_one", std::array<const char*, 3>{"x", "y", "w"},
        "learn_one($self, /, x, y, w=1.0)\n--\n\nUpdates the model with one sample (returns "
        "None).",
        [](E& e, std::array<PyObject*, 3>& a) -> PyObject* {
          const double w = fast::double_arg(a[2], 1.0, "learn_one", "w");
          const DenseView v = e.features.from_dict(a[0], T::name, nominal_ok);
          bool added = false;
          const ClassId c = class_of(e, a[1], &added);
          try {
            learn_weighted(e.model, v, c, w);
          } catch (...) {
            if (added) e.labels.forget_last();
            throw;
          }
          Py_RETURN_NONE;
        });
    fast::add_method<E, 1>(
        cls, "predict_proba_one", std::array<const char*, 1>{"x"},
        "predict_proba_one($self, /, x)\n--\n\nClass probabilities of x as {label: "
        "probability}.",
        [](E& e, std::array<PyObject*, 1>& a) -> PyObject* {
          const DenseView v = e.features.from_dict(a[0], T::name, nominal_ok);
          const std::size_t k = e.model.n_classes();
          e.proba.assign(k, 0.0);
          py::dict out;
          if (k > 0) {
            e.model.predict_proba_one(v, e.proba);
            for (std::size_t c = 0; c < k; ++c) {
              py::object p = py::reinterpret_steal<py::object>(PyFloat_FromDouble(e.proba[c]));
              if (!p) throw py::error_already_set();
              if (PyDict_SetItem(out.ptr(), label_handle(e, static_cast<ClassId>(c)).ptr(),
                                 p.ptr()) != 0) {
                throw py::error_already_set();
              }
            }
          }
          return out.release().ptr();
        });
    fast::add_method<E, 1>(
        cls, "predict_one", std::array<const char*, 1>{"x"},
        "predict_one($self, /, x)\n--\n\nMost probable label of x (None before any learning).",
        [](E& e, std::array<PyObject*, 1>& a) -> PyObject* {
          const DenseView v = e.features.from_dict(a[0], T::name, nominal_ok);
          if (e.model.n_classes() == 0) Py_RETURN_NONE;
          return label_handle(e, e.model.predict_one(v)).inc_ref().ptr();
        });
    cls.def(
        "learn_many",
        [](E& e, py::handle X, py::handle y, py::object w) {
          Block b = to_block(e.features, X, T::name);
          if (sequence_length(y) != b.n_rows) {
            throw py::value_error(std::string(T::name) + ": y has " +
                                  std::to_string(sequence_length(y)) + " labels for " +
                                  std::to_string(b.n_rows) + " rows");
          }
          std::vector<ClassId> ids;
          ids.reserve(b.n_rows);
          for (py::handle label : target_items(y)) {
            bool added = false;
            ids.push_back(class_of(e, label, &added));
          }
          std::vector<double> weights;
          if (!w.is_none()) {
            for (py::handle wi : w) weights.push_back(py::cast<double>(wi));
            if (weights.size() != b.n_rows) throw py::value_error("w must have one weight per row");
          }
          BusyGuard guard(e.features);
          py::gil_scoped_release release;
          std::vector<double> scratch;
          for (std::size_t r = 0; r < b.n_rows; ++r) {
            try {
              learn_weighted(e.model, b.row(r, scratch), ids[r],
                             weights.empty() ? 1.0 : weights[r]);
            } catch (const InvalidInput& ex) {
              rethrow_row(r, ex);
            }
          }
        },
        "X"_a, "y"_a, "w"_a = py::none(),
        "Learns every row of X (numpy 2-D array or DataFrame) in order, as a loop of "
        "learn_one.");
    cls.def(
        "predict_many",
        [](E& e, py::handle X) {
          Block b = to_block(e.features, X, T::name);
          std::vector<ClassId> ids(b.n_rows, 0);
          const bool empty = e.model.n_classes() == 0;
          if (!empty) {
            BusyGuard guard(e.features);
            py::gil_scoped_release release;
            std::vector<double> scratch;
            for (std::size_t r = 0; r < b.n_rows; ++r)
              ids[r] = e.model.predict_one(b.row(r, scratch));
          }
          py::list out;
          for (std::size_t r = 0; r < b.n_rows; ++r) {
            out.append(empty ? py::object(py::none()) : label_of(e, ids[r]));
          }
          if (!b.is_frame) return py::object(out);
          return as_series(b, out);
        },
        "X"_a, "Predicted label of every row (a list, or a Series for a DataFrame).");
    cls.def(
        "predict_proba_many",
        [](E& e, py::handle X) {
          Block b = to_block(e.features, X, T::name);
          const std::size_t k = e.model.n_classes();
          py::array_t<double> out({b.n_rows, k});
          double* data = out.mutable_data();
          {
            BusyGuard guard(e.features);
            py::gil_scoped_release release;
            std::vector<double> scratch;
            for (std::size_t r = 0; r < b.n_rows; ++r) {
              e.model.predict_proba_one(b.row(r, scratch), std::span<double>(data + r * k, k));
            }
          }
          if (!b.is_frame) return py::object(out);
          py::list columns;
          for (std::size_t c = 0; c < k; ++c) columns.append(label_of(e, static_cast<ClassId>(c)));
          return py::module_::import("pandas").attr("DataFrame")(out, "index"_a = b.index,
                                                                 "columns"_a = columns);
        },
        "X"_a,
        "Class probabilities of every row: an (n_rows, n_classes) array, or a DataFrame with one "
        "column per label.");
    cls.def("_prequential_many", &prequential_rows<T>, "X"_a, "y"_a, "start"_a, "every"_a,
            "names"_a, "proba"_a, "score"_a, "curve"_a, "y_pred"_a, "y_proba"_a,
            "Rows start.. of evaluate.prequential_many (internal; see that function).");
  } else if constexpr (kind == Kind::regressor) {
    fast::add_method<E, 2>(
        cls, "learn_one", std::array<const char*, 3>{"x", "y", "w"},
        "learn_one($self, /, x, y, w=1.0)\n--\n\nUpdates the model with one sample (returns "
        "None).",
        [](E& e, std::array<PyObject*, 3>& a) -> PyObject* {
          const double w = fast::double_arg(a[2], 1.0, "learn_one", "w");
          const DenseView v = e.features.from_dict(a[0], T::name, nominal_ok);
          learn_weighted(e.model, v, real_target<T>(a[1]), w);
          Py_RETURN_NONE;
        });
    fast::add_method<E, 1>(cls, "predict_one", std::array<const char*, 1>{"x"},
                           "predict_one($self, /, x)\n--\n\nPrediction for x.",
                           [](E& e, std::array<PyObject*, 1>& a) -> PyObject* {
                             return PyFloat_FromDouble(e.model.predict_one(
                                 e.features.from_dict(a[0], T::name, nominal_ok)));
                           });
    cls.def(
        "learn_many",
        [](E& e, py::handle X, py::handle y, py::object w) {
          Block b = to_block(e.features, X, T::name);
          if (sequence_length(y) != b.n_rows) {
            throw py::value_error(std::string(T::name) + ": y has " +
                                  std::to_string(sequence_length(y)) + " targets for " +
                                  std::to_string(b.n_rows) + " rows");
          }
          std::vector<double> ys;
          ys.reserve(b.n_rows);
          for (py::handle yi : target_items(y)) ys.push_back(real_target<T>(yi));
          std::vector<double> weights;
          if (!w.is_none()) {
            for (py::handle wi : w) weights.push_back(py::cast<double>(wi));
            if (weights.size() != b.n_rows) throw py::value_error("w must have one weight per row");
          }
          BusyGuard guard(e.features);
          py::gil_scoped_release release;
          std::vector<double> scratch;
          for (std::size_t r = 0; r < b.n_rows; ++r) {
            try {
              learn_weighted(e.model, b.row(r, scratch), ys[r], weights.empty() ? 1.0 : weights[r]);
            } catch (const InvalidInput& ex) {
              rethrow_row(r, ex);
            }
          }
        },
        "X"_a, "y"_a, "w"_a = py::none(), "Learns every row of X in order (a loop of learn_one).");
    cls.def(
        "predict_many",
        [](E& e, py::handle X) {
          Block b = to_block(e.features, X, T::name);
          py::array_t<double> out(static_cast<py::ssize_t>(b.n_rows));
          double* data = out.mutable_data();
          {
            BusyGuard guard(e.features);
            py::gil_scoped_release release;
            std::vector<double> scratch;
            for (std::size_t r = 0; r < b.n_rows; ++r)
              data[r] = e.model.predict_one(b.row(r, scratch));
          }
          return as_series(b, out);
        },
        "X"_a, "Prediction for every row (an array, or a Series for a DataFrame).");
    cls.def("_prequential_many", &prequential_rows<T>, "X"_a, "y"_a, "start"_a, "every"_a,
            "names"_a, "proba"_a, "score"_a, "curve"_a, "y_pred"_a, "y_proba"_a,
            "Rows start.. of evaluate.prequential_many (internal; see that function).");
  } else if constexpr (kind == Kind::transformer) {
    cls.def(
        "learn_one",
        [](E& e, py::handle x, double w) {
          learn_transformer(e.model, e.features.from_dict(x, T::name, nominal_ok), w);
        },
        "x"_a, "w"_a = 1.0, "Updates the transformer with one sample (returns None).");
    cls.def(
        "transform_one",
        [](E& e, py::handle x) {
          const DenseView v = e.features.from_dict(x, T::name, nominal_ok);
          const std::size_t n = compose::detail::n_outputs_of(e.model, v);
          compose::detail::prepare_buffer(e.out, std::max(n, v.size()));
          e.model.transform_one(v, e.out);
          py::dict result;
          constexpr bool keeps_ids = !compose::detail::has_output_name<T>;
          for (std::size_t i = 0; i < e.out.size(); ++i) {
            if (is_missing(e.out[i])) continue;
            const auto id = static_cast<FeatureId>(i);
            result[e.output_name(id)] = e.features.value_of(id, e.out[i], keeps_ids);
          }
          return result;
        },
        "x"_a, "The transformed features of x, as a dict.");
    cls.def(
        "learn_many",
        [](E& e, py::handle X) {
          Block b = to_block(e.features, X, T::name);
          BusyGuard guard(e.features);
          py::gil_scoped_release release;
          std::vector<double> scratch;
          for (std::size_t r = 0; r < b.n_rows; ++r) {
            try {
              learn_transformer(e.model, b.row(r, scratch), 1.0);
            } catch (const InvalidInput& ex) {
              rethrow_row(r, ex);
            }
          }
        },
        "X"_a, "Learns every row of X in order (a loop of learn_one).");
    cls.def(
        "transform_many",
        [](E& e, py::handle X) {
          Block b = to_block(e.features, X, T::name);
          std::size_t width = 0;
          std::vector<double> scratch;
          for (std::size_t r = 0; r < b.n_rows; ++r) {
            const DenseView v = b.row(r, scratch);
            width = std::max({width, compose::detail::n_outputs_of(e.model, v), v.size()});
          }
          py::array_t<double> out({b.n_rows, width});
          double* data = out.mutable_data();
          {
            BusyGuard guard(e.features);
            py::gil_scoped_release release;
            for (std::size_t r = 0; r < b.n_rows; ++r) {
              std::span<double> row(data + r * width, width);
              std::fill(row.begin(), row.end(), missing_value);
              e.model.transform_one(b.row(r, scratch), row);
            }
          }
          // Keep the columns some row produced, named as transform_one names them.
          std::vector<py::ssize_t> keep;
          py::list names;
          for (std::size_t j = 0; j < width; ++j) {
            bool any = false;
            for (std::size_t r = 0; r < b.n_rows && !any; ++r)
              any = !is_missing(data[r * width + j]);
            if (any) {
              keep.push_back(static_cast<py::ssize_t>(j));
              names.append(e.output_name(static_cast<FeatureId>(j)));
            }
          }
          py::object kept =
              py::module_::import("numpy").attr("take")(out, py::cast(keep), "axis"_a = 1);
          if (!b.is_frame) return kept;
          return py::module_::import("pandas").attr("DataFrame")(kept, "index"_a = b.index,
                                                                 "columns"_a = names);
        },
        "X"_a,
        "Transforms every row; columns no row produced are dropped (NaN marks a value absent "
        "from a row).");
  } else if constexpr (kind == Kind::drift) {
    fast::add_method<E, 1>(
        cls, "update", std::array<const char*, 1>{"x"},
        "update($self, /, x)\n--\n\nFeeds one value to the detector (returns None).",
        [](E& e, std::array<PyObject*, 1>& a) -> PyObject* {
          e.model.update(scalar_arg<T>(a[0], "x"));
          Py_RETURN_NONE;
        });
    fast::add_getter<E>(
        cls, "drift_detected", "Whether the last update detected a drift.",
        [](const E& e) -> PyObject* { return fast::new_bool(e.model.drift_detected()); });
    if constexpr (WarningDriftDetector<T>) {
      fast::add_getter<E>(
          cls, "warning_detected", "Whether the last update raised a warning.",
          [](const E& e) -> PyObject* { return fast::new_bool(e.model.warning_detected()); });
    }
    if constexpr (requires(const T& t) { t.width(); }) {
      cls.def_property_readonly("width", [](const E& e) { return e.model.width(); });
    }
    if constexpr (requires(const T& t) { t.estimation(); }) {
      cls.def_property_readonly("estimation", [](const E& e) { return e.model.estimation(); });
    }
    if constexpr (requires(const T& t) { t.variance(); }) {
      cls.def_property_readonly("variance", [](const E& e) { return e.model.variance(); });
    }
    if constexpr (requires(const T& t) { t.total(); }) {
      cls.def_property_readonly("total", [](const E& e) { return e.model.total(); });
    }
    if constexpr (requires(const T& t) { t.n_detections(); }) {
      cls.def_property_readonly("n_detections", [](const E& e) { return e.model.n_detections(); });
    }
    cls.def(
        "update_many",
        [](E& e, py::array_t<double, py::array::c_style | py::array::forcecast> xs) {
          if (xs.ndim() != 1) throw py::value_error(std::string(T::name) + ": values must be 1-D");
          const double* data = xs.data();
          const auto n = static_cast<std::size_t>(xs.shape(0));
          py::list detections;
          std::vector<std::size_t> found;
          {
            // The GIL stays held: update() on another thread must not run meanwhile, and the
            // loop is a few nanoseconds per value.
            for (std::size_t i = 0; i < n; ++i) {
              try {
                e.model.update(data[i]);
              } catch (const InvalidInput& ex) {
                rethrow_row(i, ex);
              }
              if (e.model.drift_detected()) found.push_back(i);
            }
          }
          for (auto i : found) detections.append(i);
          return detections;
        },
        "values"_a,
        "Feeds a 1-D array in order (a loop of update) and returns the indices where a drift was "
        "detected.");
  } else if constexpr (kind == Kind::statistic || kind == Kind::bivariate) {
    if constexpr (kind == Kind::statistic) {
      if constexpr (WeightedStatistic<T>) {
        fast::add_method<E, 1>(
            cls, "update", std::array<const char*, 2>{"x", "w"},
            "update($self, /, x, w=1.0)\n--\n\nUpdates the statistic with x (weight w); returns "
            "None.",
            [](E& e, std::array<PyObject*, 2>& a) -> PyObject* {
              const double x = scalar_arg<T>(a[0], "x");
              e.model.update(x, fast::double_arg(a[1], 1.0, "update", "w"));
              Py_RETURN_NONE;
            });
      } else {
        fast::add_method<E, 1>(
            cls, "update", std::array<const char*, 1>{"x"},
            "update($self, /, x)\n--\n\nUpdates the statistic with x; returns None.",
            [](E& e, std::array<PyObject*, 1>& a) -> PyObject* {
              e.model.update(scalar_arg<T>(a[0], "x"));
              Py_RETURN_NONE;
            });
      }
      if constexpr (requires(T s, double x, double w) { s.revert(x, w); }) {
        cls.def(
            "revert",
            [](E& e, py::handle x, double w) { e.model.revert(real_target<T>(x, "x"), w); }, "x"_a,
            "w"_a = 1.0, "Undoes an update(x, w).");
      } else if constexpr (RevertibleStatistic<T>) {
        cls.def(
            "revert", [](E& e, py::handle x) { e.model.revert(real_target<T>(x, "x")); }, "x"_a,
            "Undoes an update(x).");
      }
      cls.def(
          "update_many",
          [](E& e, py::array_t<double, py::array::c_style | py::array::forcecast> xs) {
            if (xs.ndim() != 1)
              throw py::value_error(std::string(T::name) + ": values must be 1-D");
            const double* data = xs.data();
            const auto n = static_cast<std::size_t>(xs.shape(0));
            for (std::size_t i = 0; i < n; ++i) {
              try {
                e.model.update(data[i]);
              } catch (const InvalidInput& ex) {
                rethrow_row(i, ex);
              }
            }
          },
          "values"_a, "Updates with every value of a 1-D array, in order.");
    } else {
      if constexpr (requires(T s, double x, double y, double w) { s.update(x, y, w); }) {
        cls.def(
            "update",
            [](E& e, py::handle x, py::handle y, double w) {
              e.model.update(real_target<T>(x, "x"), real_target<T>(y, "y"), w);
            },
            "x"_a, "y"_a, "w"_a = 1.0, "Updates the statistic with the pair (x, y).");
      } else {
        cls.def(
            "update",
            [](E& e, py::handle x, py::handle y) {
              e.model.update(real_target<T>(x, "x"), real_target<T>(y, "y"));
            },
            "x"_a, "y"_a, "Updates the statistic with the pair (x, y).");
      }
    }
    fast::add_method<E, 0>(cls, "get", std::array<const char*, 0>{},
                           "get($self, /)\n--\n\nThe current value.",
                           [](E& e, std::array<PyObject*, 0>&) -> PyObject* {
                             return PyFloat_FromDouble(static_cast<double>(e.model.get()));
                           });
  } else if constexpr (kind == Kind::part) {
    if constexpr (requires(const T& l, double a, double b) {
                    l.eval(a, b);
                    l.gradient(a, b);
                    l.mean_func(a);
                  }) {
      cls.def(
          "__call__",
          [](const E& e, double y_true, double y_pred) { return e.model.eval(y_true, y_pred); },
          "y_true"_a, "y_pred"_a, "The loss of one prediction.");
      cls.def(
          "gradient",
          [](const E& e, double y_true, double y_pred) { return e.model.gradient(y_true, y_pred); },
          "y_true"_a, "y_pred"_a, "The derivative of the loss with respect to y_pred.");
      cls.def(
          "mean_func", [](const E& e, double y_pred) { return e.model.mean_func(y_pred); },
          "y_pred"_a, "The link from a raw prediction to the target's scale.");
    }
    if constexpr (requires(const T& s, std::uint64_t t) { s.get(t); }) {
      cls.def(
          "get", [](const E& e, std::uint64_t t) { return e.model.get(t); }, "t"_a,
          "The learning rate at step t.");
    }
    if constexpr (requires(const T& o) {
                    o.learning_rate();
                    o.n_iterations();
                  }) {
      cls.def_property_readonly("learning_rate",
                                [](const E& e) { return e.model.learning_rate(); });
      cls.def_property_readonly("n_iterations", [](const E& e) { return e.model.n_iterations(); });
    }
  } else if constexpr (kind == Kind::class_metric || kind == Kind::regression_metric ||
                       kind == Kind::binary_proba_metric || kind == Kind::multiclass_proba_metric) {
    add_metric_methods<T>(cls);
  }
}

/// True when `T::Params` has a `pos_val` that is a class id (binary confusion metrics).
template <class T>
constexpr bool has_class_pos_val() {
  if constexpr (requires(typename T::Params p) { p.pos_val; }) {
    return std::is_same_v<std::remove_cvref_t<decltype(std::declval<typename T::Params>().pos_val)>,
                          ClassId>;
  } else {
    return false;
  }
}

/// The class id of a label for a metric: binarised against `pos_val` for binary metrics.
template <class T>
ClassId metric_class(Estimator<T>& e, py::handle y) {
  if constexpr (has_class_pos_val<T>()) {
    if (y.is_none()) throw py::value_error(std::string(T::name) + ": labels must not be None");
    return y.equal(e.pos_val) ? 1 : 0;
  } else {
    return e.labels.encode(y);
  }
}

/// p(True) from a probability or a {label: probability} dict (River: missing True is 0).
inline double p_true_of(py::handle y_pred) {
  if (PyDict_Check(y_pred.ptr())) {
    PyObject* p = PyDict_GetItem(y_pred.ptr(), Py_True);
    return p == nullptr ? 0.0 : py::cast<double>(p);
  }
  return py::cast<double>(y_pred);
}

template <class T, class Cls>
void add_metric_methods(Cls& cls) {
  constexpr Kind kind = kind_of<T>();
  using E = Estimator<T>;
  auto update = [](E& e, py::handle y_true, py::handle y_pred, double w, bool revert) {
    if constexpr (kind == Kind::class_metric) {
      const ClassId t = metric_class(e, y_true);
      const ClassId p = metric_class(e, y_pred);
      if (revert) {
        if constexpr (RevertibleMetric<T>) e.model.revert(t, p, w);
      } else {
        e.model.update(t, p, w);
      }
    } else if constexpr (kind == Kind::regression_metric) {
      const double t = real_target<T>(y_true, "y_true");
      const double p = real_target<T>(y_pred, "y_pred");
      if (revert) {
        if constexpr (RevertibleMetric<T>) e.model.revert(t, p, w);
      } else {
        e.model.update(t, p, w);
      }
    } else if constexpr (kind == Kind::binary_proba_metric) {
      const bool t = PyObject_IsTrue(y_true.ptr()) == 1;
      const double p = p_true_of(y_pred);
      if (revert) {
        if constexpr (requires(T m) { m.revert(t, p, w); }) e.model.revert(t, p, w);
      } else {
        e.model.update(t, p, w);
      }
    } else {
      if (!PyDict_Check(y_pred.ptr())) {
        throw py::type_error(std::string(T::name) + ": y_pred must be a {label: probability} dict");
      }
      const ClassId t = e.labels.encode(y_true);
      for (auto item : py::reinterpret_borrow<py::dict>(y_pred)) e.labels.encode(item.first);
      e.proba.assign(e.labels.size(), 0.0);
      for (auto item : py::reinterpret_borrow<py::dict>(y_pred)) {
        e.proba[*e.labels.find(item.first)] = py::cast<double>(item.second);
      }
      if (revert) {
        if constexpr (requires(T m) { m.revert(t, std::span<const double>(e.proba), w); })
          e.model.revert(t, std::span<const double>(e.proba), w);
      } else {
        e.model.update(t, std::span<const double>(e.proba), w);
      }
    }
  };
  cls.def(
      "update",
      [update](E& e, py::handle y_true, py::handle y_pred, double w) {
        update(e, y_true, y_pred, w, false);
      },
      "y_true"_a, "y_pred"_a, "w"_a = 1.0, "Updates the metric with one answer (returns None).");
  constexpr bool revertible = RevertibleMetric<T> || requires(T m, bool t, double p) {
    m.revert(t, p, 1.0);
  }
  || requires(T m, ClassId t, std::span<const double> p) { m.revert(t, p, 1.0); };
  if constexpr (revertible) {
    cls.def(
        "revert",
        [update](E& e, py::handle y_true, py::handle y_pred, double w) {
          update(e, y_true, y_pred, w, true);
        },
        "y_true"_a, "y_pred"_a, "w"_a = 1.0, "Undoes an update with the same arguments.");
  }
  cls.def(
      "get", [](const E& e) { return static_cast<double>(e.model.get()); }, "The current value.");
  cls.def_property_readonly("bigger_is_better",
                            [](const E&) { return static_cast<bool>(T::bigger_is_better); });
  cls.def_property_readonly("requires_labels", [](const E&) {
    return kind != Kind::binary_proba_metric && kind != Kind::multiclass_proba_metric;
  });
  cls.def_property_readonly("works_with_weights", [](const E&) { return true; });
  cls.def("works_with", [](const E&, py::handle model) {
    if (!py::hasattr(model, "_streamwise_kind")) return true;
    const auto k = model.attr("_streamwise_kind").cast<std::string>();
    if constexpr (kind == Kind::regression_metric) return k == "regressor";
    return k == "classifier";
  });
  cls.def("__repr__", [](const E& e) {
    // River's format: a percentage for most classification metrics, six decimals for
    // regression metrics, Python's own float text for MCC and the log losses.
    constexpr std::string_view n = T::name;
    const char* fmt = (n == "MCC" || n == "LogLoss" || n == "CrossEntropy") ? ""
                      : kind == Kind::regression_metric                     ? ",.6f"
                                                                            : ".2%";
    std::string s = py::str("{}: {:" + std::string(fmt) + "}")
                        .format(std::string(T::name), py::float_(e.model.get()))
                        .template cast<std::string>();
    while (!s.empty() && s.back() == '0') s.pop_back();
    return s;
  });
  cls.def("__str__", [](py::handle self) { return py::repr(self); });
}

// ---- registration ----------------------------------------------------------------------------

template <class T, class Cls>
void add_default_constructor(Cls& cls);

/// Sets `__module__` so that doctest and pickle find the class under its public module.
template <class Cls>
void set_public_module(Cls& cls, const std::string& module) {
  cls.attr("__module__") = py::str(module);
}

/// Checkpoint bytes of a model (the C++ format: header, spec, CRC, payload).
template <class T>
py::bytes model_bytes(const T& model) {
  return py::bytes(io::to_checkpoint(model));
}

template <class T>
py::tuple get_state(const Estimator<T>& e) {
  return py::make_tuple(model_bytes(e.model), space_bytes(e.features.space), e.labels.to_list(),
                        e.pos_val);
}

template <class T>
Estimator<T> set_state(const py::tuple& state) {
  if (state.size() != 4) throw py::value_error(std::string(T::name) + ": bad pickle state");
  Estimator<T> e(io::from_checkpoint<T>(std::string_view(state[0].cast<std::string_view>())));
  e.features.space = space_from_bytes(state[1].cast<std::string>());
  e.labels.from_list(state[2]);
  e.pos_val = state[3];
  e.rebind();
  return e;
}

/// Adds River's `clone(new_params=None, include_attributes=False)` to a wrapper class `E` whose
/// Python constructor takes the keyword arguments its `_get_params()` returns: a fresh object
/// built from those parameters (some replaced by `new_params`), or, with
/// `include_attributes=True`, a copy of the whole state.
template <class E, class Cls>
void def_clone_from_params(Cls& cls, const char* doc) {
  cls.def(
      "clone",
      [](py::handle self, py::object new_params, bool include_attributes) -> py::object {
        if (include_attributes) return py::cast(E(self.cast<const E&>()));
        py::dict params = self.attr("_get_params")();
        if (!new_params.is_none()) {
          for (auto item : py::reinterpret_borrow<py::dict>(new_params))
            params[item.first] = item.second;
        }
        return py::type::of(self)(**params);
      },
      "new_params"_a = py::none(), "include_attributes"_a = false, doc);
}

/// Registers the step converters of a model type (for Pipeline and TransformerUnion).
template <class T>
void register_steps(py::handle type) {
  StepConverters conv;
  constexpr Kind kind = kind_of<T>();
  if constexpr (kind == Kind::transformer) {
    conv.to_transformer = [](py::handle obj) {
      return compose::AnyTransformer(obj.cast<const Estimator<T>&>().model);
    };
    transformer_from_any()[std::string(T::name)] = [](const compose::AnyTransformer& a) {
      return py::cast(Estimator<T>(*a.target<T>()));
    };
  } else if constexpr (kind == Kind::classifier) {
    conv.to_classifier = [](py::handle obj) {
      return compose::AnyClassifier(obj.cast<const Estimator<T>&>().model);
    };
    conv.binary = is_binary_classifier<T>();
    classifier_from_any()[std::string(T::name)] = [](const compose::AnyClassifier& a) {
      return py::cast(Estimator<T>(*a.target<T>()));
    };
  } else if constexpr (kind == Kind::regressor) {
    conv.to_regressor = [](py::handle obj) {
      return compose::AnyRegressor(obj.cast<const Estimator<T>&>().model);
    };
    regressor_from_any()[std::string(T::name)] = [](const compose::AnyRegressor& a) {
      return py::cast(Estimator<T>(*a.target<T>()));
    };
  }
  step_converters()[reinterpret_cast<PyTypeObject*>(type.ptr())] = std::move(conv);
}

inline const char* kind_label(Kind k) {
  switch (k) {
    case Kind::classifier:
      return "classifier";
    case Kind::regressor:
      return "regressor";
    case Kind::transformer:
      return "transformer";
    case Kind::drift:
      return "drift";
    case Kind::statistic:
    case Kind::bivariate:
      return "statistic";
    case Kind::part:
      return "part";
    default:
      return "metric";
  }
}

/// Exposes `T` as `<module>.<T::name>` with River's conventions; `doc` is the numpydoc docstring.
/// `Custom` leaves the constructor, `_get_params`, `clone` and pickling to the caller
/// (composites and classes with River's `*args` constructors); `py_name` overrides the class name.
template <class T, bool Custom = false>
py::class_<Estimator<T>> register_estimator(py::module_& m, const std::string& public_module,
                                            const char* doc, const char* py_name = nullptr) {
  using E = Estimator<T>;
  constexpr Kind kind = kind_of<T>();
  py::class_<E> cls(m, py_name ? py_name : std::string(T::name).c_str(), doc);
  set_public_module(cls, public_module);
  cls.attr("_streamwise_kind") = kind_label(kind);
  if constexpr (kind != Kind::class_metric && kind != Kind::regression_metric &&
                kind != Kind::binary_proba_metric && kind != Kind::multiclass_proba_metric) {
    cls.def("__repr__", [](const E& e) { return repr(spec_of(e.model)); });
  }
  cls.def("__copy__", [](const E& e) { return E(e); });
  cls.def(
      "__deepcopy__", [](const E& e, py::handle) { return E(e); }, "memo"_a);
  cls.def(
      "_checkpoint_bytes", [](const E& e) { return model_bytes(e.model); },
      "The model in the C++ checkpoint format (what the C++ library and the learner loop load).");
  cls.def_property_readonly("_spec", [](const E& e) { return to_json(spec_of(e.model)); });
  add_kind_methods<T>(cls);
  if constexpr (is_model<T>()) {
    register_steps<T>(cls);
    cls.def(
        "__or__",
        [](py::handle self, py::handle other) {
          return py::module_::import("streamwise.compose").attr("Pipeline")(self, other);
        },
        "other"_a, "The pipeline self | other.");
  }
  if constexpr (kind == Kind::transformer) {
    cls.def(
        "__add__",
        [](py::handle self, py::handle other) {
          return py::module_::import("streamwise.compose").attr("TransformerUnion")(self, other);
        },
        "other"_a, "The union self + other.");
  }
  if constexpr (!Custom) add_default_constructor<T>(cls);
  return cls;
}

/// River's constructor, `_get_params`, `clone` and pickling for a plain estimator.
template <class T, class Cls>
void add_default_constructor(Cls& cls) {
  using E = Estimator<T>;
  cls.def(py::init([](py::args args, py::kwargs kwargs) {
    if constexpr (has_class_pos_val<T>()) {
      // The user's positive label (any hashable, River's default True) stays in Python; the
      // C++ metric sees 1 for it and 0 for every other label.
      py::object pos = py::bool_(true);
      if (args.size() > 0) {
        pos = args[0];
        if (args.size() > 1) throw py::type_error(std::string(T::name) + "() takes 1 argument");
      }
      for (auto item : kwargs) {
        if (item.first.cast<std::string>() != "pos_val") {
          throw py::type_error(std::string(T::name) + "() got an unexpected keyword argument '" +
                               item.first.cast<std::string>() + "'");
        }
        pos = py::reinterpret_borrow<py::object>(item.second);
      }
      E e;
      e.pos_val = pos;
      return e;
    } else {
      return E(T(params_from_python<T>(args, kwargs)));
    }
  }));
  cls.def(
      "_get_params",
      [](const E& e) {
        py::dict params = params_to_python(e.model);
        if constexpr (has_class_pos_val<T>()) params["pos_val"] = e.pos_val;
        return params;
      },
      "The constructor's parameters, by name.");
  cls.def(
      "clone",
      [](py::handle self, py::object new_params, bool include_attributes) -> py::object {
        const E& e = self.cast<const E&>();
        if (include_attributes) return py::cast(E(e));
        if (new_params.is_none()) {
          if constexpr (has_class_pos_val<T>()) {
            E fresh;
            fresh.pos_val = e.pos_val;
            return py::cast(std::move(fresh));
          } else {
            return py::cast(E(T(e.model.params())));
          }
        }
        py::dict params = self.attr("_get_params")();
        for (auto item : py::reinterpret_borrow<py::dict>(new_params))
          params[item.first] = item.second;
        return py::type::of(self)(**params);
      },
      "new_params"_a = py::none(), "include_attributes"_a = false,
      "A fresh copy with the same parameters (and none of the learnt state), optionally with "
      "some parameters replaced.");
  cls.def(py::pickle([](const E& e) { return get_state(e); },
                     [](const py::tuple& state) { return set_state<T>(state); }));
}

}  // namespace streamwise::python

namespace streamwise::python {

/// A numpydoc docstring for `T`: `summary`, the parameters with River's defaults (read from a
/// default-constructed `T::Params`), and `example` as doctest lines.
template <class T>
const char* auto_doc(const std::string& summary, const std::string& example) {
  std::string params;
  typename T::Params defaults{};
  py::dict values;
  defaults.visit(ParamGetter{&values});
  for (auto item : values) {
    const std::string value = py::repr(item.second).cast<std::string>();
    params += item.first.cast<std::string>() + "\n    Default: " +
              (value.find('\n') == std::string::npos
                   ? value
                   : std::string(Py_TYPE(item.second.ptr())->tp_name) + "()") +
              ".\n";
  }
  return make_doc(summary, params, example);
}

}  // namespace streamwise::python

namespace streamwise::python {

/// Replaces a method defined by `register_estimator` (pybind11's `def` would add an overload that
/// is never reached).
template <class Cls, class F>
void replace_method(Cls& cls, const char* name, F&& f) {
  cls.attr(name) = py::cpp_function(std::forward<F>(f), py::name(name), py::is_method(cls),
                                    py::sibling(py::none()));
}

}  // namespace streamwise::python
