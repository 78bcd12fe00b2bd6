#include <doctest/doctest.h>

#include <cmath>
#include <utility>
#include <vector>

#include "stats/river_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/ew_var.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::EWVar;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<EWVar>);

namespace {
EWVar make_ewvar(double fading_factor) { return EWVar(EWVar::Params{fading_factor}); }

// Explicit weights after values x[0..t]: the newest has weight a, each older one (1 - a) times
// the weight of the next, and x[0] keeps the remaining (1 - a)^t; they sum to 1. The variance is
// the weighted mean of squared deviations from the weighted mean (two passes). Terms are dropped
// once their weight is below 1e-30: all older ones together cannot reach the 1e-9 tolerance.
long double explicit_ew_var(const std::vector<double>& x, std::size_t t, long double a) {
  std::vector<std::pair<long double, double>> terms;  // (weight, value)
  long double weight = a;
  bool truncated = false;
  for (std::size_t i = t; i > 0; --i) {
    if (a > 0 && weight < 1e-30L) {
      truncated = true;
      break;
    }
    terms.emplace_back(weight, x[i]);
    weight *= 1 - a;
  }
  if (!truncated) terms.emplace_back(std::pow(1 - a, static_cast<long double>(t)), x[0]);
  long double mean = 0;
  for (const auto& [w, v] : terms) mean += w * v;
  long double var = 0;
  for (const auto& [w, v] : terms) var += w * (v - mean) * (v - mean);
  return var;
}
}  // namespace

TEST_CASE("EWVar matches the explicit weighted variance at every step") {
  const auto s = test::make_stream(10'000);
  for (double a : {0.5, 0.1, 0.9, 0.0, 1.0}) {
    CAPTURE(a);
    EWVar ewv = make_ewvar(a);
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      ewv.update(s.x[i]);
      const double expected = static_cast<double>(explicit_ew_var(s.x, i, a));
      if (!test::close(ewv.get(), expected)) {
        FAIL("step " << i << ": got " << ewv.get() << ", expected " << expected);
      }
    }
  }
}

TEST_CASE("EWVar gives River's answers") {
  const test::RiverReference ref;
  EWVar ewv = make_ewvar(0.3);
  for (std::size_t i = 0; i < ref.rows(); ++i) {
    ewv.update(ref(i, ref.kX));
    CHECK(test::close(ewv.get(), ref(i, ref.kEWVar03)));
  }
}

TEST_CASE("EWVar follows River's documented example") {
  EWVar ewv;
  const double xs[] = {1, 3, 5, 4, 6, 8, 7, 9, 11};
  const double expected[] = {0.0,        1.0,          2.75,           1.4375,          1.984375,
                             3.43359375, 1.7958984375, 2.198974609375, 3.56536865234375};
  for (int i = 0; i < 9; ++i) {
    ewv.update(xs[i]);
    CHECK(ewv.get() == expected[i]);
  }
}

TEST_CASE("EWVar edge cases: empty, one value, constant stream") {
  EWVar ewv;
  CHECK(ewv.get() == 0.0);
  ewv.update(3.0);
  CHECK(ewv.get() == 0.0);
  EWVar constant = make_ewvar(0.9);
  for (int i = 0; i < 20; ++i) constant.update(0.5);  // exact in binary: 0 exactly
  CHECK(constant.get() == 0.0);
  CHECK(constant.mean().get() == 0.5);
}

TEST_CASE("EWVar rejects NaN and inf without changing state") {
  EWVar ewv;
  ewv.update(1.0);
  ewv.update(2.0);
  const EWVar before = ewv;
  CHECK_THROWS_WITH_AS(ewv.update(std::nan("")), "EWVar: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(ewv.update(-INFINITY), streamwise::InvalidInput);
  CHECK(ewv == before);
}

TEST_CASE("EWVar validates fading_factor") {
  for (double bad : {-1e-9, 1.0000001, std::nan("")}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(make_ewvar(bad), "EWVar: fading_factor must be in [0, 1]",
                         std::invalid_argument);
  }
  CHECK(EWVar().params().fading_factor == 0.5);
  CHECK(make_ewvar(1.0).params().fading_factor == 1.0);
}

TEST_CASE("EWVar checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(500, 3);
  EWVar original = make_ewvar(0.2);
  for (std::size_t i = 0; i < 250; ++i) original.update(s.x[i]);
  EWVar restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 250; i < 500; ++i) {
    original.update(s.x[i]);
    restored.update(s.x[i]);
  }
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"EWVar","params":{"fading_factor":0.2}})");
}
