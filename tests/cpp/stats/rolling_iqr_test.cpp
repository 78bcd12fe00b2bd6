#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "stats/rolling_test_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/rolling_iqr.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::RollingIQR;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<RollingIQR>);

namespace {
RollingIQR make(std::size_t w, double lo = 0.25, double hi = 0.75) {
  return RollingIQR(RollingIQR::Params{.window_size = w, .q_inf = lo, .q_sup = hi});
}

// Oracle: numpy.quantile(window, q_sup) - numpy.quantile(window, q_inf), "linear" method.
double numpy_quantile(const std::vector<double>& sorted, double q) {
  const double virtual_index = (static_cast<double>(sorted.size()) - 1.0) * q;
  const auto prev = static_cast<std::size_t>(std::floor(virtual_index));
  const std::size_t next = std::min(prev + 1, sorted.size() - 1);
  const double t = virtual_index - static_cast<double>(prev);
  const double a = sorted[prev], b = sorted[next], diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}
}  // namespace

TEST_CASE("RollingIQR matches numpy on the window at every step") {
  const auto s = test::make_stream(10'000, 3);
  for (auto [lo, hi] : {std::pair{0.25, 0.75}, std::pair{0.0, 1.0}, std::pair{0.1, 0.35}}) {
    for (std::size_t w : {1u, 2u, 9u, 100u, 1000u}) {
      RollingIQR stat = make(w, lo, hi);
      for (std::size_t i = 0; i < s.x.size(); ++i) {
        stat.update(s.x[i]);
        const std::size_t first = i + 1 > w ? i + 1 - w : 0;
        std::vector<double> window(s.x.begin() + first, s.x.begin() + i + 1);
        std::sort(window.begin(), window.end());
        const double expected = numpy_quantile(window, hi) - numpy_quantile(window, lo);
        if (!test::close(stat.get(), expected)) {
          FAIL("(" << lo << ", " << hi << "), window " << w << ", step " << i << ": got "
                   << stat.get() << ", expected " << expected);
        }
      }
    }
  }
}

TEST_CASE("RollingIQR matches River's own outputs") {
  const auto ref = test::read_reference("rolling.csv");
  test::require_matches(make(37), ref.column("x"), ref.column("riqr_37"), "RollingIQR(37)");
}

TEST_CASE("RollingIQR follows River's documented example") {
  RollingIQR iqr = make(101);
  std::vector<double> got;
  for (int i = 0; i <= 1000; ++i) {
    iqr.update(i);
    if (i % 100 == 0) got.push_back(iqr.get());
  }
  const std::vector<double> expected = {0, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50};
  CHECK(got == expected);
}

TEST_CASE("RollingIQR edge cases: empty, one value, constant stream") {
  RollingIQR iqr = make(5);
  CHECK(std::isnan(iqr.get()));  // River: None
  iqr.update(3.0);
  CHECK(iqr.get() == 0.0);
  for (int i = 0; i < 10; ++i) iqr.update(7.0);
  CHECK(iqr.get() == 0.0);
  RollingIQR edge = make(1, 0.99, 1.0);  // watermill's edge case
  for (int i = 0; i <= 1000; ++i) edge.update(i);
  CHECK(edge.get() == 0.0);
}

TEST_CASE("RollingIQR rejects NaN and inf without changing state") {
  RollingIQR iqr = make(3);
  iqr.update(1.0);
  iqr.update(4.0);
  const RollingIQR before = iqr;
  CHECK_THROWS_WITH_AS(iqr.update(std::nan("")), doctest::Contains("RollingIQR: x must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(iqr.update(-INFINITY), streamwise::InvalidInput);
  CHECK(iqr == before);
}

TEST_CASE("RollingIQR validates its parameters") {
  CHECK_THROWS_WITH_AS(make(0), "RollingIQR: window_size must be >= 1", std::invalid_argument);
  CHECK_THROWS_WITH_AS(make(5, 0.75, 0.25), "RollingIQR: q_inf must be strictly less than q_sup",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(make(5, -0.5, 0.25), "RollingIQR: q_inf must be in [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(make(5, 0.5, 2.0), "RollingIQR: q_sup must be in [0, 1]",
                       std::invalid_argument);
}

TEST_CASE("RollingIQR checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(700, 19);
  test::require_roundtrip(make(30), s.x);
  CHECK(streamwise::to_json(streamwise::spec_of(make(30))) ==
        R"({"type":"RollingIQR","params":{"window_size":30,"q_inf":0.25,"q_sup":0.75}})");
}
