#include <doctest/doctest.h>

#include <cmath>

#include "stats/river_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/sum.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::Sum;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<Sum>);
static_assert(streamwise::RevertibleStatistic<Sum>);

TEST_CASE("Sum matches a long double sum at every step") {
  const auto s = test::make_stream(10'000);
  Sum sum;
  CHECK(sum.get() == 0.0);
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    sum.update(s.x[i]);
    long double expected = 0;
    for (std::size_t j = 0; j <= i; ++j) expected += s.x[j];
    if (!test::close(sum.get(), static_cast<double>(expected))) {
      FAIL("step " << i << ": got " << sum.get() << ", expected " << static_cast<double>(expected));
    }
  }
}

TEST_CASE("Sum gives River's answers") {
  const test::RiverReference ref;
  Sum sum;
  for (std::size_t i = 0; i < ref.rows(); ++i) {
    sum.update(ref(i, ref.kX));
    CHECK(test::close(sum.get(), ref(i, ref.kSum)));
  }
}

TEST_CASE("Sum follows River's documented examples, including a rolling window via revert") {
  Sum sum;
  const double xs[] = {-5, -3, -1, 1, 3, 5};
  const double expected[] = {-5, -8, -9, -8, -5, 0};
  for (int i = 0; i < 6; ++i) {
    sum.update(xs[i]);
    CHECK(sum.get() == expected[i]);
  }
  Sum window;  // utils.Rolling(stats.Sum, window_size=2)
  const double ys[] = {1, -4, 3, -2, 2, 1};
  const double rolling[] = {1, -3, -1, 1, 0, 3};
  for (int i = 0; i < 6; ++i) {
    window.update(ys[i]);
    if (i >= 2) window.revert(ys[i - 2]);
    CHECK(window.get() == rolling[i]);
  }
}

TEST_CASE("Sum rejects NaN and inf without changing state") {
  Sum sum;
  sum.update(1.5);
  const Sum before = sum;
  CHECK_THROWS_WITH_AS(sum.update(std::nan("")), "Sum: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(sum.update(-INFINITY), streamwise::InvalidInput);
  CHECK_THROWS_AS(sum.revert(INFINITY), streamwise::InvalidInput);
  CHECK(sum == before);
}

TEST_CASE("Sum checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(500, 3);
  Sum original;
  for (std::size_t i = 0; i < 250; ++i) original.update(s.x[i]);
  Sum restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 250; i < 500; ++i) {
    original.update(s.x[i]);
    restored.update(s.x[i]);
  }
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) == R"({"type":"Sum","params":{}})");
}
