#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "stats/river_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/abs_max.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::AbsMax;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<AbsMax>);

TEST_CASE("AbsMax matches a recomputation over the whole prefix at every step") {
  const auto s = test::make_stream(10'000);
  AbsMax stat;
  std::vector<double> p;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    stat.update(s.x[i]);
    p.push_back(s.x[i]);
    const double expected = std::fabs(*std::max_element(
        p.begin(), p.end(), [](double a, double b) { return std::fabs(a) < std::fabs(b); }));
    if (stat.get() != expected)
      FAIL("step " << i << ": got " << stat.get() << ", expected " << expected);
  }
}

TEST_CASE("AbsMax gives River's answers") {
  const test::RiverReference ref;
  AbsMax stat;
  for (std::size_t i = 0; i < ref.rows(); ++i) {
    stat.update(ref(i, ref.kX));
    CHECK(stat.get() == ref(i, ref.kAbsMax));
  }
}

TEST_CASE("AbsMax follows River's documented example and starts at River's initial value") {
  AbsMax stat;
  CHECK(stat.get() == 0.0);
  const double xs[] = {1, -4, 3, -2, 5, -6};
  const double expected[] = {1, 4, 4, 4, 5, 6};
  for (int i = 0; i < 6; ++i) {
    stat.update(xs[i]);
    CHECK(stat.get() == expected[i]);
  }
  AbsMax constant;
  for (int i = 0; i < 10; ++i) constant.update(-2.5);
  CHECK(constant.get() == 2.5);
}

TEST_CASE("AbsMax rejects NaN and inf without changing state") {
  AbsMax stat;
  stat.update(1.5);
  stat.update(-0.5);
  const AbsMax before = stat;
  CHECK_THROWS_WITH_AS(stat.update(std::nan("")), "AbsMax: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(stat.update(INFINITY), streamwise::InvalidInput);
  CHECK_THROWS_AS(stat.update(-INFINITY), streamwise::InvalidInput);
  CHECK(stat == before);
}

TEST_CASE("AbsMax checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(500, 3);
  AbsMax original;
  CHECK(test::roundtrip(original) == original);  // the initial value survives too
  for (std::size_t i = 0; i < 250; ++i) original.update(s.x[i]);
  AbsMax restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 250; i < 500; ++i) {
    original.update(s.x[i]);
    restored.update(s.x[i]);
  }
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) == R"({"type":"AbsMax","params":{}})");
  CHECK(streamwise::repr(streamwise::spec_of(original)) == "AbsMax ()");
}
