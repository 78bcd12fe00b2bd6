#include "learner.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <exception>
#include <utility>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/io/checkpoint.hpp"

namespace streamwise::kafka {

namespace {

// Tag and version of the learner payload (after the model spec header).
constexpr std::string_view payload_tag = "streamwise.learner";
// 2: each model's class map (version 1 checkpoints used label ids as class ids).
constexpr std::uint32_t payload_version = 2;

// Shortest text that reads back to the same double (std::to_chars: no printf/strtod round
// trips on the per-event path); JSON has no NaN or infinity, so those are null.
void append_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, end);
}

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

void append_string(std::string& out, std::string_view s) {
  // Most texts (topics, keys, labels) need no escape: copy them whole.
  for (const char c : s) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      streamwise::detail::append_json_string(out, s);
      return;
    }
  }
  out += '"';
  out.append(s);
  out += '"';
}

}  // namespace

bool is_regressor_spec(std::string_view spec_json) {
  const std::vector<EstimatorSpec> steps = registry::parse_steps(spec_json);
  return !steps.empty() && registry::kind_of(steps.back().type) == registry::Kind::regressor;
}

Learner::Learner(LearnerOptions options, std::string spec_json)
    : Learner(std::move(options), std::move(spec_json), false) {
  if (!regression_) {
    for (const auto& c : options_.classes) labels_.encode(c);
  }
}

Learner::Learner(LearnerOptions options, std::string spec_json, bool /*tag*/)
    : options_(std::move(options)),
      spec_json_(std::move(spec_json)),
      regression_(is_regressor_spec(spec_json_)),
      space_(std::make_unique<FeatureSpace>()),
      detector_(options_.drift),
      decoder_(options_.decoder, space_.get()) {
  if (regression_) {
    reg_model_ = registry::make_regressor_pipeline(spec_json_);
    reg_model_.bind(space_.get());
  } else {
    model_ = registry::make_classifier_pipeline(spec_json_);
    model_.bind(space_.get());
    classes_ = fixed_classes(model_);
  }
  options_.decoder.numeric_label = regression_;
  if (!options_.labels.topic.empty()) {
    // Labels come from the labels topic; an inline one is still used when present.
    options_.decoder.require_label = false;
  }
  decoder_ = Decoder(options_.decoder, space_.get());
}

Learner::ModelClasses Learner::fixed_classes(const registry::ClassifierPipeline& model) {
  ModelClasses classes(model.n_classes());
  for (std::size_t c = 0; c < classes.size(); ++c) classes[c] = static_cast<ClassId>(c);
  return classes;
}

std::string Learner::label_text(ClassId id) const {
  if (id < labels_.size()) return labels_.decode(id);
  return "#" + std::to_string(id);  // a class the model knows but no label named yet
}

void Learner::append_label_json(ClassId id) {
  if (id >= labels_.size()) {
    append_string(record_, label_text(id));
    return;
  }
  while (label_json_.size() < labels_.size()) {
    std::string text;
    append_string(text, labels_.decode(static_cast<ClassId>(label_json_.size())));
    label_json_.push_back(std::move(text));
  }
  record_ += label_json_[id];
}

void Learner::write_record(std::string_view key, const Source& source, bool valid, ClassId y_pred,
                           const ModelClasses& classes) {
  record_.clear();
  record_ += "{\"key\":";
  if (!key.empty()) {
    append_string(record_, key);
  } else {
    record_ += "null";
  }
  record_ += ",\"topic\":";
  append_string(record_, source.topic);
  record_ += ",\"partition\":";
  append_int(record_, source.partition);
  record_ += ",\"offset\":";
  append_int(record_, source.offset);
  record_ += ",\"prediction\":";
  if (valid) {
    append_label_json(y_pred);
  } else {
    record_ += "null";
  }
  if (options_.probabilities) {
    record_ += ",\"proba\":{";
    if (valid) {
      for (std::size_t c = 0; c < proba_.size(); ++c) {
        if (c) record_ += ',';
        append_label_json(label_of(classes, static_cast<ClassId>(c)));
        record_ += ':';
        append_number(record_, proba_[c]);
      }
    }
    record_ += '}';
  }
  record_ += ",\"model_version\":";
  append_int(record_, static_cast<std::int64_t>(counters_.learned));
  record_ += '}';
}

void Learner::write_value_record(std::string_view key, const Source& source, double y_pred) {
  record_.clear();
  record_ += "{\"key\":";
  if (!key.empty()) {
    append_string(record_, key);
  } else {
    record_ += "null";
  }
  record_ += ",\"topic\":";
  append_string(record_, source.topic);
  record_ += ",\"partition\":";
  append_int(record_, source.partition);
  record_ += ",\"offset\":";
  append_int(record_, source.offset);
  record_ += ",\"prediction\":";
  append_number(record_, y_pred);
  record_ += ",\"model_version\":";
  append_int(record_, static_cast<std::int64_t>(counters_.learned));
  record_ += '}';
}

Outcome Learner::process(std::string_view value, std::string_view key, const Source& source) {
  Outcome out;
  ++counters_.events;
  if (auto error = decoder_.decode(value, event_)) {
    ++counters_.dead_letters;
    out.dead_letter = true;
    out.reason = std::move(*error);
    return out;
  }
  const std::string_view record_key = !key.empty() ? key : std::string_view(event_.key);
  if (!options_.labels.topic.empty() && record_key.empty() && !event_.has_label) {
    ++counters_.dead_letters;
    out.dead_letter = true;
    out.reason = "event without a key (late labels are joined to events by key)";
    return out;
  }
  if (options_.per_key && record_key.empty()) {
    ++counters_.dead_letters;
    out.dead_letter = true;
    out.reason = "event without a key (one model per key)";
    return out;
  }
  const DenseView x{event_.x};
  if (regression_) {
    // Predict (test) the value, then learn it (train), as River's progressive validation does.
    const double y_pred = regressor_for(record_key).predict_one(x);
    write_value_record(record_key, source, y_pred);
    out.predicted = true;
    ++counters_.predicted;
    if (!options_.labels.topic.empty()) {
      PendingEvent p;
      p.seq = next_seq_++;
      p.key.assign(record_key);
      p.x = event_.x;
      p.valid = true;
      p.y_value = y_pred;
      p.has_label = event_.has_label;
      if (p.has_label) {
        char buf[32];
        p.label.assign(buf, std::to_chars(buf, buf + sizeof buf, event_.target).ptr);
      }
      enqueue(std::move(p), out);
      return out;
    }
    if (!event_.has_label) {
      ++counters_.unlabelled;
      return out;
    }
    learn_target(record_key, x, event_.target, y_pred, out);
    return out;
  }
  // Predict (test), as River's progressive validation does before learning.
  const ModelRef m = model_for(record_key);
  const std::size_t n = m.model.n_classes();
  const bool valid = n > 0;
  ClassId y_pred = 0;  // a label id
  if (valid) {
    proba_.resize(n);
    y_pred = label_of(m.classes, m.model.predict_one(x));
    if (options_.probabilities) m.model.predict_proba_one(x, proba_);
  }
  write_record(record_key, source, valid, y_pred, m.classes);
  out.predicted = true;
  ++counters_.predicted;

  if (!options_.labels.topic.empty()) {
    // Late labels: the event waits, in arrival order, for its label.
    PendingEvent p;
    p.seq = next_seq_++;
    p.key.assign(record_key);
    p.x = event_.x;
    p.valid = valid;
    p.y_pred = y_pred;
    p.has_label = event_.has_label;
    if (p.has_label) p.label = event_.label;
    enqueue(std::move(p), out);
    return out;
  }
  if (!event_.has_label) {
    ++counters_.unlabelled;
    return out;
  }
  learn_sample(record_key, x, event_.label, valid, y_pred, out);
  return out;
}

void Learner::enqueue(PendingEvent&& p, Outcome& out) {
  if (!p.has_label) {
    if (auto e = early_index_.find(p.key); e != early_index_.end()) {
      const std::uint64_t id = e->second.front();
      e->second.pop_front();
      if (e->second.empty()) early_index_.erase(e);
      p.label = std::move(early_.at(id).second);
      early_.erase(id);
      p.has_label = true;
    } else {
      waiting_[p.key].push_back(p.seq);
    }
  }
  pending_.push_back(std::move(p));
  drain(out);
  enforce_bounds(out);
}

registry::RegressorPipeline& Learner::regressor_for(std::string_view key) {
  if (!options_.per_key) return reg_model_;
  auto it = reg_key_models_.find(key);
  if (it == reg_key_models_.end()) {
    it = reg_key_models_.emplace(std::string(key), reg_model_).first;
    it->second.bind(space_.get());
  }
  return it->second;
}

bool Learner::learn_target(std::string_view key, DenseView x, double y, double y_pred,
                           Outcome& out) {
  try {
    regressor_for(key).learn_one(x, y);
  } catch (const InvalidInput& e) {
    ++counters_.dead_letters;
    out.dead_letter = true;
    out.reason = std::string("invalid input: ") + e.what();
    return false;
  }
  ++counters_.learned;
  mae_.update(y, y_pred);
  rmse_.update(y, y_pred);
  detector_.update(std::fabs(y - y_pred));
  if (detector_.drift_detected()) {
    ++counters_.drifts;
    out.drift = true;
  }
  return true;
}

bool Learner::learn_pending(PendingEvent& p, Outcome& out) {
  if (!regression_) return learn_sample(p.key, DenseView{p.x}, p.label, p.valid, p.y_pred, out);
  const auto y = parse_target(p.label);  // validated when the label arrived
  if (!y) return false;
  return learn_target(p.key, DenseView{p.x}, *y, p.y_value, out);
}

Learner::ModelRef Learner::model_for(std::string_view key) {
  if (!options_.per_key) return {model_, classes_};
  auto it = key_models_.find(key);
  if (it == key_models_.end()) {
    // A new key starts from the untrained prototype (same spec, same feature space).
    it = key_models_.emplace(std::string(key), model_).first;
    it->second.bind(space_.get());
    key_classes_.insert_or_assign(std::string(key), classes_);
  }
  return {it->second, key_classes_.find(key)->second};
}

bool Learner::learn_sample(std::string_view key, DenseView x, const std::string& label, bool valid,
                           ClassId y_pred, Outcome& out) {
  // A label seen for the first time is interned only once the model accepted it.
  const std::optional<ClassId> known = labels_.find(label);
  const ClassId y = known ? *known : static_cast<ClassId>(labels_.size());
  // The model's own id of this label: the next one when the model has not seen it yet.
  const ModelRef m = model_for(key);
  const auto at = std::find(m.classes.begin(), m.classes.end(), y);
  try {
    m.model.learn_one(x, static_cast<ClassId>(at - m.classes.begin()));
  } catch (const InvalidInput& e) {
    ++counters_.dead_letters;
    out.dead_letter = true;
    out.reason = std::string("invalid input: ") + e.what();
    return false;
  }
  if (!known) labels_.encode(label);
  if (at == m.classes.end()) m.classes.push_back(y);
  ++counters_.learned;
  if (valid) {
    accuracy_.update(y, y_pred);
    detector_.update(y_pred == y ? 0.0 : 1.0);
    if (detector_.drift_detected()) {
      ++counters_.drifts;
      out.drift = true;
    }
  }
  return true;
}

void Learner::drain(Outcome& out) {
  while (!pending_.empty() && pending_.front().has_label) {
    learn_pending(pending_.front(), out);
    pending_.pop_front();
  }
}

void Learner::enforce_bounds(Outcome& out) {
  const auto& o = options_.labels;
  while (!pending_.empty() &&
         (pending_.size() > o.max_pending ||
          (o.max_age_events > 0 && next_seq_ - pending_.front().seq > o.max_age_events))) {
    PendingEvent& p = pending_.front();  // unlabelled: drain() learnt every labelled front
    if (auto w = waiting_.find(p.key); w != waiting_.end()) {
      if (!w->second.empty() && w->second.front() == p.seq) w->second.pop_front();
      if (w->second.empty()) waiting_.erase(w);
    }
    ++counters_.evicted;
    pending_.pop_front();
    drain(out);
  }
}

Outcome Learner::process_label(std::string_view value, std::string_view key) {
  Outcome out;
  ++counters_.labels;
  if (key.empty()) {
    ++counters_.dead_letters;
    out.dead_letter = true;
    out.reason = "label without a key (labels are joined to events by key)";
    return out;
  }
  std::string label;
  if (options_.labels.field.empty()) {
    label.assign(value);
  } else {
    label_scratch_.resize(value.size() + simdjson::SIMDJSON_PADDING);
    std::copy(value.begin(), value.end(), label_scratch_.begin());
    simdjson::dom::element root;
    simdjson::dom::element field;
    if (auto error = label_parser_.parse(label_scratch_.data(), value.size(), false).get(root)) {
      ++counters_.dead_letters;
      out.dead_letter = true;
      out.reason = std::string("bad JSON: ") + simdjson::error_message(error);
      return out;
    }
    if (root[options_.labels.field].get(field) != simdjson::SUCCESS ||
        field.type() == simdjson::dom::element_type::NULL_VALUE) {
      ++counters_.dead_letters;
      out.dead_letter = true;
      out.reason = "missing label field '" + options_.labels.field + "'";
      return out;
    }
    label = regression_ ? std::string() : json_label_text(field);
    if (regression_) {
      // The target as a number: a JSON number, or text holding one.
      double y = 0.0;
      bool ok = true;
      if (field.type() == simdjson::dom::element_type::STRING) {
        const auto t = parse_target(field.get_string().value());
        ok = t.has_value();
        y = t.value_or(0.0);
      } else if (field.get_double().get(y) != simdjson::SUCCESS) {
        ok = false;
      }
      if (!ok || !std::isfinite(y)) {
        ++counters_.dead_letters;
        out.dead_letter = true;
        out.reason = "wrong type: label field '" + options_.labels.field + "' is not a number";
        return out;
      }
      char buf[32];
      label.assign(buf, std::to_chars(buf, buf + sizeof buf, y).ptr);
    }
  }
  if (regression_ && options_.labels.field.empty()) {
    const auto y = parse_target(label);
    if (!y) {
      ++counters_.dead_letters;
      out.dead_letter = true;
      out.reason = "wrong type: label is not a number";
      return out;
    }
    char buf[32];
    label.assign(buf, std::to_chars(buf, buf + sizeof buf, *y).ptr);
  }
  const std::string k(key);
  if (auto w = waiting_.find(k); w != waiting_.end()) {
    const std::uint64_t seq = w->second.front();
    w->second.pop_front();
    if (w->second.empty()) waiting_.erase(w);
    PendingEvent& p = pending_.at(seq - pending_.front().seq);
    p.label = std::move(label);
    p.has_label = true;
    drain(out);
    return out;
  }
  // The event has not arrived (or was evicted): keep the label for it, within bounds.
  const std::uint64_t id = next_early_id_++;
  early_.emplace(id, std::make_pair(k, std::move(label)));
  early_index_[k].push_back(id);
  while (early_.size() > options_.labels.max_pending) {
    const auto oldest = early_.begin();
    auto& ids = early_index_.at(oldest->second.first);
    ids.pop_front();
    if (ids.empty()) early_index_.erase(oldest->second.first);
    early_.erase(oldest);
    ++counters_.evicted_labels;
  }
  return out;
}

void Learner::rebuild_indexes() {
  waiting_.clear();
  early_index_.clear();
  for (const auto& p : pending_) {
    if (!p.has_label) waiting_[p.key].push_back(p.seq);
  }
  for (const auto& [id, kl] : early_) early_index_[kl.first].push_back(id);
}

std::string Learner::alert_json(const Source& source) const {
  std::string out = "{\"alert\":\"drift\",\"detector\":\"ADWIN\",\"topic\":";
  append_string(out, source.topic);
  out += ",\"partition\":" + std::to_string(source.partition);
  out += ",\"offset\":" + std::to_string(source.offset);
  out += ",\"events\":" + std::to_string(counters_.events);
  out += ",\"drifts\":" + std::to_string(counters_.drifts);
  out += ',';
  append_scores(out, scores());
  out += "}";
  return out;
}

void append_scores(std::string& out, const Scores& s) {
  if (s.regression) {
    out += "\"mae\":";
    append_number(out, s.mae);
    out += ",\"rmse\":";
    append_number(out, s.rmse);
  } else {
    out += "\"accuracy\":";
    append_number(out, s.accuracy);
  }
}

std::string metrics_record(const Counters& c, const Scores& scores, double events_per_second,
                           std::int64_t lag) {
  std::string out = "{\"events\":" + std::to_string(c.events);
  out += ",\"predicted\":" + std::to_string(c.predicted);
  out += ",\"learned\":" + std::to_string(c.learned);
  out += ",\"unlabelled\":" + std::to_string(c.unlabelled);
  out += ",\"dead_letters\":" + std::to_string(c.dead_letters);
  out += ",\"drifts\":" + std::to_string(c.drifts);
  out += ',';
  append_scores(out, scores);
  out += ",\"events_per_second\":";
  append_number(out, events_per_second);
  out += ",\"lag\":" + std::to_string(lag);
  out += ",\"model_version\":" + std::to_string(c.learned) + "}";
  return out;
}

std::string Learner::metrics_json(double events_per_second, std::int64_t lag) const {
  return metrics_record(counters_, scores(), events_per_second, lag);
}

std::optional<std::int64_t> Learner::next_offset(const std::string& topic,
                                                 std::int32_t partition) const {
  const auto t = offsets_.find(topic);
  if (t == offsets_.end()) return std::nullopt;
  const auto p = t->second.find(partition);
  if (p == t->second.end()) return std::nullopt;
  return p->second;
}

std::int64_t* Learner::offset_slot(const Source& source) {
  if (slot_ != nullptr && slot_partition_ == source.partition && slot_topic_ == source.topic) {
    return slot_;
  }
  const auto t = offsets_.find(source.topic);
  if (t == offsets_.end()) return nullptr;
  const auto p = t->second.find(source.partition);
  if (p == t->second.end()) return nullptr;
  slot_ = &p->second;
  slot_topic_.assign(source.topic);
  slot_partition_ = source.partition;
  return slot_;
}

void Learner::mark_done(const Source& source) {
  if (std::int64_t* slot = offset_slot(source)) {
    *slot = source.offset + 1;
    return;
  }
  auto t = offsets_.find(source.topic);
  if (t == offsets_.end())
    t = offsets_.emplace(std::string(source.topic), OffsetMap::mapped_type{}).first;
  t->second[source.partition] = source.offset + 1;
}

std::string Learner::to_checkpoint() const {
  std::string payload;
  {
    io::PayloadOutputArchive ar(payload);
    const std::string tag(payload_tag);
    ar(tag, payload_version);
    // A regressor's checkpoint has the classifier's layout with the regressor in the model's
    // place, then its own extras: MAE, RMSE and the pending events' predictions.
    if (regression_) {
      ar(reg_model_);
    } else {
      ar(model_);
    }
    ar(*space_, labels_, accuracy_, detector_, counters_, offsets_);
    ar(pending_, next_seq_, early_, next_early_id_);
    const std::uint64_t n_keys = regression_ ? reg_key_models_.size() : key_models_.size();
    ar(n_keys);
    if (regression_) {
      for (const auto& [key, model] : reg_key_models_) ar(key, model);
      std::vector<double> predictions;
      predictions.reserve(pending_.size());
      for (const auto& p : pending_) predictions.push_back(p.y_value);
      ar(mae_, rmse_, predictions);
    } else {
      for (const auto& [key, model] : key_models_) ar(key, model);
      ar(classes_, key_classes_);
    }
  }
  return io::wrap_payload(regression_ ? to_json(spec_of(reg_model_)) : to_json(spec_of(model_)),
                          payload);
}

void Learner::save(const std::filesystem::path& path) const {
  io::write_file_atomic(path, to_checkpoint());
}

Learner Learner::load(const std::filesystem::path& path, LearnerOptions options) {
  const io::LoadOptions limits;
  const std::string bytes = io::read_file(path, limits.max_payload_bytes + (2u << 20));
  return from_checkpoint(bytes, std::move(options));
}

Learner Learner::from_checkpoint(std::string_view bytes, LearnerOptions options) {
  const io::LoadOptions limits;
  const auto span = io::detail::as_bytes(bytes);
  const io::CheckpointHeader header = io::read_header(span, limits);
  std::optional<Learner> built;
  try {
    built.emplace(Learner(std::move(options), header.spec, false));
  } catch (const std::exception& e) {
    throw CheckpointError(std::string("checkpoint model spec cannot be built: ") + e.what());
  }
  Learner& learner = *built;
  try {
    io::PayloadInputArchive ar(span.subspan(header.payload_offset));
    std::string tag;
    std::uint32_t version = 0;
    ar(tag);
    if (tag != payload_tag) throw CheckpointError("not a learner checkpoint (tag '" + tag + "')");
    ar(version);
    if (version > payload_version) {
      throw CheckpointError("learner checkpoint from a newer version");
    }
    if (learner.regression_) {
      ar(learner.reg_model_);
    } else {
      ar(learner.model_);
    }
    ar(*learner.space_, learner.labels_, learner.accuracy_, learner.detector_, learner.counters_,
       learner.offsets_);
    ar(learner.pending_, learner.next_seq_, learner.early_, learner.next_early_id_);
    std::uint64_t n_keys = 0;
    ar(n_keys);
    if (n_keys > ar.remaining()) throw CheckpointError("checkpoint payload is damaged: key count");
    for (std::uint64_t i = 0; i < n_keys; ++i) {
      std::string key;
      ar(key);
      // Each key's model has the prototype's shape (same spec): load into a copy of it.
      if (learner.regression_) {
        registry::RegressorPipeline key_model = learner.reg_model_;
        ar(key_model);
        key_model.bind(learner.space_.get());
        learner.reg_key_models_.insert_or_assign(std::move(key), std::move(key_model));
      } else {
        registry::ClassifierPipeline key_model = learner.model_;
        ar(key_model);
        key_model.bind(learner.space_.get());
        learner.key_models_.insert_or_assign(std::move(key), std::move(key_model));
      }
    }
    if (!learner.regression_) {
      if (version >= 2) {
        ar(learner.classes_, learner.key_classes_);
      } else {
        // Version 1 taught every model the label ids themselves.
        learner.classes_ = fixed_classes(learner.model_);
        for (const auto& [key, model] : learner.key_models_) {
          learner.key_classes_.insert_or_assign(key, fixed_classes(model));
        }
      }
      learner.check_classes();
    }
    if (learner.regression_) {
      std::vector<double> predictions;
      ar(learner.mae_, learner.rmse_, predictions);
      if (predictions.size() != learner.pending_.size()) {
        throw CheckpointError("checkpoint payload is damaged: pending predictions");
      }
      for (std::size_t i = 0; i < predictions.size(); ++i) {
        learner.pending_[i].y_value = predictions[i];
      }
    }
    for (std::size_t i = 1; i < learner.pending_.size(); ++i) {
      if (learner.pending_[i].seq != learner.pending_[i - 1].seq + 1) {
        throw CheckpointError("checkpoint payload is damaged: pending events out of order");
      }
    }
    learner.rebuild_indexes();
    if (ar.remaining() != 0) {
      throw CheckpointError("checkpoint payload is damaged: " + std::to_string(ar.remaining()) +
                            " bytes left unread");
    }
  } catch (const CheckpointError&) {
    throw;
  } catch (const std::exception& e) {
    throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
  }
  if (learner.regression_) {
    learner.reg_model_.bind(learner.space_.get());
  } else {
    learner.model_.bind(learner.space_.get());
  }
  return std::move(*built);
}

void Learner::check_classes() const {
  const auto check = [this](const registry::ClassifierPipeline& model,
                            const ModelClasses& classes) {
    // Each entry a distinct label id; one no label has yet is possible only for a model with
    // fixed classes (LogisticRegression's "#1" before a second label arrives): its own id.
    std::vector<bool> seen(labels_.size() + classes.size(), false);
    bool ok = classes.size() == model.n_classes();
    for (std::size_t i = 0; ok && i < classes.size(); ++i) {
      const ClassId c = classes[i];
      ok = (c < labels_.size() || c == i) && !seen[c];
      if (ok) seen[c] = true;
    }
    if (!ok) throw CheckpointError("checkpoint payload is damaged: class map");
  };
  check(model_, classes_);
  if (key_classes_.size() != key_models_.size()) {
    throw CheckpointError("checkpoint payload is damaged: class maps of the key models");
  }
  for (const auto& [key, model] : key_models_) {
    const auto it = key_classes_.find(key);
    if (it == key_classes_.end()) {
      throw CheckpointError("checkpoint payload is damaged: class maps of the key models");
    }
    check(model, it->second);
  }
}

std::uint32_t Learner::model_digest() const {
  std::string payload;
  {
    io::PayloadOutputArchive ar(payload);
    if (regression_) {
      ar(reg_model_);
      for (const auto& [key, model] : reg_key_models_) ar(key, model);
    } else {
      ar(model_);
      for (const auto& [key, model] : key_models_) ar(key, model);
      ar(classes_, key_classes_);
    }
  }
  return io::crc32c(io::detail::as_bytes(payload));
}

std::optional<std::string> Learner::predict_label(const std::vector<double>& x) const {
  if (regression_) {
    char buf[32];
    return std::string(
        buf, std::to_chars(buf, buf + sizeof buf, reg_model_.predict_one(DenseView{x})).ptr);
  }
  if (model_.n_classes() == 0) return std::nullopt;
  return label_text(label_of(classes_, model_.predict_one(DenseView{x})));
}

std::vector<std::pair<std::string, double>> Learner::predict_proba(
    const std::vector<double>& x) const {
  std::vector<std::pair<std::string, double>> out;
  if (regression_) return out;
  const std::size_t n = model_.n_classes();
  if (n == 0) return out;
  proba_.resize(n);
  model_.predict_proba_one(DenseView{x}, proba_);
  for (std::size_t c = 0; c < n; ++c)
    out.emplace_back(label_text(label_of(classes_, static_cast<ClassId>(c))), proba_[c]);
  return out;
}

}  // namespace streamwise::kafka
