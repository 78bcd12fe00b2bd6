#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "stats/rolling_test_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/mode.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::Mode;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<Mode>);

namespace {
Mode make(std::int64_t k) { return Mode(Mode::Params{.k = k}); }
}  // namespace

TEST_CASE("Mode matches River at every step") {
  const auto ref = test::read_reference("categorical.csv");
  const auto& xs = ref.column("x");
  REQUIRE(xs.size() == 3000);
  test::require_matches(make(25), xs, ref.column("mode_25"), "Mode(k=25)");
  test::require_matches(make(3), xs, ref.column("mode_3"), "Mode(k=3)");
  test::require_matches(make(-1), xs, ref.column("mode_all"), "Mode(k=-1)");
}

TEST_CASE("Mode with k = -1 is the most frequent value, earliest on ties (direct count)") {
  const auto ref = test::read_reference("categorical.csv");
  const auto& xs = ref.column("x");
  Mode mode = make(-1);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    mode.update(xs[i]);
    // Oracle: count every value in the prefix; the first value (by first appearance) with the
    // highest count wins.
    double best = 0.0;
    std::size_t best_count = 0;
    for (std::size_t j = 0; j <= i; ++j) {
      bool seen_before = false;
      for (std::size_t k = 0; k < j && !seen_before; ++k) seen_before = xs[k] == xs[j];
      if (seen_before) continue;
      std::size_t c = 0;
      for (std::size_t k = 0; k <= i; ++k) c += xs[k] == xs[j];
      if (c > best_count) {
        best_count = c;
        best = xs[j];
      }
    }
    if (mode.get() != best) FAIL("step " << i << ": got " << mode.get() << ", expected " << best);
    if (i > 300) break;  // the quadratic oracle is slow; River's file covers the rest
  }
}

TEST_CASE("Mode follows River's documented example (sunny=0, cloudy=1, rainy=2)") {
  const std::vector<double> xs = {0, 1, 1, 2, 2, 2};
  const std::vector<double> k2 = {0, 0, 1, 1, 1, 1};
  const std::vector<double> all = {0, 0, 1, 1, 1, 2};
  test::require_matches(make(2), xs, k2, "Mode(k=2)");
  test::require_matches(make(-1), xs, all, "Mode(k=-1)");
}

TEST_CASE("Mode edge cases: empty, k = 0, constant stream, signed zero") {
  Mode mode;
  CHECK(std::isnan(mode.get()));  // River: None
  Mode none = make(0);
  none.update(1.0);
  CHECK(std::isnan(none.get()));
  CHECK(none.n_distinct() == 0);
  for (int i = 0; i < 10; ++i) mode.update(7.0);
  CHECK(mode.get() == 7.0);
  CHECK(mode.count(7.0) == 10);
  Mode zeros = make(-1);
  zeros.update(-0.0);
  zeros.update(0.0);
  CHECK(zeros.count(0.0) == 2);  // one key, as in Python
  CHECK(zeros.n_distinct() == 1);
}

TEST_CASE("Mode rejects NaN and inf without changing state") {
  Mode mode;
  mode.update(1.0);
  mode.update(2.0);
  const Mode before = mode;
  CHECK_THROWS_WITH_AS(mode.update(std::nan("")), doctest::Contains("Mode: x must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(mode.update(INFINITY), streamwise::InvalidInput);
  CHECK(mode == before);
}

TEST_CASE("Mode validates k") {
  CHECK_THROWS_WITH_AS(make(-2), "Mode: k must be -1 or >= 0", std::invalid_argument);
  CHECK_NOTHROW(make(-1));
  CHECK_NOTHROW(make(0));
}

TEST_CASE("Mode checkpoint round-trip keeps state and behaviour") {
  const auto ref = test::read_reference("categorical.csv");
  std::vector<double> xs(ref.column("x").begin(), ref.column("x").begin() + 1500);
  test::require_roundtrip(make(3), xs);
  test::require_roundtrip(make(-1), xs);
  CHECK(streamwise::to_json(streamwise::spec_of(Mode{})) == R"({"type":"Mode","params":{"k":25}})");
}
