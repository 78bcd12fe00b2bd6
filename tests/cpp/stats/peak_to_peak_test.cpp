#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "stats/river_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/peak_to_peak.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::PeakToPeak;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<PeakToPeak>);

TEST_CASE("PeakToPeak matches a recomputation over the whole prefix at every step") {
  const auto s = test::make_stream(10'000);
  PeakToPeak stat;
  std::vector<double> p;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    stat.update(s.x[i]);
    p.push_back(s.x[i]);
    const double expected =
        *std::max_element(p.begin(), p.end()) - *std::min_element(p.begin(), p.end());
    if (stat.get() != expected)
      FAIL("step " << i << ": got " << stat.get() << ", expected " << expected);
  }
}

TEST_CASE("PeakToPeak gives River's answers") {
  const test::RiverReference ref;
  PeakToPeak stat;
  for (std::size_t i = 0; i < ref.rows(); ++i) {
    stat.update(ref(i, ref.kX));
    CHECK(stat.get() == ref(i, ref.kPeakToPeak));
  }
}

TEST_CASE("PeakToPeak follows River's documented example and starts at River's initial value") {
  PeakToPeak stat;
  CHECK(stat.get() == 0.0);
  const double xs[] = {1, -4, 3, -2, 2, 4};
  const double expected[] = {0, 5, 7, 7, 7, 8};
  for (int i = 0; i < 6; ++i) {
    stat.update(xs[i]);
    CHECK(stat.get() == expected[i]);
  }
  PeakToPeak constant;
  for (int i = 0; i < 10; ++i) constant.update(-2.5);
  CHECK(constant.get() == 0.0);
}

TEST_CASE("PeakToPeak rejects NaN and inf without changing state") {
  PeakToPeak stat;
  stat.update(1.5);
  stat.update(-0.5);
  const PeakToPeak before = stat;
  CHECK_THROWS_WITH_AS(stat.update(std::nan("")), "PeakToPeak: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(stat.update(INFINITY), streamwise::InvalidInput);
  CHECK_THROWS_AS(stat.update(-INFINITY), streamwise::InvalidInput);
  CHECK(stat == before);
}

TEST_CASE("PeakToPeak checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(500, 3);
  PeakToPeak original;
  CHECK(test::roundtrip(original) == original);  // the initial value survives too
  for (std::size_t i = 0; i < 250; ++i) original.update(s.x[i]);
  PeakToPeak restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 250; i < 500; ++i) {
    original.update(s.x[i]);
    restored.update(s.x[i]);
  }
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"PeakToPeak","params":{}})");
  CHECK(streamwise::repr(streamwise::spec_of(original)) == "PeakToPeak ()");
}
