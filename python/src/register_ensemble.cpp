/// @file
/// `streamwise.ensemble`: River's bagging ensembles over any streamwise model.
///
/// The Python `model` argument (any streamwise classifier or regressor, pipelines included) is
/// cloned and turned into a type-erased `compose::AnyClassifier` / `AnyRegressor` through the
/// step converters every model registers; the C++ ensemble holds copies of it as its members.
/// The members share the ensemble's `FeatureSpace` (bound by the ensemble) and see the
/// ensemble's class ids, so the Python object keeps one space and one label table, as every
/// other model does. Pickles hold the constructor's parameters (with the prototype as a Python
/// object) and the C++ checkpoint, which is loaded into an ensemble built from that prototype.

#include <string>
#include <vector>

#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/compose/dynamic_pipeline.hpp"
#include "streamwise/ensemble/adwin_bagging_classifier.hpp"
#include "streamwise/ensemble/bagging_classifier.hpp"
#include "streamwise/ensemble/bagging_regressor.hpp"
#include "streamwise/ensemble/leveraging_bagging_classifier.hpp"
#include "streamwise/ensemble/srp_classifier.hpp"

namespace streamwise::python {

namespace {

using ClassifierPipeline = compose::DynamicPipeline<compose::AnyClassifier>;

using Bagging = ensemble::BaggingClassifier<compose::AnyClassifier>;
using ADWINBagging = ensemble::ADWINBaggingClassifier<compose::AnyClassifier>;
using Leveraging = ensemble::LeveragingBaggingClassifier<compose::AnyClassifier>;
using BaggingReg = ensemble::BaggingRegressor<compose::AnyRegressor>;

using SRP = ensemble::SRPClassifier<compose::AnyClassifier>;

/// Bagging ensembles say whether they classify; SRP (a classifier only) has no such flag.
template <class T>
constexpr bool is_classifier_ensemble = [] {
  if constexpr (requires { T::is_classifier; }) {
    return static_cast<bool>(T::is_classifier);
  } else {
    return true;
  }
}();

/// The erased copy of a fresh clone of the Python `model`; `binary` tells whether its labels
/// are River's False / True (a binary linear model, or a pipeline ending in one).
template <class T>
auto erased_member(py::handle model, bool* binary) {
  const std::string who(T::name);
  auto& map = step_converters();
  auto it = map.find(Py_TYPE(model.ptr()));
  constexpr bool classifier = is_classifier_ensemble<T>;
  const char* wanted = classifier ? "classifier" : "regressor";
  if (it == map.end() || (classifier ? !it->second.to_classifier : !it->second.to_regressor)) {
    throw py::type_error(who + ": model must be a streamwise " + wanted + ", got " +
                         type_name_of(model));
  }
  py::object fresh = model.attr("clone")();
  if constexpr (classifier) {
    *binary = it->second.binary;
    if (py::isinstance<Estimator<ClassifierPipeline>>(fresh)) {
      *binary = fresh.cast<const Estimator<ClassifierPipeline>&>().binary;
    }
    return it->second.to_classifier(fresh);
  } else {
    *binary = false;
    return it->second.to_regressor(fresh);
  }
}

/// The Python object of the ensemble's prototype (a fresh copy).
template <class T>
py::object prototype_object(const Estimator<T>& e) {
  const auto& proto = e.model.model();
  const std::string type(proto.type_name());
  if constexpr (is_classifier_ensemble<T>) {
    py::object obj = classifier_from_any().at(type)(proto);
    if (py::isinstance<Estimator<ClassifierPipeline>>(obj)) {
      obj.cast<Estimator<ClassifierPipeline>&>().binary = e.binary;
    }
    return obj;
  } else {
    return regressor_from_any().at(type)(proto);
  }
}

/// River's constructor: `model` first (required), then the other parameters in River's order,
/// positional or by keyword.
template <class T>
Estimator<T> make_ensemble(py::args args, py::kwargs kwargs) {
  typename T::Params params{};
  std::vector<std::string> names;
  params.visit(NameCollector{&names});
  const std::string who(T::name);
  if (args.size() > names.size()) {
    throw py::type_error(who + "() takes at most " + std::to_string(names.size()) +
                         " positional arguments (" + std::to_string(args.size()) + " given)");
  }
  py::dict values;
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
  if (!values.contains("model")) {
    throw py::type_error(who + "() missing 1 required argument: 'model'");
  }
  py::object model = values["model"];
  PyDict_DelItemString(values.ptr(), "model");
  ParamSetter setter(values, T::name);
  params.visit(setter);
  params.validate();  // std::invalid_argument -> ValueError with the C++ message
  bool binary = false;
  auto member = erased_member<T>(model, &binary);
  if constexpr (std::is_same_v<T, SRP>) {
    // SRP gathers each member's subspace into its own dense row and does not bind its members
    // to the ensemble's feature space; the clone's space (which the member may point at) dies
    // with the clone, so the member must not keep it. Features are numeric-only in SRP anyway.
    member.bind(nullptr);
  }
  Estimator<T> e(T(std::move(member), params));
  e.binary = binary;
  return e;
}

/// River's SRP constructor, turned into `make_ensemble`'s: positional arguments in River's order;
/// `model=None` is River's default member (`tree.HoeffdingTreeClassifier(grace_period=50,
/// delta=0.01)`); None detectors are the defaults (ADWIN, delta 1e-5 and 1e-4); `subspace_size`
/// may be an int, a float or a str; `metric` must be None or a `metrics.Accuracy` (the members'
/// vote weights are their accuracies, the only metric the C++ ensemble tracks).
Estimator<SRP> make_srp(py::args args, py::kwargs kwargs) {
  static const char* const names[] = {
      "model",          "n_models",         "subspace_size",    "training_method",       "lam",
      "drift_detector", "warning_detector", "disable_detector", "disable_weighted_vote", "seed",
      "metric"};
  constexpr std::size_t n_names = sizeof(names) / sizeof(names[0]);
  if (args.size() > n_names) {
    throw py::type_error("SRPClassifier() takes at most " + std::to_string(n_names) +
                         " positional arguments (" + std::to_string(args.size()) + " given)");
  }
  py::dict values;
  for (std::size_t i = 0; i < args.size(); ++i) values[py::str(names[i])] = args[i];
  for (auto item : kwargs) {
    if (values.contains(item.first)) {
      throw py::type_error("SRPClassifier() got multiple values for argument '" +
                           item.first.cast<std::string>() + "'");
    }
    values[item.first] = item.second;
  }
  if (values.contains("metric")) {
    py::object metric = values["metric"];
    if (!metric.is_none()) {
      py::object accuracy = py::module_::import("streamwise.metrics").attr("Accuracy");
      if (!py::isinstance(metric, accuracy)) {
        throw py::value_error(
            "SRPClassifier: metric must be None or metrics.Accuracy() (the only vote weight the "
            "ensemble tracks), got " +
            repr_of(metric));
      }
    }
    PyDict_DelItemString(values.ptr(), "metric");
  }
  if (!values.contains("model") || values["model"].is_none()) {
    values["model"] = py::module_::import("streamwise.tree")
                          .attr("HoeffdingTreeClassifier")("grace_period"_a = 50, "delta"_a = 0.01);
  }
  for (const char* detector : {"drift_detector", "warning_detector"}) {
    if (values.contains(detector) && values[detector].is_none()) {
      PyDict_DelItemString(values.ptr(), detector);
    }
  }
  if (values.contains("subspace_size")) {
    py::object size = values["subspace_size"];
    if (PyBool_Check(size.ptr())) {
      throw py::type_error("SRPClassifier: subspace_size must be an int, a float or a str");
    }
    if (PyLong_Check(size.ptr()) || PyFloat_Check(size.ptr())) {
      values["subspace_size"] = py::repr(size);
    }
  }
  return make_ensemble<SRP>(py::args(py::tuple()), py::kwargs(values));
}

/// The ensemble built from River-style arguments.
template <class T>
Estimator<T> make_any(py::args args, py::kwargs kwargs) {
  if constexpr (std::is_same_v<T, SRP>) {
    return make_srp(args, kwargs);
  } else {
    return make_ensemble<T>(args, kwargs);
  }
}

/// Reads checkpoint bytes into `model`, which must have been built from the same prototype
/// (members are loaded into copies of it). All or nothing.
template <class T>
void load_into(T& model, const std::string& bytes) {
  const auto span = io::detail::as_bytes(bytes);
  const io::CheckpointHeader header = io::read_header(span, io::LoadOptions{});
  T loaded = model;
  try {
    io::PayloadInputArchive archive(span.subspan(header.payload_offset));
    archive(loaded);
    if (archive.remaining() != 0) throw CheckpointError("checkpoint payload is damaged");
  } catch (const CheckpointError&) {
    throw;
  } catch (const std::exception& ex) {
    throw CheckpointError(std::string("checkpoint payload is damaged: ") + ex.what());
  }
  model = std::move(loaded);
}

template <class T>
void register_ensemble_class(py::module_& m, const char* doc) {
  using E = Estimator<T>;
  auto cls = register_estimator<T, /*Custom=*/true>(m, "streamwise.ensemble", doc);
  cls.def(py::init([](py::args args, py::kwargs kwargs) { return make_any<T>(args, kwargs); }));
  cls.def(
      "_get_params",
      [](const E& e) {
        py::dict params = params_to_python(e.model);
        params["model"] = prototype_object(e);
        if constexpr (std::is_same_v<T, SRP>) {
          // River's types: subspace_size back to a number when it is one; no metric object.
          const auto size = params["subspace_size"].template cast<std::string>();
          if (size != "sqrt" && size != "rmsqrt") {
            params["subspace_size"] = size.find_first_of(".eE") == std::string::npos
                                          ? py::object(py::int_(std::stoll(size)))
                                          : py::object(py::float_(std::stod(size)));
          }
          params["metric"] = py::none();
        }
        return params;
      },
      "The constructor's parameters, by name (`model` is a fresh copy of the prototype).");
  def_clone_from_params<E>(
      cls,
      "A fresh ensemble with the same parameters (and none of the learnt state), optionally "
      "with some parameters replaced.");
  if constexpr (std::is_same_v<T, SRP>) {
    cls.def(
        "__len__",
        [](const E& e) {
          return e.model.n_members() == 0 ? static_cast<std::size_t>(e.model.params().n_models)
                                          : e.model.n_members();
        },
        "The number of members (n_models; they are created with the first sample).");
    cls.def(
        "n_warnings_detected",
        [](const E& e, std::optional<std::size_t> i) { return e.model.n_warnings_detected(i); },
        "i"_a = py::none(), "Warnings detected by member i, or by all members.");
    cls.def(
        "n_drifts_detected",
        [](const E& e, std::optional<std::size_t> i) { return e.model.n_drifts_detected(i); },
        "i"_a = py::none(), "Drifts detected by member i, or by all members.");
  } else {
    cls.def(
        "__len__", [](const E& e) { return e.model.size(); }, "The number of members.");
  }
  cls.def_property_readonly(
      "model", [](const E& e) { return prototype_object(e); },
      "A fresh copy of the prototype the members were cloned from.");
  cls.def(py::pickle(
      [](py::handle self) {
        const E& e = self.cast<const E&>();
        return py::make_tuple(self.attr("_get_params")(), model_bytes(e.model),
                              space_bytes(e.features.space), e.labels.to_list(), e.binary);
      },
      [](const py::tuple& state) {
        if (state.size() != 5) throw py::value_error(std::string(T::name) + ": bad pickle state");
        E e = make_any<T>(py::args(py::tuple()), state[0].cast<py::kwargs>());
        load_into(e.model, state[1].cast<std::string>());
        e.features.space = space_from_bytes(state[2].cast<std::string>());
        e.labels.from_list(state[3]);
        e.binary = state[4].cast<bool>();
        e.rebind();
        return e;
      }));
  if constexpr (std::is_same_v<T, ADWINBagging>) {
    cls.def_property_readonly(
        "n_replacements", [](const E& e) { return e.model.n_replacements(); },
        "Members reset after a drift so far (River keeps no count).");
  }
  if constexpr (std::is_same_v<T, Leveraging>) {
    cls.def_property_readonly(
        "n_detected_changes", [](const E& e) { return e.model.n_detected_changes(); },
        "Changes detected so far, i.e. members reset (River's attribute).");
    cls.def_property_readonly("bagging_methods", [](const E&) {
      py::list out;
      for (auto name : ensemble::detail::leveraging_methods) out.append(py::str(std::string(name)));
      return out;
    });
  }
}

}  // namespace

void register_ensemble(py::module_ m) {
  const char* model_param =
      "model\n    The model to bag: any streamwise classifier (regressor for BaggingRegressor), "
      "pipelines included. Each member starts as a fresh clone of it.\n";
  const char* seed_param =
      "seed\n    Seed of the random draws (CPython's `random.Random`, drawn in River's order, so "
      "a seed gives River's members). Default: None.\n";
  register_ensemble_class<Bagging>(
      m, make_doc("Online bagging (Oza and Russell): each member learns each sample k ~ "
                  "Poisson(1) times; the members' class probabilities are averaged.",
                  std::string(model_param) + "n_models\n    Number of members. Default: 10.\n" +
                      seed_param,
                  ">>> from streamwise import ensemble, linear_model, preprocessing\n"
                  ">>> model = ensemble.BaggingClassifier(\n"
                  "...     preprocessing.StandardScaler() | linear_model.LogisticRegression(),\n"
                  "...     n_models=3, seed=42)\n"
                  ">>> for i in range(40):\n"
                  "...     model.learn_one({'x': float(i % 4)}, i % 4 < 2)\n"
                  ">>> model.predict_one({'x': 0.0})\n"
                  "True\n"
                  ">>> len(model)\n"
                  "3\n"));
  register_ensemble_class<ADWINBagging>(
      m, make_doc("Online bagging with one ADWIN detector per member: when a detector flags a "
                  "change, the member with the highest estimate is replaced by a fresh clone.",
                  std::string(model_param) + "n_models\n    Number of members. Default: 10.\n" +
                      seed_param,
                  ">>> from streamwise import ensemble, naive_bayes\n"
                  ">>> model = ensemble.ADWINBaggingClassifier(naive_bayes.GaussianNB(), "
                  "n_models=3, seed=42)\n"
                  ">>> for i in range(40):\n"
                  "...     model.learn_one({'x': float(i % 4)}, 'a' if i % 4 < 2 else 'b')\n"
                  ">>> model.predict_one({'x': 3.0})\n"
                  "'b'\n"));
  register_ensemble_class<Leveraging>(
      m, make_doc("Leveraging bagging (Bifet et al.): heavier re-sampling (Poisson(w) by "
                  "default) and one ADWIN per member on its errors, the worst member being "
                  "replaced on a change.",
                  std::string(model_param) +
                      "n_models\n    Number of members. Default: 10.\n"
                      "w\n    Rate of the Poisson draws of 'bag'. Default: 6.\n"
                      "adwin_delta\n    Confidence of the members' ADWIN. Default: 0.002.\n"
                      "bagging_method\n    One of 'bag', 'me', 'half', 'wt', 'subag' (River 0.26.1 "
                      "crashes on 'me' and 'half'; here they work). Default: 'bag'.\n" +
                      seed_param,
                  ">>> from streamwise import ensemble, tree\n"
                  ">>> model = ensemble.LeveragingBaggingClassifier(\n"
                  "...     tree.HoeffdingTreeClassifier(), n_models=3, seed=42)\n"
                  ">>> for i in range(40):\n"
                  "...     model.learn_one({'x': float(i % 4)}, i % 4 < 2)\n"
                  ">>> model.predict_one({'x': 0.0})\n"
                  "True\n"
                  ">>> model.n_detected_changes\n"
                  "0\n"));
  register_ensemble_class<BaggingReg>(
      m, make_doc("Online bagging for regression: each member learns each sample k ~ Poisson(1) "
                  "times; the prediction is the members' mean.",
                  std::string(model_param) + "n_models\n    Number of members. Default: 10.\n" +
                      seed_param,
                  ">>> from streamwise import ensemble, linear_model, preprocessing\n"
                  ">>> model = ensemble.BaggingRegressor(\n"
                  "...     preprocessing.StandardScaler() | linear_model.LinearRegression(),\n"
                  "...     n_models=3, seed=42)\n"
                  ">>> for i in range(100):\n"
                  "...     model.learn_one({'x': float(i % 4)}, 2.0 * (i % 4))\n"
                  ">>> 0.0 < model.predict_one({'x': 3.0}) < 7.0\n"
                  "True\n"));
  register_ensemble_class<SRP>(
      m, make_doc("Streaming random patches (Gomes, Read and Bifet), River's "
                  "`ensemble.SRPClassifier`: each member sees a random feature subspace and / or "
                  "learns each sample Poisson(lam) times; per member, ADWIN warning and drift "
                  "detectors start a background learner and swap it in. The vote is weighted by "
                  "each member's accuracy.\n\nThe subspaces are drawn from the first sample's "
                  "features, so every sample must have the same features (a sample of another "
                  "width raises ValueError), and str (nominal) features are refused. The draws are "
                  "River's until a member's first warning or drift; the subspaces drawn then "
                  "come from per-member generators (docs/ensemble.md), so predictions may differ "
                  "from River's afterwards.",
                  "model\n    The member classifier (a fresh clone per member). Default: None, "
                  "River's `tree.HoeffdingTreeClassifier(grace_period=50, delta=0.01)`.\n"
                  "n_models\n    Number of members. Default: 10.\n"
                  "subspace_size\n    'sqrt', 'rmsqrt', an int > 2 (features) or a float in "
                  "(0, 1] (share of the features). Default: 0.6.\n"
                  "training_method\n    'subspaces', 'resampling' or 'patches'. Default: "
                  "'patches'.\n"
                  "lam\n    Rate of the Poisson draws. Default: 6.\n"
                  "drift_detector\n    Default: None, drift.ADWIN(delta=1e-5).\n"
                  "warning_detector\n    Default: None, drift.ADWIN(delta=1e-4).\n"
                  "disable_detector\n    'off', 'drift' or 'warning'. Default: 'off'.\n"
                  "disable_weighted_vote\n    Default: False.\n" +
                      std::string(seed_param) +
                      "metric\n    Default: None; only metrics.Accuracy() is supported.\n",
                  ">>> from streamwise import datasets, ensemble\n"
                  ">>> model = ensemble.SRPClassifier(n_models=3, seed=42)\n"
                  ">>> for x, y in datasets.SEA(seed=1).take(300):\n"
                  "...     model.learn_one(x, y)\n"
                  ">>> proba = model.predict_proba_one({0: 7.0, 1: 2.0, 2: 5.0})\n"
                  ">>> round(sum(proba.values()), 6)\n"
                  "1.0\n"
                  ">>> len(model)\n"
                  "3\n"));
}

}  // namespace streamwise::python
