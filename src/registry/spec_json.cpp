// JSON model specs -> EstimatorSpec (simdjson DOM; specs are small and parsed once).

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "streamwise/registry/registry.hpp"

namespace streamwise::registry {

namespace {

EstimatorSpec spec_from(simdjson::dom::element e, const std::string& where);

ParamValue value_from(simdjson::dom::element e, const std::string& where) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::NULL_VALUE:
      return std::monostate{};
    case element_type::BOOL:
      return bool(e.get_bool().value());
    case element_type::INT64:
      return std::int64_t(e.get_int64().value());
    case element_type::UINT64:
      throw std::invalid_argument(where + ": integer out of range");
    case element_type::DOUBLE:
      return double(e.get_double().value());
    case element_type::STRING:
      return std::string(e.get_string().value());
    case element_type::OBJECT:
      return std::make_shared<const EstimatorSpec>(spec_from(e, where));
    case element_type::ARRAY:
      break;
  }
  throw std::invalid_argument(where + ": lists are not supported as parameter values");
}

EstimatorSpec spec_from(simdjson::dom::element e, const std::string& where) {
  simdjson::dom::object obj;
  if (e.get_object().get(obj) != simdjson::SUCCESS) {
    throw std::invalid_argument(where + ": a spec is an object {\"type\": ..., \"params\": {...}}");
  }
  EstimatorSpec spec;
  bool has_type = false;
  for (auto field : obj) {
    const std::string_view key = field.key;
    if (key == "type") {
      std::string_view type;
      if (field.value.get_string().get(type) != simdjson::SUCCESS) {
        throw std::invalid_argument(where + ": \"type\" must be a string");
      }
      spec.type = std::string(type);
      has_type = true;
    } else if (key == "params") {
      simdjson::dom::object params;
      if (field.value.get_object().get(params) != simdjson::SUCCESS) {
        throw std::invalid_argument(where + ": \"params\" must be an object");
      }
      for (auto p : params) {
        const std::string name(p.key);
        spec.params.push_back(Param{name, value_from(p.value, where + "." + name)});
      }
    } else {
      throw std::invalid_argument(where + ": unexpected key \"" + std::string(key) +
                                  "\" (a spec has \"type\" and \"params\")");
    }
  }
  if (!has_type) throw std::invalid_argument(where + ": the spec has no \"type\"");
  return spec;
}

simdjson::dom::element parse(simdjson::dom::parser& parser, std::string_view json) {
  simdjson::dom::element root;
  const auto error = parser.parse(json.data(), json.size()).get(root);
  if (error != simdjson::SUCCESS) {
    throw std::invalid_argument(std::string("model spec is not valid JSON: ") +
                                simdjson::error_message(error));
  }
  return root;
}

}  // namespace

EstimatorSpec parse_spec(std::string_view json) {
  simdjson::dom::parser parser;
  return spec_from(parse(parser, json), "spec");
}

std::vector<EstimatorSpec> parse_steps(std::string_view json) {
  simdjson::dom::parser parser;
  const simdjson::dom::element root = parse(parser, json);
  std::vector<EstimatorSpec> steps;
  simdjson::dom::array list;
  if (root.get_array().get(list) == simdjson::SUCCESS) {
    std::size_t i = 0;
    for (auto e : list) steps.push_back(spec_from(e, "step " + std::to_string(i++)));
  } else {
    steps = steps_of(spec_from(root, "spec"));
  }
  if (steps.empty()) throw std::invalid_argument("a model spec needs at least one step");
  return steps;
}

std::vector<EstimatorSpec> steps_of(EstimatorSpec spec) {
  if (spec.type != "Pipeline") return {std::move(spec)};
  // The form `to_json(spec_of(pipeline))` writes: each parameter is a named step.
  std::vector<EstimatorSpec> steps;
  for (auto& p : spec.params) {
    const auto* nested = std::get_if<std::shared_ptr<const EstimatorSpec>>(&p.value);
    if (nested == nullptr || *nested == nullptr) {
      throw std::invalid_argument("spec: Pipeline step " + p.name + " is not a spec");
    }
    steps.push_back(**nested);
  }
  return steps;
}

}  // namespace streamwise::registry
