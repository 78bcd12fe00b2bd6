#include <doctest/doctest.h>

#include <cmath>

#include "stats/river_reference.hpp"
#include "stats/two_pass.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/sem.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::SEM;
namespace test = streamwise::test;

static_assert(streamwise::WeightedStatistic<SEM>);
static_assert(streamwise::RevertibleStatistic<SEM>);

namespace {
SEM make_sem(int ddof) { return SEM(SEM::Params{ddof}); }
}  // namespace

TEST_CASE("SEM matches a two-pass sqrt(var / n) at every step (ddof 0 and 1)") {
  const auto s = test::make_stream(10'000);
  SEM sem0 = make_sem(0), sem1;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    sem0.update(s.x[i], s.w[i]);
    sem1.update(s.x[i], s.w[i]);
    const auto sums = test::central_sums(s.x, s.w, i + 1);
    const double e0 = static_cast<double>(std::sqrt(test::two_pass_var(sums, 0) / sums.n));
    const double e1 = static_cast<double>(std::sqrt(test::two_pass_var(sums, 1) / sums.n));
    if (!test::close(sem0.get(), e0) || !test::close(sem1.get(), e1)) {
      FAIL("step " << i << ": got " << sem0.get() << ", " << sem1.get() << "; expected " << e0
                   << ", " << e1);
    }
  }
}

TEST_CASE("SEM gives River's answers (integer weights)") {
  const test::RiverReference ref;
  SEM sem;
  for (std::size_t i = 0; i < ref.rows(); ++i) {
    sem.update(ref(i, ref.kX), ref(i, ref.kW));
    CHECK(test::close(sem.get(), ref(i, ref.kSem)));
  }
}

TEST_CASE("SEM follows River's documented examples") {
  SEM sem;
  const double xs[] = {3, 5, 4, 7, 10, 12};
  const double expected[] = {0.0, 1.0, 0.577350, 0.853912, 1.240967, 1.447219};
  for (int i = 0; i < 6; ++i) {
    sem.update(xs[i]);
    CHECK(sem.get() == doctest::Approx(expected[i]).epsilon(1e-6));
  }
  SEM window;  // utils.Rolling(stats.SEM, window_size=3, ddof=1)
  const double ys[] = {1, 4, 2, -4, -8, 0};
  const double rolling[] = {0.0, 1.5, 0.881917, 2.403700, 2.905932, 2.309401};
  for (int i = 0; i < 6; ++i) {
    window.update(ys[i]);
    if (i >= 3) window.revert(ys[i - 3]);
    CHECK(window.get() == doctest::Approx(rolling[i]).epsilon(1e-6));
  }
}

TEST_CASE("SEM edge cases: empty is NaN (River's None), one value, constant stream") {
  SEM sem;
  CHECK(std::isnan(sem.get()));
  sem.update(2.0);
  CHECK(sem.get() == 0.0);
  for (int i = 0; i < 10; ++i) sem.update(2.0);
  CHECK(sem.get() == 0.0);
  sem.update(7.0, 0.0);
  CHECK(sem.n() == 11.0);
}

TEST_CASE("SEM merges and un-merges like Var") {
  const auto s = test::make_stream(1'000, 5);
  SEM a, b, all;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    (i % 3 == 0 ? a : b).update(s.x[i], s.w[i]);
    all.update(s.x[i], s.w[i]);
  }
  CHECK(test::close((a + b).get(), all.get()));
  CHECK(test::close(((a + b) - b).get(), a.get()));
  SEM c = a;
  c += b;
  c -= b;
  CHECK(test::close(c.get(), a.get()));
}

TEST_CASE("SEM rejects bad input without changing state") {
  SEM sem;
  sem.update(2.0);
  sem.update(3.0);
  const SEM before = sem;
  CHECK_THROWS_WITH_AS(sem.update(std::nan("")), "SEM: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(sem.update(1.0, -0.5),
                       "SEM: weight w must be finite and >= 0, got -0.500000",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(sem.revert(1.0, 3.0), "SEM: cannot revert below a total weight of 0",
                       streamwise::InvalidInput);
  CHECK(sem == before);
}

TEST_CASE("SEM validates its parameters") {
  CHECK_THROWS_WITH_AS(make_sem(-1), "SEM: ddof must be >= 0", std::invalid_argument);
  CHECK(SEM().params().ddof == 1);
  CHECK(make_sem(0).var().params().ddof == 0);
}

TEST_CASE("SEM checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(500, 3);
  SEM original = make_sem(0);
  for (std::size_t i = 0; i < 250; ++i) original.update(s.x[i], s.w[i]);
  SEM restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 250; i < 500; ++i) {
    original.update(s.x[i], s.w[i]);
    restored.update(s.x[i], s.w[i]);
  }
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"SEM","params":{"ddof":0}})");
}
