// The learner core without a broker: decoding (and its dead-letter reasons), the per-event
// order of River's progressive validation, and checkpoint/restore mid-stream.

#include <doctest/doctest.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "decoder.hpp"
#include "learner.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/datasets/friedman.hpp"
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

TEST_CASE("models that grow their classes learn labels in their own order of first sight") {
  // input.classes = ["0", "1"] names label ids; a tree takes class ids 0, 1, ... in the order it
  // sees them. The stream starts with "1" (River's tree takes any label, so no event is lost).
  constexpr const char* tree = R"({"type":"HoeffdingTreeClassifier","params":{"grace_period":50}})";
  std::vector<std::string> values = json_stream(3000);
  values.insert(values.begin(), R"({"a":3.5,"b":0.25,"class":1,"id":"first"})");
  LearnerOptions o = options();
  REQUIRE(o.classes == std::vector<std::string>{"0", "1"});
  Learner learner(o, tree);
  const auto path = std::filesystem::temp_directory_path() /
                    ("streamwise-classes-" + std::to_string(::getpid()) + ".ckpt");
  for (std::size_t i = 0; i < values.size(); ++i) {
    const kafka::Source s{"t", 0, static_cast<std::int64_t>(i)};
    const auto out = learner.process(values[i], "", s);
    REQUIRE_FALSE(out.dead_letter);
    learner.mark_done(s);
    if (i == 1500) {  // the class map goes through a checkpoint
      learner.save(path);
      Learner restored = Learner::load(path, o);
      CHECK(restored.to_checkpoint() == learner.to_checkpoint());
      learner = std::move(restored);
    }
  }
  std::filesystem::remove(path);
  CHECK(learner.counters().dead_letters == 0);
  CHECK(learner.counters().learned == values.size());
  // Oracle: the library's evaluator with class ids in order of first sight ("1" is id 0).
  FeatureSpace space;
  Decoder d(o.decoder, &space);
  auto model = registry::make_classifier_pipeline(tree);
  LabelEncoder<std::string> first_sight;
  metrics::Accuracy acc;
  std::vector<std::pair<std::vector<double>, ClassId>> rows;
  kafka::DecodedEvent e;
  for (const auto& v : values) {
    REQUIRE_FALSE(d.decode(v, e));
    rows.emplace_back(e.x, first_sight.encode(e.label));
  }
  CHECK(first_sight.decode(0) == "1");
  const double expected = evaluate::progressive_val_score(rows, model, acc);
  CHECK(learner.accuracy() == expected);
  CHECK(learner.model() == model);
  // Records and probes name the labels, whatever the model's ids: class id 0 is "1".
  CHECK(learner.prediction().find(R"("proba":{"1":)") != std::string::npos);
  const auto proba = learner.predict_proba(rows.back().first);
  REQUIRE(proba.size() == 2);
  CHECK(proba[0].first == "1");
  CHECK(proba[1].first == "0");
  const std::string label = *learner.predict_label(rows.back().first);
  CHECK(label == (proba[0].second >= proba[1].second ? "1" : "0"));

  // One model per key: each key's tree has its own order (key "b" sees "0" first).
  LearnerOptions per_key_options = o;
  per_key_options.per_key = true;
  Learner per_key(per_key_options, tree);
  Learner only_b(o, tree);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string key = i % 3 == 0 ? "b" : "a";
    REQUIRE_FALSE(
        per_key.process(values[i], key, {"t", 0, static_cast<std::int64_t>(i)}).dead_letter);
    if (key == "b") only_b.process(values[i], "", {"t", 0, static_cast<std::int64_t>(i)});
  }
  CHECK(per_key.counters().dead_letters == 0);
  CHECK(per_key.key_models().at("b") == only_b.model());
  const Learner restored = Learner::from_checkpoint(per_key.to_checkpoint(), per_key_options);
  CHECK(restored.to_checkpoint() == per_key.to_checkpoint());
  CHECK(restored.model_digest() == per_key.model_digest());
}

TEST_CASE("checkpoints before the labels are known load: no label, one label, per key") {
  constexpr const char* tree = R"({"type":"HoeffdingTreeClassifier"})";
  for (const char* spec : {kSpec, tree}) {
    CAPTURE(spec);
    LearnerOptions o = options();
    o.classes.clear();  // LogisticRegression's classes 0 and 1 then have no label yet
    Learner fresh(o, spec);
    CHECK(Learner::from_checkpoint(fresh.to_checkpoint(), o).to_checkpoint() ==
          fresh.to_checkpoint());
    REQUIRE_FALSE(fresh.process(R"({"a":1,"b":0,"class":"7"})", "", {"t", 0, 0}).dead_letter);
    CHECK(fresh.labels().size() == 1);
    const Learner one = Learner::from_checkpoint(fresh.to_checkpoint(), o);
    CHECK(one.to_checkpoint() == fresh.to_checkpoint());
    LearnerOptions per_key = o;
    per_key.per_key = true;
    Learner keyed(per_key, spec);
    REQUIRE_FALSE(keyed.process(R"({"a":1,"b":0,"class":"7"})", "k", {"t", 0, 0}).dead_letter);
    CHECK(Learner::from_checkpoint(keyed.to_checkpoint(), per_key).to_checkpoint() ==
          keyed.to_checkpoint());
  }
}

TEST_CASE("a version-1 checkpoint (label ids as class ids) loads and keeps learning so") {
  // Written by the previous version (tests/data/kafka/README.md): a tree on elec's first 300
  // rows that refused the first four. Rows 301-600 continue with the same class ids (the label
  // ids), read as the CSV they are (the features and labels of the JSON lines it consumed).
  std::ifstream in(STREAMWISE_SHARED_DATASETS_DIR "/elec.csv");
  REQUIRE(in.good());
  std::string line;
  std::getline(in, line);
  LearnerOptions o = options();
  o.decoder.key.clear();
  o.decoder.format = kafka::Format::csv;
  std::string column;
  for (std::stringstream ss(line); std::getline(ss, column, ',');) {
    o.decoder.columns.push_back(column);
  }
  Learner learner = Learner::load(STREAMWISE_TEST_DATA_DIR "/kafka/learner-v1-tree.ckpt", o);
  CHECK(learner.counters().events == 300);
  CHECK(learner.counters().learned == 296);
  CHECK(learner.counters().dead_letters == 4);
  CHECK(learner.accuracy() == 0.81355932203389836);  // as that version reported it
  std::vector<std::string> rows;
  while (rows.size() < 600 && std::getline(in, line)) rows.push_back(line);
  REQUIRE(rows.size() == 600);
  for (std::size_t i = 300; i < rows.size(); ++i) {
    REQUIRE_FALSE(learner.process(rows[i], "", {"t", 0, static_cast<std::int64_t>(i)}).dead_letter);
  }
  // Oracle: the same tree taught rows 5-600 with the label ids ("0" = 0, "1" = 1).
  constexpr const char* tree = R"({"type":"HoeffdingTreeClassifier","params":{"grace_period":50}})";
  auto model = registry::make_classifier_pipeline(tree);
  FeatureSpace space;
  Decoder d(o.decoder, &space);
  model.bind(&space);
  kafka::DecodedEvent e;
  for (std::size_t i = 4; i < rows.size(); ++i) {
    REQUIRE_FALSE(d.decode(rows[i], e));
    model.learn_one(DenseView{e.x}, static_cast<ClassId>(std::stoi(e.label)));
  }
  CHECK(learner.model() == model);
  CHECK(learner.counters().learned == 596);
  // Written again it is a version-2 checkpoint that loads to the same state.
  const Learner again = Learner::from_checkpoint(learner.to_checkpoint(), o);
  CHECK(again.to_checkpoint() == learner.to_checkpoint());
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

namespace {
// Friedman rows (River's synth.Friedman, seed 3) as JSON lines with a numeric "y" and a key.
std::vector<std::string> friedman_stream(std::size_t n) {
  datasets::Friedman gen({.seed = 3});
  datasets::RegressionSample s;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    gen.next(s);
    std::string line = "{";
    for (std::size_t j = 0; j < s.x.size(); ++j) {
      char buf[40];
      line += "\"" + std::to_string(j) + "\":";
      line.append(buf, std::to_chars(buf, buf + sizeof buf, s.x[j]).ptr);
      line += ',';
    }
    char buf[40];
    line += "\"y\":";
    line.append(buf, std::to_chars(buf, buf + sizeof buf, s.y).ptr);
    line += ",\"id\":\"k" + std::to_string(i) + "\"}";
    out.push_back(line);
  }
  return out;
}

LearnerOptions regression_options() {
  LearnerOptions o;
  o.decoder.key = "id";
  o.decoder.label = "y";
  return o;
}

constexpr const char* kRegSpec = R"([{"type":"StandardScaler"},{"type":"LinearRegression"}])";
}  // namespace

TEST_CASE("a regressor in the loop: River's progressive MAE and RMSE, value records") {
  // Oracle (River 0.26.1): for x, y in itertools.islice(synth.Friedman(seed=3), 2000):
  //   p = model.predict_one(x); mae.update(y, p); rmse.update(y, p); model.learn_one(x, y)
  // with model = preprocessing.StandardScaler() | linear_model.LinearRegression().
  const auto values = friedman_stream(2000);
  CHECK(kafka::is_regressor_spec(kRegSpec));
  CHECK_FALSE(kafka::is_regressor_spec(kSpec));
  Learner learner(regression_options(), kRegSpec);
  REQUIRE(learner.regression());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto out = learner.process(values[i], "", {"t", 0, static_cast<std::int64_t>(i)});
    REQUIRE_FALSE(out.dead_letter);
    if (i == 0) {
      CHECK(
          learner.prediction() ==
          R"({"key":"k0","topic":"t","partition":0,"offset":0,"prediction":0,"model_version":0})");
    }
  }
  CHECK(learner.mae() == 2.4203309117363934);
  CHECK(learner.rmse() == 3.2993144255567484);
  CHECK(learner.counters().learned == 2000);
  CHECK(learner.metrics_json(0.0, 0).find(
            R"("mae":2.4203309117363934,"rmse":3.2993144255567484)") != std::string::npos);

  // A label that is not a number is a dead letter that changes nothing.
  const std::string before = learner.to_checkpoint();
  const auto bad = learner.process(R"({"0":0.5,"y":"high","id":"x"})", "", {"t", 0, 2000});
  CHECK(bad.dead_letter);
  CHECK(bad.reason == "wrong type: label field 'y' is not a number");
  CHECK(learner.process(R"({"0":0.5,"y":true,"id":"x"})", "", {"t", 0, 2001}).reason ==
        "wrong type: label field 'y' is not a number");
  Learner copy = Learner::load(
      [&] {
        const auto path = std::filesystem::temp_directory_path() /
                          ("streamwise-reg-" + std::to_string(::getpid()) + ".ckpt");
        std::FILE* f = std::fopen(path.c_str(), "wb");
        std::fwrite(before.data(), 1, before.size(), f);
        std::fclose(f);
        return path;
      }(),
      regression_options());
  CHECK(copy.regressor() == learner.regressor());
  CHECK(copy.mae() == learner.mae());
}

TEST_CASE("a regressor with late labels: the inline model, across a checkpoint") {
  const auto values = friedman_stream(400);
  Learner inline_learner(regression_options(), kRegSpec);
  for (std::size_t i = 0; i < values.size(); ++i) {
    inline_learner.process(values[i], "", {"t", 0, static_cast<std::int64_t>(i)});
  }
  LearnerOptions late_opts = regression_options();
  late_opts.labels.topic = "labels";
  late_opts.labels.field = "y";
  Learner late(late_opts, kRegSpec);
  for (std::size_t b = 0; b < values.size(); b += 20) {
    for (std::size_t i = b; i < b + 20; ++i) {
      std::string event = values[i];
      const auto at = event.find(",\"y\":");
      const auto end = event.find(',', at + 1);
      event.erase(at, end - at);
      REQUIRE_FALSE(late.process(event, "", {"t", 0, static_cast<std::int64_t>(i)}).dead_letter);
    }
    if (b == 200) {  // checkpoint and restore with 20 events (and their predictions) waiting
      const auto path = std::filesystem::temp_directory_path() /
                        ("streamwise-reg-late-" + std::to_string(::getpid()) + ".ckpt");
      const std::string bytes = late.to_checkpoint();
      late.save(path);
      Learner restored = Learner::load(path, late_opts);
      std::filesystem::remove(path);
      CHECK(restored.pending() == 20);
      CHECK(restored.to_checkpoint() == bytes);
      late = std::move(restored);
    }
    for (std::size_t i = b + 20; i-- > b;) {
      const auto at = values[i].find("\"y\":");
      const auto end = values[i].find(',', at);
      const std::string label = "{" + values[i].substr(at, end - at) + "}";
      REQUIRE_FALSE(late.process_label(label, "k" + std::to_string(i)).dead_letter);
    }
  }
  CHECK(late.pending() == 0);
  CHECK(late.regressor() == inline_learner.regressor());
  // The scores use the predictions made on arrival: each block of 20 is predicted by the model
  // that has learnt the blocks before it. Reference: that schedule, on the registry's pipeline.
  FeatureSpace space;
  DecoderOptions dopts = regression_options().decoder;
  dopts.numeric_label = true;
  Decoder decoder(dopts, &space);
  auto model = registry::make_regressor_pipeline(kRegSpec);
  model.bind(&space);
  metrics::MAE mae;
  metrics::RMSE rmse;
  for (std::size_t b = 0; b < values.size(); b += 20) {
    std::vector<std::vector<double>> xs;
    std::vector<double> ys, preds;
    for (std::size_t i = b; i < b + 20; ++i) {
      kafka::DecodedEvent e;
      REQUIRE_FALSE(decoder.decode(values[i], e));
      preds.push_back(model.predict_one(DenseView{e.x}));
      xs.push_back(e.x);
      ys.push_back(e.target);
    }
    for (std::size_t i = 0; i < xs.size(); ++i) {
      mae.update(ys[i], preds[i]);
      rmse.update(ys[i], preds[i]);
      model.learn_one(DenseView{xs[i]}, ys[i]);
    }
  }
  CHECK(model == late.regressor());
  CHECK(late.mae() == mae.get());
  CHECK(late.rmse() == rmse.get());
  CHECK(late.mae() != inline_learner.mae());
  CHECK(late.process_label(R"({"y":"n/a"})", "k1").reason ==
        "wrong type: label field 'y' is not a number");
}
