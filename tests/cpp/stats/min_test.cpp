#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "stats/river_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/min.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::Min;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<Min>);

TEST_CASE("Min matches a recomputation over the whole prefix at every step") {
  const auto s = test::make_stream(10'000);
  Min stat;
  std::vector<double> p;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    stat.update(s.x[i]);
    p.push_back(s.x[i]);
    const double expected = *std::min_element(p.begin(), p.end());
    if (stat.get() != expected)
      FAIL("step " << i << ": got " << stat.get() << ", expected " << expected);
  }
}

TEST_CASE("Min gives River's answers") {
  const test::RiverReference ref;
  Min stat;
  for (std::size_t i = 0; i < ref.rows(); ++i) {
    stat.update(ref(i, ref.kX));
    CHECK(stat.get() == ref(i, ref.kMin));
  }
}

TEST_CASE("Min follows River's documented example and starts at River's initial value") {
  Min stat;
  CHECK(stat.get() == INFINITY);
  const double xs[] = {1, -4, 3, -2, 5, -6};
  const double expected[] = {1, -4, -4, -4, -4, -6};
  for (int i = 0; i < 6; ++i) {
    stat.update(xs[i]);
    CHECK(stat.get() == expected[i]);
  }
  Min constant;
  for (int i = 0; i < 10; ++i) constant.update(-2.5);
  CHECK(constant.get() == -2.5);
}

TEST_CASE("Min rejects NaN and inf without changing state") {
  Min stat;
  stat.update(1.5);
  stat.update(-0.5);
  const Min before = stat;
  CHECK_THROWS_WITH_AS(stat.update(std::nan("")), "Min: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(stat.update(INFINITY), streamwise::InvalidInput);
  CHECK_THROWS_AS(stat.update(-INFINITY), streamwise::InvalidInput);
  CHECK(stat == before);
}

TEST_CASE("Min checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(500, 3);
  Min original;
  CHECK(test::roundtrip(original) == original);  // the initial value survives too
  for (std::size_t i = 0; i < 250; ++i) original.update(s.x[i]);
  Min restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 250; i < 500; ++i) {
    original.update(s.x[i]);
    restored.update(s.x[i]);
  }
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) == R"({"type":"Min","params":{}})");
  CHECK(streamwise::repr(streamwise::spec_of(original)) == "Min ()");
}
