/// @file
/// `streamwise.preprocessing`: River's feature transformers.

#include <string>
#include <utility>

#include "streamwise/compose/any_regressor.hpp"
#include "streamwise/io/archive.hpp"

#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/preprocessing/binarizer.hpp"
#include "streamwise/preprocessing/feature_hasher.hpp"
#include "streamwise/preprocessing/max_abs_scaler.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "streamwise/preprocessing/normalizer.hpp"
#include "streamwise/preprocessing/one_hot_encoder.hpp"
#include "streamwise/preprocessing/ordinal_encoder.hpp"
#include "streamwise/preprocessing/robust_scaler.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "streamwise/preprocessing/target_standard_scaler.hpp"

namespace streamwise::python {

namespace {

std::string scaler_example(const std::string& ctor) {
  return ">>> from streamwise import preprocessing\n"
         ">>> scaler = preprocessing." +
         ctor +
         "\n"
         ">>> for x in [{'a': 1.0, 'b': 10.0}, {'a': 3.0, 'b': 30.0}, {'a': 2.0, 'b': 20.0}]:\n"
         "...     scaler.learn_one(x)\n"
         ">>> sorted(scaler.transform_one({'a': 2.0, 'b': 20.0}))\n"
         "['a', 'b']\n";
}

using TargetScalerBase = preprocessing::TargetStandardScaler<compose::AnyRegressor>;

/// `TargetStandardScaler` over any Python regressor (erased), forwarding `bind` to it so that
/// wrapped trees see the wrapper's feature names and nominal features.
class TargetScaler : public TargetScalerBase {
 public:
  using TargetScalerBase::TargetScalerBase;
  TargetScaler() = default;
  /// Points the wrapped regressor at the Python object's feature space.
  void bind(const FeatureSpace* space) {
    // The regressor is the live model kept in the parameters (see TargetStandardScaler).
    const_cast<compose::AnyRegressor&>(params().regressor).bind(space);
  }
};

/// The erased copy of the Python regressor `model` (a fresh clone when `fresh`).
compose::AnyRegressor erased_regressor(py::handle model, bool fresh) {
  auto& map = step_converters();
  auto it = map.find(Py_TYPE(model.ptr()));
  if (it == map.end() || !it->second.to_regressor) {
    throw py::type_error("TargetStandardScaler: regressor must be a streamwise regressor, got " +
                         type_name_of(model));
  }
  if (fresh) return it->second.to_regressor(model.attr("clone")());
  return it->second.to_regressor(model);
}

/// River's constructor: `TargetStandardScaler(regressor)`, positional or by keyword.
Estimator<TargetScaler> make_target_scaler(py::args args, py::kwargs kwargs, bool fresh) {
  if (args.size() > 1) {
    throw py::type_error("TargetStandardScaler() takes at most 1 positional argument (" +
                         std::to_string(args.size()) + " given)");
  }
  py::object regressor = args.size() == 1 ? py::object(args[0]) : py::object();
  for (auto item : kwargs) {
    const auto key = item.first.cast<std::string>();
    if (key != "regressor") {
      throw py::type_error("TargetStandardScaler() got an unexpected keyword argument '" + key +
                           "'");
    }
    if (regressor) {
      throw py::type_error("TargetStandardScaler() got multiple values for argument 'regressor'");
    }
    regressor = py::reinterpret_borrow<py::object>(item.second);
  }
  if (!regressor) {
    throw py::type_error("TargetStandardScaler() missing 1 required argument: 'regressor'");
  }
  return Estimator<TargetScaler>(TargetScaler(erased_regressor(regressor, fresh)));
}

/// The Python object of the wrapped regressor, in its current state.
py::object wrapped_regressor(const Estimator<TargetScaler>& e) {
  const auto& r = e.model.regressor();
  return regressor_from_any().at(std::string(r.type_name()))(r);
}

void register_target_scaler(py::module_& m, const std::string& mod) {
  using E = Estimator<TargetScaler>;
  auto cls = register_estimator<TargetScaler, /*Custom=*/true>(
      m, mod,
      make_doc(
          "Applies standard scaling to the target of a regressor (River's "
          "`preprocessing.TargetStandardScaler`).\n\nEach `learn_one(x, y)` first updates the "
          "running mean and sample variance of y, then trains the regressor on "
          "(y - mean) / std (0 while std is 0); `predict_one` maps the regressor's answer back "
          "to the target's units. `learn_one` also takes a weight `w` (River's wrapper does "
          "not), which weights both the statistics and the regressor's update.",
          "regressor\n    Regression model to wrap: any streamwise regressor, pipelines "
          "included (a fresh clone of it is trained).\n",
          ">>> from streamwise import linear_model, preprocessing\n"
          ">>> model = preprocessing.StandardScaler() | preprocessing.TargetStandardScaler(\n"
          "...     regressor=linear_model.LinearRegression(intercept_lr=0.15))\n"
          ">>> for i in range(200):\n"
          "...     model.learn_one({'x': float(i % 10)}, 1000.0 + 50.0 * (i % 10))\n"
          ">>> round(model.predict_one({'x': 4.0}))\n"
          "1203\n"));
  cls.def(py::init([](py::args args, py::kwargs kwargs) {
    return make_target_scaler(args, kwargs, /*fresh=*/true);
  }));
  cls.def(
      "_get_params", [](const E& e) { return py::dict("regressor"_a = wrapped_regressor(e)); },
      "The constructor's parameters: `regressor` is a copy of the wrapped regressor.");
  def_clone_from_params<E>(
      cls, "A fresh wrapper around a fresh clone of the regressor (none of the learnt state).");
  cls.def_property_readonly(
      "regressor", [](const E& e) { return wrapped_regressor(e); },
      "A copy of the wrapped regressor, in its current state.");
  cls.def_property_readonly(
      "var", [](const E& e) { return py::cast(Estimator<stats::Var>(e.model.var())); },
      "A copy of the running statistics of the target (River's `var`, a `stats.Var`).");
  cls.def(py::pickle(
      [](py::handle self) {
        const E& e = self.cast<const E&>();
        return py::make_tuple(self.attr("_get_params")(), model_bytes(e.model),
                              space_bytes(e.features.space), e.labels.to_list());
      },
      [](const py::tuple& state) {
        if (state.size() != 4) throw py::value_error("TargetStandardScaler: bad pickle state");
        E e = make_target_scaler(py::args(py::tuple()), state[0].cast<py::kwargs>(),
                                 /*fresh=*/false);
        // Loaded into a copy built from the same regressor type, all or nothing.
        const std::string bytes = state[1].cast<std::string>();
        const auto span = io::detail::as_bytes(bytes);
        const io::CheckpointHeader header = io::read_header(span, io::LoadOptions{});
        TargetScaler loaded = e.model;
        io::PayloadInputArchive archive(span.subspan(header.payload_offset));
        archive(loaded);
        if (archive.remaining() != 0) throw CheckpointError("checkpoint payload is damaged");
        e.model = std::move(loaded);
        e.features.space = space_from_bytes(state[2].cast<std::string>());
        e.labels.from_list(state[3]);
        e.rebind();
        return e;
      }));
}

}  // namespace

void register_preprocessing(py::module_ m) {
  const std::string mod = "streamwise.preprocessing";
  register_estimator<preprocessing::StandardScaler>(
      m, mod,
      auto_doc<preprocessing::StandardScaler>(
          "Scales every feature to zero mean and unit variance, with running statistics "
          "(River's `preprocessing.StandardScaler`).",
          ">>> from streamwise import preprocessing\n"
          ">>> scaler = preprocessing.StandardScaler()\n"
          ">>> for x in [{'x': 1.0}, {'x': 2.0}, {'x': 3.0}]:\n"
          "...     scaler.learn_one(x)\n"
          ">>> round(scaler.transform_one({'x': 3.0})['x'], 6)\n"
          "1.224745\n"
          ">>> import numpy as np\n"
          ">>> scaler.transform_many(np.array([[1.0], [3.0]])).shape\n"
          "(2, 1)\n"));
  register_estimator<preprocessing::MinMaxScaler>(
      m, mod,
      auto_doc<preprocessing::MinMaxScaler>("Scales every feature to [0, 1] with running min/max.",
                                            scaler_example("MinMaxScaler()")));
  register_estimator<preprocessing::MaxAbsScaler>(
      m, mod,
      auto_doc<preprocessing::MaxAbsScaler>("Scales every feature by its running maximum |x|.",
                                            scaler_example("MaxAbsScaler()")));
  register_estimator<preprocessing::RobustScaler>(
      m, mod,
      auto_doc<preprocessing::RobustScaler>(
          "Scales with the running median and interquartile range.",
          scaler_example("RobustScaler()")));
  register_estimator<preprocessing::Normalizer>(
      m, mod,
      auto_doc<preprocessing::Normalizer>("Scales each sample to unit norm.",
                                          scaler_example("Normalizer()")));
  register_estimator<preprocessing::Binarizer>(
      m, mod,
      auto_doc<preprocessing::Binarizer>("Maps each value to 1 above a threshold, else 0.",
                                         scaler_example("Binarizer()")));
  register_estimator<preprocessing::OneHotEncoder>(
      m, mod,
      auto_doc<preprocessing::OneHotEncoder>(
          "One-hot encodes features: one output per (feature, value) pair seen.",
          ">>> from streamwise import preprocessing\n"
          ">>> encoder = preprocessing.OneHotEncoder()\n"
          ">>> encoder.learn_one({'city': 'Paris'})\n"
          ">>> encoder.learn_one({'city': 'Lyon'})\n"
          ">>> encoder.transform_one({'city': 'Lyon'})\n"
          "{'city_Paris': 0.0, 'city_Lyon': 1.0}\n"));
  register_estimator<preprocessing::OrdinalEncoder>(
      m, mod,
      auto_doc<preprocessing::OrdinalEncoder>(
          "Maps each nominal value to an integer code, in order of first appearance.",
          ">>> from streamwise import preprocessing\n"
          ">>> encoder = preprocessing.OrdinalEncoder()\n"
          ">>> encoder.learn_one({'city': 'Paris'})\n"
          ">>> 'city' in encoder.transform_one({'city': 'Paris'})\n"
          "True\n"));
  register_estimator<preprocessing::FeatureHasher>(
      m, mod,
      auto_doc<preprocessing::FeatureHasher>(
          "Hashes feature names into a fixed number of outputs.",
          ">>> from streamwise import preprocessing\n"
          ">>> hasher = preprocessing.FeatureHasher(n_features=8, seed=42)\n"
          ">>> len(hasher.transform_one({'a': 1.0, 'b': 2.0})) <= 2\n"
          "True\n"));
  register_target_scaler(m, mod);
}

}  // namespace streamwise::python
