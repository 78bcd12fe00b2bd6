// Checks Eigen's own allocations in the no-allocation test (must precede every Eigen include).
#define EIGEN_RUNTIME_NO_MALLOC
#include "streamwise/linear_model/bayesian_linear_regression.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include "streamwise/core/concepts.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::linear_model::BayesianLinearRegression;
namespace test = streamwise::test;

static_assert(streamwise::Regressor<BayesianLinearRegression>);
static_assert(!BayesianLinearRegression::accepts_nominal);

// Counts every operator new in this executable, for the "no allocation once warm" test.
namespace {
std::atomic<long> g_allocations{0};
}  // namespace
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

constexpr std::size_t n_features = 10;
constexpr double na = std::numeric_limits<double>::quiet_NaN();

// tests/data/linear_model/blr_stream.csv: x0..x9 (nan = absent), y, k. Written by River's
// generator script make_blr_reference.py next to it.
struct Row {
  std::vector<double> x;
  double y;
  double k;
};

std::vector<Row> load_stream() {
  const auto flat = test::read_doubles("linear_model/blr_stream.csv");
  constexpr std::size_t width = n_features + 2;
  REQUIRE(flat.size() % width == 0);
  std::vector<Row> rows;
  for (std::size_t at = 0; at < flat.size(); at += width) {
    rows.push_back(
        {std::vector<double>(flat.begin() + static_cast<std::ptrdiff_t>(at),
                             flat.begin() + static_cast<std::ptrdiff_t>(at + n_features)),
         flat[at + n_features], flat[at + n_features + 1]});
  }
  return rows;
}

// River's predict_one(x, with_dist=True) before each learn_one: (mean, sigma) per row.
std::vector<double> load_expected(const std::string& config) {
  return test::read_doubles("linear_model/blr_" + config + ".csv");
}

DenseView view(const std::vector<double>& x) { return DenseView{x}; }

bool rel_close(double got, double expected, double tol = 1e-9) {
  return std::fabs(got - expected) <= tol * std::fabs(expected) ||
         std::fabs(got - expected) <= 1e-12;  // only for exact zeros (the empty model)
}

// Replays the stream (learning row i with weight k_i when `weighted`), checking River's mean
// and sigma before every update.
void replay(BayesianLinearRegression model, const std::string& config, bool weighted = false) {
  const auto rows = load_stream();
  const auto expected = load_expected(config);
  REQUIRE(expected.size() == 2 * rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto dist = model.predict_dist(view(rows[i].x));
    const double mean = model.predict_one(view(rows[i].x));
    CHECK(mean == dist.mean);
    if (!rel_close(dist.mean, expected[2 * i]) || !rel_close(dist.sigma, expected[2 * i + 1])) {
      FAIL(config << " step " << i << ": got N(" << dist.mean << ", " << dist.sigma << "), River N("
                  << expected[2 * i] << ", " << expected[2 * i + 1] << ")");
    }
    model.learn_one(view(rows[i].x), rows[i].y, weighted ? rows[i].k : 1.0);
  }
  CHECK(model.n_features() == n_features);
}

BayesianLinearRegression::Params make_params(double alpha, double beta,
                                             std::optional<double> smoothing) {
  BayesianLinearRegression::Params p;
  p.alpha = alpha;
  p.beta = beta;
  p.smoothing = smoothing;
  return p;
}

}  // namespace

TEST_CASE("BayesianLinearRegression matches River at every step (defaults)") {
  replay(BayesianLinearRegression{}, "default");
}

TEST_CASE("BayesianLinearRegression matches River with alpha and beta set") {
  replay(BayesianLinearRegression(make_params(0.5, 2.0, std::nullopt)), "alpha_beta");
}

TEST_CASE("BayesianLinearRegression matches River with smoothing") {
  replay(BayesianLinearRegression(make_params(1.0, 1.0, 0.8)), "smoothing");
}

TEST_CASE("BayesianLinearRegression matches River with smoothing, alpha and beta set") {
  replay(BayesianLinearRegression(make_params(2.0, 0.5, 0.95)), "smoothing_alpha_beta");
}

TEST_CASE("BayesianLinearRegression weight w equals w repetitions in River (no smoothing)") {
  replay(BayesianLinearRegression{}, "repeat", /*weighted=*/true);
}

TEST_CASE("BayesianLinearRegression before any learning") {
  const BayesianLinearRegression model(make_params(4.0, 2.0, std::nullopt));
  const std::vector<double> x{3.0, na, 4.0};
  CHECK(model.predict_one(view(x)) == 0.0);
  // Prior predictive: variance 1/beta + |x|^2/alpha = 0.5 + 25/4.
  CHECK(model.predict_dist(view(x)).sigma == doctest::Approx(std::sqrt(0.5 + 25.0 / 4.0)));
  CHECK(model.predict_dist(DenseView{}).mean == 0.0);
  CHECK(model.predict_dist(DenseView{}).sigma == doctest::Approx(std::sqrt(0.5)));
  CHECK(model.n_features() == 0);
  CHECK(model.coefficient(0) == 0.0);
  CHECK(model.covariance(1, 1) == 0.25);
  CHECK(model.covariance(0, 1) == 0.0);
}

TEST_CASE("BayesianLinearRegression one sample, closed form") {
  // One feature, alpha = beta = 1: posterior variance 1/(1 + x²), mean x·y/(1 + x²).
  BayesianLinearRegression model;
  const std::vector<double> x{2.0};
  model.learn_one(view(x), 3.0);
  CHECK(model.coefficient(0) == doctest::Approx(6.0 / 5.0));
  CHECK(model.covariance(0, 0) == doctest::Approx(1.0 / 5.0));
  CHECK(model.predict_one(view(x)) == doctest::Approx(12.0 / 5.0));
  CHECK(model.predict_dist(view(x)).sigma == doctest::Approx(std::sqrt(1.0 + 4.0 / 5.0)));
}

TEST_CASE("BayesianLinearRegression zero weight and empty samples") {
  const auto rows = load_stream();
  BayesianLinearRegression model;
  for (std::size_t i = 0; i < 20; ++i) model.learn_one(view(rows[i].x), rows[i].y);
  const BayesianLinearRegression before = model;
  model.learn_one(view(rows[20].x), rows[20].y, 0.0);
  CHECK(model == before);
  // A new feature in a zero-weight sample is not registered either.
  const std::vector<double> late{1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 7.0};
  model.learn_one(view(late), 1.0, 0.0);
  CHECK(model == before);
  // Without smoothing an empty sample leaves the posterior as it is (up to x = 0 arithmetic).
  model.learn_one(DenseView{}, 5.0);
  CHECK(model.n_features() == before.n_features());
  for (streamwise::FeatureId f = 0; f < 5; ++f) {
    CHECK(model.coefficient(f) == before.coefficient(f));
  }
}

TEST_CASE("BayesianLinearRegression constant stream converges to the constant") {
  BayesianLinearRegression model;
  const std::vector<double> x{1.0};
  for (int i = 0; i < 10'000; ++i) model.learn_one(view(x), 4.0);
  // Posterior mean n·y/(n + 1) with alpha = beta = 1.
  CHECK(model.predict_one(view(x)) == doctest::Approx(4.0 * 10'000.0 / 10'001.0));
}

TEST_CASE("BayesianLinearRegression rejects bad input without changing state") {
  const auto rows = load_stream();
  for (const std::optional<double> smoothing : {std::optional<double>{}, std::optional(0.9)}) {
    BayesianLinearRegression model(make_params(1.0, 1.0, smoothing));
    for (std::size_t i = 0; i < 30; ++i) model.learn_one(view(rows[i].x), rows[i].y);
    const BayesianLinearRegression before = model;
    std::vector<double> bad{1.0, INFINITY, 2.0};
    CHECK_THROWS_WITH_AS(model.learn_one(view(bad), 1.0),
                         "BayesianLinearRegression: x[1] must be finite, got inf",
                         streamwise::InvalidInput);
    bad = {1.0, 2.0, na, na, na, na, na, na, na, na, na, -INFINITY};  // a new feature
    CHECK_THROWS_WITH_AS(model.learn_one(view(bad), 1.0),
                         "BayesianLinearRegression: x[11] must be finite, got -inf",
                         streamwise::InvalidInput);
    CHECK_THROWS_WITH_AS(model.predict_one(view(bad)),
                         "BayesianLinearRegression: x[11] must be finite, got -inf",
                         streamwise::InvalidInput);
    CHECK_THROWS_AS(model.predict_dist(view(bad)), streamwise::InvalidInput);
    CHECK_THROWS_WITH_AS(model.learn_one(view(rows[0].x), na),
                         "BayesianLinearRegression: y must be finite, got nan",
                         streamwise::InvalidInput);
    CHECK_THROWS_WITH_AS(
        model.learn_one(view(rows[0].x), 1.0, -1.0),
        "BayesianLinearRegression: weight w must be finite and >= 0, got -1.000000",
        streamwise::InvalidInput);
    CHECK_THROWS_AS(model.learn_one(view(rows[0].x), 1.0, INFINITY), streamwise::InvalidInput);
    CHECK(model == before);
  }
}

TEST_CASE("BayesianLinearRegression with smoothing refuses a singular update, unchanged") {
  // Feature 1 appears once and then stays absent: its precision decays by 0.5 per update until
  // the matrix is singular (River raises LinAlgError there).
  BayesianLinearRegression model(make_params(1.0, 1.0, 0.5));
  const std::vector<double> both{1.0, 1.0};
  const std::vector<double> first{1.0};
  model.learn_one(view(both), 1.0);
  bool refused = false;
  for (int i = 0; i < 2000 && !refused; ++i) {
    const BayesianLinearRegression before = model;
    try {
      model.learn_one(view(first), 1.0);
    } catch (const streamwise::InvalidInput& e) {
      CHECK(std::string(e.what()) ==
            "BayesianLinearRegression: the smoothed precision matrix is singular (a feature has "
            "been absent for too long)");
      CHECK(model == before);
      refused = true;
    }
  }
  CHECK(refused);
  // A sample that also brings a new feature fails the same way (the reserved slots have decayed
  // to 0 as well) and is rolled back, registration included.
  const BayesianLinearRegression before = model;
  const std::vector<double> three{1.0, 1.0, 1.0};
  CHECK_THROWS_AS(model.learn_one(view(three), 1.0), streamwise::InvalidInput);
  CHECK(model == before);
  CHECK(model.n_features() == 2);
  // A sample with the missing feature heals it.
  model.learn_one(view(both), 1.0);
  CHECK(std::isfinite(model.predict_dist(view(both)).sigma));
}

TEST_CASE("BayesianLinearRegression validates its parameters") {
  CHECK_THROWS_WITH_AS(BayesianLinearRegression(make_params(0.0, 1.0, std::nullopt)),
                       "BayesianLinearRegression: alpha must be finite and > 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(BayesianLinearRegression(make_params(na, 1.0, std::nullopt)),
                       "BayesianLinearRegression: alpha must be finite and > 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(BayesianLinearRegression(make_params(1.0, -2.0, std::nullopt)),
                       "BayesianLinearRegression: beta must be finite and > 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(BayesianLinearRegression(make_params(1.0, INFINITY, std::nullopt)),
                       "BayesianLinearRegression: beta must be finite and > 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(BayesianLinearRegression(make_params(1.0, 1.0, 1.0)),
                       "BayesianLinearRegression: smoothing must be None or in (0, 1)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(BayesianLinearRegression(make_params(1.0, 1.0, 0.0)),
                       "BayesianLinearRegression: smoothing must be None or in (0, 1)",
                       std::invalid_argument);
  CHECK_NOTHROW(BayesianLinearRegression(make_params(3.0, 0.1, 0.999)));
  const auto p = streamwise::params_from_list<BayesianLinearRegression::Params>(
      {{"alpha", 2.0}, {"smoothing", 0.5}}, BayesianLinearRegression::name);
  CHECK(p == make_params(2.0, 1.0, 0.5));
}

TEST_CASE("BayesianLinearRegression checkpoint round-trip mid-stream") {
  const auto rows = load_stream();
  for (const std::optional<double> smoothing : {std::optional<double>{}, std::optional(0.95)}) {
    BayesianLinearRegression original(make_params(1.5, 0.7, smoothing));
    // Stop at 140: features 5 and 6 are known, 8 and 9 are not yet (the restored model must
    // still give them River's decayed prior when they arrive).
    for (std::size_t i = 0; i < 140; ++i) original.learn_one(view(rows[i].x), rows[i].y);
    BayesianLinearRegression restored = test::roundtrip(original);
    CHECK(restored == original);
    for (std::size_t i = 140; i < rows.size(); ++i) {
      const auto a = original.predict_dist(view(rows[i].x));
      const auto b = restored.predict_dist(view(rows[i].x));
      CHECK(a == b);
      original.learn_one(view(rows[i].x), rows[i].y, rows[i].k);
      restored.learn_one(view(rows[i].x), rows[i].y, rows[i].k);
    }
    CHECK(restored == original);
  }
  CHECK(
      streamwise::to_json(streamwise::spec_of(BayesianLinearRegression{})) ==
      R"({"type":"BayesianLinearRegression","params":{"alpha":1.0,"beta":1.0,"smoothing":null}})");
  CHECK(
      streamwise::repr(streamwise::spec_of(BayesianLinearRegression(make_params(1.0, 1.0, 0.8)))) ==
      "BayesianLinearRegression (\n  alpha=1.\n  beta=1.\n  smoothing=0.8\n)");
}

// Same layout as BayesianLinearRegression's payload, with fields the test can break.
struct FakeBlr {
  BayesianLinearRegression::Params params;
  std::vector<std::uint32_t> slot_of_id{0, 1};
  std::vector<streamwise::FeatureId> id_of_slot{0, 1};
  std::vector<double> slot_precision{0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0};
  std::vector<double> precision;
  std::vector<double> covariance{1.0, 0.0, 0.0, 1.0};
  std::vector<double> eta{0.0, 0.0};
  std::vector<double> mean{0.0, 0.0};
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    ar(params, slot_of_id, id_of_slot, slot_precision, precision, covariance, eta, mean);
  }
};
CEREAL_CLASS_VERSION(FakeBlr, 1)

namespace {
std::string payload_of(const FakeBlr& fake) {
  std::string payload;
  {
    streamwise::io::PayloadOutputArchive ar(payload);
    ar(fake);
  }
  return payload;
}
BayesianLinearRegression load_payload(const std::string& payload) {
  BayesianLinearRegression loaded;
  streamwise::io::PayloadInputArchive in(
      std::as_bytes(std::span<const char>(payload.data(), payload.size())));
  in(loaded);
  return loaded;
}
}  // namespace

TEST_CASE("BayesianLinearRegression refuses inconsistent checkpoint payloads") {
  FakeBlr good;
  const auto loaded = load_payload(payload_of(good));
  CHECK(loaded.n_features() == 2);
  CHECK(loaded.covariance(1, 1) == 1.0);

  FakeBlr bad = good;
  bad.covariance.pop_back();
  CHECK_THROWS_WITH_AS(load_payload(payload_of(bad)),
                       "BayesianLinearRegression: corrupt checkpoint (covariance size)",
                       streamwise::CheckpointError);
  bad = good;
  bad.slot_of_id = {1, 1};
  CHECK_THROWS_WITH_AS(load_payload(payload_of(bad)),
                       "BayesianLinearRegression: corrupt checkpoint (feature slots)",
                       streamwise::CheckpointError);
  bad = good;
  bad.slot_of_id = {0};
  CHECK_THROWS_AS(load_payload(payload_of(bad)), streamwise::CheckpointError);
  bad = good;
  bad.slot_precision = {1.0};
  CHECK_THROWS_WITH_AS(
      load_payload(payload_of(bad)),
      "BayesianLinearRegression: corrupt checkpoint (capacity below feature count)",
      streamwise::CheckpointError);
  bad = good;
  bad.mean = {0.0};
  CHECK_THROWS_WITH_AS(load_payload(payload_of(bad)),
                       "BayesianLinearRegression: corrupt checkpoint (mean size)",
                       streamwise::CheckpointError);
  bad = good;
  bad.params.smoothing = 0.5;  // smoothing needs the precision matrix too
  CHECK_THROWS_WITH_AS(load_payload(payload_of(bad)),
                       "BayesianLinearRegression: corrupt checkpoint (precision size)",
                       streamwise::CheckpointError);
  bad = good;
  bad.params.alpha = -1.0;
  CHECK_THROWS_WITH_AS(load_payload(payload_of(bad)),
                       "BayesianLinearRegression: alpha must be finite and > 0",
                       streamwise::CheckpointError);
}

TEST_CASE("BayesianLinearRegression does not allocate once the feature set is stable") {
  const auto rows = load_stream();
  for (const std::optional<double> smoothing : {std::optional<double>{}, std::optional(0.95)}) {
    BayesianLinearRegression model(make_params(1.0, 1.0, smoothing));
    for (std::size_t i = 0; i < 160; ++i) model.learn_one(view(rows[i].x), rows[i].y);
    double sink = 0.0;
    const long start = g_allocations.load();
    Eigen::internal::set_is_malloc_allowed(false);
    for (std::size_t i = 160; i < rows.size(); ++i) {
      sink += model.predict_one(view(rows[i].x));
      sink += model.predict_dist(view(rows[i].x)).sigma;
      model.learn_one(view(rows[i].x), rows[i].y, rows[i].k);
    }
    Eigen::internal::set_is_malloc_allowed(true);
    CHECK(g_allocations.load() - start == 0);
    CHECK(std::isfinite(sink));
  }
}
