#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "streamwise/core/concepts.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/tree/criteria/gini_criterion.hpp"
#include "streamwise/tree/hoeffding_tree_classifier.hpp"
#include "streamwise/tree/splitters/exhaustive_splitter.hpp"
#include "streamwise/tree/splitters/histogram_splitter.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"
#include "tree/tree_reference.hpp"

using streamwise::DenseView;
using streamwise::FeatureKind;
using streamwise::FeatureSpace;
using Tree = streamwise::tree::HoeffdingTreeClassifier<>;
using ExhaustiveTree =
    streamwise::tree::HoeffdingTreeClassifier<streamwise::tree::ExhaustiveSplitter>;
using HistogramTree =
    streamwise::tree::HoeffdingTreeClassifier<streamwise::tree::HistogramSplitter>;
namespace test = streamwise::test;
namespace ref = streamwise::test::tree;

static_assert(streamwise::Classifier<Tree>);
static_assert(streamwise::Classifier<streamwise::tree::HoeffdingTreeClassifier<
                  streamwise::tree::GaussianSplitter, streamwise::tree::GiniCriterion>>);

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

template <class T = Tree>
typename T::Params params_of(const ref::Config& c) {
  typename T::Params p;
  p.grace_period = std::stoll(c["grace_period"]);
  if (!c["max_depth"].empty()) p.max_depth = std::stoll(c["max_depth"]);
  p.split_criterion = c["split_criterion"];
  p.delta = std::stod(c["delta"]);
  p.tau = std::stod(c["tau"]);
  p.leaf_prediction = c["leaf_prediction"];
  p.nb_threshold = std::stoll(c["nb_threshold"]);
  p.binary_split = c["binary_split"] == "1";
  p.min_branch_fraction = std::stod(c["min_branch_fraction"]);
  p.max_share_to_split = std::stod(c["max_share_to_split"]);
  p.stop_mem_management = c["stop_mem_management"] == "1";
  p.remove_poor_attrs = c["remove_poor_attrs"] == "1";
  p.merit_preprune = c["merit_preprune"] == "1";
  if (!c["nominal_attributes"].empty()) p.nominal_attributes = {c["nominal_attributes"]};
  return p;
}

std::optional<ref::Stream> stream_for(const std::string& dataset) {
  if (dataset == "elec") return ref::read_stream(ref::shared_dataset("elec.csv"), 5000);
  if (dataset == "sea") return ref::read_stream(ref::shared_dataset("sea_big.csv"), 5000);
  return ref::read_stream(test::data_path("tree/nominal_stream.csv"));
}

// Test-then-train over rows [begin, end), checking every prediction against River's.
// With `weighted`, row t is learnt with weight {1, 2, 0.5, 1.5}[t % 4] (as the generator does).
template <class T>
int replay(T& model, const ref::Stream& s, const std::vector<int>& expected, std::size_t begin,
           std::size_t end, const std::string& config, bool weighted = false) {
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

template <class T>
void check_config(const ref::Config& c, typename T::Params p) {
  const auto stream = stream_for(c["dataset"]);
  if (!stream) {
    MESSAGE("skipping " << c["name"] << ": ../shared/datasets is missing " << c["dataset"]);
    return;
  }
  CAPTURE(c["name"]);
  const auto expected = ref::read_predictions(c["name"]);
  REQUIRE(expected.size() == stream->x.size());
  FeatureSpace space;
  for (const auto& n : stream->names) space.intern(n);
  T model(p);
  model.bind(&space);
  CHECK(replay(model, *stream, expected, 0, stream->x.size(), c["name"], c["weighted"] == "1") ==
        0);
  CHECK(model.n_nodes() == std::stoul(c["n_nodes"]));
  CHECK(model.n_leaves() == std::stoul(c["n_leaves"]));
  CHECK(model.height() == std::stoul(c["height"]));
}
}  // namespace

TEST_CASE("HoeffdingTreeClassifier matches River's prediction at every step") {
  const auto configs = ref::read_configs();
  REQUIRE(configs.size() == 42);
  for (const auto& c : configs) {
    const std::string& splitter = c["splitter"];
    if (splitter == "gaussian") {
      check_config<Tree>(c, params_of<Tree>(c));
    } else if (splitter == "exhaustive") {
      check_config<ExhaustiveTree>(c, params_of<ExhaustiveTree>(c));
    } else {
      auto p = params_of<HistogramTree>(c);
      if (splitter != "histogram") {
        const auto colon = splitter.find(':', 10);
        p.splitter = streamwise::tree::HistogramSplitter(
            {.n_bins = std::stoll(splitter.substr(10, colon - 10)),
             .n_splits = std::stoll(splitter.substr(colon + 1))});
      }
      check_config<HistogramTree>(c, p);
    }
  }
}

TEST_CASE("HoeffdingTreeClassifier::debug_one prints River's text") {
  const auto stream = ref::read_stream(ref::shared_dataset("elec.csv"), 5000);
  if (!stream) {
    MESSAGE("skipping: ../shared/datasets/elec.csv is missing");
    return;
  }
  FeatureSpace space;
  for (const auto& n : stream->names) space.intern(n);
  Tree model;  // elec_nba_info_gain: River's defaults
  model.bind(&space);
  for (std::size_t t = 0; t < stream->x.size(); ++t)
    model.learn_one(DenseView{stream->x[t]}, stream->y[t]);
  std::ifstream in(test::data_path("tree/debug_one.txt"));
  REQUIRE(in.good());
  std::stringstream all;
  all << in.rdbuf();
  const auto expected = ref::split_text(all.str(), "@@\n");
  REQUIRE(expected.size() >= 30);
  for (std::size_t t = 0; t < 30; ++t) {
    CAPTURE(t);
    CHECK(model.debug_one(DenseView{stream->x[t]}) == expected[t]);
  }
}

TEST_CASE("HoeffdingTreeClassifier: full-stream accuracy within 0.3 points of River") {
  std::ifstream in(test::data_path("tree/full_accuracy.csv"));
  REQUIRE(in.good());
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string dataset, rows, acc;
    std::getline(ss, dataset, ',');
    std::getline(ss, rows, ',');
    std::getline(ss, acc, ',');
    const auto stream =
        ref::read_stream(ref::shared_dataset(dataset == "elec" ? "elec.csv" : "sea_big.csv"));
    if (!stream) {
      MESSAGE("skipping " << dataset << ": not in ../shared/datasets");
      continue;
    }
    REQUIRE(stream->x.size() == std::stoul(rows));
    Tree model;
    std::size_t correct = 0;
    for (std::size_t t = 0; t < stream->x.size(); ++t) {
      const DenseView x{stream->x[t]};
      correct += model.n_classes() > 0 && model.predict_one(x) == stream->y[t];
      model.learn_one(x, stream->y[t]);
    }
    const double accuracy = static_cast<double>(correct) / static_cast<double>(stream->x.size());
    MESSAGE(dataset << ": streamwise " << accuracy << ", River " << acc);
    CHECK(std::fabs(accuracy - std::stod(acc)) <= 0.003);
  }
}

TEST_CASE("HoeffdingTreeClassifier checkpoint round-trip mid-stream") {
  const auto stream = ref::read_stream(test::data_path("tree/nominal_stream.csv"));
  REQUIRE(stream);
  for (const char* config : {"nominal_nba_info_gain", "nominal_mc_poor", "nominal_binary"}) {
    CAPTURE(config);
    ref::Config c;
    for (const auto& row : ref::read_configs()) {
      if (row["name"] == config) c = row;
    }
    const auto expected = ref::read_predictions(config);
    FeatureSpace space;
    for (const auto& n : stream->names) space.intern(n);
    Tree model(params_of(c));
    model.bind(&space);
    CHECK(replay(model, *stream, expected, 0, 1700, config) == 0);
    Tree restored = test::roundtrip(model);
    CHECK(restored == model);
    restored.bind(&space);
    CHECK(replay(restored, *stream, expected, 1700, stream->x.size(), config) == 0);
    CHECK(replay(model, *stream, expected, 1700, stream->x.size(), config) == 0);
    CHECK(restored == model);
  }
  Tree empty;
  CHECK(test::roundtrip(empty) == empty);
  CHECK(streamwise::to_json(streamwise::spec_of(empty)) ==
        R"({"type":"HoeffdingTreeClassifier","params":{"grace_period":200,"max_depth":null,)"
        R"("split_criterion":"info_gain","delta":1e-07,"tau":0.05,"leaf_prediction":"nba",)"
        R"("nb_threshold":0,"nominal_attributes":null,"splitter":{"type":"GaussianSplitter",)"
        R"("params":{"n_splits":10}},"binary_split":false,"min_branch_fraction":0.01,)"
        R"("max_share_to_split":0.99,"max_size":100.0,"memory_estimate_period":1000000,)"
        R"("stop_mem_management":false,"remove_poor_attrs":false,"merit_preprune":true}})");
}

TEST_CASE("HoeffdingTreeClassifier before learning, one class, constant features") {
  Tree model;
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

  // Constant features cannot be split on: no threshold lies strictly inside [min, max].
  Tree constant(Tree::Params{.grace_period = 20});
  for (int i = 0; i < 400; ++i) constant.learn_one(DenseView{x}, static_cast<unsigned>(i % 2));
  CHECK(constant.n_nodes() == 1);
  CHECK(constant.summary().total_observed_weight == 400.0);
}

TEST_CASE("HoeffdingTreeClassifier: a class first seen mid-stream grows the outputs") {
  Tree model(Tree::Params{.grace_period = 30});
  streamwise::Rng rng(3);
  const double first[] = {0.1};
  model.learn_one(DenseView{first}, 0);  // ids appear in order: 0 first
  for (int t = 0; t < 300; ++t) {
    const double v = rng.uniform();
    const double x[] = {v};
    model.learn_one(DenseView{x}, v < 0.5 ? 0 : 1);
  }
  CHECK(model.n_classes() == 2);
  const double z[] = {2.0};
  std::vector<double> p(2);
  model.predict_proba_one(DenseView{z}, p);
  CHECK(p[1] > p[0]);
  for (int t = 0; t < 200; ++t) model.learn_one(DenseView{z}, 2);
  CHECK(model.n_classes() == 3);
  CHECK(model.predict_one(DenseView{z}) == 2);
  std::vector<double> wide(5, 9.0);
  model.predict_proba_one(DenseView{z}, wide);
  CHECK(wide[3] == 0.0);
  CHECK(wide[4] == 0.0);
  CHECK(test::close(wide[0] + wide[1] + wide[2], 1.0, 1e-12));
}

TEST_CASE("HoeffdingTreeClassifier: missing features follow the heaviest branch") {
  // Feature 0 decides the class; once split, a sample without it goes down the heavier side.
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
  const std::string path = model.debug_one(DenseView{missing});
  CHECK(path.rfind("0 ≤ ", 0) == 0);  // the left (heavier) branch is reported
  // Learning with the feature missing updates that leaf but never splits there.
  const Tree before = model;
  model.learn_one(DenseView{missing}, 1);
  CHECK(model.n_nodes() == before.n_nodes());
  CHECK(model.total_weight_seen() == before.total_weight_seen() + 1.0);
}

TEST_CASE("HoeffdingTreeClassifier: an unseen nominal value grows a multiway branch") {
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
  // A new value: predicting follows the heaviest child; learning adds a third branch.
  const double green = space.encode_nominal(color, "green");
  const double x_green[] = {green};
  (void)model.predict_one(DenseView{x_green});
  CHECK(model.n_leaves() == 2);
  model.learn_one(DenseView{x_green}, 0);
  CHECK(model.n_leaves() == 3);
  CHECK(model.n_active_leaves() == 3);
  CHECK(model.predict_one(DenseView{x_green}) == 0);
  const std::string dot = model.to_dot();
  CHECK(dot.find("digraph") == 0);
  CHECK(dot.find("xlabel=\"green\"") != std::string::npos);
  CHECK(model.summary() == streamwise::tree::TreeSummary{4, 1, 3, 3, 0, 2, 201.0});
}

TEST_CASE("HoeffdingTreeClassifier rejects bad input without changing state") {
  Tree model;
  const double a[] = {1.0, 2.0}, b[] = {3.0, kNaN};
  model.learn_one(DenseView{a}, 0);
  model.learn_one(DenseView{b}, 1);
  const Tree before = model;
  const double bad[] = {1.0, -kInf};
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{bad}, 0),
                       "HoeffdingTreeClassifier: x[1] must be finite, got -inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{a}, 0, -1.0),
                       "HoeffdingTreeClassifier: weight w must be finite and >= 0, got -1.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(model.learn_one(DenseView{a}, 0, kNaN), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(
      model.learn_one(DenseView{a}, 5),
      "HoeffdingTreeClassifier: class id 5 skips ids; the next new class id must be 2",
      streamwise::InvalidInput);
  std::vector<double> small(1);
  CHECK_THROWS_WITH_AS(model.predict_proba_one(DenseView{a}, small),
                       "HoeffdingTreeClassifier: out has 1 slots for 2 classes",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(model.predict_one(DenseView{bad}), streamwise::InvalidInput);
  // Zero weight: nothing happens, not even a new class.
  model.learn_one(DenseView{a}, 2, 0.0);
  CHECK(model == before);
  CHECK(model.n_classes() == 2);
}

TEST_CASE("HoeffdingTreeClassifier validates its parameters") {
  auto bad = [](auto change, const char* message) {
    Tree::Params p;
    change(p);
    CHECK_THROWS_WITH_AS(Tree{p}, message, std::invalid_argument);
  };
  bad([](auto& p) { p.grace_period = 0; }, "HoeffdingTreeClassifier: grace_period must be > 0");
  bad([](auto& p) { p.max_depth = -1; }, "HoeffdingTreeClassifier: max_depth must be None or >= 0");
  bad([](auto& p) { p.split_criterion = "entropy"; },
      "HoeffdingTreeClassifier: split_criterion must be one of \"info_gain\", \"gini\", "
      "\"hellinger\"");
  bad([](auto& p) { p.delta = 0.0; }, "HoeffdingTreeClassifier: delta must be in (0, 1)");
  bad([](auto& p) { p.tau = -0.1; }, "HoeffdingTreeClassifier: tau must be finite and >= 0");
  bad([](auto& p) { p.leaf_prediction = "knn"; },
      "HoeffdingTreeClassifier: leaf_prediction must be one of \"mc\", \"nb\", \"nba\"");
  bad([](auto& p) { p.nb_threshold = -1; }, "HoeffdingTreeClassifier: nb_threshold must be >= 0");
  bad([](auto& p) { p.min_branch_fraction = 1.0; },
      "HoeffdingTreeClassifier: min_branch_fraction must be in [0, 1)");
  bad([](auto& p) { p.max_share_to_split = 0.0; },
      "HoeffdingTreeClassifier: max_share_to_split must be in (0, 1]");
  bad([](auto& p) { p.max_size = 0.0; },
      "HoeffdingTreeClassifier: max_size must be finite and > 0");
  bad([](auto& p) { p.memory_estimate_period = 0; },
      "HoeffdingTreeClassifier: memory_estimate_period must be > 0");
  CHECK_THROWS_WITH_AS(streamwise::tree::GaussianSplitter({.n_splits = 0}),
                       "GaussianSplitter: n_splits must be in [1, 1048576]", std::invalid_argument);
  using GiniTree = streamwise::tree::HoeffdingTreeClassifier<streamwise::tree::GaussianSplitter,
                                                             streamwise::tree::GiniCriterion>;
  GiniTree::Params gp;
  CHECK_THROWS_WITH_AS(GiniTree{gp},
                       "HoeffdingTreeClassifier: split_criterion must be \"gini\" with this "
                       "Criterion policy",
                       std::invalid_argument);
  gp.split_criterion = "gini";
  CHECK_NOTHROW(GiniTree{gp});
  // The factory path: parameters from a list.
  const auto p = streamwise::params_from_list<Tree::Params>(
      {{"grace_period", std::int64_t{50}}, {"nominal_attributes", std::string("a,b")}},
      "HoeffdingTreeClassifier");
  CHECK(p.grace_period == 50);
  CHECK(p.nominal_attributes == std::vector<std::string>{"a", "b"});
}

TEST_CASE("HoeffdingTreeClassifier: nominal attributes by index without a FeatureSpace") {
  // Same stream and parameters as nominal_nba_info_gain, with "1" naming feature 1.
  const auto stream = ref::read_stream(test::data_path("tree/nominal_stream.csv"));
  REQUIRE(stream);
  const auto expected = ref::read_predictions("nominal_nba_info_gain");
  Tree model(Tree::Params{.grace_period = 50, .nominal_attributes = {"1"}});
  CHECK(replay(model, *stream, expected, 0, stream->x.size(), "by index") == 0);
}

TEST_CASE("HoeffdingTreeClassifier: max_depth stops growth and memory limits deactivate") {
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
  CHECK(model.height() == 2);  // the root split once; its children (depth 1) stopped
  CHECK(model.n_inactive_leaves() == 2);
  CHECK(model.n_active_leaves() == 0);

  // A tiny budget checked every 100 samples: leaves are deactivated (the least promising
  // first); with stop_mem_management growth stops altogether.
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
      CHECK(small.n_inactive_leaves() >= 1);
    }
    const Tree copy = test::roundtrip(small);
    CHECK(copy == small);
  }
}
