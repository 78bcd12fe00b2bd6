#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "drift/drift_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/drift/kswin.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::drift::KSWIN;
namespace test = streamwise::test;
namespace ref = streamwise::test::drift;

static_assert(streamwise::DriftDetector<KSWIN>);

namespace {
KSWIN::Params river_test_params() {
  KSWIN::Params p;
  p.alpha = 1e-4;
  p.window_size = 200;
  p.stat_size = 100;
  p.seed = 42;
  return p;
}
}  // namespace

TEST_CASE("KSWIN flags River's index on River's s1 stream") {
  KSWIN kswin(river_test_params());
  const auto s1 = ref::read_stream("s1");
  CHECK(ref::detections(kswin, s1) == std::vector<std::size_t>{1042});
}

TEST_CASE("KSWIN matches River on every recorded stream and parameter set") {
  const auto cases = ref::read_expected("kswin_expected.csv");
  REQUIRE(cases.size() == 63);
  for (const auto& c : cases) {
    CAPTURE(c.stream);
    CAPTURE(c.params_text);
    KSWIN kswin(streamwise::params_from_list<KSWIN::Params>(c.params, "KSWIN"));
    const auto stream = ref::read_stream(c.stream);
    CHECK(ref::detections(kswin, stream) == c.drift);
  }
}

TEST_CASE("KSWIN's p-value matches River after every update") {
  // Two runs on s1: the River test set-up, then the defaults with seed=1 (stat_size=30 reaches
  // SciPy's asymptotic fallback for statistics of 1/30 and 2/30).
  const auto s1 = ref::read_stream("s1");
  const auto rows = ref::read_table("kswin_pvalues.csv");
  REQUIRE(rows.size() == 2 * s1.size());
  KSWIN::Params defaults;
  defaults.seed = 1;
  KSWIN runs[] = {KSWIN(river_test_params()), KSWIN(defaults)};
  for (int r = 0; r < 2; ++r) {
    for (std::size_t i = 0; i < s1.size(); ++i) {
      runs[r].update(s1[i]);
      const auto& row = rows[r * s1.size() + i];
      CAPTURE(r);
      CAPTURE(i);
      REQUIRE(test::close(runs[r].p_value(), row[0], 1e-12));
      REQUIRE(runs[r].drift_detected() == (row[1] == 1.0));
    }
  }
}

TEST_CASE("The KS p-value matches scipy.stats.ks_2samp for equal sample sizes") {
  const auto rows = ref::read_table("ks_pvalues.csv");
  REQUIRE(rows.size() > 1500);
  std::size_t fallbacks = 0;
  for (const auto& r : rows) {
    const auto n = static_cast<std::uint64_t>(r[0]);
    const auto h = static_cast<std::uint64_t>(r[1]);
    CAPTURE(n);
    CAPTURE(h);
    CHECK(static_cast<double>(h) / static_cast<double>(n) == r[2]);
    const double p = streamwise::drift::ks_2samp_equal_pvalue(n, h);
    // Relative 1e-12, absolute below 1e-300 (products of many ratios underflow alike).
    CHECK((std::fabs(p - r[3]) <= 1e-12 * std::fabs(r[3]) || std::fabs(p - r[3]) < 1e-300));
    fallbacks += r[3] < 1.0 && h <= 12 && n >= 100;
  }
  CHECK(fallbacks > 100);
}

TEST_CASE("KSWIN edge cases: filling the window, constant stream, initial window") {
  KSWIN::Params p;
  p.window_size = 10;
  p.stat_size = 5;
  p.seed = 3;
  KSWIN kswin(p);
  CHECK(kswin.p_value() == 0.0);
  CHECK(kswin.window().empty());
  for (int i = 0; i < 9; ++i) {
    kswin.update(i);
    CHECK(kswin.p_value() == 0.0);  // no test before the window is full
    CHECK_FALSE(kswin.drift_detected());
  }
  kswin.update(9.0);
  CHECK(kswin.window_length() == 10);
  // Newest five are 5..9, all above the five drawn from 0..4: statistic 1, p = 2/252.
  CHECK(kswin.statistic() == 1.0);
  CHECK(kswin.p_value() == doctest::Approx(2.0 / 252.0));
  CHECK_FALSE(kswin.drift_detected());  // alpha = 0.005 < 0.0079
  kswin.update(10.0);
  CHECK(kswin.window() == std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});

  KSWIN constant;
  for (int i = 0; i < 5000; ++i) {
    constant.update(4.0);
    REQUIRE_FALSE(constant.drift_detected());
  }
  CHECK(constant.p_value() == 1.0);
  CHECK(constant.statistic() == 0.0);

  // River's `window` argument: only the last window_size values are kept.
  std::vector<double> initial(15);
  for (int i = 0; i < 15; ++i) initial[i] = i;
  KSWIN warm(p, initial);
  CHECK(warm.window() == std::vector<double>{5, 6, 7, 8, 9, 10, 11, 12, 13, 14});
  warm.update(15.0);
  CHECK(warm.p_value() > 0.0);  // tested on the first update
  const std::vector<double> bad = {1.0, NAN};
  CHECK_THROWS_WITH_AS(KSWIN(p, bad), doctest::Contains("KSWIN: window value must be finite"),
                       streamwise::InvalidInput);
}

TEST_CASE("KSWIN keeps the newest stat_size values on a drift and restarts on the next update") {
  KSWIN kswin(river_test_params());
  const auto s1 = ref::read_stream("s1");
  for (std::size_t i = 0; i <= 1042; ++i) kswin.update(s1[i]);
  REQUIRE(kswin.drift_detected());
  CHECK(kswin.p_value() <= 1e-4);
  CHECK(kswin.statistic() > 0.1);
  const auto kept = kswin.window();
  REQUIRE(kept.size() == 100);
  for (std::size_t i = 0; i < 100; ++i) CHECK(kept[i] == s1[943 + i]);
  kswin.update(s1[1043]);
  CHECK_FALSE(kswin.drift_detected());
  CHECK(kswin.window() == std::vector<double>{s1[1043]});
  CHECK(kswin.n() == 1);
  CHECK(kswin.p_value() == 0.0);
  KSWIN fresh(river_test_params());
  fresh.update(s1[1043]);
  CHECK(fresh == kswin);  // generator re-seeded too
}

TEST_CASE("KSWIN without a seed draws differently each time but still works") {
  KSWIN a, b;
  const auto s1 = ref::read_stream("s1");
  std::size_t drifts = 0;
  for (double x : s1) {
    a.update(x);
    b.update(x);
    drifts += a.drift_detected();
  }
  CHECK(drifts >= 1);
  CHECK_FALSE(a == b);
  CHECK(
      streamwise::to_json(streamwise::spec_of(a)) ==
      R"({"type":"KSWIN","params":{"alpha":0.005,"window_size":100,"stat_size":30,"seed":null}})");
}

TEST_CASE("KSWIN rejects NaN and inf without changing state") {
  KSWIN kswin(river_test_params());
  for (int i = 0; i < 250; ++i) kswin.update(i % 5);
  const KSWIN before = kswin;
  CHECK_THROWS_WITH_AS(kswin.update(std::nan("")), doctest::Contains("KSWIN: x must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(kswin.update(INFINITY), streamwise::InvalidInput);
  CHECK(kswin == before);
}

TEST_CASE("KSWIN validates its parameters") {
  auto with = [](auto change) {
    KSWIN::Params p;
    change(p);
    return p;
  };
  CHECK_THROWS_WITH_AS(KSWIN(with([](auto& p) { p.alpha = -0.1; })),
                       "KSWIN: alpha must be in [0, 1]", std::invalid_argument);
  CHECK_THROWS_WITH_AS(KSWIN(with([](auto& p) { p.alpha = 1.1; })),
                       "KSWIN: alpha must be in [0, 1]", std::invalid_argument);
  CHECK_THROWS_WITH_AS(KSWIN(with([](auto& p) { p.stat_size = 0; })),
                       "KSWIN: stat_size must be >= 1", std::invalid_argument);
  CHECK_THROWS_WITH_AS(KSWIN(with([](auto& p) { p.window_size = -10; })),
                       "KSWIN: window_size must be >= 2 * stat_size", std::invalid_argument);
  CHECK_THROWS_WITH_AS(KSWIN(with([](auto& p) {
                         p.window_size = 10;
                         p.stat_size = 30;
                       })),
                       "KSWIN: window_size must be >= 2 * stat_size", std::invalid_argument);
  CHECK_THROWS_WITH_AS(KSWIN(with([](auto& p) { p.window_size = 59; })),
                       "KSWIN: window_size must be >= 2 * stat_size", std::invalid_argument);
  CHECK_THROWS_WITH_AS(KSWIN(with([](auto& p) { p.window_size = 1'000'000'000; })),
                       "KSWIN: window_size must be <= 100000000", std::invalid_argument);
  CHECK_NOTHROW(KSWIN(with([](auto& p) { p.alpha = 0.5; })));
  const auto p = streamwise::params_from_list<KSWIN::Params>(
      {{"seed", std::int64_t{7}}, {"alpha", 0.01}}, "KSWIN");
  CHECK(p.seed == 7);
  CHECK(p.alpha == 0.01);
}

TEST_CASE("KSWIN checkpoint round-trip mid-stream flags the same later indices") {
  KSWIN::Params p;
  p.seed = 1;
  const auto s1 = ref::read_stream("s1");
  KSWIN original(p);
  for (std::size_t i = 0; i < 1000; ++i) original.update(s1[i]);
  KSWIN restored = test::roundtrip(original);
  CHECK(restored == original);
  const auto a = ref::detections(original, s1, 1000);
  const auto b = ref::detections(restored, s1, 1000);
  CHECK(a == std::vector<std::size_t>{1048, 1481});
  CHECK(a == b);
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"KSWIN","params":{"alpha":0.005,"window_size":100,"stat_size":30,"seed":1}})");
}

TEST_CASE("KSWIN handles a 100k-point stream") {
  streamwise::Rng rng(17);
  KSWIN::Params p;
  p.seed = 5;
  p.alpha = 1e-4;
  KSWIN kswin(p);
  std::size_t drifts = 0;
  for (int i = 0; i < 100'000; ++i) {
    kswin.update(rng.normal() + (i >= 50'000 ? 3.0 : 0.0));
    drifts += kswin.drift_detected();
  }
  CHECK(drifts >= 1);
}
