#include "config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "streamwise/core/params.hpp"

namespace streamwise::cli {

namespace {

// Flat view of the config: section -> (key -> node). Keys inside [kafka*] sections may contain
// dots (librdkafka's names): nested tables there are joined back with '.'.
using NodePtr = std::unique_ptr<toml::node>;
using Section = std::map<std::string, NodePtr>;
using Flat = std::map<std::string, Section>;

bool is_passthrough(const std::string& section) {
  return section == "kafka" || section == "kafka_consumer" || section == "kafka_producer";
}

void flatten_into(Section& out, const std::string& prefix, const toml::table& t) {
  for (const auto& [k, v] : t) {
    const std::string key =
        prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = v.as_table()) {
      flatten_into(out, key, *sub);
    } else {
      out[key] = NodePtr(v.visit(
          [](const auto& n) -> toml::node* { return new std::remove_cvref_t<decltype(n)>(n); }));
    }
  }
}

Flat flatten(const toml::table& root) {
  Flat flat;
  for (const auto& [k, v] : root) {
    const std::string section(k.str());
    const auto* t = v.as_table();
    if (t == nullptr)
      throw std::invalid_argument("config: top-level key '" + section + "' must be a [section]");
    Section& s = flat[section];
    if (is_passthrough(section)) {
      flatten_into(s, "", *t);
    } else {
      for (const auto& [k2, v2] : *t) {
        s[std::string(k2.str())] = NodePtr(v2.visit(
            [](const auto& n) -> toml::node* { return new std::remove_cvref_t<decltype(n)>(n); }));
      }
    }
  }
  return flat;
}

void apply_override(Flat& flat, const std::string& item) {
  const auto eq = item.find('=');
  const auto dot = item.find('.');
  if (eq == std::string::npos || dot == std::string::npos || dot > eq) {
    throw std::invalid_argument("--set " + item + ": expected section.key=value");
  }
  const std::string section = item.substr(0, dot);
  const std::string key = item.substr(dot + 1, eq - dot - 1);
  const std::string value = item.substr(eq + 1);
  NodePtr node;
  try {
    toml::table t = toml::parse("v = " + value);
    node = NodePtr(t["v"].node()->visit(
        [](const auto& n) -> toml::node* { return new std::remove_cvref_t<decltype(n)>(n); }));
  } catch (const toml::parse_error&) {
    node = std::make_unique<toml::value<std::string>>(value);
  }
  flat[section][key] = std::move(node);
}

class Reader {
 public:
  explicit Reader(Flat& flat) : flat_(flat) {}

  const toml::node* get(const std::string& section, const std::string& key) {
    used_[section].push_back(key);
    auto s = flat_.find(section);
    if (s == flat_.end()) return nullptr;
    auto k = s->second.find(key);
    return k == s->second.end() ? nullptr : k->second.get();
  }

  void read(const std::string& section, const std::string& key, std::string& out) {
    if (const auto* n = get(section, key)) {
      if (!n->is_string()) bad(section, key, "a string");
      out = n->as_string()->get();
    }
  }
  void read(const std::string& section, const std::string& key, bool& out) {
    if (const auto* n = get(section, key)) {
      if (!n->is_boolean()) bad(section, key, "true or false");
      out = n->as_boolean()->get();
    }
  }
  void read(const std::string& section, const std::string& key, double& out) {
    if (const auto* n = get(section, key)) {
      if (n->is_integer()) {
        out = static_cast<double>(n->as_integer()->get());
      } else if (n->is_floating_point()) {
        out = n->as_floating_point()->get();
      } else {
        bad(section, key, "a number");
      }
    }
  }
  template <class Int>
  requires std::is_integral_v<Int>
  void read(const std::string& section, const std::string& key, Int& out) {
    if (const auto* n = get(section, key)) {
      if (!n->is_integer() || n->as_integer()->get() < 0) bad(section, key, "an integer >= 0");
      out = static_cast<Int>(n->as_integer()->get());
    }
  }
  void read(const std::string& section, const std::string& key, std::vector<std::string>& out) {
    if (const auto* n = get(section, key)) {
      if (n->is_string()) {
        out = {n->as_string()->get()};
        return;
      }
      if (!n->is_array()) bad(section, key, "a list of strings");
      out.clear();
      for (const auto& e : *n->as_array()) {
        if (!e.is_string()) bad(section, key, "a list of strings");
        out.push_back(e.as_string()->get());
      }
    }
  }

  kafka::Settings passthrough(const std::string& section) {
    kafka::Settings out;
    auto s = flat_.find(section);
    if (s == flat_.end()) return out;
    for (const auto& [k, n] : s->second) {
      used_[section].push_back(k);
      std::string v;
      if (n->is_string()) {
        v = n->as_string()->get();
      } else if (n->is_integer()) {
        v = std::to_string(n->as_integer()->get());
      } else if (n->is_boolean()) {
        v = n->as_boolean()->get() ? "true" : "false";
      } else if (n->is_floating_point()) {
        v = streamwise::detail::format_double(n->as_floating_point()->get());
      } else {
        bad(section, k, "a string, number or boolean");
      }
      out.emplace_back(k, v);
    }
    return out;
  }

  // Every key in the file must have been read: a typo is an error, not a silent default.
  void check_all_used() {
    for (const auto& [section, keys] : flat_) {
      for (const auto& [key, node] : keys) {
        const auto& used = used_[section];
        if (std::find(used.begin(), used.end(), key) == used.end()) {
          throw std::invalid_argument("config: unknown key " + section + "." + key);
        }
      }
    }
  }

 private:
  [[noreturn]] static void bad(const std::string& section, const std::string& key,
                               const char* what) {
    throw std::invalid_argument("config: " + section + "." + key + " must be " + what);
  }

  Flat& flat_;
  std::map<std::string, std::vector<std::string>> used_;
};

Flat load_flat(const std::string& path, const std::vector<std::string>& overrides) {
  Flat flat;
  if (!path.empty()) {
    try {
      flat = flatten(toml::parse_file(path));
    } catch (const toml::parse_error& e) {
      throw std::invalid_argument("config " + path + ": " + std::string(e.description()));
    }
  }
  for (const auto& o : overrides) apply_override(flat, o);
  return flat;
}

void read_decoder(Reader& r, kafka::DecoderOptions& d) {
  std::string format = "json";
  r.read("input", "format", format);
  if (format == "json") {
    d.format = kafka::Format::json;
  } else if (format == "csv") {
    d.format = kafka::Format::csv;
  } else {
    throw std::invalid_argument("config: input.format must be \"json\" or \"csv\"");
  }
  r.read("input", "columns", d.columns);
  r.read("input", "label", d.label);
  r.read("input", "key", d.key);
  r.read("input", "ignore", d.ignore);
  r.read("input", "max_bytes", d.max_bytes);
  r.read("input", "require_label", d.require_label);
}

// The drift detector's parameters go through ADWIN's own validation.
drift::ADWIN::Params read_drift(Reader& r) {
  ParamList drift;
  for (const char* name : {"delta", "clock", "max_buckets", "min_window_length", "grace_period"}) {
    if (const auto* n = r.get("drift", name)) {
      if (n->is_integer()) {
        drift.push_back({name, std::int64_t(n->as_integer()->get())});
      } else if (n->is_floating_point()) {
        drift.push_back({name, n->as_floating_point()->get()});
      } else {
        throw std::invalid_argument(std::string("config: drift.") + name + " must be a number");
      }
    }
  }
  std::string detector = "ADWIN";
  r.read("drift", "detector", detector);
  if (detector != "ADWIN") throw std::invalid_argument("config: drift.detector must be \"ADWIN\"");
  return params_from_list<drift::ADWIN::Params>(drift, "ADWIN");
}

}  // namespace

kafka::LearnConfig load_config(const std::string& path, const std::vector<std::string>& overrides) {
  Flat flat = load_flat(path, overrides);
  Reader r(flat);
  kafka::LearnConfig c;
  r.read("model", "spec", c.model_spec);
  r.read("model", "per_key", c.learner.per_key);

  r.read("input", "topics", c.topics);
  read_decoder(r, c.learner.decoder);
  r.read("input", "classes", c.learner.classes);
  r.read("input", "stop_at_eof", c.stop_at_eof);
  r.read("input", "max_events", c.max_events);
  r.read("input", "rate_limit", c.rate_limit);

  r.read("output", "predictions", c.predictions_topic);
  r.read("output", "alerts", c.alerts_topic);
  r.read("output", "metrics", c.metrics_topic);
  r.read("output", "dead_letter", c.dead_letter_topic);
  r.read("output", "probabilities", c.learner.probabilities);
  r.read("output", "dead_letter_max_bytes", c.dead_letter_max_bytes);

  r.read("labels", "topic", c.learner.labels.topic);
  r.read("labels", "field", c.learner.labels.field);
  r.read("labels", "max_pending", c.learner.labels.max_pending);
  r.read("labels", "max_age_events", c.learner.labels.max_age_events);

  std::string checkpoint;
  r.read("checkpoint", "path", checkpoint);
  c.checkpoint = checkpoint;
  r.read("checkpoint", "per_partition", c.checkpoint_per_partition);
  r.read("checkpoint", "topic", c.checkpoint_topic);
  r.read("checkpoint", "key", c.checkpoint_key);
  r.read("checkpoint", "chunk_bytes", c.checkpoint_chunk_bytes);
  r.read("checkpoint", "every_events", c.checkpoint_every_events);
  r.read("checkpoint", "every_seconds", c.checkpoint_every_seconds);

  c.learner.drift = read_drift(r);

  r.read("metrics", "port", c.metrics_port);
  r.read("metrics", "host", c.metrics_host);
  r.read("metrics", "every_seconds", c.metrics_every_seconds);
  r.read("metrics", "progress_seconds", c.progress_every_seconds);

  c.kafka = r.passthrough("kafka");
  c.kafka_consumer = r.passthrough("kafka_consumer");
  c.kafka_producer = r.passthrough("kafka_producer");
  r.check_all_used();
  return c;
}

kafka::MonitorConfig load_monitor_config(const std::string& path,
                                         const std::vector<std::string>& overrides) {
  Flat flat = load_flat(path, overrides);
  Reader r(flat);
  kafka::MonitorConfig c;
  c.decoder.label.clear();  // no label: every field may be watched
  r.read("input", "topics", c.topics);
  read_decoder(r, c.decoder);
  r.read("input", "stop_at_eof", c.stop_at_eof);
  r.read("monitor", "fields", c.fields);
  r.read("monitor", "per_key", c.per_key);
  c.drift = read_drift(r);
  r.read("output", "alerts", c.alerts_topic);
  r.read("metrics", "progress_seconds", c.progress_every_seconds);
  c.kafka = r.passthrough("kafka");
  c.kafka_consumer = r.passthrough("kafka_consumer");
  c.kafka_producer = r.passthrough("kafka_producer");
  r.check_all_used();
  return c;
}

}  // namespace streamwise::cli
