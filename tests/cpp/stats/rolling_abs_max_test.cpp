#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "stats/rolling_test_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/rolling_abs_max.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::RollingAbsMax;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<RollingAbsMax>);

namespace {
RollingAbsMax make(std::size_t w) { return RollingAbsMax(RollingAbsMax::Params{.window_size = w}); }

// Oracle: a direct scan of the window xs[lo, hi).
double direct(const std::vector<double>& xs, std::size_t lo, std::size_t hi) {
  double m = 0.0;
  for (std::size_t j = lo; j < hi; ++j) m = std::max(m, std::fabs(xs[j]));
  return m;
}
}  // namespace

TEST_CASE("RollingAbsMax matches a direct scan of the window at every step") {
  auto s = test::make_stream(10'000);
  // Runs of equal values and monotone stretches exercise ties and deque evictions.
  for (std::size_t i = 2000; i < 2300; ++i) s.x[i] = s.x[2000];
  for (std::size_t i = 3000; i < 3500; ++i) s.x[i] = static_cast<double>(i) * 0.01;
  for (std::size_t i = 4000; i < 4500; ++i) s.x[i] = -static_cast<double>(i) * 0.01;
  for (std::size_t w : {1u, 2u, 7u, 100u, 1000u}) {
    RollingAbsMax stat = make(w);
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      stat.update(s.x[i]);
      const std::size_t lo = i + 1 > w ? i + 1 - w : 0;
      const double expected = direct(s.x, lo, i + 1);
      if (!test::close(stat.get(), expected)) {
        FAIL("window " << w << ", step " << i << ": got " << stat.get() << ", expected "
                       << expected);
      }
    }
    CHECK(stat.size() == w);
  }
}

TEST_CASE("RollingAbsMax follows River's documented example") {
  RollingAbsMax stat = make(2);
  const std::vector<double> xs = {1, -4, 3, -2, 2, 1};
  const std::vector<double> expected = {1, 4, 4, 3, 2, 2};
  test::require_matches(stat, xs, expected, "RollingAbsMax(2)");
}

TEST_CASE("RollingAbsMax edge cases: empty, one value, constant stream") {
  RollingAbsMax stat = make(3);
  CHECK(std::isnan(stat.get()));  // River: None
  CHECK(stat.size() == 0);
  stat.update(-2.5);
  CHECK(stat.get() == direct({-2.5}, 0, 1));
  for (int i = 0; i < 20; ++i) stat.update(4.0);
  CHECK(stat.get() == direct({4.0}, 0, 1));
}

TEST_CASE("RollingAbsMax rejects NaN and inf without changing state") {
  RollingAbsMax stat = make(2);
  stat.update(1.0);
  stat.update(-3.0);
  const RollingAbsMax before = stat;
  CHECK_THROWS_WITH_AS(stat.update(std::nan("")),
                       doctest::Contains("RollingAbsMax: x must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(stat.update(-INFINITY), streamwise::InvalidInput);
  CHECK(stat == before);
}

TEST_CASE("RollingAbsMax validates window_size") {
  CHECK_THROWS_WITH_AS(make(0), "RollingAbsMax: window_size must be >= 1", std::invalid_argument);
  CHECK_NOTHROW(make(1));
}

TEST_CASE("RollingAbsMax checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(700, 13);
  test::require_roundtrip(make(25), s.x);
  test::require_roundtrip(make(1), s.x);
  CHECK(streamwise::to_json(streamwise::spec_of(make(25))) ==
        R"({"type":"RollingAbsMax","params":{"window_size":25}})");
}
