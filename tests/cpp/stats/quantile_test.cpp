#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "stats/rolling_test_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/quantile.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::Quantile;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<Quantile>);

namespace {
Quantile make(double q) { return Quantile(Quantile::Params{.q = q}); }
}  // namespace

TEST_CASE("Quantile matches River's P2 estimates at every step") {
  const auto ref = test::read_reference("quantile.csv");
  const auto& xs = ref.column("x");
  REQUIRE(xs.size() == 2500);
  for (double q : {0.5, 0.01, 0.25, 0.9, 0.99}) {
    std::string col = "q" + std::to_string(q);
    while (col.back() == '0') col.pop_back();
    test::require_matches(make(q), xs, ref.column(col), col.c_str());
  }
}

TEST_CASE("Quantile reproduces River issue 1178 (first five values)") {
  const std::vector<double> xs = {5, 0, 0, 0, 0, 0, 0, 0};
  const std::vector<double> q99 = {5, 5, 5, 5, 5, 0, 0.27777777777777773, 0.8275462962962963};
  const std::vector<double> q01 = {5, 0, 0, 0, 0, 0, 0, 0};
  Quantile high = make(0.99), low = make(0.01);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    high.update(xs[i]);
    low.update(xs[i]);
    CHECK(high.get() == doctest::Approx(q99[i]).epsilon(1e-15));
    CHECK(low.get() == q01[i]);
  }
}

TEST_CASE("Quantile follows the documented median example") {
  Quantile median;
  for (double x : {9.0, 7.0, 3.0, 2.0, 6.0, 1.0, 8.0, 5.0, 4.0}) median.update(x);
  CHECK(median.get() == 5.0);
}

TEST_CASE("Quantile edge cases: empty, one value, constant stream") {
  Quantile median;
  CHECK(std::isnan(median.get()));  // River: None
  median.update(3.5);
  CHECK(median.get() == 3.5);
  Quantile q = make(0.9);
  for (int i = 0; i < 1000; ++i) {
    q.update(-2.0);
    REQUIRE(q.get() == -2.0);
  }
}

TEST_CASE("Quantile rejects NaN and inf without changing state") {
  Quantile q = make(0.3);
  for (double x : {1.0, 2.0, 3.0, 4.0, 5.0, 6.0}) q.update(x);
  const Quantile before = q;
  CHECK_THROWS_WITH_AS(q.update(std::nan("")), doctest::Contains("Quantile: x must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(q.update(-INFINITY), streamwise::InvalidInput);
  CHECK(q == before);
}

TEST_CASE("Quantile validates q like River (0 < q < 1)") {
  for (double q : {0.0, 1.0, -0.1, 1.5, std::nan("")}) {
    CHECK_THROWS_WITH_AS(make(q), "Quantile: q must be in (0, 1)", std::invalid_argument);
  }
  CHECK_NOTHROW(make(1e-9));
}

TEST_CASE("Quantile checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(600, 5);
  test::require_roundtrip(make(0.8), s.x);
  // Also mid-initialisation (fewer than five values).
  test::require_roundtrip(make(0.8), std::vector<double>(s.x.begin(), s.x.begin() + 6));
  CHECK(streamwise::to_json(streamwise::spec_of(make(0.8))) ==
        R"({"type":"Quantile","params":{"q":0.8}})");
  CHECK(streamwise::repr(streamwise::spec_of(Quantile{})) == "Quantile (\n  q=0.5\n)");
}
