#pragma once
/// @file
/// Hyper-parameter reflection: every estimator's `Params` struct lists its fields once, in a
/// `visit` member, and that single list feeds repr, clone, the factory and checkpoint headers.
///
/// ```cpp
/// struct Params {
///   double delta = 0.002;
///   int clock = 32;
///   template <class V> void visit(V&& v) { v("delta", delta); v("clock", clock); }
///   void validate() const;  // throws std::invalid_argument
/// };
/// ```

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace streamwise {

struct EstimatorSpec;

/// The value of one hyper-parameter: None, bool, integer, real, string or a nested estimator.
using ParamValue = std::variant<std::monostate, bool, std::int64_t, double, std::string,
                                std::shared_ptr<const EstimatorSpec>>;

/// One named hyper-parameter.
struct Param {
  std::string name;  ///< River's parameter name.
  ParamValue value;  ///< Its value.
};

/// Hyper-parameters in declaration order.
using ParamList = std::vector<Param>;

/// An estimator's type name and parameters: what the registry needs to rebuild it.
struct EstimatorSpec {
  std::string type;  ///< Class name, e.g. "ADWIN".
  ParamList params;  ///< Its parameters, in declaration order.
};

/// A type whose `Params` can be listed: it has `T::Params` with `visit` and a `params()` getter.
template <class T>
concept HasParams = requires(const T& t) {
  typename T::Params;
  { t.params() } -> std::convertible_to<const typename T::Params&>;
  { T::name } -> std::convertible_to<std::string_view>;
};

template <class P>
ParamList to_param_list(P params);

namespace detail {

struct ParamCollector {
  ParamList* out;

  template <class T>
  void operator()(std::string_view name, const T& value) {
    out->push_back(Param{std::string(name), to_value(value)});
  }

  template <class T>
  static ParamValue to_value(const T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      return value;
    } else if constexpr (std::is_integral_v<T>) {
      return static_cast<std::int64_t>(value);
    } else if constexpr (std::is_floating_point_v<T>) {
      return static_cast<double>(value);
    } else if constexpr (std::is_convertible_v<T, std::string_view>) {
      return std::string(std::string_view(value));
    } else if constexpr (std::is_enum_v<T>) {
      return std::string(to_string(value));  // found by ADL next to the enum
    } else if constexpr (requires {
                           { value.spec() } -> std::convertible_to<EstimatorSpec>;
                         }) {
      // Type-erased parts (AnyOptimizer, ...): the spec of the active alternative.
      return std::make_shared<const EstimatorSpec>(value.spec());
    } else if constexpr (HasParams<T>) {
      return std::make_shared<const EstimatorSpec>(
          EstimatorSpec{std::string(T::name), to_param_list(value.params())});
    } else {
      // std::optional<U>: None when empty.
      if (!value.has_value()) return std::monostate{};
      return to_value(*value);
    }
  }
};

inline void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

/// Shortest text that reads back to the same double, laid out like Python's `repr(float)`:
/// positional notation for decimal exponents in [-4, 16), scientific otherwise ("50.0",
/// "0.005", "1e-07", "1e+300").
inline std::string format_double(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0.0) return std::signbit(v) ? "-0.0" : "0.0";
  char buf[40];
  int digits = 1;
  for (; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*e", digits - 1, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  const int exponent = std::atoi(std::strchr(buf, 'e') + 1);
  if (exponent < -4 || exponent >= 16) return buf;
  const int decimals = std::max(1, digits - 1 - exponent);
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace detail

/// Lists a `Params` struct's fields, in the order its `visit` names them.
template <class P>
ParamList to_param_list(P params) {
  ParamList out;
  params.visit(detail::ParamCollector{&out});
  return out;
}

/// The spec of an estimator: its class name and current hyper-parameters.
template <HasParams T>
EstimatorSpec spec_of(const T& estimator) {
  return EstimatorSpec{std::string(T::name), to_param_list(estimator.params())};
}

/// Serialises a spec to compact JSON: `{"type":"ADWIN","params":{"delta":0.002,...}}`.
inline std::string to_json(const EstimatorSpec& spec);

namespace detail {
inline void append_json_value(std::string& out, const ParamValue& value) {
  std::visit(
      [&out](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          out += "null";
        } else if constexpr (std::is_same_v<V, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<V, std::int64_t>) {
          out += std::to_string(v);
        } else if constexpr (std::is_same_v<V, double>) {
          out += format_double(v);
        } else if constexpr (std::is_same_v<V, std::string>) {
          append_json_string(out, v);
        } else {
          out += to_json(*v);
        }
      },
      value);
}
}  // namespace detail

inline std::string to_json(const EstimatorSpec& spec) {
  std::string out = "{\"type\":";
  detail::append_json_string(out, spec.type);
  out += ",\"params\":{";
  bool first = true;
  for (const auto& p : spec.params) {
    if (!first) out += ',';
    first = false;
    detail::append_json_string(out, p.name);
    out += ':';
    detail::append_json_value(out, p.value);
  }
  out += "}}";
  return out;
}

/// River-style representation: `ADWIN (\n  delta=0.002\n  clock=32\n)`; a class without
/// parameters prints as `Mean ()`. Floats follow River's rule: scientific notation outside
/// [1e-4, 1e5], otherwise six decimals with trailing zeros removed.
inline std::string repr(const EstimatorSpec& spec, int indent = 0);

namespace detail {
inline std::string repr_value(const ParamValue& value, int indent) {
  return std::visit(
      [indent](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          return "None";
        } else if constexpr (std::is_same_v<V, bool>) {
          return v ? "True" : "False";
        } else if constexpr (std::is_same_v<V, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<V, double>) {
          char buf[64];
          const double a = std::fabs(v);
          if (a != 0.0 && (a > 1e5 || a < 1e-4)) {
            std::snprintf(buf, sizeof buf, "%.0e", v);
            return buf;
          }
          std::snprintf(buf, sizeof buf, "%.6f", v);
          std::string s(buf);
          while (!s.empty() && s.back() == '0') s.pop_back();
          return s;
        } else if constexpr (std::is_same_v<V, std::string>) {
          return "\"" + v + "\"";
        } else {
          return repr(*v, indent);
        }
      },
      value);
}
}  // namespace detail

inline std::string repr(const EstimatorSpec& spec, int indent) {
  if (spec.params.empty()) return spec.type + " ()";
  const std::string pad(static_cast<std::size_t>(indent) + 2, ' ');
  std::string out = spec.type + " (\n";
  for (const auto& p : spec.params) {
    out += pad + p.name + "=" + detail::repr_value(p.value, indent + 2) + "\n";
  }
  out += std::string(static_cast<std::size_t>(indent), ' ') + ")";
  return out;
}

/// Reads one parameter from a list by name, converting to the field's type. Used by the
/// factory to fill a `Params` struct: `params.visit(ParamAssigner{list, "ADWIN"})`.
class ParamAssigner {
 public:
  ParamAssigner(const ParamList& values, std::string_view estimator)
      : values_(&values), estimator_(estimator) {}

  template <class T>
  void operator()(std::string_view name, T& field) const {
    for (const auto& p : *values_) {
      if (p.name == name) {
        assign(name, field, p.value);
        return;
      }
    }
  }

 private:
  template <class T>
  void assign(std::string_view name, T& field, const ParamValue& value) const {
    if constexpr (std::is_same_v<T, bool>) {
      if (const bool* b = std::get_if<bool>(&value)) {
        field = *b;
        return;
      }
    } else if constexpr (std::is_integral_v<T>) {
      if (const std::int64_t* i = std::get_if<std::int64_t>(&value)) {
        field = static_cast<T>(*i);
        return;
      }
    } else if constexpr (std::is_floating_point_v<T>) {
      if (const double* d = std::get_if<double>(&value)) {
        field = static_cast<T>(*d);
        return;
      }
      if (const std::int64_t* i = std::get_if<std::int64_t>(&value)) {
        field = static_cast<T>(*i);
        return;
      }
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (const std::string* s = std::get_if<std::string>(&value)) {
        field = *s;
        return;
      }
    } else if constexpr (std::is_enum_v<T>) {
      if (const std::string* s = std::get_if<std::string>(&value)) {
        field = from_string(*s, static_cast<T*>(nullptr));  // found by ADL next to the enum
        return;
      }
    } else if constexpr (requires {
                           typename T::value_type;
                           T{};
                           field.reset();
                         }) {
      if (std::holds_alternative<std::monostate>(value)) {
        field.reset();
        return;
      }
      typename T::value_type inner{};
      assign(name, inner, value);
      field = inner;
      return;
    }
    throw std::invalid_argument(estimator_ + ": parameter " + std::string(name) +
                                " has the wrong type");
  }

  const ParamList* values_;
  std::string estimator_;
};

/// Builds a validated `Params` from a list, rejecting names the struct does not have.
template <class P>
P params_from_list(const ParamList& values, std::string_view estimator) {
  P params{};
  const ParamList known = to_param_list(params);
  for (const auto& v : values) {
    bool found = false;
    for (const auto& k : known) found = found || k.name == v.name;
    if (!found) {
      throw std::invalid_argument(std::string(estimator) + ": unknown parameter " + v.name);
    }
  }
  params.visit(ParamAssigner(values, estimator));
  params.validate();
  return params;
}

/// `Params` for estimators that have no hyper-parameters.
struct NoParams {
  friend bool operator==(const NoParams&, const NoParams&) = default;
  template <class V>
  void visit(V&&) {}
  void validate() const {}
  template <class Archive>
  void serialize(Archive&) {}
};

}  // namespace streamwise
