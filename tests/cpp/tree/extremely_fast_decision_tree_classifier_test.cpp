#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "streamwise/core/concepts.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/datasets/agrawal.hpp"
#include "streamwise/datasets/concept_drift_stream.hpp"
#include "streamwise/tree/criteria/gini_criterion.hpp"
#include "streamwise/tree/extremely_fast_decision_tree_classifier.hpp"
#include "streamwise/tree/splitters/exhaustive_splitter.hpp"
#include "streamwise/tree/splitters/histogram_splitter.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"
#include "tree/tree_reference.hpp"

using streamwise::DenseView;
using streamwise::FeatureKind;
using streamwise::FeatureSpace;
using Tree = streamwise::tree::ExtremelyFastDecisionTreeClassifier<>;
using ExhaustiveTree =
    streamwise::tree::ExtremelyFastDecisionTreeClassifier<streamwise::tree::ExhaustiveSplitter>;
using HistogramTree =
    streamwise::tree::ExtremelyFastDecisionTreeClassifier<streamwise::tree::HistogramSplitter>;
namespace test = streamwise::test;
namespace ref = streamwise::test::tree;

static_assert(streamwise::Classifier<Tree>);
static_assert(streamwise::Classifier<streamwise::tree::ExtremelyFastDecisionTreeClassifier<
                  streamwise::tree::GaussianSplitter, streamwise::tree::GiniCriterion>>);

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Rows of a CSV with a header, as name -> cell maps.
std::vector<std::map<std::string, std::string>> read_table(const std::string& file) {
  std::ifstream in(test::data_path("tree/efdt/" + file));
  REQUIRE_MESSAGE(in.good(), "missing tests/data/tree/efdt/" << file);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  {
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) header.push_back(cell);
  }
  std::vector<std::map<std::string, std::string>> out;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::map<std::string, std::string> row;
    std::size_t start = 0;
    for (const auto& key : header) {
      const std::size_t comma = line.find(',', start);
      row[key] = line.substr(start, comma - start);
      start = comma == std::string::npos ? line.size() : comma + 1;
    }
    out.push_back(std::move(row));
  }
  return out;
}

using Row = std::map<std::string, std::string>;

Row config_named(const std::string& name) {
  for (auto& row : read_table("configs.csv")) {
    if (row["name"] == name) return row;
  }
  FAIL("no configuration " << name);
  return {};
}

std::vector<int> predictions_of(const std::string& config) {
  std::ifstream in(test::data_path("tree/efdt/pred_" + config + ".txt"));
  REQUIRE_MESSAGE(in.good(), "missing tests/data/tree/efdt/pred_" << config << ".txt");
  std::vector<int> out;
  int v;
  while (in >> v) out.push_back(v);
  return out;
}

template <class T = Tree>
typename T::Params params_of(const Row& c) {
  typename T::Params p;
  p.grace_period = std::stoll(c.at("grace_period"));
  if (!c.at("max_depth").empty()) p.max_depth = std::stoll(c.at("max_depth"));
  p.min_samples_reevaluate = std::stoll(c.at("min_samples_reevaluate"));
  p.split_criterion = c.at("split_criterion");
  p.delta = std::stod(c.at("delta"));
  p.tau = std::stod(c.at("tau"));
  p.leaf_prediction = c.at("leaf_prediction");
  p.nb_threshold = std::stoll(c.at("nb_threshold"));
  p.binary_split = c.at("binary_split") == "1";
  p.min_branch_fraction = std::stod(c.at("min_branch_fraction"));
  p.max_share_to_split = std::stod(c.at("max_share_to_split"));
  const std::string& nominal = c.at("nominal_attributes");
  if (!nominal.empty()) p.nominal_attributes = ref::split_text(nominal + ";", ";");
  return p;
}

// River's ConceptDriftStream(Agrawal(0, seed 42), Agrawal(2, seed 42), position, width,
// seed 42), labels as ids in order of first appearance.
ref::Stream agrawal_stream(std::size_t n, std::int64_t position, std::int64_t width) {
  using streamwise::datasets::Agrawal;
  streamwise::datasets::ConceptDriftStream<Agrawal> gen(
      {.stream = Agrawal({.classification_function = 0, .seed = 42}),
       .drift_stream = Agrawal({.classification_function = 2, .seed = 42}),
       .position = position,
       .width = width,
       .seed = 42});
  ref::Stream s;
  s.names = gen.feature_names();
  std::map<std::uint32_t, std::uint32_t> ids;
  streamwise::datasets::ClassificationSample sample;
  for (std::size_t t = 0; t < n; ++t) {
    gen.next(sample);
    const auto [it, fresh] =
        ids.emplace(static_cast<std::uint32_t>(sample.y), static_cast<std::uint32_t>(ids.size()));
    s.x.push_back(sample.x);
    s.y.push_back(it->second);
  }
  return s;
}

std::optional<ref::Stream> stream_for(const std::string& dataset) {
  if (dataset == "elec") return ref::read_stream(ref::shared_dataset("elec.csv"), 5000);
  if (dataset == "sea") return ref::read_stream(ref::shared_dataset("sea_big.csv"), 5000);
  if (dataset == "agrawal") return agrawal_stream(5000, 2500, 50);
  return ref::read_stream(test::data_path("tree/nominal_stream.csv"));
}

// Test-then-train over rows [begin, end), checking every prediction against River's. With
// `weighted`, row t is learnt with weight {1, 2, 0.5, 1.5}[t % 4] (as the generator does).
template <class T>
int replay(T& model, const ref::Stream& s, const std::vector<int>& expected, std::size_t begin,
           std::size_t end, const std::string& config, bool weighted) {
  constexpr double weights[] = {1.0, 2.0, 0.5, 1.5};
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
    model.learn_one(x, s.y[t], weighted ? weights[t % 4] : 1.0);
  }
  return mismatches;
}
}  // namespace

namespace {
template <class T>
void check_config(const Row& c, const typename T::Params& p) {
  const auto stream = stream_for(c.at("dataset"));
  if (!stream) {
    MESSAGE("skipping " << c.at("name") << ": ../shared/datasets lacks " << c.at("dataset"));
    return;
  }
  CAPTURE(c.at("name"));
  const auto expected = predictions_of(c.at("name"));
  const std::size_t rows = std::stoul(c.at("rows"));  // a prefix of the stream
  REQUIRE(rows <= stream->x.size());
  REQUIRE(expected.size() == rows);
  FeatureSpace space;
  for (const auto& n : stream->names) space.intern(n);
  T model(p);
  model.bind(&space);
  CHECK(replay(model, *stream, expected, 0, rows, c.at("name"), c.at("weighted") == "1") == 0);
  CHECK(model.n_nodes() == std::stoul(c.at("n_nodes")));
  CHECK(model.n_leaves() == std::stoul(c.at("n_leaves")));
  CHECK(model.height() == std::stoul(c.at("height")));
  CHECK(model.n_active_leaves() == std::stoll(c.at("n_active_leaves")));
  CHECK(model.n_inactive_leaves() == std::stoll(c.at("n_inactive_leaves")));
  CHECK(model.events().replaced == std::stoull(c.at("replaced")));
  CHECK(model.events().retested == std::stoull(c.at("retested")));
  CHECK(model.events().killed == std::stoull(c.at("killed")));
}
}  // namespace

TEST_CASE("ExtremelyFastDecisionTreeClassifier matches River's prediction at every step") {
  const auto configs = read_table("configs.csv");
  REQUIRE(configs.size() == 27);
  for (const auto& c : configs) {
    const std::string& splitter = c.at("splitter");
    if (splitter == "gaussian") {
      check_config<Tree>(c, params_of<Tree>(c));
    } else if (splitter == "exhaustive") {
      check_config<ExhaustiveTree>(c, params_of<ExhaustiveTree>(c));
    } else {
      // "histogram:<n_bins>:<n_splits>"
      const auto parts = ref::split_text(splitter + ":", ":");
      REQUIRE(parts.size() == 3);
      auto p = params_of<HistogramTree>(c);
      p.splitter = streamwise::tree::HistogramSplitter(
          {.n_bins = std::stoll(parts[1]), .n_splits = std::stoll(parts[2])});
      check_config<HistogramTree>(c, p);
    }
  }
}

TEST_CASE("ExtremelyFastDecisionTreeClassifier: the Agrawal drift stream is River's") {
  const auto head = read_table("agrawal_head.csv");
  REQUIRE(head.size() == 10);
  const auto s = agrawal_stream(2503, 2500, 50);
  const std::size_t rows[] = {0, 1, 2, 3, 4, 2498, 2499, 2500, 2501, 2502};
  for (std::size_t k = 0; k < 10; ++k) {
    CAPTURE(k);
    for (std::size_t f = 0; f < s.names.size(); ++f) {
      CHECK(s.x[rows[k]][f] == std::stod(head[k].at(s.names[f])));
    }
    CHECK(s.y[rows[k]] == std::stoul(head[k].at("class")));
  }
}

TEST_CASE("ExtremelyFastDecisionTreeClassifier::debug_one prints River's text") {
  const auto stream = ref::read_stream(ref::shared_dataset("elec.csv"), 5000);
  if (!stream) {
    MESSAGE("skipping: ../shared/datasets/elec.csv is missing");
    return;
  }
  FeatureSpace space;
  for (const auto& n : stream->names) space.intern(n);
  Tree model;  // elec_nba_info_gain: River's defaults
  model.bind(&space);
  for (std::size_t t = 0; t < stream->x.size(); ++t) {
    model.learn_one(DenseView{stream->x[t]}, stream->y[t]);
  }
  std::ifstream in(test::data_path("tree/efdt/debug_one.txt"));
  REQUIRE(in.good());
  std::stringstream all;
  all << in.rdbuf();
  const auto expected = ref::split_text(all.str(), "@@\n");
  REQUIRE(expected.size() == 20);
  for (std::size_t t = 0; t < 20; ++t) {
    CAPTURE(t);
    CHECK(model.debug_one(DenseView{stream->x[t]}) == expected[t]);
  }
  const std::string dot = model.to_dot();
  CHECK(dot.rfind("digraph {", 0) == 0);
  CHECK(dot.find("samples: ") != std::string::npos);
}

TEST_CASE("ExtremelyFastDecisionTreeClassifier: full-stream accuracy within 0.3 points of River") {
  for (const auto& row : read_table("full_accuracy.csv")) {
    const std::string& dataset = row.at("dataset");
    std::optional<ref::Stream> stream;
    if (dataset == "agrawal") {
      stream = agrawal_stream(100000, 50000, 500);
    } else {
      stream =
          ref::read_stream(ref::shared_dataset(dataset == "elec" ? "elec.csv" : "sea_big.csv"));
    }
    if (!stream) {
      MESSAGE("skipping " << dataset << ": not in ../shared/datasets");
      continue;
    }
    REQUIRE(stream->x.size() == std::stoul(row.at("rows")));
    Tree model;
    std::size_t correct = 0;
    for (std::size_t t = 0; t < stream->x.size(); ++t) {
      const DenseView x{stream->x[t]};
      correct += model.n_classes() > 0 && model.predict_one(x) == stream->y[t];
      model.learn_one(x, stream->y[t]);
    }
    const double accuracy = static_cast<double>(correct) / static_cast<double>(stream->x.size());
    MESSAGE(dataset << ": streamwise " << accuracy << ", River " << row.at("accuracy"));
    CHECK(std::fabs(accuracy - std::stod(row.at("accuracy"))) <= 0.003);
  }
}

TEST_CASE("ExtremelyFastDecisionTreeClassifier checkpoint round-trip right after a replacement") {
  for (const char* config : {"nominal_nba_hellinger", "agrawal_nb_hellinger", "sea_fast"}) {
    CAPTURE(config);
    const Row c = config_named(config);
    const auto stream = stream_for(c.at("dataset"));
    if (!stream) {
      MESSAGE("skipping " << config << ": ../shared/datasets lacks " << c.at("dataset"));
      continue;
    }
    const auto expected = predictions_of(config);
    const std::size_t cut = std::stoul(c.at("first_replace")) + 1;  // just after that learn_one
    FeatureSpace space;
    for (const auto& n : stream->names) space.intern(n);
    Tree model(params_of(c));
    model.bind(&space);
    CHECK(replay(model, *stream, expected, 0, cut - 1, config, false) == 0);
    CHECK(model.events().replaced == 0);
    CHECK(replay(model, *stream, expected, cut - 1, cut, config, false) == 0);
    CHECK(model.events().replaced == 1);
    Tree restored = test::roundtrip(model);
    CHECK(restored == model);
    restored.bind(&space);
    CHECK(replay(restored, *stream, expected, cut, stream->x.size(), config, false) == 0);
    CHECK(replay(model, *stream, expected, cut, stream->x.size(), config, false) == 0);
    CHECK(restored == model);
  }
  Tree empty;
  CHECK(test::roundtrip(empty) == empty);
  CHECK(streamwise::to_json(streamwise::spec_of(empty)) ==
        R"({"type":"ExtremelyFastDecisionTreeClassifier","params":{"grace_period":200,)"
        R"("max_depth":null,"min_samples_reevaluate":20,"split_criterion":"info_gain",)"
        R"("delta":1e-07,"tau":0.05,"leaf_prediction":"nba","nb_threshold":0,)"
        R"("nominal_attributes":null,"splitter":{"type":"GaussianSplitter",)"
        R"("params":{"n_splits":10}},"binary_split":false,"min_branch_fraction":0.01,)"
        R"("max_share_to_split":0.99,"max_size":100.0,"memory_estimate_period":1000000,)"
        R"("stop_mem_management":false,"remove_poor_attrs":false,"merit_preprune":true}})");
}

TEST_CASE("ExtremelyFastDecisionTreeClassifier before learning, one class, constant features") {
  Tree model;
  const double x[] = {1.0, 2.0};
  CHECK(model.n_classes() == 0);
  CHECK(model.predict_one(DenseView{x}) == 0);  // River returns None
  model.predict_proba_one(DenseView{x}, {});
  CHECK(model.n_nodes() == 0);
  CHECK(model.height() == 0);
  CHECK(model.debug_one(DenseView{x}).empty());
  CHECK(model.summary() == streamwise::tree::TreeSummary{});

  // One class only: probability 1, never splits (the leaf is pure).
  for (int i = 0; i < 500; ++i) model.learn_one(DenseView{x}, 0);
  std::vector<double> p(1);
  model.predict_proba_one(DenseView{x}, p);
  CHECK(p[0] == 1.0);
  CHECK(model.n_nodes() == 1);
  CHECK(model.height() == 1);

  // Constant features give no split candidate: at the first attempt "no split" is the best
  // candidate and the leaf stops learning splitters.
  Tree constant(Tree::Params{.grace_period = 20});
  for (int i = 0; i < 400; ++i) constant.learn_one(DenseView{x}, static_cast<unsigned>(i % 2));
  CHECK(constant.n_nodes() == 1);
  CHECK(constant.n_inactive_leaves() == 1);
  CHECK(constant.n_active_leaves() == 0);
  CHECK(constant.summary().total_observed_weight == 400.0);
}

TEST_CASE("ExtremelyFastDecisionTreeClassifier: a drifting concept replaces the root split") {
  // Feature 0 decides the class first, then feature 1 does: re-evaluation at the root swaps
  // the split for one on feature 1.
  Tree model(Tree::Params{.grace_period = 50, .leaf_prediction = "mc"});
  streamwise::Rng rng(17);
  const double first[] = {0.1, 0.9};
  model.learn_one(DenseView{first}, 0);
  for (int t = 0; t < 4000; ++t) {
    const double x[] = {rng.uniform(), rng.uniform()};
    model.learn_one(DenseView{x}, (t < 1000 ? x[0] : x[1]) < 0.5 ? 0 : 1);
  }
  CHECK(model.events().replaced >= 1);
  CHECK(model.debug_one(DenseView{first}).rfind("1 ", 0) == 0);  // the root tests feature 1
  const double a[] = {0.9, 0.2}, b[] = {0.1, 0.8};
  CHECK(model.predict_one(DenseView{a}) == 0);
  CHECK(model.predict_one(DenseView{b}) == 1);
  CHECK(model.n_active_leaves() + model.n_inactive_leaves() ==
        static_cast<std::int64_t>(model.n_leaves()));
  CHECK(test::roundtrip(model) == model);
}

TEST_CASE("ExtremelyFastDecisionTreeClassifier: missing features follow the heaviest branch") {
  Tree model(Tree::Params{.grace_period = 50, .leaf_prediction = "mc"});
  streamwise::Rng rng(11);
  for (int t = 0; t < 2000; ++t) {
    const double v = rng.uniform();
    const double x[] = {v, rng.uniform()};
    model.learn_one(DenseView{x}, v < 0.7 ? 0 : 1);  // class 0 is heavier
  }
  REQUIRE(model.n_branches() >= 1);
  const double missing[] = {kNaN, 0.5};
  CHECK(model.predict_one(DenseView{missing}) == 0);
  CHECK(model.debug_one(DenseView{missing}).rfind("0 ≤ ", 0) == 0);
  const Tree before = model;
  model.learn_one(DenseView{missing}, 1);
  CHECK(model.total_weight_seen() == before.total_weight_seen() + 1.0);
}

TEST_CASE("ExtremelyFastDecisionTreeClassifier: an unseen nominal value grows a branch") {
  FeatureSpace space;
  const auto color = space.intern("color", FeatureKind::nominal);
  Tree model(Tree::Params{.grace_period = 30, .leaf_prediction = "mc"});
  model.bind(&space);
  const double red = space.encode_nominal(color, "red");
  const double blue = space.encode_nominal(color, "blue");
  for (int t = 0; t < 200; ++t) {
    const double x[] = {t % 2 ? red : blue};
    model.learn_one(DenseView{x}, t % 2 ? 1 : 0);
  }
  REQUIRE(model.n_branches() == 1);
  CHECK(model.n_leaves() == 2);
  const double x_red[] = {red};
  CHECK(model.debug_one(DenseView{x_red}) == "color = red\nClass 1:\n\tP(1) = 1.0\n");
  const double green = space.encode_nominal(color, "green");
  const double x_green[] = {green};
  (void)model.predict_one(DenseView{x_green});
  CHECK(model.n_leaves() == 2);
  model.learn_one(DenseView{x_green}, 0);
  CHECK(model.n_leaves() == 3);
  CHECK(model.n_active_leaves() == 3);
  CHECK(model.predict_one(DenseView{x_green}) == 0);
  CHECK(model.to_dot().find("xlabel=\"green\"") != std::string::npos);
  CHECK(model.summary() == streamwise::tree::TreeSummary{4, 1, 3, 3, 0, 2, 201.0});
}

TEST_CASE("ExtremelyFastDecisionTreeClassifier rejects bad input without changing state") {
  Tree model;
  const double a[] = {1.0, 2.0}, b[] = {3.0, kNaN};
  model.learn_one(DenseView{a}, 0);
  model.learn_one(DenseView{b}, 1);
  const Tree before = model;
  const double bad[] = {1.0, -kInf};
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{bad}, 0),
                       "ExtremelyFastDecisionTreeClassifier: x[1] must be finite, got -inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(
      model.learn_one(DenseView{a}, 0, -1.0),
      "ExtremelyFastDecisionTreeClassifier: weight w must be finite and >= 0, got -1.000000",
      streamwise::InvalidInput);
  CHECK_THROWS_AS(model.learn_one(DenseView{a}, 0, kNaN), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{a}, 5),
                       "ExtremelyFastDecisionTreeClassifier: class id 5 skips ids; the next new "
                       "class id must be 2",
                       streamwise::InvalidInput);
  std::vector<double> small(1);
  CHECK_THROWS_WITH_AS(model.predict_proba_one(DenseView{a}, small),
                       "ExtremelyFastDecisionTreeClassifier: out has 1 slots for 2 classes",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(model.predict_one(DenseView{bad}), streamwise::InvalidInput);
  model.learn_one(DenseView{a}, 2, 0.0);  // zero weight: nothing happens
  CHECK(model == before);
  CHECK(model.n_classes() == 2);
}

TEST_CASE("ExtremelyFastDecisionTreeClassifier validates its parameters") {
  auto bad = [](auto change, const char* message) {
    Tree::Params p;
    change(p);
    CHECK_THROWS_WITH_AS(Tree{p}, message, std::invalid_argument);
  };
  bad([](auto& p) { p.grace_period = 0; },
      "ExtremelyFastDecisionTreeClassifier: grace_period must be > 0");
  bad([](auto& p) { p.max_depth = -1; },
      "ExtremelyFastDecisionTreeClassifier: max_depth must be None or >= 0");
  bad([](auto& p) { p.min_samples_reevaluate = -1; },
      "ExtremelyFastDecisionTreeClassifier: min_samples_reevaluate must be >= 0");
  bad([](auto& p) { p.split_criterion = "entropy"; },
      "ExtremelyFastDecisionTreeClassifier: split_criterion must be one of \"info_gain\", "
      "\"gini\", \"hellinger\"");
  bad([](auto& p) { p.delta = 1.0; },
      "ExtremelyFastDecisionTreeClassifier: delta must be in (0, 1)");
  bad([](auto& p) { p.tau = kNaN; },
      "ExtremelyFastDecisionTreeClassifier: tau must be finite and >= 0");
  bad([](auto& p) { p.leaf_prediction = "knn"; },
      "ExtremelyFastDecisionTreeClassifier: leaf_prediction must be one of \"mc\", \"nb\", "
      "\"nba\"");
  bad([](auto& p) { p.nb_threshold = -1; },
      "ExtremelyFastDecisionTreeClassifier: nb_threshold must be >= 0");
  bad([](auto& p) { p.min_branch_fraction = 1.0; },
      "ExtremelyFastDecisionTreeClassifier: min_branch_fraction must be in [0, 1)");
  bad([](auto& p) { p.max_share_to_split = 1.5; },
      "ExtremelyFastDecisionTreeClassifier: max_share_to_split must be in (0, 1]");
  bad([](auto& p) { p.max_size = kInf; },
      "ExtremelyFastDecisionTreeClassifier: max_size must be finite and > 0");
  bad([](auto& p) { p.memory_estimate_period = 0; },
      "ExtremelyFastDecisionTreeClassifier: memory_estimate_period must be > 0");
  using GiniTree =
      streamwise::tree::ExtremelyFastDecisionTreeClassifier<streamwise::tree::GaussianSplitter,
                                                            streamwise::tree::GiniCriterion>;
  GiniTree::Params gp;
  CHECK_THROWS_WITH_AS(GiniTree{gp},
                       "ExtremelyFastDecisionTreeClassifier: split_criterion must be \"gini\" "
                       "with this Criterion policy",
                       std::invalid_argument);
  gp.split_criterion = "gini";
  CHECK_NOTHROW(GiniTree{gp});
  const auto p = streamwise::params_from_list<Tree::Params>(
      {{"min_samples_reevaluate", std::int64_t{5}}, {"nominal_attributes", std::string("a,b")}},
      "ExtremelyFastDecisionTreeClassifier");
  CHECK(p.min_samples_reevaluate == 5);
  CHECK(p.nominal_attributes == std::vector<std::string>{"a", "b"});
}

TEST_CASE("ExtremelyFastDecisionTreeClassifier: nominal attributes by index without a space") {
  // Same stream and parameters as nominal_nba_hellinger, with "1" naming feature 1.
  const Row c = config_named("nominal_nba_hellinger");
  const auto stream = stream_for("nominal");
  REQUIRE(stream);
  auto p = params_of(c);
  p.nominal_attributes = {"1"};
  Tree model(p);
  CHECK(replay(model, *stream, predictions_of("nominal_nba_hellinger"), 0, stream->x.size(),
               "by index", false) == 0);
  CHECK(model.events().replaced == std::stoull(c.at("replaced")));
}

TEST_CASE("ExtremelyFastDecisionTreeClassifier: max_depth and memory limits") {
  Tree::Params p;
  p.grace_period = 20;
  p.max_depth = 1;
  p.leaf_prediction = "mc";
  Tree model(p);
  streamwise::Rng rng(5);
  const double first[] = {0.1, 0.1};
  model.learn_one(DenseView{first}, 0);
  for (int t = 0; t < 3000; ++t) {
    const double x[] = {rng.uniform(), rng.uniform()};
    model.learn_one(DenseView{x}, x[0] < 0.5 ? 0 : 1);
  }
  CHECK(model.height() == 2);
  CHECK(model.n_inactive_leaves() == 2);
  CHECK(model.n_active_leaves() == 0);

  for (const bool stop : {false, true}) {
    CAPTURE(stop);
    Tree::Params q;
    q.grace_period = 20;
    q.max_size = 0.0005;  // about 0.5 KiB
    q.memory_estimate_period = 100;
    q.stop_mem_management = stop;
    Tree small(q);
    small.learn_one(DenseView{first}, 0);
    for (int t = 0; t < 3000; ++t) {
      const double x[] = {rng.uniform(), rng.uniform(), rng.uniform()};
      small.learn_one(DenseView{x}, x[0] + x[1] > 1.0 ? 1 : 0);
    }
    CHECK(small.n_inactive_leaves() + small.n_active_leaves() ==
          static_cast<std::int64_t>(small.n_leaves()));
    CHECK(small.memory_size() > 512);
    if (stop) {
      CHECK_FALSE(small.growth_allowed());
    } else {
      CHECK(small.growth_allowed());
    }
    CHECK(test::roundtrip(small) == small);
  }
}
