#include <doctest/doctest.h>

#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/mean.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::Mean;
namespace test = streamwise::test;

static_assert(streamwise::WeightedStatistic<Mean>);
static_assert(streamwise::RevertibleStatistic<Mean>);

TEST_CASE("Mean matches a two-pass weighted mean at every step") {
  const auto s = test::make_stream(10'000);
  Mean mean;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    mean.update(s.x[i], s.w[i]);
    long double sw = 0, swx = 0;
    for (std::size_t j = 0; j <= i; ++j) {
      sw += s.w[j];
      swx += static_cast<long double>(s.w[j]) * s.x[j];
    }
    const auto expected = static_cast<double>(swx / sw);
    if (!test::close(mean.get(), expected)) {
      FAIL("step " << i << ": got " << mean.get() << ", expected " << expected);
    }
  }
}

TEST_CASE("Mean follows River's documented example") {
  Mean mean;
  const double xs[] = {-5, -3, -1, 1, 3, 5};
  const double expected[] = {-5, -4, -3, -2, -1, 0};
  for (int i = 0; i < 6; ++i) {
    mean.update(xs[i]);
    CHECK(mean.get() == doctest::Approx(expected[i]));
  }
}

TEST_CASE("Mean merges and un-merges like River") {
  const auto s = test::make_stream(2'000, 7);
  Mean a, b, all;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    (i < 1200 ? a : b).update(s.x[i], s.w[i]);
    all.update(s.x[i], s.w[i]);
  }
  const Mean merged = a + b;
  CHECK(test::close(merged.get(), all.get()));
  CHECK(test::close(merged.n(), all.n()));
  const Mean recovered = merged - b;
  CHECK(test::close(recovered.get(), a.get()));
  Mean empty;
  CHECK((empty + empty).get() == 0.0);
  CHECK((a - a).get() == 0.0);
}

TEST_CASE("Mean revert undoes update") {
  Mean mean;
  mean.update(1.0);
  mean.update(3.0, 2.0);
  mean.update(10.0);
  mean.revert(10.0);
  CHECK(mean.get() == doctest::Approx(7.0 / 3.0));
  mean.revert(3.0, 2.0);
  mean.revert(1.0);
  CHECK(mean.get() == 0.0);
  CHECK(mean.n() == 0.0);
  CHECK_THROWS_WITH_AS(mean.revert(1.0), "Mean: cannot revert below a total weight of 0",
                       streamwise::InvalidInput);
}

TEST_CASE("Mean rejects NaN, inf and bad weights without changing state") {
  Mean mean;
  mean.update(2.0);
  const Mean before = mean;
  CHECK_THROWS_WITH_AS(mean.update(std::nan("")), doctest::Contains("Mean: x must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(mean.update(INFINITY), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(mean.update(1.0, -1.0),
                       doctest::Contains("weight w must be finite and >= 0"),
                       streamwise::InvalidInput);
  CHECK(mean == before);
  mean.update(5.0, 0.0);  // zero weight: no effect
  CHECK(mean == before);
}

TEST_CASE("Mean checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(500, 3);
  Mean original;
  for (std::size_t i = 0; i < 250; ++i) original.update(s.x[i], s.w[i]);
  Mean restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 250; i < 500; ++i) {
    original.update(s.x[i], s.w[i]);
    restored.update(s.x[i], s.w[i]);
  }
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) == R"({"type":"Mean","params":{}})");
  CHECK(streamwise::repr(streamwise::spec_of(original)) == "Mean ()");
}

TEST_CASE("Mean drains to exactly empty after fractional weights") {
  Mean mean;
  const double ws[] = {0.1, 0.7, 0.2, 0.3};
  for (double w : ws) mean.update(1.5, w);
  for (double w : ws) mean.revert(1.5, w);
  CHECK(mean.n() == 0.0);
  CHECK(mean.get() == 0.0);
}
