// The learner core without a broker: decoding (and its dead-letter reasons), the per-event
// order of River's progressive validation, and checkpoint/restore mid-stream.

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "decoder.hpp"
#include "learner.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/evaluate/progressive_val_score.hpp"
#include "streamwise/metrics/accuracy.hpp"
#include "streamwise/registry/registry.hpp"

using namespace streamwise;
using kafka::Decoder;
using kafka::DecoderOptions;
using kafka::Learner;
using kafka::LearnerOptions;

namespace {

constexpr const char* kSpec = R"([{"type":"StandardScaler"},{"type":"LogisticRegression"}])";

// A JSON stream with two numeric features and a 0/1 label.
std::vector<std::string> json_stream(std::size_t n, std::uint64_t seed = 3) {
  Rng rng(seed);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    const double a = rng.uniform() * 4.0, b = rng.uniform() - 0.5;
    const int y = a + 3.0 * b > 2.0 ? 1 : 0;
    char buf[160];
    std::snprintf(buf, sizeof buf, R"({"a":%.17g,"b":%.17g,"class":%d,"id":"k%zu"})", a, b, y, i);
    out.emplace_back(buf);
  }
  return out;
}

LearnerOptions options() {
  LearnerOptions o;
  o.decoder.key = "id";
  o.classes = {"0", "1"};
  return o;
}

}  // namespace

TEST_CASE("JSON values decode through the feature space; bad ones give reasons") {
  FeatureSpace space;
  DecoderOptions o;
  o.key = "id";
  o.ignore = {"ts"};
  Decoder d(o, &space);
  kafka::DecodedEvent e;
  REQUIRE_FALSE(d.decode(R"({"x":1.5,"color":"red","ts":7,"class":true,"id":12})", e));
  CHECK(space.size() == 2);
  CHECK(e.x[0] == 1.5);
  CHECK(e.x[1] == 0.0);  // first nominal code
  CHECK(e.label == "true");
  CHECK(e.key == "12");
  REQUIRE_FALSE(d.decode(R"({"color":"blue","class":"UP"})", e));
  CHECK(std::isnan(e.x[0]));  // absent
  CHECK(e.x[1] == 1.0);

  const FeatureSpace before = space;
  const auto reason = [&](std::string_view v) { return d.decode(v, e).value_or("ok"); };
  CHECK(reason(R"({"x":1.5,"class":)").rfind("bad JSON: ", 0) == 0);
  CHECK(reason("[1]") == "bad JSON: not an object");
  CHECK(reason(R"({"x":"high","new":1,"class":1})") ==
        "wrong type: feature 'x' was numeric and is now nominal");
  CHECK(reason(R"({"x":[1],"class":1})") == "wrong type: field 'x' is a list");
  CHECK(reason(R"({"x":{"y":1},"class":1})") == "wrong type: field 'x' is an object");
  CHECK(reason(R"({"x":1,"class":[1]})") == "wrong type: label field 'class' is a list");
  CHECK(reason(R"({"x":1,"new":2})") == "missing label field 'class'");
  CHECK(reason(R"({"x":1,"class":null})") == "missing label field 'class'");
  // Nothing was interned by the rejected values ("new" in particular).
  CHECK(space.size() == before.size());
  CHECK_FALSE(space.find("new").has_value());

  DecoderOptions small = o;
  small.max_bytes = 10;
  Decoder ds(small, &space);
  CHECK(ds.decode(R"({"x":1.5,"class":1})", e).value_or("") ==
        "oversized: value of 19 bytes exceeds the limit of 10");
}

TEST_CASE("CSV values decode by configured columns") {
  FeatureSpace space;
  DecoderOptions o;
  o.format = kafka::Format::csv;
  o.columns = {"a", "b", "class"};
  Decoder d(o, &space);
  kafka::DecodedEvent e;
  REQUIRE_FALSE(d.decode("0.25,x,1\r\n", e));
  CHECK(e.x[0] == 0.25);
  CHECK(space.kind(1) == FeatureKind::nominal);
  CHECK(e.label == "1");
  REQUIRE_FALSE(d.decode(",x,0", e));
  CHECK(std::isnan(e.x[0]));
  CHECK(d.decode("nan,x,1", e).value_or("") == "not finite: field 'a' is NaN");
  CHECK(d.decode("inf,x,1", e).value_or("") == "not finite: field 'a' is infinite");
  CHECK(d.decode("1,x", e).value_or("") == "bad CSV: 2 fields, expected 3");
  CHECK(d.decode("1,x,1,2", e).value_or("") == "bad CSV: more than the 3 columns");
  CHECK(d.decode("1,x,", e).value_or("") == "missing label field 'class'");
}

TEST_CASE("the learner gives progressive_val_score's accuracy and the same model") {
  const auto values = json_stream(2000);
  Learner learner(options(), kSpec);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto out = learner.process(values[i], "", {"t", 0, static_cast<std::int64_t>(i)});
    REQUIRE_FALSE(out.dead_letter);
    REQUIRE(out.predicted);
    learner.mark_done({"t", 0, static_cast<std::int64_t>(i)});
  }
  // Oracle: the library's evaluator on the same decoded rows.
  FeatureSpace space;
  DecoderOptions o = options().decoder;
  Decoder d(o, &space);
  auto model = registry::make_classifier_pipeline(kSpec);
  metrics::Accuracy acc;
  std::vector<std::pair<std::vector<double>, ClassId>> rows;
  kafka::DecodedEvent e;
  for (const auto& v : values) {
    REQUIRE_FALSE(d.decode(v, e));
    rows.emplace_back(e.x, static_cast<ClassId>(std::stoi(e.label)));
  }
  const double expected = evaluate::progressive_val_score(rows, model, acc);
  CHECK(learner.accuracy() == expected);
  CHECK(learner.model() == model);
  CHECK(learner.counters().learned == 2000);
  CHECK(learner.counters().predicted == 2000);
  CHECK(*learner.next_offset("t", 0) == 2000);
  CHECK_FALSE(learner.next_offset("t", 1).has_value());
  CHECK(learner.prediction().find(R"("key":"k1999","topic":"t","partition":0,"offset":1999)") !=
        std::string::npos);
  CHECK(learner.prediction().find(R"("model_version":1999})") != std::string::npos);
}

TEST_CASE("a label the model refuses is a dead letter and changes nothing") {
  Learner learner(options(), kSpec);
  const auto values = json_stream(50);
  for (std::size_t i = 0; i < values.size(); ++i) {
    learner.process(values[i], "", {"t", 0, static_cast<std::int64_t>(i)});
  }
  const auto digest = learner.model_digest();
  const auto out = learner.process(R"({"a":1,"b":0,"class":"maybe"})", "", {"t", 0, 50});
  CHECK(out.dead_letter);
  CHECK(out.reason == "invalid input: LogisticRegression: binary model takes class 0 or 1, got 2");
  CHECK(learner.model_digest() == digest);
  CHECK(learner.labels().size() == 2);
  CHECK(learner.counters().dead_letters == 1);
}

TEST_CASE("checkpoint mid-stream, restore, continue: identical to never stopping") {
  const auto values = json_stream(1500);
  const auto path = std::filesystem::temp_directory_path() /
                    ("streamwise-learner-core-" + std::to_string(::getpid()) + ".ckpt");
  Learner uninterrupted(options(), kSpec);
  Learner first(options(), kSpec);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const kafka::Source s{"t", 0, static_cast<std::int64_t>(i)};
    uninterrupted.process(values[i], "", s);
    uninterrupted.mark_done(s);
    if (i < 700) {
      first.process(values[i], "", s);
      first.mark_done(s);
    }
  }
  first.save(path);
  Learner restored = Learner::load(path, options());
  CHECK(restored.model() == first.model());
  CHECK(*restored.next_offset("t", 0) == 700);
  for (std::size_t i = 700; i < values.size(); ++i) {
    const kafka::Source s{"t", 0, static_cast<std::int64_t>(i)};
    restored.process(values[i], "", s);
    restored.mark_done(s);
  }
  CHECK(restored.model() == uninterrupted.model());
  CHECK(restored.counters() == uninterrupted.counters());
  CHECK(restored.accuracy() == uninterrupted.accuracy());
  CHECK(restored.to_checkpoint() == uninterrupted.to_checkpoint());

  // Damaged files are refused with a CheckpointError.
  std::string bytes = restored.to_checkpoint();
  bytes[bytes.size() - 3] ^= 0x5a;
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  }
  CHECK_THROWS_WITH_AS(Learner::load(path, options()), "checkpoint is damaged: checksum mismatch",
                       CheckpointError);
  std::filesystem::remove(path);
}

namespace {
// The stream's events without their label, and the label messages, keyed k<i>.
void split_labels(const std::vector<std::string>& values, std::vector<std::string>& events,
                  std::vector<std::string>& labels) {
  for (const auto& value : values) {
    std::string v = value;
    const auto at = v.find(",\"class\":");
    const std::string label = v.substr(at + 9, 1);
    v.erase(at, 10);
    events.push_back(v);
    labels.push_back(R"({"class":")" + label + "\"}");
  }
}
}  // namespace

TEST_CASE("late labels joined by key learn in event order, across a checkpoint") {
  const auto values = json_stream(600);
  Learner inline_learner(options(), kSpec);
  for (std::size_t i = 0; i < values.size(); ++i) {
    inline_learner.process(values[i], "", {"t", 0, static_cast<std::int64_t>(i)});
  }
  std::vector<std::string> events, labels;
  split_labels(values, events, labels);
  LearnerOptions late_opts = options();
  late_opts.labels.topic = "labels";
  Learner late(late_opts, kSpec);
  // Labels come after their block of 20 events, in reverse order.
  for (std::size_t b = 0; b < values.size(); b += 20) {
    for (std::size_t i = b; i < b + 20; ++i) {
      REQUIRE_FALSE(
          late.process(events[i], "", {"t", 0, static_cast<std::int64_t>(i)}).dead_letter);
    }
    CHECK(late.pending() == 20);
    if (b == 300) {  // checkpoint and restore with 20 events waiting
      const std::string bytes = late.to_checkpoint();
      const auto path = std::filesystem::temp_directory_path() /
                        ("streamwise-late-" + std::to_string(::getpid()) + ".ckpt");
      late.save(path);
      Learner restored = Learner::load(path, late_opts);
      std::filesystem::remove(path);
      CHECK(restored.pending() == 20);
      CHECK(restored.to_checkpoint() == bytes);
      late = std::move(restored);
    }
    for (std::size_t i = b + 20; i-- > b;) {
      REQUIRE_FALSE(late.process_label(labels[i], "k" + std::to_string(i)).dead_letter);
      CHECK(late.pending() == (i == b ? 0u : 20u));  // nothing learnt until the oldest is labelled
    }
  }
  CHECK(late.model() == inline_learner.model());
  CHECK(late.counters().learned == 600);
  CHECK(late.counters().labels == 600);
  CHECK(late.counters().evicted == 0);

  CHECK(late.process_label(R"({"class":"1"})", "").reason ==
        "label without a key (labels are joined to events by key)");
  CHECK(late.process_label(R"({"other":1})", "k1").reason == "missing label field 'class'");
  CHECK(late.process(R"({"a":1,"b":2})", "", {"t", 0, 600}).reason ==
        "event without a key (late labels are joined to events by key)");
}

TEST_CASE("the pending buffers are bounded by count and age; what they drop is counted") {
  const auto values = json_stream(20);
  std::vector<std::string> events, labels;
  split_labels(values, events, labels);
  LearnerOptions o = options();
  o.labels.topic = "labels";
  o.labels.max_pending = 5;
  Learner l(o, kSpec);
  for (std::size_t i = 0; i < 10; ++i) l.process(events[i], "", {"t", 0, std::int64_t(i)});
  CHECK(l.pending() == 5);
  CHECK(l.counters().evicted == 5);  // k0..k4, never learnt
  for (std::size_t i = 5; i < 10; ++i) l.process_label(labels[i], "k" + std::to_string(i));
  CHECK(l.pending() == 0);
  CHECK(l.counters().learned == 5);
  // Labels whose event is gone (or not yet here) wait in a buffer of the same bound.
  for (std::size_t i = 0; i < 5; ++i) l.process_label(labels[i], "k" + std::to_string(i));
  l.process_label(labels[10], "k10");
  CHECK(l.counters().evicted_labels == 1);  // k0's label
  // k10's label was waiting: its event is learnt on arrival.
  l.process(events[10], "", {"t", 0, 10});
  CHECK(l.counters().learned == 6);

  o.labels.max_pending = 100;
  o.labels.max_age_events = 3;
  Learner aged(o, kSpec);
  for (std::size_t i = 0; i < 6; ++i) aged.process(events[i], "", {"t", 0, std::int64_t(i)});
  CHECK(aged.pending() == 3);
  CHECK(aged.counters().evicted == 3);
}

TEST_CASE("one model per key: each key learns its own concept; checkpoints keep them all") {
  // Key "a": class 1 when x > 0; key "b": the opposite. One shared model cannot learn both.
  Rng rng(5);
  std::vector<std::pair<std::string, std::string>> events;  // (key, value)
  for (int i = 0; i < 4000; ++i) {
    const double v = rng.uniform() * 2.0 - 1.0;
    const bool a = rng.uniform() < 0.5;
    const int y = (v > 0) == a ? 1 : 0;
    char buf[96];
    std::snprintf(buf, sizeof buf, R"({"x":%.17g,"class":"%d"})", v, y);
    events.emplace_back(a ? "a" : "b", buf);
  }
  LearnerOptions o = options();
  o.per_key = true;
  Learner per_key(o, kSpec);
  Learner shared(options(), kSpec);
  const auto path = std::filesystem::temp_directory_path() /
                    ("streamwise-per-key-" + std::to_string(::getpid()) + ".ckpt");
  for (std::size_t i = 0; i < events.size(); ++i) {
    const kafka::Source s{"t", 0, static_cast<std::int64_t>(i)};
    REQUIRE_FALSE(per_key.process(events[i].second, events[i].first, s).dead_letter);
    per_key.mark_done(s);
    shared.process(events[i].second, events[i].first, s);
    if (i == 2000) {  // checkpoint and restore mid-stream
      per_key.save(path);
      Learner restored = Learner::load(path, o);
      CHECK(restored.to_checkpoint() == per_key.to_checkpoint());
      per_key = std::move(restored);
    }
  }
  std::filesystem::remove(path);
  CHECK(per_key.key_models().size() == 2);
  CHECK(per_key.accuracy() > 0.9);
  CHECK(shared.accuracy() < 0.7);
  // The prototype never learns; each key's model equals one trained on that key alone.
  Learner only_a(options(), kSpec);
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].first == "a") only_a.process(events[i].second, "", {"t", 0, 0});
  }
  CHECK(per_key.key_models().at("a") == only_a.model());
  CHECK(per_key.process(R"({"x":1,"class":"1"})", "", {"t", 0, 9999}).reason ==
        "event without a key (one model per key)");
}
