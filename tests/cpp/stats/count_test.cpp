#include <doctest/doctest.h>

#include <cmath>

#include "stats/river_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/count.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::Count;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<Count>);

TEST_CASE("Count counts every value of the test stream") {
  const auto s = test::make_stream(10'000);
  Count count;
  CHECK(count.get() == 0);
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    count.update(s.x[i]);
    if (count.get() != i + 1) FAIL("step " << i << ": got " << count.get());
  }
  count.update();  // no value at all, like River's update(None)
  CHECK(count.n() == 10'001);
}

TEST_CASE("Count gives River's answers") {
  const test::RiverReference ref;
  Count count;
  for (std::size_t i = 0; i < ref.rows(); ++i) {
    count.update(ref(i, ref.kX));
    CHECK(static_cast<double>(count.get()) == ref(i, ref.kCount));
  }
}

TEST_CASE("Count rejects NaN and inf without changing state") {
  Count count;
  count.update(1.0);
  const Count before = count;
  CHECK_THROWS_WITH_AS(count.update(std::nan("")), "Count: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(count.update(INFINITY), streamwise::InvalidInput);
  CHECK(count == before);
}

TEST_CASE("Count checkpoint round-trip keeps state and behaviour") {
  Count original;
  for (int i = 0; i < 123; ++i) original.update(static_cast<double>(i));
  Count restored = test::roundtrip(original);
  CHECK(restored == original);
  original.update(1.0);
  restored.update(1.0);
  CHECK(restored == original);
  CHECK(restored.get() == 124);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) == R"({"type":"Count","params":{}})");
  CHECK(streamwise::repr(streamwise::spec_of(original)) == "Count ()");
}
