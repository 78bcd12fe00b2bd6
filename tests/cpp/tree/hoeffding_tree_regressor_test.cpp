#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
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
#include "streamwise/tree/splitters/qo_splitter.hpp"
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

namespace {
// River's debug_one texts (tests/data/tree/qo/debug_one.txt, make_qo_reference.py): blocks
// "### <config> <row> [<dropped features>|g=7]" followed by River's text verbatim.
struct DebugBlock {
  std::string config;
  std::size_t row = 0;
  std::string change;
  std::string text;
};

std::vector<DebugBlock> debug_blocks() {
  std::ifstream in(test::data_path("tree/qo/debug_one.txt"));
  REQUIRE_MESSAGE(in.good(), "missing tests/data/tree/qo/debug_one.txt");
  std::vector<DebugBlock> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("### ", 0) == 0) {
      const auto parts = ref::split(line.substr(4), ' ');
      DebugBlock b;
      b.config = parts[0];
      b.row = std::stoul(parts[1]);
      if (parts.size() > 2) b.change = parts[2];
      out.push_back(b);
    } else {
      REQUIRE(!out.empty());
      out.back().text += line + "\n";
    }
  }
  return out;
}

struct QoData {
  std::vector<std::string> names;
  std::vector<std::vector<double>> x;
  std::vector<double> y;
};

QoData read_qo_data(const std::string& name) {
  QoData d;
  std::ifstream in(test::data_path("tree/qo/" + name + ".csv"));
  REQUIRE(in.good());
  std::string line;
  std::getline(in, line);
  d.names = ref::split(line, ',');
  d.names.pop_back();
  while (std::getline(in, line)) {
    const auto cells = ref::split(line, ',');
    std::vector<double> x;
    for (std::size_t i = 0; i + 1 < cells.size(); ++i) x.push_back(std::stod(cells[i]));
    d.x.push_back(std::move(x));
    d.y.push_back(std::stod(cells.back()));
  }
  return d;
}

// The sample of a block: its row with the listed features missing (or g = 7).
std::vector<double> block_sample(const DebugBlock& b, const std::vector<std::string>& names,
                                 std::vector<double> x) {
  if (b.change == "g=7") {
    x[5] = 7.0;
  } else if (!b.change.empty()) {
    for (const auto& f : ref::split(b.change, ',')) {
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == f) x[i] = streamwise::missing_value;
      }
    }
  }
  return x;
}

template <class T>
int check_debug_blocks(const T& model, const std::string& config,
                       const std::vector<std::string>& names,
                       const std::vector<std::vector<double>>& rows) {
  int checked = 0;
  for (const auto& b : debug_blocks()) {
    if (b.config != config) continue;
    CAPTURE(b.row);
    CAPTURE(b.change);
    const std::vector<double> x = block_sample(b, names, rows[b.row]);
    CHECK(model.debug_one(DenseView{x}) == b.text);
    ++checked;
  }
  return checked;
}

// Structural check of a DOT text: one node statement per node, one edge per non-root node,
// balanced braces; `dot` validates it when installed.
template <class T>
void check_dot(const T& model) {
  const std::string dot = model.to_dot();
  CHECK(dot.rfind("digraph {\n", 0) == 0);
  CHECK(dot.size() >= 2);
  CHECK(dot.substr(dot.size() - 2) == "}\n");
  std::size_t n_node_lines = 0, n_edges = 0;
  std::istringstream lines(dot);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find(" -> ") != std::string::npos) {
      ++n_edges;
    } else if (line.find(" [label=\"") != std::string::npos) {
      ++n_node_lines;
    }
  }
  CHECK(n_node_lines == model.n_nodes());
  CHECK(n_edges + 1 == std::max<std::size_t>(model.n_nodes(), 1));
  if (std::system("command -v dot > /dev/null 2>&1") == 0) {
    const auto path = std::filesystem::temp_directory_path() / "streamwise_htr_to_dot_test.dot";
    {
      std::ofstream out(path);
      out << dot;
    }
    const std::string cmd = "dot -Tcanon \"" + path.string() + "\" > /dev/null 2>&1";
    CHECK(std::system(cmd.c_str()) == 0);
    std::filesystem::remove(path);
  }
}
}  // namespace

TEST_CASE("HoeffdingTreeRegressor debug_one prints River's text") {
  using QoTree = streamwise::tree::HoeffdingTreeRegressor<streamwise::tree::QOSplitter>;
  // Trees with QOSplitter on Friedman and TrumpApproval.
  struct QoConfig {
    const char* name;
    const char* data;
    QoTree::Params params;
  };
  QoTree::Params friedman_adaptive;
  QoTree::Params friedman_r01;
  friedman_r01.leaf_prediction = "mean";
  friedman_r01.grace_period = 100;
  friedman_r01.splitter = streamwise::tree::QOSplitter({.radius = 0.1});
  QoTree::Params trump_g100;
  trump_g100.grace_period = 100;
  trump_g100.delta = 1e-3;
  trump_g100.tau = 0.1;
  int checked = 0;
  for (const auto& c : {QoConfig{"friedman_adaptive", "friedman", friedman_adaptive},
                        QoConfig{"friedman_r01_g100", "friedman", friedman_r01},
                        QoConfig{"trump_adaptive", "trump", QoTree::Params{}},
                        QoConfig{"trump_adaptive_g100", "trump", trump_g100}}) {
    CAPTURE(c.name);
    const QoData d = read_qo_data(c.data);
    FeatureSpace space;
    for (const auto& n : d.names) space.intern(n);
    QoTree model(c.params);
    model.bind(&space);
    for (std::size_t t = 0; t < d.x.size(); ++t) model.learn_one(DenseView{d.x[t]}, d.y[t]);
    checked += check_debug_blocks(model, c.name, d.names, d.x);
    check_dot(model);
  }
  // The default (TEBST) tree with a nominal feature: multiway and binary nominal branches,
  // missing features and an unseen nominal value.
  const RegStream s = read_reg_stream();
  Tree::Params multiway{.grace_period = 100, .leaf_prediction = "mean"};
  multiway.nominal_attributes = {"g"};
  Tree::Params binary{.grace_period = 150};
  binary.nominal_attributes = {"g"};
  binary.binary_split = true;
  for (const auto& [name, p] :
       {std::pair{"stream_mean_nominal", multiway}, std::pair{"stream_binary_nominal", binary}}) {
    CAPTURE(name);
    FeatureSpace space;
    for (const auto& n : s.names) space.intern(n);
    Tree model(p);
    model.bind(&space);
    for (std::size_t t = 0; t < s.x.size(); ++t) model.learn_one(DenseView{s.x[t]}, s.y[t]);
    checked += check_debug_blocks(model, name, s.names, s.x);
    check_dot(model);
  }
  CHECK(checked == 54);
  // Unbound: features print as their index.
  Tree unbound(Tree::Params{.grace_period = 50, .leaf_prediction = "mean"});
  CHECK(unbound.debug_one(DenseView{s.x[0]}).empty());  // empty tree
  for (std::size_t t = 0; t < 1000; ++t) unbound.learn_one(DenseView{s.x[t]}, s.y[t]);
  REQUIRE(unbound.n_branches() >= 1);
  const std::string text = unbound.debug_one(DenseView{s.x[0]});
  CHECK(text.find("Mean: ") != std::string::npos);
  CHECK(text.find(" | Var: ") != std::string::npos);
  const double bad[] = {kInf, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  CHECK_THROWS_AS(unbound.debug_one(DenseView{bad}), streamwise::InvalidInput);
}

TEST_CASE("HoeffdingTreeRegressor to_dot and River's statistic text") {
  // Python: f"{v:,.6f}".rstrip("0") (values printed by python3).
  using streamwise::tree::detail::python_stat_text;
  CHECK(python_stat_text(1234567.891) == "1,234,567.891");
  CHECK(python_stat_text(-0.5) == "-0.5");
  CHECK(python_stat_text(3.0) == "3.");
  CHECK(python_stat_text(0.0) == "0.");
  CHECK(python_stat_text(-1234.0000001) == "-1,234.");
  CHECK(python_stat_text(999.9999999) == "1,000.");
  CHECK(python_stat_text(-999999.5) == "-999,999.5");
  CHECK(python_stat_text(1e20) == "100,000,000,000,000,000,000.");
  CHECK(python_stat_text(4e-7) == "0.");
  CHECK(python_stat_text(-0.0) == "-0.");
  // Empty and single-leaf trees.
  Tree model(Tree::Params{.grace_period = 50, .leaf_prediction = "mean"});
  CHECK(model.to_dot() ==
        "digraph {\n  node [shape=box, fontname=\"trebuchet\", fontsize=11];\n"
        "  edge [fontsize=7];\n}\n");
  const double x[] = {1.0, 2.0};
  model.learn_one(DenseView{x}, 2.0);
  model.learn_one(DenseView{x}, 4.0);
  CHECK(model.to_dot() ==
        "digraph {\n  node [shape=box, fontname=\"trebuchet\", fontsize=11];\n"
        "  edge [fontsize=7];\n  0 [label=\"Mean: 3. | Var: 2.\\nsamples: 2\"];\n}\n");
  CHECK(model.debug_one(DenseView{x}) == "Mean: 3. | Var: 2.\n");
  check_dot(model);
  // A grown tree: edges carry the threshold rounded to 4 decimals.
  streamwise::Rng rng(4);
  for (int t = 0; t < 2000; ++t) {
    const double z[] = {rng.uniform(), rng.uniform()};
    model.learn_one(DenseView{z}, z[0] < 0.5 ? 1.0 + rng.uniform() : 10.0 + rng.uniform());
  }
  REQUIRE(model.n_branches() >= 1);
  check_dot(model);
  CHECK(model.to_dot().find("[xlabel=\"≤ 0.") != std::string::npos);
}
