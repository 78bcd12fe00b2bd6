/// @file
/// `streamwise.compose`: pipelines (`|`), unions (`+`), Select and Discard.
///
/// A pipeline's steps are copied into one C++ `DynamicPipeline` (a single call per sample, one
/// virtual call per step); `steps` returns live copies of them. The Python `compose.Pipeline`
/// builds the classifier, regressor or transformer pipeline that fits its last step.

#include <string>
#include <vector>

#include "dynamic_union.hpp"
#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/compose/discard.hpp"
#include "streamwise/compose/dynamic_pipeline.hpp"
#include "streamwise/compose/select.hpp"

namespace streamwise::python {

using ClassifierPipeline = compose::DynamicPipeline<compose::AnyClassifier>;
using RegressorPipeline = compose::DynamicPipeline<compose::AnyRegressor>;
using TransformerPipeline = compose::DynamicPipeline<compose::AnyTransformer>;

namespace {

const StepConverters& converters_of(py::handle step, const char* who) {
  auto& map = step_converters();
  auto it = map.find(Py_TYPE(step.ptr()));
  if (it == map.end()) {
    throw py::type_error(std::string(who) + ": " + type_name_of(step) +
                         " is not a streamwise estimator (functions and River objects cannot be "
                         "steps)");
  }
  return it->second;
}

compose::AnyTransformer as_transformer(py::handle step, const char* who) {
  const auto& conv = converters_of(step, who);
  if (!conv.to_transformer) {
    throw py::type_error(std::string(who) + ": every step but the last must be a transformer; " +
                         py::str(py::type::of(step).attr("__name__")).cast<std::string>() +
                         " is not");
  }
  return conv.to_transformer(step);
}

py::object transformer_object(const compose::AnyTransformer& t) {
  return transformer_from_any().at(std::string(t.type_name()))(t);
}

/// River-style repr of a composite: its parts' reprs, indented, comma-separated.
std::string composite_repr(const std::string& name, const std::vector<EstimatorSpec>& parts) {
  std::string out = name + " (\n";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out += "  " + repr(parts[i], 2);
    out += i + 1 < parts.size() ? ",\n" : "\n";
  }
  return out + ")";
}

template <class P>
py::list steps_of(const P& p) {
  py::list out;
  for (std::size_t i = 0; i < p.n_transformers(); ++i)
    out.append(transformer_object(p.transformer(i)));
  const auto& last = p.final_step();
  const std::string type(last.type_name());
  if constexpr (std::is_same_v<P, ClassifierPipeline>) {
    out.append(classifier_from_any().at(type)(last));
  } else if constexpr (std::is_same_v<P, RegressorPipeline>) {
    out.append(regressor_from_any().at(type)(last));
  } else {
    out.append(transformer_object(last));
  }
  return out;
}

template <class P>
std::vector<EstimatorSpec> specs_of(const P& p) {
  std::vector<EstimatorSpec> specs;
  for (std::size_t i = 0; i < p.n_transformers(); ++i) specs.push_back(p.transformer(i).spec());
  specs.push_back(p.final_step().spec());
  return specs;
}

/// Flattens River's step forms: (name, estimator) pairs, dicts (a union), nested pipelines.
std::vector<py::object> flatten_steps(py::handle steps) {
  std::vector<py::object> flat;
  py::module_ compose = py::module_::import("streamwise.compose");
  for (py::handle s : steps) {
    py::object step = py::reinterpret_borrow<py::object>(s);
    if (py::isinstance<py::tuple>(step) && py::len(step) == 2 &&
        py::isinstance<py::str>(step[py::int_(0)])) {
      step = step[py::int_(1)];
    }
    if (py::isinstance<py::dict>(step)) {
      step = compose.attr("TransformerUnion")(*py::list(step.attr("values")()));
    }
    if (py::isinstance<Estimator<ClassifierPipeline>>(step) ||
        py::isinstance<Estimator<RegressorPipeline>>(step) ||
        py::isinstance<Estimator<TransformerPipeline>>(step)) {
      for (py::handle inner : step.attr("_steps_list")()) {
        flat.push_back(py::reinterpret_borrow<py::object>(inner));
      }
      continue;
    }
    flat.push_back(step);
  }
  return flat;
}

/// Builds the pipeline that fits the last step.
py::object make_pipeline(py::handle steps) {
  const std::vector<py::object> flat = flatten_steps(steps);
  if (flat.empty()) throw py::value_error("Pipeline: needs at least one step");
  std::vector<compose::AnyTransformer> transformers;
  for (std::size_t i = 0; i + 1 < flat.size(); ++i)
    transformers.push_back(as_transformer(flat[i], "Pipeline"));
  const auto& conv = converters_of(flat.back(), "Pipeline");
  if (conv.to_classifier) {
    Estimator<ClassifierPipeline> e(
        ClassifierPipeline(std::move(transformers), conv.to_classifier(flat.back())));
    e.binary = conv.binary;
    return py::cast(std::move(e));
  }
  if (conv.to_regressor) {
    return py::cast(Estimator<RegressorPipeline>(
        RegressorPipeline(std::move(transformers), conv.to_regressor(flat.back()))));
  }
  return py::cast(Estimator<TransformerPipeline>(
      TransformerPipeline(std::move(transformers), conv.to_transformer(flat.back()))));
}

template <class P>
void register_pipeline(py::module_& m, const char* py_name, const char* doc) {
  using E = Estimator<P>;
  auto cls = register_estimator<P, /*Custom=*/true>(m, "streamwise.compose", doc, py_name);
  cls.def(py::init([](py::args steps) {
            py::object built = make_pipeline(steps);
            if (!py::isinstance<E>(built)) {
              throw py::type_error(
                  std::string("this pipeline kind does not fit its last step; use "
                              "compose.Pipeline"));
            }
            return E(built.cast<const E&>());
          }),
          "Builds a pipeline from its steps.");
  replace_method(cls, "__repr__",
                 [](const E& e) { return composite_repr("Pipeline", specs_of(e.model)); });
  cls.def("_steps_list", [](const E& e) { return steps_of(e.model); });
  cls.def_property_readonly(
      "steps",
      [](const E& e) {
        py::dict out;
        const py::list steps = steps_of(e.model);
        const auto& names = e.model.params().names;
        for (std::size_t i = 0; i < names.size(); ++i) out[py::str(names[i])] = steps[i];
        return out;
      },
      "The steps by River's names (copies of the pipeline's current steps).");
  cls.def("__getitem__", [](py::handle self, py::handle key) {
    py::dict steps = self.attr("steps");
    if (py::isinstance<py::int_>(key)) return py::list(steps.attr("values")())[key];
    return steps[key];
  });
  cls.def("__len__", [](const E& e) { return e.model.n_transformers() + 1; });
  cls.def("_get_params", [](py::handle self) { return self.attr("steps"); });
  cls.def(
      "clone",
      [](const E& e, py::object new_params, bool include_attributes) -> py::object {
        if (include_attributes) return py::cast(E(e));
        py::list fresh;
        for (py::handle s : steps_of(e.model)) fresh.append(s.attr("clone")());
        return make_pipeline(fresh);
      },
      "new_params"_a = py::none(), "include_attributes"_a = false,
      "A fresh pipeline with every step cloned.");
  cls.def(py::pickle(
      [](const E& e) {
        return py::make_tuple(steps_of(e.model), space_bytes(e.features.space), e.labels.to_list(),
                              e.binary);
      },
      [](const py::tuple& state) {
        if (state.size() != 4) throw py::value_error("Pipeline: bad pickle state");
        E e(make_pipeline(state[0]).template cast<const E&>());
        e.features.space = space_from_bytes(state[1].cast<std::string>());
        e.labels.from_list(state[2]);
        e.binary = state[3].cast<bool>();
        e.rebind();
        return e;
      }));
}

DynamicUnion make_union(py::args parts) {
  std::vector<compose::AnyTransformer> ts;
  for (py::handle p : parts) {
    py::object part = py::reinterpret_borrow<py::object>(p);
    if (py::isinstance<py::tuple>(part) && py::len(part) == 2) part = part[py::int_(1)];
    if (py::isinstance<Estimator<DynamicUnion>>(part)) {
      for (const auto& inner : part.cast<const Estimator<DynamicUnion>&>().model.parts())
        ts.push_back(inner);
      continue;
    }
    ts.push_back(as_transformer(part, "TransformerUnion"));
  }
  return DynamicUnion(std::move(ts));
}

template <class K>
void register_key_filter(py::module_& m, const char* doc) {
  using E = Estimator<K>;
  auto cls = register_estimator<K, /*Custom=*/true>(m, "streamwise.compose", doc);
  cls.def(py::init([](py::args keys) {
    typename K::Params params;
    for (py::handle k : keys) {
      if (!PyUnicode_Check(k.ptr())) {
        throw py::type_error(std::string(K::name) + ": keys must be str, got " + type_name_of(k));
      }
      params.keys.emplace_back(utf8_of(k.ptr()));
    }
    return E(K(params));
  }));
  replace_method(cls, "__repr__", [](const E& e) {
    std::string out = std::string(K::name) + " (\n";
    for (const auto& k : e.model.params().keys) out += "  " + k + "\n";
    return out + ")";
  });
  cls.def("_get_params", [](const E& e) {
    py::list keys;
    for (const auto& k : e.model.params().keys) keys.append(py::str(k));
    return py::dict("keys"_a = py::tuple(keys));
  });
  cls.def(
      "clone",
      [](py::handle self, py::object, bool include_attributes) -> py::object {
        if (include_attributes) return py::cast(E(self.cast<const E&>()));
        return py::type::of(self)(*self.attr("_get_params")()["keys"]);
      },
      "new_params"_a = py::none(), "include_attributes"_a = false);
  cls.def(py::pickle([](const E& e) { return get_state(e); },
                     [](const py::tuple& state) { return set_state<K>(state); }));
}

}  // namespace

void register_compose(py::module_ m) {
  const char* pipeline_example =
      ">>> from streamwise import compose, linear_model, preprocessing\n"
      ">>> model = preprocessing.StandardScaler() | linear_model.LogisticRegression()\n"
      ">>> isinstance(model, compose.Pipeline)\n"
      "True\n"
      ">>> for x, y in [({'a': 1.0, 'b': 2.0}, True), ({'a': -1.0, 'b': 0.5}, False)] * 10:\n"
      "...     model.learn_one(x, y)\n"
      ">>> model.predict_one({'a': 1.0, 'b': 2.0})\n"
      "True\n"
      ">>> list(model.steps)\n"
      "['StandardScaler', 'LogisticRegression']\n";
  register_pipeline<ClassifierPipeline>(
      m, "ClassifierPipeline",
      make_doc("A pipeline ending with a classifier (what `compose.Pipeline` builds for one).", "",
               pipeline_example));
  register_pipeline<RegressorPipeline>(
      m, "RegressorPipeline",
      make_doc("A pipeline ending with a regressor.", "",
               ">>> from streamwise import linear_model, preprocessing\n"
               ">>> model = preprocessing.StandardScaler() | linear_model.LinearRegression()\n"
               ">>> model.learn_one({'x': 1.0}, 2.0)\n"
               ">>> isinstance(model.predict_one({'x': 1.0}), float)\n"
               "True\n"));
  register_pipeline<TransformerPipeline>(
      m, "TransformerPipeline",
      make_doc("A pipeline of transformers only.", "",
               ">>> from streamwise import compose, preprocessing\n"
               ">>> model = compose.Select('a') | preprocessing.StandardScaler()\n"
               ">>> model.learn_one({'a': 1.0, 'b': 5.0})\n"
               ">>> model.transform_one({'a': 1.0, 'b': 5.0})\n"
               "{'a': 0.0}\n"));
  m.def("_make_pipeline", &make_pipeline, "steps"_a);

  using U = Estimator<DynamicUnion>;
  auto union_cls = register_estimator<DynamicUnion, /*Custom=*/true>(
      m, "streamwise.compose",
      make_doc("Applies several transformers to the same sample and merges their outputs (River's "
               "`compose.TransformerUnion`, the `+` operator).",
               "*transformers\n    The transformers, as objects, (name, object) pairs or a dict.",
               ">>> from streamwise import preprocessing\n"
               ">>> union = preprocessing.StandardScaler() + preprocessing.MinMaxScaler()\n"
               ">>> union.learn_one({'x': 1.0})\n"
               ">>> union.learn_one({'x': 3.0})\n"
               ">>> union.transform_one({'x': 3.0})\n"
               "{'x': 1.0}\n"));
  union_cls.def(py::init([](py::args parts) {
    if (parts.size() == 1 && py::isinstance<py::dict>(parts[0])) {
      return U(make_union(py::tuple(py::list(parts[0].attr("values")()))));
    }
    return U(make_union(parts));
  }));
  replace_method(union_cls, "__repr__", [](const U& e) {
    std::vector<EstimatorSpec> specs;
    for (const auto& p : e.model.parts()) specs.push_back(p.spec());
    return composite_repr("TransformerUnion", specs);
  });
  union_cls.def("_parts", [](const U& e) {
    py::list out;
    for (const auto& p : e.model.parts()) out.append(transformer_object(p));
    return out;
  });
  union_cls.def("_get_params", [](const U& e) {
    py::dict out;
    const auto& names = e.model.params().names;
    for (std::size_t i = 0; i < names.size(); ++i)
      out[py::str(names[i])] = transformer_object(e.model.parts()[i]);
    return out;
  });
  union_cls.def(
      "clone",
      [](py::handle self, py::object, bool include_attributes) -> py::object {
        if (include_attributes) return py::cast(U(self.cast<const U&>()));
        py::list fresh;
        for (py::handle p : self.attr("_parts")()) fresh.append(p.attr("clone")());
        return py::type::of(self)(*fresh);
      },
      "new_params"_a = py::none(), "include_attributes"_a = false);
  union_cls.def(py::pickle(
      [](py::handle self) {
        const U& e = self.cast<const U&>();
        return py::make_tuple(self.attr("_parts")(), space_bytes(e.features.space));
      },
      [](const py::tuple& state) {
        U e(make_union(py::tuple(state[0])));
        e.features.space = space_from_bytes(state[1].cast<std::string>());
        e.rebind();
        return e;
      }));

  register_key_filter<compose::Select>(
      m, make_doc("Keeps only the named features (River's `compose.Select`).",
                  "*keys\n    The names of the features to keep.",
                  ">>> from streamwise import compose\n"
                  ">>> compose.Select('a', 'c').transform_one({'a': 1, 'b': 2, 'c': 3})\n"
                  "{'a': 1.0, 'c': 3.0}\n"));
  register_key_filter<compose::Discard>(
      m, make_doc("Drops the named features (River's `compose.Discard`).",
                  "*keys\n    The names of the features to drop.",
                  ">>> from streamwise import compose\n"
                  ">>> compose.Discard('b').transform_one({'a': 1, 'b': 2, 'c': 3})\n"
                  "{'a': 1.0, 'c': 3.0}\n"));
}

}  // namespace streamwise::python
