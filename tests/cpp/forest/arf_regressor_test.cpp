#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "../tree/tree_reference.hpp"
#include "batch_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/datasets/friedman.hpp"
#include "streamwise/datasets/friedman_drift.hpp"
#include "streamwise/forest/arf_regressor.hpp"
#include "support/checkpoint.hpp"

using streamwise::DenseView;
using streamwise::forest::ARFRegressor;
namespace test = streamwise::test;
namespace ttree = streamwise::test::tree;

static_assert(streamwise::Regressor<ARFRegressor>);

namespace {

struct RegStream {
  std::vector<std::vector<double>> x;
  std::vector<double> y;
};

// The seeded streams of tests/data/forest/make_reference.py.
RegStream load(const std::string& stream, std::size_t n) {
  RegStream s;
  if (stream == "friedman") {
    streamwise::datasets::Friedman gen({.seed = 42});
    for (std::size_t i = 0; i < n; ++i) {
      auto sample = gen.next();
      s.x.push_back(sample.x);
      s.y.push_back(sample.y);
    }
  } else if (stream == "friedman_shift") {
    // Friedman #1 whose target jumps by +30 from row 1500 on (an abrupt drift).
    s = load("friedman", n);
    for (std::size_t i = 1500; i < n; ++i) s.y[i] += 30.0;
  } else {
    streamwise::datasets::FriedmanDrift gen(
        {.drift_type = "gra", .position = {1000, 2000}, .seed = 42});
    for (std::size_t i = 0; i < n; ++i) {
      auto sample = gen.next();
      s.x.push_back(sample.x);
      s.y.push_back(sample.y);
    }
  }
  return s;
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

ARFRegressor::Params params_of(const std::map<std::string, std::string>& c) {
  ARFRegressor::Params p;
  p.n_models = std::stoll(c.at("n_models"));
  const auto& mf = c.at("max_features");
  p.max_features = mf == "None" ? std::nullopt : std::optional<std::string>(mf);
  p.aggregation_method = c.at("aggregation_method");
  p.disable_weighted_vote = c.at("disable_weighted_vote") == "1";
  p.leaf_prediction = c.at("leaf_prediction");
  p.seed = std::stoll(c.at("seed"));
  return p;
}

double progressive_mae(ARFRegressor& m, const RegStream& s) {
  double err = 0.0;
  for (std::size_t t = 0; t < s.x.size(); ++t) {
    const DenseView x{s.x[t]};
    err += std::fabs(s.y[t] - m.predict_one(x));
    m.learn_one(x, s.y[t]);
  }
  return err / static_cast<double>(s.x.size());
}

}  // namespace

TEST_CASE("ARFRegressor predicts as River's ARFRegressor at every step (streamwise generators)") {
  for (const auto& c : read_csv("forest/reg_configs.csv")) {
    CAPTURE(c.at("config"));
    const auto s = load(c.at("stream"), std::stoul(c.at("rows")));
    const auto river = test::read_doubles("forest/reg_" + c.at("config") + ".txt");
    REQUIRE(river.size() == s.x.size());
    ARFRegressor model(params_of(c));
    std::size_t mismatches = 0;
    double err = 0.0;
    for (std::size_t t = 0; t < s.x.size(); ++t) {
      const DenseView x{s.x[t]};
      const double got = model.predict_one(x);
      if (std::fabs(got - river[t]) > 1e-9 * (1.0 + std::fabs(river[t])) && mismatches++ < 3) {
        MESSAGE("step " << t << ": " << got << " vs " << river[t]);
      }
      err += std::fabs(s.y[t] - got);
      model.learn_one(x, s.y[t]);
    }
    CHECK(mismatches == 0);
    CHECK(err / static_cast<double>(s.x.size()) ==
          doctest::Approx(std::stod(c.at("mae"))).epsilon(1e-9));
    CHECK(model.n_warnings_detected() == std::stoll(c.at("n_warnings")));
    CHECK(model.n_drifts_detected() == std::stoll(c.at("n_drifts")));
  }
}

TEST_CASE("ARFRegressor's error is close to River's own ARFRegressor") {
  for (const auto& c : read_csv("forest/reg_accuracy.csv")) {
    CAPTURE(c.at("stream"));
    const auto s = load(c.at("stream"), std::stoul(c.at("rows")));
    ARFRegressor model({.seed = 42});
    const double mae = progressive_mae(model, s);
    const double river = std::stod(c.at("river_mae"));
    MESSAGE(c.at("stream") << ": streamwise MAE " << mae << ", River " << river);
    CHECK(std::fabs(mae - river) / river <= 0.02);  // within 2% relative
    CHECK(mae == doctest::Approx(std::stod(c.at("river_split_rng_mae"))).epsilon(1e-9));
  }
}

TEST_CASE("ARFRegressor gives the same model for any thread count") {
  const auto s = load("friedman_drift", 1500);
  ARFRegressor one({.n_models = 4, .seed = 3});
  ARFRegressor two({.n_models = 4, .seed = 3});
  two.set_n_threads(2);
  for (std::size_t t = 0; t < s.x.size(); ++t) {
    one.learn_one(DenseView{s.x[t]}, s.y[t]);
    two.learn_one(DenseView{s.x[t]}, s.y[t]);
  }
  CHECK(one == two);
}

TEST_CASE("ARFRegressor validates its parameters") {
  using P = ARFRegressor::Params;
  CHECK_THROWS_WITH_AS(ARFRegressor(P{.n_models = 0}),
                       "ARFRegressor: n_models must be in [1, 100000]", std::invalid_argument);
  CHECK_THROWS_WITH_AS(ARFRegressor(P{.aggregation_method = "mode"}),
                       "ARFRegressor: aggregation_method must be one of \"median\", \"mean\"",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(ARFRegressor(P{.max_features = "half"}),
                       "ARFRegressor: max_features must be \"sqrt\", \"log2\", None, an integer "
                       "or a real number",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(ARFRegressor(P{.grace_period = -1}),
                       "ARFRegressor: grace_period must be > 0", std::invalid_argument);
  CHECK_THROWS_AS(ARFRegressor(P{.leaf_prediction = "median"}), std::invalid_argument);
}

TEST_CASE("ARFRegressor rejects bad input without changing state; edge cases") {
  ARFRegressor m({.n_models = 3, .seed = 2});
  const double x0[] = {0.1, 0.2, 0.3};
  CHECK(m.predict_one(DenseView{x0}) == 0.0);  // River answers 0 before learning
  const auto s = load("friedman", 300);
  for (std::size_t t = 0; t < s.x.size(); ++t) m.learn_one(DenseView{s.x[t]}, s.y[t]);
  const ARFRegressor before = m;
  const double inf_x[] = {1.0, INFINITY};
  CHECK_THROWS_WITH_AS(m.learn_one(DenseView{inf_x}, 1.0),
                       "ARFRegressor: x[1] must be finite, got inf", streamwise::InvalidInput);
  CHECK_THROWS_AS(m.learn_one(DenseView{s.x[0]}, NAN), streamwise::InvalidInput);
  CHECK_THROWS_AS((void)m.predict_one(DenseView{inf_x}), streamwise::InvalidInput);
  CHECK(m == before);
  // Missing features and a constant target.
  std::vector<double> missing(10, NAN);
  missing[3] = 0.5;
  CHECK_NOTHROW(m.learn_one(DenseView{missing}, 2.0));
  CHECK(std::isfinite(m.predict_one(DenseView{missing})));
  ARFRegressor c({.n_models = 3, .seed = 1});
  for (int i = 0; i < 300; ++i) c.learn_one(DenseView{x0}, 4.0);
  CHECK(c.predict_one(DenseView{x0}) == doctest::Approx(4.0));
}

TEST_CASE("ARFRegressor checkpoint round-trip, with a background tree in flight") {
  const auto s = load("friedman_shift", 3000);
  ARFRegressor m({.n_models = 5, .seed = 6});
  std::size_t t = 0;
  auto in_flight = [&] {
    for (std::size_t i = 0; i < m.n_members(); ++i) {
      if (m.member(i).background && m.member(i).background->n_nodes() > 0) return true;
    }
    return false;
  };
  for (; t < 2200 && (t < 300 || !in_flight()); ++t) m.learn_one(DenseView{s.x[t]}, s.y[t]);
  REQUIRE(in_flight());
  ARFRegressor r = test::roundtrip(m);
  CHECK(r == m);
  for (std::size_t u = t; u < t + 800; ++u) {
    const DenseView x{s.x[u]};
    REQUIRE(r.predict_one(x) == m.predict_one(x));
    m.learn_one(x, s.y[u]);
    r.learn_one(x, s.y[u]);
  }
  CHECK(r == m);
  CHECK(streamwise::to_json(streamwise::spec_of(ARFRegressor({.n_models = 2, .seed = 1})))
            .find(R"({"type":"ARFRegressor","params":{"n_models":2,"max_features":"sqrt",)") == 0);
}

// ---- Batch calls: one parallel region per batch, equal to the per-row loop ----

namespace {

using Flat = streamwise::test::forest::Flat<double>;
using streamwise::test::forest::flatten;

}  // namespace

TEST_CASE("ARFRegressor batch calls equal the per-row loop, drifts and swaps inside batches") {
  const Flat f = flatten(load("friedman_shift", 3000));
  // The median (River's default) and the MSE-weighted mean.
  for (const bool weighted_mean : {false, true}) {
    CAPTURE(weighted_mean);
    ARFRegressor::Params p{.n_models = 4, .seed = 6};
    if (weighted_mean) {
      p.aggregation_method = "mean";
      p.disable_weighted_vote = false;
    }
    ARFRegressor ref(p);
    std::vector<double> expected(f.rows());
    for (std::size_t t = 0; t < f.rows(); ++t) {
      const DenseView x{f.data(t, 1)};
      expected[t] = ref.predict_one(x);
      ref.learn_one(x, f.y[t]);
    }
    REQUIRE(ref.n_drifts_detected() > 0);
    for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{256}}) {
      for (const int threads : {1, 2}) {
        CAPTURE(batch);
        CAPTURE(threads);
        ARFRegressor m(p);
        m.set_n_threads(threads);
        std::vector<double> got(f.rows());
        std::size_t batches_with_swap = 0;
        for (std::size_t t = 0; t < f.rows(); t += batch) {
          const std::size_t n = std::min(batch, f.rows() - t);
          const auto drifts = m.n_drifts_detected();
          std::size_t backgrounds = 0;
          for (std::size_t i = 0; i < m.n_members(); ++i) {
            backgrounds += m.member(i).background ? 1 : 0;
          }
          m.predict_learn_many(f.data(t, n), f.n_cols, f.targets(t, n),
                               std::span<double>(got).subspan(t, n));
          batches_with_swap += m.n_drifts_detected() > drifts && backgrounds > 0;
        }
        std::size_t differ = 0;
        for (std::size_t t = 0; t < got.size(); ++t) differ += got[t] != expected[t];
        CHECK(differ == 0);
        CHECK(m == ref);
        if (batch > 1) CHECK(batches_with_swap > 0);
        ARFRegressor l(p);
        l.set_n_threads(threads);
        for (std::size_t t = 0; t < f.rows(); t += batch) {
          const std::size_t n = std::min(batch, f.rows() - t);
          l.learn_many(f.data(t, n), f.n_cols, f.targets(t, n));
        }
        CHECK(l == ref);
      }
    }
  }
}

TEST_CASE("ARFRegressor batch calls check every row first; empty batches") {
  const Flat f = flatten(load("friedman", 300));
  ARFRegressor m({.n_models = 3, .seed = 2});
  m.learn_many({}, f.n_cols, {});  // empty: nothing, not even the members
  CHECK(m == ARFRegressor({.n_models = 3, .seed = 2}));
  CHECK(m.n_members() == 0);
  m.learn_many(f.data(0, 200), f.n_cols, f.targets(0, 200));
  const ARFRegressor before = m;
  m.predict_learn_many({}, f.n_cols, {}, {});
  CHECK(m == before);
  std::vector<double> x(f.x.begin() + 200 * 10, f.x.begin() + 210 * 10);
  std::vector<double> y(f.y.begin() + 200, f.y.begin() + 210), out(10);
  x[3 * 10 + 7] = -INFINITY;  // row 3
  CHECK_THROWS_WITH_AS(m.learn_many(x, 10, y), "row 3: ARFRegressor: x[7] must be finite, got -inf",
                       streamwise::InvalidInput);
  x[3 * 10 + 7] = 0.25;
  y[8] = NAN;  // row 8
  CHECK_THROWS_WITH_AS(m.predict_learn_many(x, 10, y, out),
                       "row 8: ARFRegressor: y must be finite, got nan", streamwise::InvalidInput);
  y[8] = 1.0;
  CHECK_THROWS_WITH_AS(m.predict_learn_many(x, 10, y, std::span<double>(out).first(9)),
                       "ARFRegressor: out has 9 slots for 10 rows", streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(m.learn_many(std::span<const double>(x).first(95), 10, y),
                       "ARFRegressor: learn_many needs whole rows of n_cols values",
                       streamwise::InvalidInput);
  CHECK(m == before);  // nothing learnt, no draw made
  ARFRegressor twin = before;
  m.predict_learn_many(x, 10, y, out);
  for (std::size_t r = 0; r < 10; ++r) {
    const DenseView xr{std::span<const double>(x).subspan(r * 10, 10)};
    CHECK(out[r] == twin.predict_one(xr));
    twin.learn_one(xr, y[r]);
  }
  CHECK(m == twin);
}
