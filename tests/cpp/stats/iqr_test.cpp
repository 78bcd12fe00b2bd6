#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "stats/rolling_test_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/iqr.hpp"
#include "streamwise/stats/quantile.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::IQR;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<IQR>);

namespace {
IQR make(double lo, double hi) { return IQR(IQR::Params{.q_inf = lo, .q_sup = hi}); }
}  // namespace

TEST_CASE("IQR matches River at every step") {
  const auto ref = test::read_reference("quantile.csv");
  const auto& xs = ref.column("x");
  test::require_matches(IQR{}, xs, ref.column("iqr"), "IQR()");
  test::require_matches(make(0.1, 0.9), xs, ref.column("iqr_0.1_0.9"), "IQR(0.1, 0.9)");
}

TEST_CASE("IQR follows River's documented example") {
  IQR iqr;
  std::vector<double> got;
  for (int i = 0; i <= 1000; ++i) {
    iqr.update(i);
    if (i % 100 == 0) got.push_back(iqr.get());
  }
  for (std::size_t k = 0; k < got.size(); ++k) CHECK(got[k] == doctest::Approx(50.0 * k));
}

TEST_CASE("IQR edge cases: empty, one value, constant stream, extreme quantiles") {
  IQR iqr;
  CHECK(std::isnan(iqr.get()));  // River: None
  iqr.update(4.0);
  CHECK(iqr.get() == 0.0);
  for (int i = 0; i < 100; ++i) iqr.update(4.0);
  CHECK(iqr.get() == 0.0);
  // River accepts the full range [0, 1] here (unlike Quantile); the estimate stays finite.
  IQR full = make(0.0, 1.0);
  const auto s = test::make_stream(500, 9);
  for (double x : s.x) full.update(x);
  CHECK(std::isfinite(full.get()));
  CHECK(full.get() > 0.0);
}

TEST_CASE("IQR rejects NaN and inf without changing state") {
  IQR iqr;
  for (double x : {1.0, 5.0, 2.0, 8.0, 3.0, 9.0, 4.0}) iqr.update(x);
  const IQR before = iqr;
  CHECK_THROWS_WITH_AS(iqr.update(std::nan("")), doctest::Contains("IQR: x must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(iqr.update(INFINITY), streamwise::InvalidInput);
  CHECK(iqr == before);
}

TEST_CASE("IQR validates its quantiles") {
  CHECK_THROWS_WITH_AS(make(0.75, 0.25), "IQR: q_inf must be strictly less than q_sup",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(make(0.5, 0.5), "IQR: q_inf must be strictly less than q_sup",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(make(-0.1, 0.5), "IQR: q_inf must be in [0, 1]", std::invalid_argument);
  CHECK_THROWS_WITH_AS(make(0.1, 1.5), "IQR: q_sup must be in [0, 1]", std::invalid_argument);
  CHECK_THROWS_WITH_AS(make(std::nan(""), 0.5), "IQR: q_inf must be in [0, 1]",
                       std::invalid_argument);
}

TEST_CASE("IQR checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(600, 11);
  test::require_roundtrip(make(0.2, 0.7), s.x);
  CHECK(streamwise::to_json(streamwise::spec_of(IQR{})) ==
        R"({"type":"IQR","params":{"q_inf":0.25,"q_sup":0.75}})");
}
