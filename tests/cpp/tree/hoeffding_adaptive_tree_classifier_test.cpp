#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "streamwise/core/concepts.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/datasets/agrawal.hpp"
#include "streamwise/datasets/concept_drift_stream.hpp"
#include "streamwise/tree/criteria/gini_criterion.hpp"
#include "streamwise/tree/hoeffding_adaptive_tree_classifier.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"
#include "tree/tree_reference.hpp"

using streamwise::DenseView;
using streamwise::FeatureKind;
using streamwise::FeatureSpace;
using Hat = streamwise::tree::HoeffdingAdaptiveTreeClassifier<>;
namespace test = streamwise::test;
namespace ref = streamwise::test::tree;

static_assert(streamwise::Classifier<Hat>);
static_assert(streamwise::Classifier<streamwise::tree::HoeffdingAdaptiveTreeClassifier<
                  streamwise::tree::GaussianSplitter, streamwise::tree::GiniCriterion>>);

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

using Row = std::map<std::string, std::string>;

// Reads tests/data/tree/hatc/<name> (a CSV with a header) into rows keyed by column.
std::vector<Row> read_table(const std::string& name) {
  std::ifstream in(test::data_path("tree/hatc/" + name));
  REQUIRE_MESSAGE(in.good(), "missing tests/data/tree/hatc/" << name);
  std::string line;
  auto chomp = [](std::string& l) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
  };
  std::getline(in, line);
  chomp(line);
  std::vector<std::string> header;
  {
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) header.push_back(cell);
  }
  std::vector<Row> out;
  while (std::getline(in, line)) {
    chomp(line);
    if (line.empty()) continue;
    Row r;
    std::size_t start = 0;
    for (const auto& key : header) {
      const std::size_t comma = line.find(',', start);
      r[key] = line.substr(start, comma - start);
      start = comma == std::string::npos ? line.size() : comma + 1;
    }
    out.push_back(std::move(r));
  }
  return out;
}

Row config_named(const std::string& name) {
  for (auto& r : read_table("configs.csv")) {
    if (r["config"] == name) return r;
  }
  FAIL("no config " << name);
  return {};
}

Hat::Params params_of(const Row& c) {
  Hat::Params p;
  p.seed = 42;
  auto has = [&](const char* k) { return !c.at(k).empty(); };
  if (has("leaf_prediction")) p.leaf_prediction = c.at("leaf_prediction");
  if (has("nb_threshold")) p.nb_threshold = std::stoll(c.at("nb_threshold"));
  if (has("bootstrap_sampling")) p.bootstrap_sampling = c.at("bootstrap_sampling") == "1";
  if (has("split_criterion")) p.split_criterion = c.at("split_criterion");
  if (has("grace_period")) p.grace_period = std::stoll(c.at("grace_period"));
  if (has("drift_window_threshold")) {
    p.drift_window_threshold = std::stoll(c.at("drift_window_threshold"));
  }
  if (has("binary_split")) p.binary_split = c.at("binary_split") == "1";
  if (has("nominal_attributes")) p.nominal_attributes = {c.at("nominal_attributes")};
  if (has("max_depth")) p.max_depth = std::stoll(c.at("max_depth"));
  return p;
}

std::optional<ref::Stream> stream_for(const std::string& name) {
  if (name == "elec") return ref::read_stream(ref::shared_dataset("elec.csv"), 5000);
  if (name == "sea") return ref::read_stream(ref::shared_dataset("sea_big.csv"), 5000);
  if (name == "agrawal") return ref::read_stream(test::data_path("tree/hatc/agrawal_drift.csv"));
  if (name == "nomdrift") return ref::read_stream(test::data_path("tree/hatc/nominal_drift.csv"));
  return ref::read_stream(test::data_path("tree/nominal_stream.csv"));
}

std::vector<int> predictions_of(const std::string& config) {
  std::ifstream in(test::data_path("tree/hatc/pred_" + config + ".txt"));
  REQUIRE_MESSAGE(in.good(), "missing tests/data/tree/hatc/pred_" << config << ".txt");
  std::vector<int> out;
  int v;
  while (in >> v) out.push_back(v);
  return out;
}

// Test-then-train over rows [begin, end), checking every prediction against River's.
int replay(Hat& model, const ref::Stream& s, const std::vector<int>& expected, std::size_t begin,
           std::size_t end, const std::string& config) {
  int mismatches = 0;
  for (std::size_t t = begin; t < end; ++t) {
    const DenseView x{s.x[t]};
    const int got = model.n_classes() == 0 ? -1 : static_cast<int>(model.predict_one(x));
    if (got != expected[t]) {
      if (mismatches == 0) {
        FAIL_CHECK(config << ": first mismatch at step " << t << ": River " << expected[t]
                          << ", streamwise " << got);
      }
      ++mismatches;
    }
    model.learn_one(x, s.y[t]);
  }
  return mismatches;
}

void check_summary(const Hat& model, const Row& c) {
  const auto s = model.summary();
  CHECK(s.n_nodes == std::stoul(c.at("n_nodes")));
  CHECK(s.n_leaves == std::stoul(c.at("n_leaves")));
  CHECK(s.height == std::stoul(c.at("height")));
  CHECK(s.n_active_leaves == std::stoll(c.at("n_active_leaves")));
  CHECK(s.n_inactive_leaves == std::stoll(c.at("n_inactive_leaves")));
  CHECK(s.n_alternate_trees == std::stoll(c.at("n_alternate_trees")));
  CHECK(s.n_pruned_alternate_trees == std::stoll(c.at("n_pruned_alternate_trees")));
  CHECK(s.n_switch_alternate_trees == std::stoll(c.at("n_switch_alternate_trees")));
}

// Progressive accuracy of a default model (seed 42) over a whole stream.
double progressive_accuracy(const ref::Stream& s) {
  Hat model(Hat::Params{.seed = 42});
  std::size_t correct = 0;
  for (std::size_t t = 0; t < s.x.size(); ++t) {
    const DenseView x{s.x[t]};
    if (model.n_classes() > 0 && model.predict_one(x) == s.y[t]) ++correct;
    model.learn_one(x, s.y[t]);
  }
  return static_cast<double>(correct) / static_cast<double>(s.x.size());
}

// The 100,000-row Agrawal drift stream of full_accuracy.csv, labels as ids in order of first
// appearance.
ref::Stream agrawal_drift_stream(std::size_t n) {
  using streamwise::datasets::Agrawal;
  streamwise::datasets::ConceptDriftStream<Agrawal> gen(
      {.stream = Agrawal({.classification_function = 0, .seed = 1}),
       .drift_stream = Agrawal({.classification_function = 2, .seed = 2}),
       .position = 50000,
       .width = 1000,
       .seed = 3});
  ref::Stream s;
  std::map<std::uint32_t, std::uint32_t> ids;
  for (std::size_t t = 0; t < n; ++t) {
    const auto sample = gen.next();
    const auto [it, fresh] =
        ids.emplace(static_cast<std::uint32_t>(sample.y), static_cast<std::uint32_t>(ids.size()));
    s.x.push_back(sample.x);
    s.y.push_back(it->second);
  }
  return s;
}
}  // namespace

TEST_CASE("HoeffdingAdaptiveTreeClassifier matches River's prediction at every step") {
  const auto configs = read_table("configs.csv");
  REQUIRE(configs.size() == 28);
  for (const auto& c : configs) {
    const std::string& config = c.at("config");
    CAPTURE(config);
    const auto stream = stream_for(c.at("stream"));
    if (!stream) {
      MESSAGE("skipping " << config << ": ../shared/datasets has no " << c.at("stream") << " file");
      continue;
    }
    const auto expected = predictions_of(config);
    REQUIRE(expected.size() == stream->x.size());
    FeatureSpace space;
    for (const auto& n : stream->names) space.intern(n);
    Hat model(params_of(c));
    model.bind(&space);
    CHECK(replay(model, *stream, expected, 0, stream->x.size(), config) == 0);
    check_summary(model, c);
  }
}

TEST_CASE("HoeffdingAdaptiveTreeClassifier full-stream accuracy is within a point of River's") {
  const auto rows = read_table("full_accuracy.csv");
  REQUIRE(rows.size() == 3);
  for (const auto& row : rows) {
    const std::string& name = row.at("stream");
    CAPTURE(name);
    std::optional<ref::Stream> stream;
    if (name == "elec") {
      stream = ref::read_stream(ref::shared_dataset("elec.csv"));
    } else if (name == "sea") {
      stream = ref::read_stream(ref::shared_dataset("sea_big.csv"), 100000);
    } else {
      stream = agrawal_drift_stream(100000);
    }
    if (!stream) {
      MESSAGE("skipping the full " << name << " run: ../shared/datasets has no such file");
      continue;
    }
    REQUIRE(stream->x.size() == std::stoul(row.at("rows")));
    const double river = std::stod(row.at("accuracy"));
    const double ours = progressive_accuracy(*stream);
    MESSAGE(name << ": River " << river << ", streamwise " << ours);
    CHECK(std::fabs(ours - river) <= 0.01);
  }
}

TEST_CASE("HoeffdingAdaptiveTreeClassifier checkpoint round-trip while an alternate grows") {
  for (const char* config :
       {"agrawal_nba_fast", "agrawal_nb", "elec_nba_fast", "nomdrift_nba", "nomdrift_mc_noboot"}) {
    CAPTURE(config);
    const Row c = config_named(config);
    const auto stream = stream_for(c.at("stream"));
    if (!stream) {
      MESSAGE("skipping " << config << ": dataset file missing");
      continue;
    }
    const auto expected = predictions_of(config);
    FeatureSpace space;
    for (const auto& n : stream->names) space.intern(n);
    Hat model(params_of(c));
    model.bind(&space);
    // Learn until a branch grows an alternate subtree, then a little more.
    std::size_t t = 0;
    while (t < stream->x.size() && model.n_growing_alternates() == 0) {
      CHECK(replay(model, *stream, expected, t, t + 1, config) == 0);
      ++t;
    }
    REQUIRE(model.n_growing_alternates() > 0);
    const std::size_t mid = std::min(t + 10, stream->x.size());
    CHECK(replay(model, *stream, expected, t, mid, config) == 0);
    REQUIRE(model.n_growing_alternates() > 0);
    Hat restored = test::roundtrip(model);
    CHECK(restored == model);
    restored.bind(&space);
    CHECK(replay(restored, *stream, expected, mid, stream->x.size(), config) == 0);
    CHECK(replay(model, *stream, expected, mid, stream->x.size(), config) == 0);
    CHECK(restored == model);
    check_summary(restored, c);
  }
  Hat empty(Hat::Params{.seed = 7});
  CHECK(test::roundtrip(empty) == empty);
}

TEST_CASE("HoeffdingAdaptiveTreeClassifier spec") {
  Hat model(Hat::Params{.seed = 1});
  CHECK(streamwise::to_json(streamwise::spec_of(model)) ==
        R"({"type":"HoeffdingAdaptiveTreeClassifier","params":{"grace_period":200,)"
        R"("max_depth":null,"split_criterion":"info_gain","delta":1e-07,"tau":0.05,)"
        R"("leaf_prediction":"nba","nb_threshold":0,"nominal_attributes":null,)"
        R"("splitter":{"type":"GaussianSplitter","params":{"n_splits":10}},)"
        R"("bootstrap_sampling":true,"drift_window_threshold":300,)"
        R"("drift_detector":{"type":"ADWIN","params":{"delta":0.002,"clock":32,)"
        R"("max_buckets":5,"min_window_length":5,"grace_period":10}},)"
        R"("switch_significance":0.05,"binary_split":false,"min_branch_fraction":0.01,)"
        R"("max_share_to_split":0.99,"max_size":100.0,"memory_estimate_period":1000000,)"
        R"("stop_mem_management":false,"remove_poor_attrs":false,"merit_preprune":true,)"
        R"("seed":1}})");
  // seed None draws a seed; an explicit seed is used as given.
  CHECK(model.effective_seed() == 1);
  Hat a(Hat::Params{.seed = 5}), b(Hat::Params{.seed = 5});
  CHECK(a == b);
}

TEST_CASE("HoeffdingAdaptiveTreeClassifier before learning, one class, constant features") {
  Hat model(Hat::Params{.seed = 1});
  const double x[] = {1.0, 2.0};
  CHECK(model.n_classes() == 0);
  CHECK(model.predict_one(DenseView{x}) == 0);  // River returns None
  model.predict_proba_one(DenseView{x}, {});
  CHECK(model.n_nodes() == 0);
  CHECK(model.height() == 0);
  CHECK(model.debug_one(DenseView{x}).empty());

  // One class only: probability 1, never splits (the leaf is pure).
  for (int i = 0; i < 500; ++i) model.learn_one(DenseView{x}, 0);
  std::vector<double> p(1);
  model.predict_proba_one(DenseView{x}, p);
  CHECK(p[0] == 1.0);
  CHECK(model.n_nodes() == 1);
  CHECK(model.height() == 1);
  CHECK(model.summary().total_observed_weight == 500.0);

  // Constant features cannot be split on.
  Hat constant(Hat::Params{.grace_period = 20, .seed = 3});
  for (int i = 0; i < 400; ++i) constant.learn_one(DenseView{x}, static_cast<unsigned>(i % 2));
  CHECK(constant.n_nodes() == 1);
  std::vector<double> q(2);
  constant.predict_proba_one(DenseView{x}, q);
  CHECK(q[0] + q[1] == doctest::Approx(1.0));
  // w = 0 changes nothing.
  const Hat before = constant;
  constant.learn_one(DenseView{x}, 1, 0.0);
  CHECK(constant == before);
}

TEST_CASE("HoeffdingAdaptiveTreeClassifier: a class first seen mid-stream") {
  Hat model(Hat::Params{.grace_period = 50, .seed = 2});
  for (int i = 0; i < 300; ++i) {
    const double x[] = {static_cast<double>(i % 10)};
    model.learn_one(DenseView{x}, i % 10 < 5 ? 0 : 1);
  }
  CHECK(model.n_classes() == 2);
  const double x9[] = {9.0};
  model.learn_one(DenseView{x9}, 2);
  CHECK(model.n_classes() == 3);
  std::vector<double> p(3);
  model.predict_proba_one(DenseView{x9}, p);
  CHECK(p[0] + p[1] + p[2] == doctest::Approx(1.0));
  CHECK(p[2] >= 0.0);
}

TEST_CASE("HoeffdingAdaptiveTreeClassifier: missing features and unseen nominal values") {
  FeatureSpace space;
  const auto color = space.intern("color", FeatureKind::nominal);
  space.intern("size");
  Hat model(Hat::Params{.grace_period = 20, .bootstrap_sampling = false, .seed = 1});
  model.bind(&space);
  const double red = space.encode_nominal(color, "red");
  const double blue = space.encode_nominal(color, "blue");
  for (int i = 0; i < 200; ++i) {
    const double x[] = {i % 2 ? red : blue, static_cast<double>(i % 7)};
    model.learn_one(DenseView{x}, i % 2 ? 1 : 0);
  }
  REQUIRE(model.n_branches() == 1);
  const double leaves = static_cast<double>(model.n_leaves());
  // A missing split feature follows the most traversed child, when predicting and learning.
  const double missing[] = {kNaN, 3.0};
  std::vector<double> p(2);
  model.predict_proba_one(DenseView{missing}, p);
  CHECK(p[0] + p[1] == doctest::Approx(1.0));
  model.learn_one(DenseView{missing}, 0);
  CHECK(static_cast<double>(model.n_leaves()) == leaves);
  CHECK(model.debug_one(DenseView{missing}).find("color = ") == 0);
  // A new nominal value grows a new branch of the multiway split.
  const double green = space.encode_nominal(color, "green");
  const double x_green[] = {green, 1.0};
  model.learn_one(DenseView{x_green}, 1);
  CHECK(static_cast<double>(model.n_leaves()) == leaves + 1);
  CHECK(model.debug_one(DenseView{x_green}).find("color = green") == 0);
  CHECK(model.to_dot().find("digraph") == 0);
}

TEST_CASE("HoeffdingAdaptiveTreeClassifier rejects bad input and leaves the model unchanged") {
  Hat model(Hat::Params{.seed = 1});
  const double x[] = {1.0, 2.0};
  model.learn_one(DenseView{x}, 0);
  model.learn_one(DenseView{x}, 1);
  const Hat before = model;
  const double bad[] = {1.0, kInf};
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{bad}, 0),
                       "HoeffdingAdaptiveTreeClassifier: x[1] must be finite, got inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(
      model.learn_one(DenseView{x}, 0, -1.0),
      "HoeffdingAdaptiveTreeClassifier: weight w must be finite and >= 0, got -1.000000",
      streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{x}, 5),
                       "HoeffdingAdaptiveTreeClassifier: class id 5 skips ids; the next new "
                       "class id must be 2",
                       streamwise::InvalidInput);
  std::vector<double> small(1);
  CHECK_THROWS_WITH_AS(model.predict_proba_one(DenseView{x}, small),
                       "HoeffdingAdaptiveTreeClassifier: out has 1 slots for 2 classes",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(model.predict_one(DenseView{bad}), streamwise::InvalidInput);
  CHECK(model == before);
}

TEST_CASE("HoeffdingAdaptiveTreeClassifier validates its parameters") {
  auto message = [](Hat::Params p) {
    try {
      Hat m(p);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message({.grace_period = 0}) ==
        "HoeffdingAdaptiveTreeClassifier: grace_period must be > 0");
  CHECK(message({.split_criterion = "x"}) ==
        "HoeffdingAdaptiveTreeClassifier: split_criterion must be one of \"info_gain\", "
        "\"gini\", \"hellinger\"");
  CHECK(message({.delta = 1.0}) == "HoeffdingAdaptiveTreeClassifier: delta must be in (0, 1)");
  CHECK(message({.leaf_prediction = "x"}) ==
        "HoeffdingAdaptiveTreeClassifier: leaf_prediction must be one of \"mc\", \"nb\", "
        "\"nba\"");
  CHECK(message({.drift_window_threshold = -1}) ==
        "HoeffdingAdaptiveTreeClassifier: drift_window_threshold must be >= 0");
  CHECK(message({.switch_significance = 0.0}) ==
        "HoeffdingAdaptiveTreeClassifier: switch_significance must be in (0, 1)");
  CHECK(message({.max_size = -1.0}) ==
        "HoeffdingAdaptiveTreeClassifier: max_size must be finite and > 0");
  Hat::Params p;
  p.split_criterion = "info_gain";
  CHECK_THROWS_WITH_AS(
      (streamwise::tree::HoeffdingAdaptiveTreeClassifier<streamwise::tree::GaussianSplitter,
                                                         streamwise::tree::GiniCriterion>(p)),
      "HoeffdingAdaptiveTreeClassifier: split_criterion must be \"gini\" with this Criterion "
      "policy",
      std::invalid_argument);
}
