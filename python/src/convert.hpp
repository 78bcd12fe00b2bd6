#pragma once
/// @file
/// Python values to the C++ core and back: feature dicts to dense rows through a `FeatureSpace`,
/// class labels of any hashable type to class ids, numpy arrays and pandas frames to row blocks.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"

namespace streamwise::python {

namespace py = pybind11;

/// Python's name of the type of `obj` ("float", "NoneType"...).
inline std::string type_name_of(py::handle obj) { return Py_TYPE(obj.ptr())->tp_name; }

/// `repr(obj)` as a std::string, for error messages.
inline std::string repr_of(py::handle obj) { return py::repr(obj).cast<std::string>(); }

/// UTF-8 view of a Python str (valid while the str lives).
inline std::string_view utf8_of(PyObject* s) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(s, &size);
  if (data == nullptr) throw py::error_already_set();
  return {data, static_cast<std::size_t>(size)};
}

/// True for a feature key given as a Python int (bool excluded): such keys name the feature
/// whose name is their decimal text, so `0` and `"0"` are the same feature.
inline bool is_int_key(PyObject* key) { return PyLong_Check(key) && !PyBool_Check(key); }

/// Decimal text of an int key into `out` (no heap allocation for keys that fit in 64 bits;
/// int subclasses such as IntEnum members use int's own decimal form, not their repr).
inline void int_key_text(PyObject* key, std::string& out) {
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(key, &overflow);
  if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
  if (overflow == 0) {
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.assign(buf, res.ptr);
    return;
  }
  PyObject* text = PyLong_Type.tp_repr(key);
  if (text == nullptr) throw py::error_already_set();
  py::object owned = py::reinterpret_steal<py::object>(text);
  out.assign(utf8_of(text));
}

/// The feature name of key `key`: a str as it is, an int (not bool) as its decimal text; any
/// other type raises TypeError naming `who`.
inline std::string feature_key_name(py::handle key, std::string_view who) {
  if (PyUnicode_Check(key.ptr())) return std::string(utf8_of(key.ptr()));
  if (is_int_key(key.ptr())) {
    std::string out;
    int_key_text(key.ptr(), out);
    return out;
  }
  throw py::type_error(std::string(who) + ": feature names must be str or int, got " +
                       type_name_of(key) + " " + repr_of(key));
}

/// numpy.generic, or None when numpy is not importable.
inline py::handle numpy_generic() {
  static py::object generic = []() -> py::object {
    try {
      return py::module_::import("numpy").attr("generic");
    } catch (const py::error_already_set&) {
      return py::object(py::none());
    }
  }();
  return generic;
}

/// A number given by the user as a double: bool, int, float and numpy scalars are numbers;
/// nullopt for anything else (str, None, containers...).
inline std::optional<double> as_number(PyObject* v) {
  if (PyFloat_Check(v)) return PyFloat_AS_DOUBLE(v);
  if (PyLong_Check(v)) {
    const double d = PyLong_AsDouble(v);
    if (d == -1.0 && PyErr_Occurred()) throw py::error_already_set();
    return d;
  }
  if (PyUnicode_Check(v) || PyBytes_Check(v) || v == Py_None) return std::nullopt;
  py::handle generic = numpy_generic();
  if (!generic.is_none() && PyObject_IsInstance(v, generic.ptr()) == 1 &&
      (PyNumber_Check(v) != 0)) {
    const double d = PyFloat_AsDouble(v);
    if (d == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      return std::nullopt;
    }
    return d;
  }
  return std::nullopt;
}

/// Class labels of any hashable type, interned to ids in order of first appearance. numpy
/// scalars are stored as the equal Python scalar, so `np.bool_(True)` and `True` are one label.
class Labels {
 public:
  Labels() = default;
  Labels(const Labels& other) : labels_(other.labels_) { rebuild(); }
  Labels& operator=(const Labels& other) {
    if (this != &other) {
      labels_ = other.labels_;
      rebuild();
    }
    return *this;
  }

  /// A label as stored: numpy scalars become Python scalars; None is refused.
  static py::object normalise(py::handle label) {
    PyObject* p = label.ptr();
    // Common exact types first: no numpy check needed.
    if (PyBool_Check(p) || PyLong_CheckExact(p) || PyUnicode_CheckExact(p) ||
        PyFloat_CheckExact(p)) {
      return py::reinterpret_borrow<py::object>(label);
    }
    if (label.is_none()) throw py::value_error("the label y must not be None");
    py::handle generic = numpy_generic();
    if (!generic.is_none() && py::isinstance(label, generic)) return label.attr("item")();
    return py::reinterpret_borrow<py::object>(label);
  }

  /// Id of `label`, interning it if new; `added` tells whether it was new (see `forget_last`).
  ClassId encode(py::handle label, bool* added = nullptr) {
    py::object key = normalise(label);
    PyObject* found = PyDict_GetItemWithError(ids().ptr(), key.ptr());
    if (found != nullptr) {
      if (added) *added = false;
      return static_cast<ClassId>(PyLong_AsUnsignedLong(found));
    }
    if (PyErr_Occurred()) throw py::error_already_set();  // unhashable
    const auto id = static_cast<ClassId>(labels_.size());
    ids()[key] = py::int_(id);
    labels_.push_back(std::move(key));
    if (added) *added = true;
    return id;
  }
  /// Id of a known label.
  std::optional<ClassId> find(py::handle label) const {
    py::object key = normalise(label);
    PyObject* found = PyDict_GetItemWithError(ids_.ptr(), key.ptr());
    if (found != nullptr) return static_cast<ClassId>(PyLong_AsUnsignedLong(found));
    if (PyErr_Occurred()) throw py::error_already_set();
    return std::nullopt;
  }
  /// Removes the label interned last (undoes an `encode` whose learning step failed).
  void forget_last() {
    if (labels_.empty()) return;
    PyDict_DelItem(ids_.ptr(), labels_.back().ptr());
    labels_.pop_back();
  }
  /// The label behind `id`, borrowed (None when unknown).
  py::handle decode_handle(ClassId id) const {
    if (id >= labels_.size()) return Py_None;
    return labels_[id];
  }
  /// The label behind `id`.
  py::object decode(ClassId id) const {
    if (id >= labels_.size()) return py::none();
    return labels_[id];
  }
  /// Number of labels.
  std::size_t size() const { return labels_.size(); }
  /// Labels in id order, as a list (for pickling).
  py::list to_list() const {
    py::list out;
    for (const auto& l : labels_) out.append(l);
    return out;
  }
  /// Replaces the labels with `list`, in id order.
  void from_list(py::handle list) {
    labels_.clear();
    for (py::handle l : list) labels_.push_back(py::reinterpret_borrow<py::object>(l));
    rebuild();
  }

 private:
  py::dict& ids() {
    if (!ids_) ids_ = py::dict();
    return ids_;
  }
  void rebuild() {
    ids_ = py::dict();
    for (std::size_t i = 0; i < labels_.size(); ++i) ids_[labels_[i]] = py::int_(i);
  }

  std::vector<py::object> labels_;
  py::dict ids_ = py::dict();
};

/// A feature dict's keys and values turned into a dense row, through a `FeatureSpace` owned by
/// the model wrapper. The row buffer and the scratch are reused: once the feature names are
/// known, converting a dict allocates nothing. Keys are matched by identity against the keys of
/// the previous dict at the same position before falling back to a hash lookup.
class Features {
 public:
  /// Feature names to ids; models that `bind` read names and nominal values from it.
  FeatureSpace space;
  /// Set while a batch call runs without the GIL: the model must not be used meanwhile.
  bool busy = false;

  /// Throws RuntimeError when a batch call on another thread is using the model.
  void check_free(std::string_view who) const {
    if (busy) {
      throw std::runtime_error(std::string(who) +
                               ": the model is in use by a batch call on another thread");
    }
  }

  Features() = default;
  Features(const Features& other) : space(other.space) {}
  Features& operator=(const Features& other) {
    if (this != &other) {
      space = other.space;
      cache_keys_.clear();
      cache_ids_.clear();
    }
    return *this;
  }

  /// Converts the dict `x` to a dense row (NaN = absent). Everything is checked before the space
  /// changes: keys must be str or int (an int key names the feature whose name is its decimal
  /// text, so `0` and `"0"` are one feature; bool and every other type raise TypeError), values
  /// numbers (bool, int, float, numpy scalars) or str (nominal, refused when `accepts_nominal` is
  /// false), never None, NaN or infinite, and a feature keeps its kind. Throws TypeError /
  /// ValueError naming the feature and `who`.
  DenseView from_dict(py::handle x, std::string_view who, bool accepts_nominal) {
    check_free(who);
    if (!PyDict_Check(x.ptr())) {
      throw py::type_error(std::string(who) + ": x must be a dict of features, got " +
                           type_name_of(x));
    }
    pending_.clear();
    n_int_names_ = 0;
    PyObject* key = nullptr;
    PyObject* value = nullptr;
    Py_ssize_t pos = 0;
    std::size_t i = 0;
    bool new_names = false;
    while (PyDict_Next(x.ptr(), &pos, &key, &value)) {
      Pending p{key, missing_id, 0.0, nullptr, -1};
      if (i < cache_keys_.size() && cache_keys_[i].ptr() == key) {
        p.id = cache_ids_[i];
      } else if (PyUnicode_Check(key)) {
        if (auto id = space.find(utf8_of(key))) p.id = *id;
      } else if (is_int_key(key)) {
        // Int keys (River's generators) name the feature whose name is their decimal text.
        if (n_int_names_ == int_names_.size()) int_names_.emplace_back();
        int_key_text(key, int_names_[n_int_names_]);
        p.int_name = static_cast<std::int32_t>(n_int_names_++);
        if (auto id = space.find(int_names_[p.int_name])) p.id = *id;
      } else {
        throw py::type_error(std::string(who) + ": feature names must be str or int, got " +
                             type_name_of(key) + " " + repr_of(key));
      }
      if (PyFloat_CheckExact(value)) {
        p.value = PyFloat_AS_DOUBLE(value);
      } else if (PyUnicode_Check(value)) {
        p.nominal = value;
      } else if (auto d = as_number(value)) {
        p.value = *d;
      } else if (value == Py_None) {
        throw py::value_error(std::string(who) + ": feature '" + key_text(key) +
                              "' is None; leave the key out of x for a missing value");
      } else {
        throw py::type_error(std::string(who) + ": feature '" + key_text(key) +
                             "' has a value of type " + type_name_of(value) +
                             "; expected a number or a str");
      }
      if (p.nominal == nullptr && !std::isfinite(p.value)) {
        throw py::value_error(std::string(who) + ": feature '" + key_text(key) +
                              "' must be finite, got " + repr_of(value));
      }
      const FeatureKind kind = p.nominal ? FeatureKind::nominal : FeatureKind::numeric;
      if (p.nominal && !accepts_nominal) {
        throw py::type_error(std::string(who) + ": feature '" + key_text(key) + "' is a str (" +
                             repr_of(value) + "), but " + std::string(who) +
                             " only takes numbers; encode it first (preprocessing.OneHotEncoder)");
      }
      if (p.id != missing_id && space.kind(p.id) != kind) {
        throw py::value_error(std::string(who) + ": feature '" + key_text(key) + "' was " +
                              kind_name(space.kind(p.id)) + " and is now " + kind_name(kind));
      }
      new_names = new_names || p.id == missing_id;
      pending_.push_back(p);
      ++i;
    }
    // Commit: intern new names, then fill the row.
    if (new_names) {
      for (auto& p : pending_) {
        if (p.id == missing_id) {
          const std::string_view key_name =
              p.int_name >= 0 ? std::string_view(int_names_[p.int_name]) : utf8_of(p.key);
          p.id = space.intern(key_name, p.nominal ? FeatureKind::nominal : FeatureKind::numeric);
        }
      }
    }
    row_.assign(space.size(), missing_value);
    if (cache_keys_.size() < pending_.size()) {
      cache_keys_.resize(pending_.size());
      cache_ids_.resize(pending_.size(), missing_id);
    }
    for (std::size_t k = 0; k < pending_.size(); ++k) {
      const auto& p = pending_[k];
      row_[p.id] = p.nominal ? space.encode_nominal(p.id, utf8_of(p.nominal)) : p.value;
      if (cache_keys_[k].ptr() != p.key) {
        cache_keys_[k] = py::reinterpret_borrow<py::object>(p.key);
        cache_ids_[k] = p.id;
      }
    }
    return DenseView{row_};
  }

  /// The value of an output slot as a Python object: nominal codes of features that keep their
  /// ids become their str again.
  py::object value_of(FeatureId id, double v, bool keeps_ids) const {
    if (keeps_ids && id < space.size() && space.kind(id) == FeatureKind::nominal) {
      return py::str(space.nominal_value(id, v));
    }
    return py::float_(v);
  }

 private:
  static constexpr FeatureId missing_id = std::numeric_limits<FeatureId>::max();
  static const char* kind_name(FeatureKind k) {
    return k == FeatureKind::numeric ? "numeric" : "nominal (str)";
  }
  /// A key's feature name for messages: a str as it is, an int as its decimal text.
  static std::string key_text(PyObject* key) { return feature_key_name(py::handle(key), ""); }
  struct Pending {
    PyObject* key;
    FeatureId id;
    double value;
    PyObject* nominal;
    std::int32_t int_name;  ///< Index in `int_names_` of an int key's text, else -1.
  };
  std::vector<std::string> int_names_;  // decimal text of this call's int keys (reused)
  std::size_t n_int_names_ = 0;
  std::vector<double> row_;
  std::vector<Pending> pending_;
  std::vector<py::object> cache_keys_;
  std::vector<FeatureId> cache_ids_;
};

/// A 2-D block of samples from a numpy array or a pandas DataFrame, as row-major doubles plus
/// the feature id of every column. NaN marks an absent value (a DataFrame's missing cell).
struct Block {
  py::array_t<double, py::array::c_style> values;  ///< n_rows x n_cols, C order.
  std::vector<FeatureId> ids;                      ///< Feature id of each column.
  std::size_t n_rows = 0;                          ///< Rows.
  std::size_t n_cols = 0;                          ///< Columns.
  bool identity = true;   ///< Column j is feature j: rows are used in place.
  std::size_t width = 0;  ///< Row width for scattered rows: the space's size.
  py::object index;       ///< The DataFrame's index (None for numpy input).
  bool is_frame = false;  ///< Input was a DataFrame.

  /// Row `r` as a dense view: in place when `identity`, else scattered into `scratch`.
  DenseView row(std::size_t r, std::vector<double>& scratch) const {
    const double* data = values.data() + r * n_cols;
    if (identity) return DenseView{std::span<const double>(data, n_cols)};
    scratch.assign(width, missing_value);
    for (std::size_t j = 0; j < n_cols; ++j) scratch[ids[j]] = data[j];
    return DenseView{scratch};
  }
};

/// Reads `X` (a 2-D numpy array, whose columns are named "0", "1", ... by position, or a pandas
/// DataFrame with str or int column names, ints named by their decimal text) into a block,
/// interning the column names in `features`. Infinite values are left for the model to refuse (row
/// by row, with the row number).
inline Block to_block(Features& features, py::handle X, std::string_view who) {
  features.check_free(who);
  Block b;
  std::vector<std::string> names;
  py::object array;
  if (py::hasattr(X, "columns") && py::hasattr(X, "to_numpy")) {
    b.is_frame = true;
    b.index = X.attr("index");
    for (py::handle c : X.attr("columns")) {
      if (!PyUnicode_Check(c.ptr()) && !is_int_key(c.ptr())) {
        throw py::type_error(std::string(who) + ": column names must be str or int, got " +
                             type_name_of(c) + " " + repr_of(c));
      }
      names.push_back(feature_key_name(c, who));
    }
    try {
      array = X.attr("to_numpy")(py::arg("dtype") = "float64");
    } catch (py::error_already_set& e) {
      throw py::type_error(std::string(who) +
                           ": every column must be numeric for the batch API (use *_one for "
                           "str features): " +
                           e.what());
    }
  } else {
    b.index = py::none();
    array = py::reinterpret_borrow<py::object>(X);
  }
  try {
    b.values = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(array);
  } catch (py::error_already_set&) {
  }
  if (!b.values) {
    throw py::type_error(std::string(who) + ": X must be a 2-D numpy array or a DataFrame, got " +
                         type_name_of(X));
  }
  if (b.values.ndim() != 2) {
    throw py::value_error(std::string(who) + ": X must be 2-D, got " +
                          std::to_string(b.values.ndim()) + " dimension(s)");
  }
  b.n_rows = static_cast<std::size_t>(b.values.shape(0));
  b.n_cols = static_cast<std::size_t>(b.values.shape(1));
  if (!b.is_frame) {
    for (std::size_t j = 0; j < b.n_cols; ++j) names.push_back(std::to_string(j));
  }
  for (const auto& n : names) {
    if (auto id = features.space.find(n)) {
      if (features.space.kind(*id) != FeatureKind::numeric) {
        throw py::value_error(std::string(who) + ": feature '" + n +
                              "' is nominal (str) and cannot come from a numeric block");
      }
    }
  }
  for (std::size_t j = 0; j < b.n_cols; ++j) {
    b.ids.push_back(features.space.intern(names[j]));
    b.identity = b.identity && b.ids[j] == j;
  }
  b.width = features.space.size();
  return b;
}

/// Marks the features busy for the lifetime of a batch loop that runs without the GIL.
class BusyGuard {
 public:
  explicit BusyGuard(Features& f) : f_(f) { f_.busy = true; }
  ~BusyGuard() { f_.busy = false; }
  BusyGuard(const BusyGuard&) = delete;
  BusyGuard& operator=(const BusyGuard&) = delete;

 private:
  Features& f_;
};

/// Length of a 1-D target sequence (list, numpy array, pandas Series).
inline std::size_t sequence_length(py::handle y) { return py::len(y); }

/// The items of a 1-D target sequence as Python scalars: a numpy array or a pandas Series is
/// converted once with `tolist()` (iterating it would create one numpy scalar per item), other
/// sequences are used as they are.
inline py::object target_items(py::handle y) {
  if (!PyList_Check(y.ptr()) && !PyTuple_Check(y.ptr()) && py::hasattr(y, "tolist")) {
    py::object items = y.attr("tolist")();
    if (PyList_Check(items.ptr())) return items;
  }
  return py::reinterpret_borrow<py::object>(y);
}

}  // namespace streamwise::python
