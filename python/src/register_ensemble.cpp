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

namespace streamwise::python {

namespace {

using ClassifierPipeline = compose::DynamicPipeline<compose::AnyClassifier>;

using Bagging = ensemble::BaggingClassifier<compose::AnyClassifier>;
using ADWINBagging = ensemble::ADWINBaggingClassifier<compose::AnyClassifier>;
using Leveraging = ensemble::LeveragingBaggingClassifier<compose::AnyClassifier>;
using BaggingReg = ensemble::BaggingRegressor<compose::AnyRegressor>;

template <class T>
constexpr bool is_classifier_ensemble = T::is_classifier;

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
  Estimator<T> e(T(std::move(member), params));
  e.binary = binary;
  return e;
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
  cls.def(
      py::init([](py::args args, py::kwargs kwargs) { return make_ensemble<T>(args, kwargs); }));
  cls.def(
      "_get_params",
      [](const E& e) {
        py::dict params = params_to_python(e.model);
        params["model"] = prototype_object(e);
        return params;
      },
      "The constructor's parameters, by name (`model` is a fresh copy of the prototype).");
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
      "new_params"_a = py::none(), "include_attributes"_a = false,
      "A fresh ensemble with the same parameters (and none of the learnt state), optionally "
      "with some parameters replaced.");
  cls.def(
      "__len__", [](const E& e) { return e.model.size(); }, "The number of members.");
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
        E e = make_ensemble<T>(py::args(py::tuple()), state[0].cast<py::kwargs>());
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
}

}  // namespace streamwise::python
