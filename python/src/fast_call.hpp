#pragma once
/// @file
/// Per-sample methods as plain CPython descriptors, bypassing pybind11's dispatcher.
///
/// pybind11's generic dispatcher (overload loop, argument casters, keyword matching) costs a few
/// hundred nanoseconds per call, which is most of the time of `update(x)` on a statistic or a
/// drift detector. The hot methods (learn_one / predict_one / predict_proba_one / update /
/// drift_detected...) are therefore installed as `METH_FASTCALL | METH_KEYWORDS` method
/// descriptors and getset descriptors on the pybind11 class: CPython checks the type of `self`,
/// the arguments arrive as a C array, and C++ exceptions are translated with pybind11's own
/// registered translators, so errors are the same as through pybind11.

#include <pybind11/pybind11.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "convert.hpp"

namespace streamwise::python::fast {

namespace py = pybind11;

/// The C++ object behind a pybind11 instance, or null when its constructor has not run.
template <class E>
E* self_ptr(PyObject* self) {
  auto* inst = reinterpret_cast<py::detail::instance*>(self);
  void* v =
      inst->simple_layout ? inst->simple_value_holder[0] : inst->get_value_and_holder().value_ptr();
  return static_cast<E*>(v);
}

/// Argument names of a fast method: `names[0 .. required)` are required, the others optional.
template <std::size_t N, std::size_t Required>
struct Signature {
  static constexpr std::size_t size = N;
  static constexpr std::size_t required = Required;
};

/// Reads positional and keyword arguments into `out` by name (missing optional ones stay null).
template <std::size_t N>
void parse_args(const char* who, const std::array<const char*, N>& names, std::size_t required,
                PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames,
                std::array<PyObject*, N>& out) {
  const auto n_pos = static_cast<std::size_t>(PyVectorcall_NARGS(nargs));
  if (n_pos > N) {
    throw py::type_error(std::string(who) + "() takes at most " + std::to_string(N) +
                         " arguments (" + std::to_string(n_pos) + " given)");
  }
  for (std::size_t i = 0; i < n_pos; ++i) out[i] = args[i];
  if (kwnames != nullptr) {
    const Py_ssize_t n_kw = PyTuple_GET_SIZE(kwnames);
    for (Py_ssize_t k = 0; k < n_kw; ++k) {
      PyObject* key = PyTuple_GET_ITEM(kwnames, k);
      const std::string_view name = utf8_of(key);
      std::size_t i = 0;
      while (i < N && name != names[i]) ++i;
      if (i == N) {
        throw py::type_error(std::string(who) + "() got an unexpected keyword argument '" +
                             std::string(name) + "'");
      }
      if (out[i] != nullptr) {
        throw py::type_error(std::string(who) + "() got multiple values for argument '" +
                             std::string(name) + "'");
      }
      out[i] = args[n_pos + static_cast<std::size_t>(k)];
    }
  }
  for (std::size_t i = 0; i < required; ++i) {
    if (out[i] == nullptr) {
      throw py::type_error(std::string(who) + "() missing required argument '" + names[i] + "'");
    }
  }
}

/// A float argument (bool, int, float or a numpy scalar), `fallback` when absent.
inline double double_arg(PyObject* v, double fallback, const char* who, const char* name) {
  if (v == nullptr) return fallback;
  if (PyFloat_CheckExact(v)) return PyFloat_AS_DOUBLE(v);
  if (auto d = as_number(v)) return *d;
  throw py::type_error(std::string(who) + "(): " + name + " must be a number, got " +
                       type_name_of(v));
}

/// Runs `body` and turns C++ exceptions into Python ones (pybind11's translators).
template <class F>
PyObject* guarded(F&& body) noexcept {
  try {
    return body();
  } catch (py::error_already_set& e) {
    e.restore();
    return nullptr;
  } catch (...) {
    py::detail::try_translate_exceptions();
    return nullptr;
  }
}

template <class E, class Body, std::size_t N, std::size_t Required>
struct Method {
  static inline const char* method_name = "";
  static inline std::array<const char*, N> names{};

  static PyObject* call(PyObject* self, PyObject* const* args, Py_ssize_t nargs,
                        PyObject* kwnames) noexcept {
    return guarded([&]() -> PyObject* {
      E* e = self_ptr<E>(self);
      if (e == nullptr) throw py::type_error(std::string(method_name) + "(): object not built");
      std::array<PyObject*, N> a{};
      if (kwnames == nullptr && static_cast<std::size_t>(PyVectorcall_NARGS(nargs)) >= Required &&
          static_cast<std::size_t>(PyVectorcall_NARGS(nargs)) <= N) {
        for (Py_ssize_t i = 0; i < PyVectorcall_NARGS(nargs); ++i) a[i] = args[i];
      } else {
        parse_args<N>(method_name, names, Required, args, nargs, kwnames, a);
      }
      return Body{}(*e, a);
    });
  }
};

/// Installs `body(E&, std::array<PyObject*, N>&) -> PyObject*` (a new reference) as method `name`
/// of `cls`, with argument names `names` (the first `Required` required). `doc` starts with the
/// text signature ("name($self, /, x, w=1.0)\n--\n\n..."). `body` must be a captureless lambda.
template <class E, std::size_t Required, std::size_t N, class Body>
void add_method(py::handle cls, const char* name, std::array<const char*, N> names, const char* doc,
                Body) {
  using M = Method<E, Body, N, Required>;
  M::method_name = name;
  M::names = names;
  static PyMethodDef def{name,
                         reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&M::call)),
                         METH_FASTCALL | METH_KEYWORDS, doc};
  PyObject* descr = PyDescr_NewMethod(reinterpret_cast<PyTypeObject*>(cls.ptr()), &def);
  if (descr == nullptr) throw py::error_already_set();
  if (PyObject_SetAttrString(cls.ptr(), name, descr) != 0) {
    Py_DECREF(descr);
    throw py::error_already_set();
  }
  Py_DECREF(descr);
}

template <class E, class Body>
struct Getter {
  static PyObject* get(PyObject* self, void*) noexcept {
    return guarded([&]() -> PyObject* {
      E* e = self_ptr<E>(self);
      if (e == nullptr) throw py::type_error("object not built");
      return Body{}(*e);
    });
  }
};

/// Installs a read-only property `name` whose value is `body(const E&) -> PyObject*` (a new
/// reference). `body` must be a captureless lambda.
template <class E, class Body>
void add_getter(py::handle cls, const char* name, const char* doc, Body) {
  using G = Getter<E, Body>;
  static PyGetSetDef def{name, &G::get, nullptr, doc, nullptr};
  PyObject* descr = PyDescr_NewGetSet(reinterpret_cast<PyTypeObject*>(cls.ptr()), &def);
  if (descr == nullptr) throw py::error_already_set();
  if (PyObject_SetAttrString(cls.ptr(), name, descr) != 0) {
    Py_DECREF(descr);
    throw py::error_already_set();
  }
  Py_DECREF(descr);
}

/// A new reference to a Python bool.
inline PyObject* new_bool(bool b) { return PyBool_FromLong(b ? 1 : 0); }

}  // namespace streamwise::python::fast
