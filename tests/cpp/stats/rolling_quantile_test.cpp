#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "stats/rolling_test_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/rolling_quantile.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::RollingQuantile;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<RollingQuantile>);

namespace {
RollingQuantile make(double q, std::size_t w) {
  return RollingQuantile(RollingQuantile::Params{.q = q, .window_size = w});
}

// Oracle: sort the window and apply numpy.quantile's default "linear" rule, including numpy's
// two-sided lerp (a + (b - a) t below t = 0.5, b - (b - a)(1 - t) from there).
double numpy_quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double virtual_index = (static_cast<double>(v.size()) - 1.0) * q;
  const auto prev = static_cast<std::size_t>(std::floor(virtual_index));
  const std::size_t next = std::min(prev + 1, v.size() - 1);
  const double t = virtual_index - static_cast<double>(prev);
  const double a = v[prev], b = v[next], diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}
}  // namespace

TEST_CASE("RollingQuantile matches numpy's linear quantile of the window at every step") {
  auto s = test::make_stream(10'000);
  for (std::size_t i = 5000; i < 5200; ++i) s.x[i] = 1.25;  // a long run of ties
  for (double q : {0.0, 0.1, 0.5, 0.73, 1.0}) {
    for (std::size_t w : {1u, 2u, 10u, 101u, 1000u}) {
      RollingQuantile stat = make(q, w);
      for (std::size_t i = 0; i < s.x.size(); ++i) {
        stat.update(s.x[i]);
        const std::size_t lo = i + 1 > w ? i + 1 - w : 0;
        const double expected =
            numpy_quantile(std::vector<double>(s.x.begin() + lo, s.x.begin() + i + 1), q);
        if (!test::close(stat.get(), expected)) {
          FAIL("q " << q << ", window " << w << ", step " << i << ": got " << stat.get()
                    << ", expected " << expected);
        }
      }
      CHECK(stat.size() == w);
    }
  }
}

TEST_CASE("RollingQuantile matches River's own outputs") {
  const auto ref = test::read_reference("rolling.csv");
  const auto& xs = ref.column("x");
  test::require_matches(make(0.3, 50), xs, ref.column("rq_0.3_50"), "RollingQuantile(0.3, 50)");
  test::require_matches(make(1.0, 7), xs, ref.column("rq_1_7"), "RollingQuantile(1, 7)");
}

TEST_CASE("RollingQuantile follows River's documented example") {
  RollingQuantile median = make(0.5, 101);
  std::vector<double> got;
  for (int i = 0; i <= 1000; ++i) {
    median.update(i);
    if (i % 100 == 0) got.push_back(median.get());
  }
  const std::vector<double> expected = {0, 50, 150, 250, 350, 450, 550, 650, 750, 850, 950};
  CHECK(got == expected);
}

TEST_CASE("RollingQuantile edge cases: empty, one value, constant stream") {
  RollingQuantile stat = make(0.5, 4);
  CHECK(std::isnan(stat.get()));  // River: None
  stat.update(2.0);
  CHECK(stat.get() == 2.0);
  for (int i = 0; i < 10; ++i) stat.update(-1.0);
  CHECK(stat.get() == -1.0);
  RollingQuantile top = make(1.0, 1);  // watermill's edge case
  for (int i = 0; i <= 1000; ++i) top.update(i);
  CHECK(top.get() == 1000.0);
}

TEST_CASE("RollingQuantile rejects NaN and inf without changing state") {
  RollingQuantile stat = make(0.5, 2);
  stat.update(1.0);
  stat.update(3.0);
  const RollingQuantile before = stat;
  CHECK_THROWS_WITH_AS(stat.update(std::nan("")),
                       doctest::Contains("RollingQuantile: x must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(stat.update(INFINITY), streamwise::InvalidInput);
  CHECK(stat == before);
}

TEST_CASE("RollingQuantile validates its parameters") {
  for (double q : {-0.01, 1.01, std::nan("")}) {
    CHECK_THROWS_WITH_AS(make(q, 5), "RollingQuantile: q must be in [0, 1]", std::invalid_argument);
  }
  CHECK_THROWS_WITH_AS(make(0.5, 0), "RollingQuantile: window_size must be >= 1",
                       std::invalid_argument);
  CHECK_NOTHROW(make(0.0, 1));
  CHECK_NOTHROW(make(1.0, 1));
}

TEST_CASE("RollingQuantile checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(700, 17);
  test::require_roundtrip(make(0.25, 40), s.x);
  CHECK(streamwise::to_json(streamwise::spec_of(make(0.25, 40))) ==
        R"({"type":"RollingQuantile","params":{"q":0.25,"window_size":40}})");
}
