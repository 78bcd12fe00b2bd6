/// @file
/// `streamwise.datasets`: River's synthetic generators, sample for sample.
///
/// Each generator is a C++ stream (include/streamwise/datasets/) behind River's constructor.
/// Iterating the Python object restarts the stream from its seed (River's `iter(dataset)`) and
/// yields `(x, y)` with River's keys (int keys where River uses them), value types (ints for
/// River's integer features) and label type (bool for SEA, int for the other classification
/// streams, float for regression). The iterator advances the dataset's own generator, so
/// `generate_drift()` called during a loop affects the rest of it, as in River.

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/datasets/agrawal.hpp"
#include "streamwise/datasets/friedman.hpp"
#include "streamwise/datasets/friedman_drift.hpp"
#include "streamwise/datasets/hyperplane.hpp"
#include "streamwise/datasets/led.hpp"
#include "streamwise/datasets/led_drift.hpp"
#include "streamwise/datasets/random_rbf.hpp"
#include "streamwise/datasets/random_rbf_drift.hpp"
#include "streamwise/datasets/sea.hpp"
#include "streamwise/datasets/stagger.hpp"

namespace streamwise::python {

namespace {

/// How a feature value is given back to Python.
enum class ValueKind : std::uint8_t { real, integer, integer_when_zero, integer_when_integral };
/// How the label is given back to Python.
enum class LabelKind : std::uint8_t { boolean, integer, real };

template <class T>
constexpr LabelKind label_kind() {
  constexpr std::string_view n = T::name;
  if constexpr (n == "SEA") {
    return LabelKind::boolean;
  } else if constexpr (n == "Friedman" || n == "FriedmanDrift") {
    return LabelKind::real;
  } else {
    return LabelKind::integer;
  }
}

/// River's value type of feature `name` of generator `T`.
template <class T>
ValueKind value_kind(const T& gen, const std::string& name) {
  constexpr std::string_view n = T::name;
  if constexpr (n == "STAGGER" || n == "LED" || n == "LEDDrift") {
    return ValueKind::integer;
  } else if constexpr (n == "Agrawal") {
    if (name == "age" || name == "elevel" || name == "car" || name == "zipcode" ||
        name == "hyears") {
      return ValueKind::integer;
    }
    // River writes `0` (an int) for the commission of salaries >= 75k, a float otherwise.
    // With perturbation, River clamps the perturbed reals to their bounds, and a clamped value
    // is the bound itself, an int (a perturbed value is never integral otherwise).
    if (gen.params().perturbation > 0.0) return ValueKind::integer_when_integral;
    if (name == "commission") return ValueKind::integer_when_zero;
    return ValueKind::real;
  } else {
    return ValueKind::real;
  }
}

/// River's dict key for a feature name: an int where River numbers the features.
inline py::object key_of(const std::string& name) {
  const bool digits = !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
  if (digits) return py::int_(std::stoll(name));
  return py::str(name);
}

/// An iterator over a dataset: advances the dataset's generator (kept alive by `owner`).
template <class T>
struct StreamIterator {
  py::object owner;
  std::optional<std::uint64_t> remaining;  // take(n): samples left
  std::vector<py::object> keys;
  std::vector<ValueKind> kinds;
  typename T::Sample sample;

  py::tuple next() {
    if (remaining) {
      if (*remaining == 0) throw py::stop_iteration();
      --*remaining;
    }
    T& gen = owner.cast<Estimator<T>&>().model;
    if (!gen.next(sample)) throw py::stop_iteration();
    py::dict x;
    for (std::size_t i = 0; i < sample.x.size(); ++i) {
      const double v = sample.x[i];
      const ValueKind k = kinds[i];
      if (k == ValueKind::integer || (k == ValueKind::integer_when_zero && v == 0.0) ||
          (k == ValueKind::integer_when_integral && std::floor(v) == v)) {
        x[keys[i]] = py::int_(static_cast<long long>(v));
      } else {
        x[keys[i]] = py::float_(v);
      }
    }
    py::object y;
    constexpr LabelKind lk = label_kind<T>();
    if constexpr (lk == LabelKind::boolean) {
      y = py::bool_(sample.y != 0);
    } else if constexpr (lk == LabelKind::integer) {
      y = py::int_(static_cast<long long>(sample.y));
    } else {
      y = py::float_(sample.y);
    }
    return py::make_tuple(std::move(x), std::move(y));
  }
};

/// Restarts the dataset's stream and returns an iterator over it (`limit` samples at most).
template <class T>
StreamIterator<T> start(py::object self, std::optional<std::uint64_t> limit) {
  T& gen = self.cast<Estimator<T>&>().model;
  gen.reset();
  StreamIterator<T> it;
  it.owner = std::move(self);
  it.remaining = limit;
  for (const auto& name : gen.feature_names()) {
    it.keys.push_back(key_of(name));
    it.kinds.push_back(value_kind<T>(gen, name));
  }
  return it;
}

inline const char* task_of(LabelKind lk, std::size_t n_classes) {
  if (lk == LabelKind::real) return "Regression";
  return n_classes == 2 ? "Binary classification" : "Multi-class classification";
}

/// Iteration, `take`, River's descriptive attributes and `generate_drift` where River has it.
template <class T, class Cls>
void add_stream_methods(py::module_& m, Cls& cls) {
  using It = StreamIterator<T>;
  const std::string it_name = "_" + std::string(T::name) + "Iterator";
  py::class_<It>(m, it_name.c_str())
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", [](It& it) { return it.next(); });
  cls.def(
      "__iter__", [](py::object self) { return start<T>(std::move(self), std::nullopt); },
      "Restarts the stream from its seed and iterates over (x, y) pairs, endlessly.");
  cls.def(
      "take",
      [](py::object self, std::int64_t k) {
        if (k < 0) throw py::value_error(std::string(T::name) + ": k must be >= 0");
        return start<T>(std::move(self), static_cast<std::uint64_t>(k));
      },
      "k"_a, "Restarts the stream and iterates over its first k samples.");
  cls.def_property_readonly("n_features",
                            [](const Estimator<T>& e) { return e.model.n_features(); });
  cls.def_property_readonly("feature_names", [](const Estimator<T>& e) {
    py::list out;
    for (const auto& name : e.model.feature_names()) out.append(key_of(name));
    return out;
  });
  // River's attributes, including its quirks: SEA has n_classes and n_outputs None, the RBF
  // streams are "Multi-class classification" whatever their number of classes.
  constexpr bool sea = T::name == std::string_view("SEA");
  constexpr bool rbf =
      T::name == std::string_view("RandomRBF") || T::name == std::string_view("RandomRBFDrift");
  constexpr LabelKind lk = label_kind<T>();
  cls.def_property_readonly("n_classes", [](const Estimator<T>& e) -> py::object {
    if constexpr (lk == LabelKind::real || sea) {
      return py::none();
    } else {
      return py::int_(e.model.n_classes());
    }
  });
  cls.def_property_readonly("task", [](const Estimator<T>& e) -> std::string {
    if constexpr (lk == LabelKind::real) {
      return "Regression";
    } else if constexpr (rbf) {
      return "Multi-class classification";
    } else {
      return task_of(lk, e.model.n_classes());
    }
  });
  cls.def_property_readonly("n_outputs", [](const Estimator<T>&) -> py::object {
    if constexpr (lk == LabelKind::real || sea) {
      return py::none();
    } else {
      return py::int_(1);
    }
  });
  cls.def_property_readonly("n_samples", [](const Estimator<T>&) { return py::none(); });
  if constexpr (requires(T g) { g.generate_drift(); }) {
    cls.def(
        "generate_drift", [](Estimator<T>& e) { e.model.generate_drift(); },
        "Switches to another classification function (River's draws); a running iteration "
        "continues with it.");
  }
}

template <class T>
void register_generator(py::module_& m, const std::string& summary, const std::string& example) {
  auto cls = register_estimator<T>(m, "streamwise.datasets", auto_doc<T>(summary, example));
  add_stream_methods<T>(m, cls);
}

/// FriedmanDrift: `position` is a tuple in Python (the C++ parameter travels as its text).
void register_friedman_drift(py::module_& m) {
  using T = datasets::FriedmanDrift;
  using E = Estimator<T>;
  auto to_text = [](py::handle v) -> py::object {
    if (PyUnicode_Check(v.ptr()) || !py::isinstance<py::sequence>(v))
      return py::reinterpret_borrow<py::object>(v);
    return py::str(py::tuple(py::reinterpret_borrow<py::object>(v)));
  };
  auto cls = register_estimator<T, /*Custom=*/true>(
      m, "streamwise.datasets",
      make_doc("Friedman's regression stream with drifts (River's `synth.FriedmanDrift`): "
               "local expanding abrupt ('lea'), global recurring abrupt ('gra') or global slow "
               "gradual ('gsg') changes at the given positions.",
               "drift_type\n    'lea', 'gra' or 'gsg'. Default: 'lea'.\n"
               "position\n    The change points: 3 for 'lea', 2 otherwise. Default: (50000, "
               "100000, 150000).\n"
               "transition_window\n    Length of each gradual change ('gsg'). Default: 10000.\n"
               "seed\n    Random seed. Default: None.\n",
               ">>> from streamwise import datasets\n"
               ">>> stream = datasets.FriedmanDrift(drift_type='gra', position=(10, 20), "
               "seed=42)\n"
               ">>> x, y = next(iter(stream))\n"
               ">>> sorted(x)[:3], type(y).__name__\n"
               "([0, 1, 2], 'float')\n"));
  cls.def(py::init([to_text](py::args args, py::kwargs kwargs) {
    py::list positional(args);
    if (positional.size() > 1) positional[1] = to_text(positional[1]);
    if (kwargs.contains("position")) kwargs["position"] = to_text(kwargs["position"]);
    return E(T(params_from_python<T>(py::args(py::tuple(positional)), kwargs)));
  }));
  cls.def("_get_params", [](const E& e) {
    py::dict params = params_to_python(e.model);
    py::list pos;
    for (auto p : e.model.params().position) pos.append(py::int_(p));
    params["position"] = py::tuple(pos);
    return params;
  });
  def_clone_from_params<E>(
      cls, "A fresh generator with the same parameters, some replaced by new_params.");
  cls.def(py::pickle([](const E& e) { return get_state(e); },
                     [](const py::tuple& state) { return set_state<T>(state); }));
  add_stream_methods<T>(m, cls);
}

}  // namespace

void register_datasets(py::module_ m) {
  namespace ds = datasets;
  register_generator<ds::Agrawal>(
      m,
      "Agrawal's loan-approval stream (River's `synth.Agrawal`): nine features, one of ten "
      "classification functions.",
      ">>> from streamwise import datasets\n"
      ">>> x, y = next(iter(datasets.Agrawal(seed=42)))\n"
      ">>> list(x)\n"
      "['salary', 'commission', 'age', 'elevel', 'car', 'zipcode', 'hvalue', 'hyears', 'loan']\n"
      ">>> type(x['age']).__name__, type(y).__name__\n"
      "('int', 'int')\n");
  register_generator<ds::SEA>(
      m, "The SEA stream (River's `synth.SEA`): three features, label x0 + x1 > threshold.",
      ">>> from streamwise import datasets\n"
      ">>> for x, y in datasets.SEA(variant=1, seed=42).take(2):\n"
      "...     print(sorted(x), y)\n"
      "[0, 1, 2] False\n"
      "[0, 1, 2] True\n");
  register_generator<ds::Hyperplane>(
      m, "Rotating hyperplane stream (River's `synth.Hyperplane`).",
      ">>> from streamwise import datasets\n"
      ">>> x, y = next(iter(datasets.Hyperplane(seed=42, n_features=4)))\n"
      ">>> len(x), y in (0, 1)\n"
      "(4, True)\n");
  register_generator<ds::LED>(m, "Seven-segment digits (River's `synth.LED`), ten classes.",
                              ">>> from streamwise import datasets\n"
                              ">>> x, y = next(iter(datasets.LED(seed=42)))\n"
                              ">>> len(x), 0 <= y <= 9\n"
                              "(7, True)\n");
  register_generator<ds::LEDDrift>(
      m, "Seven-segment digits with drifting attributes (River's `synth.LEDDrift`).",
      ">>> from streamwise import datasets\n"
      ">>> x, y = next(iter(datasets.LEDDrift(seed=42, irrelevant_features=True, "
      "n_drift_features=4)))\n"
      ">>> len(x)\n"
      "24\n");
  register_generator<ds::RandomRBF>(
      m, "Random radial basis function stream (River's `synth.RandomRBF`).",
      ">>> from streamwise import datasets\n"
      ">>> x, y = next(iter(datasets.RandomRBF(seed_model=7, seed_sample=42, n_classes=3)))\n"
      ">>> len(x), 0 <= y <= 2\n"
      "(10, True)\n");
  register_generator<ds::RandomRBFDrift>(
      m, "Random RBF stream with moving centroids (River's `synth.RandomRBFDrift`).",
      ">>> from streamwise import datasets\n"
      ">>> stream = datasets.RandomRBFDrift(seed_model=7, seed_sample=42, change_speed=0.01)\n"
      ">>> len(list(stream.take(5)))\n"
      "5\n");
  register_generator<ds::STAGGER>(
      m, "The STAGGER concepts (River's `synth.STAGGER`): size, color and shape codes.",
      ">>> from streamwise import datasets\n"
      ">>> x, y = next(iter(datasets.STAGGER(seed=42)))\n"
      ">>> sorted(x)\n"
      "['color', 'shape', 'size']\n");
  register_generator<ds::Friedman>(m, "Friedman's regression stream (River's `synth.Friedman`).",
                                   ">>> from streamwise import datasets\n"
                                   ">>> x, y = next(iter(datasets.Friedman(seed=42)))\n"
                                   ">>> len(x), type(y).__name__\n"
                                   "(10, 'float')\n");
  register_friedman_drift(m);
}

}  // namespace streamwise::python
