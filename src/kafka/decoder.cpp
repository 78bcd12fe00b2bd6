#include "decoder.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <utility>

#include "streamwise/core/params.hpp"

namespace streamwise::kafka {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

const char* type_name(simdjson::dom::element_type t) {
  using simdjson::dom::element_type;
  switch (t) {
    case element_type::ARRAY:
      return "a list";
    case element_type::OBJECT:
      return "an object";
    default:
      return "a scalar";
  }
}

}  // namespace

std::optional<double> parse_target(std::string_view text) {
  double d = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(d)) {
    return std::nullopt;
  }
  return d;
}

std::string json_label_text(simdjson::dom::element e) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::STRING:
      return std::string(e.get_string().value());
    case element_type::INT64:
      return std::to_string(e.get_int64().value());
    case element_type::UINT64:
      return std::to_string(e.get_uint64().value());
    case element_type::DOUBLE:
      return streamwise::detail::format_double(e.get_double().value());
    case element_type::BOOL:
      return e.get_bool().value() ? "true" : "false";
    default:
      return {};
  }
}

Decoder::Decoder(DecoderOptions options, FeatureSpace* space)
    : options_(std::move(options)), space_(space) {}

bool Decoder::is_ignored(std::string_view name) const {
  return std::find(options_.ignore.begin(), options_.ignore.end(), name) != options_.ignore.end();
}

std::optional<std::string> Decoder::decode(std::string_view value, DecodedEvent& out) {
  if (value.size() > options_.max_bytes) {
    return "oversized: value of " + std::to_string(value.size()) + " bytes exceeds the limit of " +
           std::to_string(options_.max_bytes);
  }
  fields_.clear();
  out.has_label = false;
  out.has_key = false;
  out.label.clear();
  out.key.clear();
  std::optional<std::string> error =
      options_.format == Format::json ? decode_json(value, out) : decode_csv(value, out);
  if (error) return error;
  if (!out.has_label && options_.require_label && !options_.label.empty()) {
    return "missing label field '" + options_.label + "'";
  }
  return commit_fields(out);
}

std::optional<std::string> Decoder::decode_json(std::string_view value, DecodedEvent& out) {
  // simdjson reads a little past the end: copy into a padded buffer reused between messages.
  scratch_.resize(value.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(scratch_.data(), value.data(), value.size());
  simdjson::dom::element root;
  if (auto error = parser_.parse(scratch_.data(), value.size(), false).get(root)) {
    return std::string("bad JSON: ") + simdjson::error_message(error);
  }
  simdjson::dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) return "bad JSON: not an object";
  using simdjson::dom::element_type;
  for (auto field : obj) {
    const std::string_view name = field.key;
    const simdjson::dom::element v = field.value;
    if (!options_.label.empty() && name == options_.label) {
      if (v.type() == element_type::NULL_VALUE) continue;  // absent
      if (v.type() == element_type::ARRAY || v.type() == element_type::OBJECT) {
        return "wrong type: label field '" + std::string(name) + "' is " + type_name(v.type());
      }
      if (options_.numeric_label) {
        // Regression target: a number as is (no text round trip), or text holding one.
        switch (v.type()) {
          case element_type::INT64:
            out.target = double(v.get_int64().value());
            break;
          case element_type::UINT64:
            out.target = double(v.get_uint64().value());
            break;
          case element_type::DOUBLE:
            out.target = v.get_double().value();
            break;
          case element_type::STRING: {
            const auto t = parse_target(v.get_string().value());
            if (!t) {
              return "wrong type: label field '" + std::string(name) + "' is not a number";
            }
            out.target = *t;
            break;
          }
          default:
            return "wrong type: label field '" + std::string(name) + "' is not a number";
        }
        out.has_label = true;
        continue;
      }
      out.label = json_label_text(v);
      out.has_label = true;
      continue;
    }
    if (!options_.key.empty() && name == options_.key) {
      out.key = json_label_text(v);
      out.has_key = v.type() != element_type::NULL_VALUE;
      continue;
    }
    if (is_ignored(name)) continue;
    switch (v.type()) {
      case element_type::INT64:
        fields_.push_back({name, Field::Type::number, double(v.get_int64().value()), {}});
        break;
      case element_type::UINT64:
        fields_.push_back({name, Field::Type::number, double(v.get_uint64().value()), {}});
        break;
      case element_type::DOUBLE:
        fields_.push_back({name, Field::Type::number, v.get_double().value(), {}});
        break;
      case element_type::BOOL:
        fields_.push_back({name, Field::Type::number, v.get_bool().value() ? 1.0 : 0.0, {}});
        break;
      case element_type::STRING:
        fields_.push_back({name, Field::Type::string, 0.0, v.get_string().value()});
        break;
      case element_type::NULL_VALUE:
        fields_.push_back({name, Field::Type::missing, 0.0, {}});
        break;
      default:
        return "wrong type: field '" + std::string(name) + "' is " + type_name(v.type());
    }
  }
  return std::nullopt;
}

std::optional<std::string> Decoder::decode_csv(std::string_view value, DecodedEvent& out) {
  if (options_.columns.empty()) return "CSV input needs input.columns";
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.remove_suffix(1);
  std::size_t col = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = value.find(',', start);
    std::string_view token =
        trim(value.substr(start, comma == std::string_view::npos ? value.npos : comma - start));
    if (col >= options_.columns.size()) {
      return "bad CSV: more than the " + std::to_string(options_.columns.size()) + " columns";
    }
    if (token.size() >= 2 && token.front() == '"' && token.back() == '"') {
      token = token.substr(1, token.size() - 2);
    }
    const std::string& name = options_.columns[col];
    if (!options_.label.empty() && name == options_.label) {
      if (!token.empty() && options_.numeric_label) {
        const auto t = parse_target(token);
        if (!t) return "not finite: label field '" + name + "' is not a finite number";
        out.target = *t;
        out.has_label = true;
      } else if (!token.empty()) {
        out.label.assign(token);
        out.has_label = true;
      }
    } else if (!options_.key.empty() && name == options_.key) {
      out.key.assign(token);
      out.has_key = !token.empty();
    } else if (!is_ignored(name)) {
      if (token.empty()) {
        fields_.push_back({name, Field::Type::missing, 0.0, {}});
      } else {
        double d = 0.0;
        const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), d);
        if (ec == std::errc() && ptr == token.data() + token.size()) {
          fields_.push_back({name, Field::Type::number, d, {}});
        } else if (ec == std::errc::result_out_of_range) {
          return "not finite: field '" + name + "' is out of range";
        } else {
          fields_.push_back({name, Field::Type::string, 0.0, token});
        }
      }
    }
    ++col;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (col != options_.columns.size()) {
    return "bad CSV: " + std::to_string(col) + " fields, expected " +
           std::to_string(options_.columns.size());
  }
  return std::nullopt;
}

std::optional<FeatureId> Decoder::known_id(std::size_t position, std::string_view name) const {
  // Messages usually list their fields in the same order: the id found at this position last
  // time is checked by name (one comparison) before the feature space is searched (a hash).
  if (position < id_cache_.size() && id_cache_[position] < space_->size() &&
      space_->name(id_cache_[position]) == name) {
    return id_cache_[position];
  }
  return space_->find(name);
}

std::optional<std::string> Decoder::commit_fields(DecodedEvent& out) {
  // Check everything first, so that a rejected value leaves the feature space unchanged; the
  // ids found are kept for the second pass (no_id: a name this message introduces).
  ids_.resize(fields_.size());
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    const Field& f = fields_[i];
    ids_[i] = no_id;
    if (f.type == Field::Type::number && !std::isfinite(f.number)) {
      return "not finite: field '" + std::string(f.name) + "' is " +
             (std::isnan(f.number) ? "NaN" : "infinite");
    }
    if (f.type == Field::Type::missing) continue;
    const FeatureKind kind =
        f.type == Field::Type::number ? FeatureKind::numeric : FeatureKind::nominal;
    if (const auto id = known_id(i, f.name)) {
      if (space_->kind(*id) != kind) {
        return "wrong type: feature '" + std::string(f.name) + "' was " +
               (kind == FeatureKind::numeric ? "nominal" : "numeric") + " and is now " +
               (kind == FeatureKind::numeric ? "numeric" : "nominal");
      }
      ids_[i] = *id;
    }
  }
  out.x.assign(space_->size(), missing_value);
  if (id_cache_.size() < fields_.size()) id_cache_.resize(fields_.size(), no_id);
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    const Field& f = fields_[i];
    if (f.type == Field::Type::missing) continue;
    const FeatureKind kind =
        f.type == Field::Type::number ? FeatureKind::numeric : FeatureKind::nominal;
    FeatureId id = ids_[i];
    if (id == no_id) {
      // New to the space, unless an earlier field of this message (the same name) added it.
      const auto found = space_->find(f.name);
      id = found ? *found : space_->intern(f.name, kind);
    }
    id_cache_[i] = id;
    if (id >= out.x.size()) out.x.resize(id + 1, missing_value);
    out.x[id] = kind == FeatureKind::numeric ? f.number : space_->encode_nominal(id, f.text);
  }
  return std::nullopt;
}

}  // namespace streamwise::kafka
