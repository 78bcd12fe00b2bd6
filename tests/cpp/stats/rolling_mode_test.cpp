#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <vector>

#include "stats/rolling_test_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/rolling_mode.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::RollingMode;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<RollingMode>);

namespace {
RollingMode make(std::size_t w) { return RollingMode(RollingMode::Params{.window_size = w}); }

std::size_t count_in(const std::vector<double>& xs, std::size_t lo, std::size_t hi, double v) {
  std::size_t c = 0;
  for (std::size_t j = lo; j < hi; ++j) c += xs[j] == v;
  return c;
}
}  // namespace

TEST_CASE("RollingMode matches River at every step (including its tie order)") {
  const auto ref = test::read_reference("categorical.csv");
  const auto& xs = ref.column("x");
  test::require_matches(make(1), xs, ref.column("rmode_1"), "RollingMode(1)");
  test::require_matches(make(7), xs, ref.column("rmode_7"), "RollingMode(7)");
  test::require_matches(make(100), xs, ref.column("rmode_100"), "RollingMode(100)");
}

TEST_CASE("RollingMode returns a most frequent value of the window (direct count)") {
  // Oracle independent of tie order: the answer occurs in the window as often as any value.
  const auto s = test::make_stream(10'000, 6);
  std::vector<double> codes;
  for (double x : s.x) codes.push_back(std::floor(std::fabs(x) / 4.0));
  for (std::size_t w : {1u, 5u, 64u, 500u}) {
    RollingMode mode = make(w);
    for (std::size_t i = 0; i < codes.size(); ++i) {
      mode.update(codes[i]);
      const std::size_t lo = i + 1 > w ? i + 1 - w : 0;
      std::size_t best = 0;
      for (std::size_t j = lo; j <= i; ++j)
        best = std::max(best, count_in(codes, lo, i + 1, codes[j]));
      const std::size_t got = count_in(codes, lo, i + 1, mode.get());
      if (got != best || mode.count(mode.get()) != got) {
        FAIL("window " << w << ", step " << i << ": mode " << mode.get() << " occurs " << got
                       << " times, the maximum is " << best);
      }
      if (w == 500 && i > 3000) break;  // keep the cubic oracle quick
    }
  }
}

TEST_CASE("RollingMode follows River's documented example (sunny=0, rainy=1)") {
  const std::vector<double> xs = {0, 0, 0, 1, 1, 1, 1};
  test::require_matches(make(2), xs, {0, 0, 0, 0, 1, 1, 1}, "RollingMode(2)");
  test::require_matches(make(5), xs, {0, 0, 0, 0, 0, 1, 1}, "RollingMode(5)");
}

TEST_CASE("RollingMode edge cases: empty, window of one, constant stream") {
  RollingMode mode = make(3);
  CHECK(std::isnan(mode.get()));  // River: None
  mode.update(2.0);
  CHECK(mode.get() == 2.0);
  for (int i = 0; i < 10; ++i) mode.update(5.0);
  CHECK(mode.get() == 5.0);
  CHECK(mode.count(5.0) == 3);
  CHECK(mode.count(2.0) == 0);
}

TEST_CASE("RollingMode rejects NaN and inf without changing state") {
  RollingMode mode = make(2);
  mode.update(1.0);
  mode.update(2.0);
  const RollingMode before = mode;
  CHECK_THROWS_WITH_AS(mode.update(std::nan("")),
                       doctest::Contains("RollingMode: x must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(mode.update(INFINITY), streamwise::InvalidInput);
  CHECK(mode == before);
}

TEST_CASE("RollingMode validates window_size") {
  CHECK_THROWS_WITH_AS(make(0), "RollingMode: window_size must be >= 1", std::invalid_argument);
}

TEST_CASE("RollingMode checkpoint round-trip keeps state and behaviour") {
  const auto ref = test::read_reference("categorical.csv");
  std::vector<double> xs(ref.column("x").begin(), ref.column("x").begin() + 1200);
  test::require_roundtrip(make(7), xs);
  test::require_roundtrip(make(100), xs);
  CHECK(streamwise::to_json(streamwise::spec_of(make(7))) ==
        R"({"type":"RollingMode","params":{"window_size":7}})");
}
