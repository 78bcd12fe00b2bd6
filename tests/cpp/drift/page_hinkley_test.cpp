#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "drift/drift_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/drift/page_hinkley.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::drift::PageHinkley;
using streamwise::drift::PageHinkleyMode;
namespace test = streamwise::test;
namespace ref = streamwise::test::drift;

static_assert(streamwise::DriftDetector<PageHinkley>);

namespace {
PageHinkley with_mode(PageHinkleyMode mode) {
  PageHinkley::Params p;
  p.mode = mode;
  return PageHinkley(p);
}
}  // namespace

TEST_CASE("PageHinkley flags River's indices on River's s3 stream in every mode") {
  const auto s3 = ref::read_stream("s3");
  auto up = with_mode(PageHinkleyMode::up);
  auto down = with_mode(PageHinkleyMode::down);
  auto both = with_mode(PageHinkleyMode::both);
  CHECK(ref::detections(up, s3) == std::vector<std::size_t>{588, 1681});
  CHECK(ref::detections(down, s3) == std::vector<std::size_t>{1172});
  CHECK(ref::detections(both, s3) == std::vector<std::size_t>{588, 1097, 1585});
}

TEST_CASE("PageHinkley matches River on every recorded stream and parameter set") {
  const auto cases = ref::read_expected("page_hinkley_expected.csv");
  REQUIRE(cases.size() == 42);
  for (const auto& c : cases) {
    CAPTURE(c.stream);
    CAPTURE(c.params_text);
    PageHinkley ph(streamwise::params_from_list<PageHinkley::Params>(c.params, "PageHinkley"));
    const auto stream = ref::read_stream(c.stream);
    CHECK(ref::detections(ph, stream) == c.drift);
  }
}

TEST_CASE("PageHinkley's running values match River after every update") {
  const auto stream = ref::read_stream("s3");
  const auto rows = ref::read_table("page_hinkley_state.csv");
  REQUIRE(rows.size() == stream.size());
  PageHinkley ph;
  for (std::size_t i = 0; i < stream.size(); ++i) {
    ph.update(stream[i]);
    const auto& r = rows[i];
    CAPTURE(i);
    REQUIRE(test::close(ph.x_mean(), r[0], 1e-12));
    REQUIRE(test::close(ph.sum_increase(), r[1], 1e-12));
    REQUIRE(test::close(ph.sum_decrease(), r[2], 1e-12));
    REQUIRE(test::close(ph.min_increase(), r[3], 1e-12));
    REQUIRE(test::close(ph.max_decrease(), r[4], 1e-12));
    REQUIRE(ph.drift_detected() == (r[5] == 1.0));
  }
}

TEST_CASE("PageHinkley follows its definition on a hand-checked sequence") {
  // Independent recomputation: mean, faded sums and extremes written out directly.
  PageHinkley::Params p;
  p.min_instances = 3;
  p.delta = 0.1;
  p.threshold = 1.0;
  p.alpha = 0.5;
  p.mode = PageHinkleyMode::up;
  PageHinkley ph(p);
  const double xs[] = {0.0, 0.0, 0.0, 3.0};
  double mean = 0, inc = 0, dec = 0, min_inc = INFINITY, max_dec = -1;
  for (int i = 0; i < 4; ++i) {
    mean = (mean * i + xs[i]) / (i + 1);
    inc = 0.5 * inc + (xs[i] - mean) - 0.1;
    dec = 0.5 * dec + (xs[i] - mean) + 0.1;
    min_inc = std::min(min_inc, inc);
    max_dec = std::max(max_dec, dec);
    ph.update(xs[i]);
    CHECK(ph.x_mean() == doctest::Approx(mean));
    CHECK(ph.sum_increase() == doctest::Approx(inc));
    CHECK(ph.sum_decrease() == doctest::Approx(dec));
    CHECK(ph.min_increase() == doctest::Approx(min_inc));
    CHECK(ph.max_decrease() == doctest::Approx(max_dec));
  }
  // Last step: inc = 0.5 * (-0.175) + 2.25 - 0.1 = 2.0625, min_inc = -0.175 -> 2.2375 > 1.
  CHECK(ph.test_increase() == doctest::Approx(2.2375));
  CHECK(ph.drift_detected());
}

TEST_CASE("PageHinkley edge cases: empty, constant, min_instances, reset after a drift") {
  PageHinkley ph;
  CHECK_FALSE(ph.drift_detected());
  CHECK(ph.n() == 0.0);
  CHECK(ph.min_increase() == std::numeric_limits<double>::infinity());
  CHECK(ph.max_decrease() == -1.0);
  ph.update(7.0);
  CHECK(ph.x_mean() == 7.0);
  CHECK(ph.n() == 1.0);

  PageHinkley constant;
  for (int i = 0; i < 10'000; ++i) {
    constant.update(3.0);
    REQUIRE_FALSE(constant.drift_detected());
  }

  // No test before min_instances values, however large the jump.
  PageHinkley::Params p;
  p.min_instances = 50;
  p.threshold = 1.0;
  PageHinkley waiting(p);
  for (int i = 0; i < 20; ++i) waiting.update(0.0);
  for (int i = 0; i < 29; ++i) {
    waiting.update(1000.0);
    REQUIRE_FALSE(waiting.drift_detected());
  }
  waiting.update(1000.0);  // 50th value
  CHECK(waiting.drift_detected());
  // The update after a drift starts from scratch.
  waiting.update(5.0);
  CHECK_FALSE(waiting.drift_detected());
  CHECK(waiting.n() == 1.0);
  CHECK(waiting.x_mean() == 5.0);
  PageHinkley fresh(p);
  fresh.update(5.0);
  CHECK(fresh == waiting);
}

TEST_CASE("PageHinkley rejects NaN and inf without changing state") {
  PageHinkley ph;
  for (int i = 0; i < 40; ++i) ph.update(i % 4);
  const PageHinkley before = ph;
  CHECK_THROWS_WITH_AS(ph.update(std::nan("")), doctest::Contains("PageHinkley: x must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(ph.update(-INFINITY), "PageHinkley: x must be finite, got -inf",
                       streamwise::InvalidInput);
  CHECK(ph == before);
}

TEST_CASE("PageHinkley validates its parameters") {
  auto with = [](auto change) {
    PageHinkley::Params p;
    change(p);
    return p;
  };
  CHECK_THROWS_WITH_AS(PageHinkley(with([](auto& p) { p.min_instances = -1; })),
                       "PageHinkley: min_instances must be >= 0", std::invalid_argument);
  CHECK_THROWS_WITH_AS(PageHinkley(with([](auto& p) { p.delta = NAN; })),
                       "PageHinkley: delta must be finite", std::invalid_argument);
  CHECK_THROWS_WITH_AS(PageHinkley(with([](auto& p) { p.threshold = INFINITY; })),
                       "PageHinkley: threshold must be finite", std::invalid_argument);
  CHECK_THROWS_WITH_AS(PageHinkley(with([](auto& p) { p.alpha = 1.5; })),
                       "PageHinkley: alpha must be in [0, 1]", std::invalid_argument);
  CHECK_THROWS_WITH_AS(PageHinkley(with([](auto& p) { p.mode = static_cast<PageHinkleyMode>(7); })),
                       R"(PageHinkley: mode must be one of "up", "down", "both")",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(streamwise::params_from_list<PageHinkley::Params>(
                           {{"mode", std::string("sideways")}}, "PageHinkley"),
                       R"(PageHinkley: mode must be one of "up", "down", "both")",
                       std::invalid_argument);
  const auto p = streamwise::params_from_list<PageHinkley::Params>(
      {{"mode", std::string("down")}, {"threshold", std::int64_t{20}}}, "PageHinkley");
  CHECK(p.mode == PageHinkleyMode::down);
  CHECK(p.threshold == 20.0);
}

TEST_CASE("PageHinkley checkpoint round-trip mid-stream flags the same later indices") {
  const auto s3 = ref::read_stream("s3");
  PageHinkley original;
  for (std::size_t i = 0; i < 800; ++i) original.update(s3[i]);
  PageHinkley restored = test::roundtrip(original);
  CHECK(restored == original);
  const auto a = ref::detections(original, s3, 800);
  const auto b = ref::detections(restored, s3, 800);
  CHECK(a == std::vector<std::size_t>{1097, 1585});
  CHECK(a == b);
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"PageHinkley","params":{"min_instances":30,"delta":0.005,"threshold":50.0,)"
        R"("alpha":0.9999,"mode":"both"}})");
}

TEST_CASE("PageHinkley handles a 100k-point stream") {
  streamwise::Rng rng(9);
  PageHinkley ph;
  std::size_t drifts = 0;
  for (int i = 0; i < 100'000; ++i) {
    ph.update(rng.normal() + (i >= 50'000 ? 2.0 : 0.0));
    drifts += ph.drift_detected();
  }
  CHECK(drifts >= 1);
}
