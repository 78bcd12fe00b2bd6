#include <doctest/doctest.h>

#include <cmath>

#include "stats/river_reference.hpp"
#include "stats/two_pass.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/pearson_corr.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::PearsonCorr;
namespace test = streamwise::test;

static_assert(streamwise::BivariateStatistic<PearsonCorr>);

namespace {
PearsonCorr make_corr(int ddof) { return PearsonCorr(PearsonCorr::Params{ddof}); }

// Two-pass correlation of pairs [begin, end): C / sqrt(Sxx Syy), 0 when a variance is 0 or
// there are no more than `ddof` pairs (River's convention).
double two_pass_corr(const std::vector<double>& x, const std::vector<double>& y, std::size_t begin,
                     std::size_t end, int ddof = 1) {
  long double n = 0;
  const long double sxy = test::co_moment(x, y, {}, begin, end, &n);
  const long double sxx = test::co_moment(x, x, {}, begin, end);
  const long double syy = test::co_moment(y, y, {}, begin, end);
  if (!(n > ddof) || sxx == 0 || syy == 0) return 0.0;
  return static_cast<double>(sxy / std::sqrt(sxx * syy));
}
}  // namespace

TEST_CASE("PearsonCorr matches a two-pass correlation at every step") {
  const auto s = test::make_stream(10'000);
  const auto noise = test::make_stream(10'000, 1042);
  std::vector<double> y;
  for (std::size_t i = 0; i < s.x.size(); ++i) y.push_back(-0.3 * s.x[i] + noise.x[i]);
  PearsonCorr corr, corr0 = make_corr(0);
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    corr.update(s.x[i], y[i]);
    corr0.update(s.x[i], y[i]);
    const double expected = two_pass_corr(s.x, y, 0, i + 1);
    const double expected0 = two_pass_corr(s.x, y, 0, i + 1, 0);
    if (!test::close(corr.get(), expected) || !test::close(corr0.get(), expected0)) {
      FAIL("step " << i << ": got " << corr.get() << ", " << corr0.get() << "; expected "
                   << expected << ", " << expected0);
    }
  }
}

TEST_CASE("PearsonCorr gives River's answers") {
  const test::RiverReference ref;
  PearsonCorr corr;
  for (std::size_t i = 0; i < ref.rows(); ++i) {
    corr.update(ref(i, ref.kX), ref(i, ref.kY));
    CHECK(test::close(corr.get(), ref(i, ref.kPearson)));
  }
}

TEST_CASE("PearsonCorr follows River's documented examples, including a rolling window") {
  const double xs[] = {0, 0, 0, 1, 1, 1, 1};
  const double ys[] = {0, 1, 2, 3, 4, 5, 6};
  const double expected[] = {
      0, 0, 0, 0.7745966692414834, 0.8660254037844387, 0.8783100656536798, 0.8660254037844385};
  PearsonCorr corr;
  for (int i = 0; i < 7; ++i) {
    corr.update(xs[i], ys[i]);
    CHECK(test::close(corr.get(), expected[i], 1e-12));
  }
  // utils.Rolling(stats.PearsonCorr, window_size=4). River prints -4.7e-09 for the last window,
  // where x is constant; the exact answer is 0.
  const double rolling[] = {0,  0, 0, 0.7745966692414834, 0.8944271909999159, 0.7745966692414832,
                            0.0};
  PearsonCorr window;
  for (int i = 0; i < 7; ++i) {
    window.update(xs[i], ys[i]);
    if (i >= 4) window.revert(xs[i - 4], ys[i - 4]);
    CHECK(std::fabs(window.get() - rolling[i]) < 1e-8);
  }
}

TEST_CASE("PearsonCorr edge cases: empty, one pair, a constant variable") {
  PearsonCorr corr;
  CHECK(corr.get() == 0.0);
  corr.update(1.0, 2.0);
  CHECK(corr.get() == 0.0);
  corr.update(1.0, 3.0);
  CHECK(corr.get() == 0.0);  // x constant
  corr.update(2.0, 5.0);
  CHECK(test::close(corr.get(), two_pass_corr({1, 1, 2}, {2, 3, 5}, 0, 3)));
  PearsonCorr two = make_corr(2);  // no more than ddof pairs: 0
  two.update(1.0, 1.0);
  two.update(2.0, 3.0);
  CHECK(two.get() == 0.0);
  two.update(3.0, 2.0);
  CHECK(test::close(two.get(), 0.5));
}

TEST_CASE("PearsonCorr revert undoes update") {
  const auto s = test::make_stream(300, 8);
  const auto t = test::make_stream(300, 9);
  PearsonCorr corr;
  for (std::size_t i = 0; i < 300; ++i) corr.update(s.x[i], t.x[i] + s.x[i]);
  std::vector<double> y;
  for (std::size_t i = 0; i < 300; ++i) y.push_back(t.x[i] + s.x[i]);
  for (std::size_t i = 300; i-- > 100;) corr.revert(s.x[i], y[i]);
  CHECK(test::close(corr.get(), two_pass_corr(s.x, y, 0, 100)));
  for (std::size_t i = 100; i-- > 0;) corr.revert(s.x[i], y[i]);
  CHECK(corr == PearsonCorr());
  CHECK_THROWS_WITH_AS(corr.revert(1.0, 1.0),
                       "PearsonCorr: cannot revert below a total weight of 0",
                       streamwise::InvalidInput);
  CHECK(corr == PearsonCorr());
}

TEST_CASE("PearsonCorr rejects NaN and inf without changing state") {
  PearsonCorr corr;
  corr.update(1.0, 2.0);
  corr.update(2.0, 1.0);
  const PearsonCorr before = corr;
  CHECK_THROWS_WITH_AS(corr.update(std::nan(""), 1.0), "PearsonCorr: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(corr.update(1.0, -INFINITY), "PearsonCorr: y must be finite, got -inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(corr.revert(NAN, 1.0), streamwise::InvalidInput);
  CHECK(corr == before);
}

TEST_CASE("PearsonCorr validates its parameters") {
  CHECK_THROWS_WITH_AS(make_corr(-1), "PearsonCorr: ddof must be >= 0", std::invalid_argument);
  CHECK(PearsonCorr().params().ddof == 1);
}

TEST_CASE("PearsonCorr checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(500, 3);
  const auto t = test::make_stream(500, 4);
  PearsonCorr original;
  for (std::size_t i = 0; i < 250; ++i) original.update(s.x[i], t.x[i] - s.x[i]);
  PearsonCorr restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 250; i < 500; ++i) {
    original.update(s.x[i], t.x[i] - s.x[i]);
    restored.update(s.x[i], t.x[i] - s.x[i]);
  }
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"PearsonCorr","params":{"ddof":1}})");
}
