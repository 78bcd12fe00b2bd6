#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "streamwise/core/concepts.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/tree/hoeffding_tree_regressor.hpp"
#include "streamwise/tree/splitters/ebst_splitter.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"
#include "tree/splitter_reference.hpp"
#include "tree/tree_reference.hpp"

using streamwise::DenseView;
using streamwise::FeatureSpace;
using Tree = streamwise::tree::HoeffdingTreeRegressor<>;
using EbstTree = streamwise::tree::HoeffdingTreeRegressor<streamwise::tree::EBSTSplitter>;
namespace test = streamwise::test;
namespace ref = streamwise::test::tree;

static_assert(streamwise::Regressor<Tree>);
static_assert(streamwise::Regressor<EbstTree>);

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

struct RegStream {
  std::vector<std::string> names;
  std::vector<std::vector<double>> x;
  std::vector<double> y;
};

RegStream read_reg_stream() {
  RegStream s;
  const auto rows = ref::read_rows("regression_stream.csv");
  s.names = {"x0", "x1", "x2", "x3", "x4", "g", "m"};
  for (const auto& r : rows) {
    std::vector<double> x;
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
      x.push_back(r[i].empty() ? streamwise::missing_value : std::stod(r[i]));
    }
    s.x.push_back(std::move(x));
    s.y.push_back(std::stod(r.back()));
  }
  return s;
}

std::vector<std::string> reg_header() {
  std::ifstream in(test::data_path("tree/reg_configs.csv"));
  std::string line;
  std::getline(in, line);
  return ref::split(line, ',');
}

template <class T>
typename T::Params params_of(const ref::Config& c) {
  typename T::Params p;
  p.grace_period = std::stoll(c["grace_period"]);
  if (!c["max_depth"].empty()) p.max_depth = std::stoll(c["max_depth"]);
  p.delta = std::stod(c["delta"]);
  p.tau = std::stod(c["tau"]);
  p.leaf_prediction = c["leaf_prediction"];
  p.model_selector_decay = std::stod(c["model_selector_decay"]);
  if (!c["nominal_attributes"].empty()) p.nominal_attributes = {c["nominal_attributes"]};
  p.min_samples_split = std::stoll(c["min_samples_split"]);
  p.binary_split = c["binary_split"] == "1";
  p.remove_poor_attrs = c["remove_poor_attrs"] == "1";
  p.merit_preprune = c["merit_preprune"] == "1";
  return p;
}

template <class T>
int replay(T& model, const RegStream& s, const std::vector<double>& expected, std::size_t begin,
           std::size_t end, bool weighted, const std::string& config) {
  constexpr double weights[] = {1.0, 2.0, 0.5, 1.5};
  int mismatches = 0;
  for (std::size_t t = begin; t < end; ++t) {
    const double got = model.predict_one(DenseView{s.x[t]});
    if (!test::close(got, expected[t], 1e-9)) {
      if (mismatches == 0) {
        FAIL_CHECK(config << ": first mismatch at step " << t << ": River " << expected[t]
                          << ", streamwise " << got);
      }
      ++mismatches;
    }
    model.learn_one(DenseView{s.x[t]}, s.y[t], weighted ? weights[t % 4] : 1.0);
  }
  return mismatches;
}

std::vector<ref::Config> reg_configs() {
  const auto header = reg_header();
  std::vector<ref::Config> out;
  for (const auto& r : ref::read_rows("reg_configs.csv")) {
    ref::Config c;
    for (std::size_t i = 0; i < header.size(); ++i) c.cells[header[i]] = r[i];
    out.push_back(std::move(c));
  }
  return out;
}

// River's predictions for a configuration, one per line.
std::vector<double> reg_predictions(const std::string& name) {
  std::ifstream in(test::data_path("tree/reg_" + name + ".txt"));
  REQUIRE_MESSAGE(in.good(), "missing tests/data/tree/reg_" << name << ".txt");
  std::vector<double> out;
  std::string line;
  while (std::getline(in, line)) out.push_back(std::stod(line));
  return out;
}

template <class T>
void check_config(const ref::Config& c, const typename T::Params& p, const RegStream& s) {
  CAPTURE(c["name"]);
  const std::vector<double> expected = reg_predictions(c["name"]);
  REQUIRE(expected.size() == s.x.size());
  FeatureSpace space;
  for (const auto& n : s.names) space.intern(n);
  T model(p);
  model.bind(&space);
  CHECK(replay(model, s, expected, 0, s.x.size(), c["weighted"] == "1", c["name"]) == 0);
  CHECK(model.n_nodes() == std::stoul(c["n_nodes"]));
  CHECK(model.n_leaves() == std::stoul(c["n_leaves"]));
  CHECK(model.height() == std::stoul(c["height"]));
}
}  // namespace

TEST_CASE("HoeffdingTreeRegressor matches River's prediction at every step") {
  const RegStream s = read_reg_stream();
  REQUIRE(s.x.size() == 4000);
  const auto configs = reg_configs();
  REQUIRE(configs.size() == 9);
  for (const auto& c : configs) {
    if (c["splitter"] == "ebst") {
      check_config<EbstTree>(c, params_of<EbstTree>(c), s);
    } else {
      auto p = params_of<Tree>(c);
      if (c["splitter"] == "tebst2") p.splitter = streamwise::tree::TEBSTSplitter({.digits = 2});
      check_config<Tree>(c, p, s);
    }
  }
}

TEST_CASE("HoeffdingTreeRegressor checkpoint round-trip mid-stream") {
  const RegStream s = read_reg_stream();
  for (const auto& c : reg_configs()) {
    if (c["name"] != "adaptive_nominal_binary" && c["name"] != "mean_tebst2_nominal") continue;
    CAPTURE(c["name"]);
    const std::vector<double> expected = reg_predictions(c["name"]);
    auto p = params_of<Tree>(c);
    if (c["splitter"] == "tebst2") p.splitter = streamwise::tree::TEBSTSplitter({.digits = 2});
    FeatureSpace space;
    for (const auto& n : s.names) space.intern(n);
    Tree model(p);
    model.bind(&space);
    CHECK(replay(model, s, expected, 0, 2100, false, c["name"]) == 0);
    Tree restored = test::roundtrip(model);
    CHECK(restored == model);
    restored.bind(&space);
    CHECK(replay(restored, s, expected, 2100, s.x.size(), false, c["name"]) == 0);
    CHECK(replay(model, s, expected, 2100, s.x.size(), false, c["name"]) == 0);
    CHECK(restored == model);
  }
  Tree empty;
  CHECK(test::roundtrip(empty) == empty);
  const std::string json = streamwise::to_json(streamwise::spec_of(empty));
  CHECK(json.rfind(
            R"({"type":"HoeffdingTreeRegressor","params":{"grace_period":200,"max_depth":null,)"
            R"("delta":1e-07,"tau":0.05,"leaf_prediction":"adaptive","leaf_model":{"type":)"
            R"("LinearRegression",)",
            0) == 0);
  CHECK(json.find(
            R"("splitter":{"type":"TEBSTSplitter","params":{"digits":1}},"min_samples_split":5,)"
            R"("binary_split":false,"max_size":500.0,)") != std::string::npos);
}

TEST_CASE("HoeffdingTreeRegressor before learning, constant target, missing features") {
  Tree model(Tree::Params{.grace_period = 20, .leaf_prediction = "mean"});
  const double x[] = {1.0, 2.0};
  CHECK(model.predict_one(DenseView{x}) == 0.0);  // River: 0.0 before learning
  CHECK(model.height() == 0);
  for (int i = 0; i < 100; ++i) model.learn_one(DenseView{x}, 3.5);
  CHECK(model.predict_one(DenseView{x}) == 3.5);
  CHECK(model.n_nodes() == 1);  // no variance to reduce: never splits
  // A split on feature 0, then a sample without it follows the heavier side.
  Tree split(Tree::Params{.grace_period = 50, .leaf_prediction = "mean"});
  streamwise::Rng rng(2);
  for (int t = 0; t < 3000; ++t) {
    const double v = rng.uniform();
    const double z[] = {v, rng.uniform()};
    split.learn_one(DenseView{z}, v < 0.7 ? 1.0 + 0.01 * rng.uniform() : 10.0);
  }
  REQUIRE(split.n_branches() >= 1);
  const double missing[] = {streamwise::missing_value, 0.5};
  CHECK(split.predict_one(DenseView{missing}) < 2.0);  // the heavier (y = 1) side
  const double n_before = split.total_weight_seen();
  split.learn_one(DenseView{missing}, 1.0);
  CHECK(split.total_weight_seen() == n_before + 1.0);
  CHECK(split.summary().n_leaves == split.n_leaves());
  CHECK(split.summary().height == split.height());
}

TEST_CASE("HoeffdingTreeRegressor rejects bad input without changing state") {
  Tree model;
  const double a[] = {1.0, 2.0};
  model.learn_one(DenseView{a}, 1.0);
  const Tree before = model;
  const double bad[] = {1.0, kInf};
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{bad}, 1.0),
                       "HoeffdingTreeRegressor: x[1] must be finite, got inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{a}, std::nan("")),
                       "HoeffdingTreeRegressor: y must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{a}, 1.0, -1.0),
                       "HoeffdingTreeRegressor: weight w must be finite and >= 0, got -1.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(model.predict_one(DenseView{bad}), streamwise::InvalidInput);
  model.learn_one(DenseView{a}, 5.0, 0.0);  // zero weight: nothing happens
  CHECK(model == before);
}

TEST_CASE("HoeffdingTreeRegressor validates its parameters") {
  auto bad = [](auto change, const char* message) {
    Tree::Params p;
    change(p);
    CHECK_THROWS_WITH_AS(Tree{p}, message, std::invalid_argument);
  };
  bad([](auto& p) { p.grace_period = 0; }, "HoeffdingTreeRegressor: grace_period must be > 0");
  bad([](auto& p) { p.max_depth = -2; }, "HoeffdingTreeRegressor: max_depth must be None or >= 0");
  bad([](auto& p) { p.delta = 1.0; }, "HoeffdingTreeRegressor: delta must be in (0, 1)");
  bad([](auto& p) { p.tau = -1.0; }, "HoeffdingTreeRegressor: tau must be finite and >= 0");
  bad([](auto& p) { p.leaf_prediction = "median"; },
      "HoeffdingTreeRegressor: leaf_prediction must be one of \"mean\", \"model\", \"adaptive\"");
  bad([](auto& p) { p.model_selector_decay = 0.0; },
      "HoeffdingTreeRegressor: model_selector_decay must be in (0, 1]");
  bad([](auto& p) { p.min_samples_split = -1; },
      "HoeffdingTreeRegressor: min_samples_split must be >= 0");
  bad([](auto& p) { p.max_size = -1.0; },
      "HoeffdingTreeRegressor: max_size must be finite and > 0");
  bad([](auto& p) { p.memory_estimate_period = 0; },
      "HoeffdingTreeRegressor: memory_estimate_period must be > 0");
}

TEST_CASE("HoeffdingTreeRegressor memory management deactivates the deepest leaves") {
  for (const bool stop : {false, true}) {
    CAPTURE(stop);
    Tree::Params p;
    p.grace_period = 50;
    p.leaf_prediction = "mean";
    p.max_size = 0.0005;
    p.memory_estimate_period = 100;
    p.stop_mem_management = stop;
    Tree model(p);
    streamwise::Rng rng(8);
    for (int t = 0; t < 2000; ++t) {
      const double x[] = {rng.uniform(), rng.uniform()};
      model.learn_one(DenseView{x}, 10.0 * x[0] + rng.uniform());
    }
    CHECK(model.n_active_leaves() + model.n_inactive_leaves() ==
          static_cast<std::int64_t>(model.n_leaves()));
    if (stop) {
      CHECK_FALSE(model.growth_allowed());
    } else {
      CHECK(model.n_inactive_leaves() >= 1);
    }
    CHECK(test::roundtrip(model) == model);
  }
}
