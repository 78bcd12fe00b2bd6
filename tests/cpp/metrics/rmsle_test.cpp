#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "metrics/other_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/rmsle.hpp"

using streamwise::metrics::RMSLE;
namespace test = streamwise::test;

static_assert(streamwise::RegressionMetric<RMSLE>);
static_assert(!RMSLE::bigger_is_better);
static_assert(RMSLE::works_with_weights);

TEST_CASE("RMSLE matches its oracle at every step of a weighted stream") {
  // Expected values: the square root of scikit-learn's mean_squared_log_error with sample_weight
  // (tests/data/metrics/make_other_reference.py).
  const auto t = test::read_table("metrics/other_regression.csv");
  REQUIRE(t.rows == 300);
  RMSLE metric;
  for (std::size_t i = 0; i < t.rows; ++i) {
    metric.update(t["y_true"][i], t["y_pred"][i], t["w"][i]);
    test::check_step("RMSLE", i, metric.get(), t["RMSLE"][i]);
  }
}

TEST_CASE("RMSLE matches a two-pass computation on a long weighted stream") {
  const auto s = test::make_stream(2'000, 11);
  RMSLE metric;
  for (std::size_t i = 0; i + 1 < s.x.size(); i += 2) {
    metric.update(std::fabs(s.x[i]), std::fabs(s.x[i + 1]), s.w[i]);  // RMSLE needs > -1
    if (i % 50 == 0 || i + 3 >= s.x.size()) {
      long double sw = 0, sl = 0;
      for (std::size_t j = 0; j <= i; j += 2) {
        const long double yt = s.x[j], yp = s.x[j + 1];
        sw += s.w[j];
        sl += s.w[j] * ((std::log(std::fabs(yt) + 1) - std::log(std::fabs(yp) + 1)) *
                        (std::log(std::fabs(yt) + 1) - std::log(std::fabs(yp) + 1)));
      }
      const long double v = sl / sw;
      const double expected = static_cast<double>(std::sqrt(v));
      test::check_step("RMSLE", i, metric.get(), expected);
    }
  }
}

TEST_CASE("RMSLE follows River's documented example") {
  RMSLE metric;
  const double y_true[] = {3, -0.5, 2, 7};
  const double y_pred[] = {2.5, 0.0, 2, 8};
  const double expected[] = {0.13353139262452252, 0.49914108563333365, 0.40754698982017024,
                             0.35782554765656366};  // River 0.26.1, printed with repr()
  for (int i = 0; i < 4; ++i) {
    metric.update(y_true[i], y_pred[i]);
    test::check_step("RMSLE", static_cast<std::size_t>(i), metric.get(), expected[i]);
  }
}

TEST_CASE("RMSLE edge cases: empty, zero weights, one value, constant stream") {
  RMSLE metric;
  CHECK(metric.get() == 0.0);    // River's value before any data
  metric.update(1.0, 4.0, 0.0);  // a zero weight first: nothing (River divides by zero here)
  CHECK(metric == RMSLE{});
  metric.update(std::exp(2.0) - 1.0, std::exp(1.0) - 1.0);
  CHECK(test::close(metric.get(), 1.0));
  RMSLE constant;
  for (int i = 0; i < 10; ++i) constant.update(7.0, 7.0, 0.5 + i);
  CHECK(constant.get() == 0.0);
  RMSLE near_minus_one;
  near_minus_one.update(-0.999999, 0.0);  // log(1e-6): fine, just large
  CHECK(test::close(near_minus_one.get(), -std::log(1.0 - 0.999999)));
}

TEST_CASE("RMSLE revert undoes update") {
  RMSLE metric, first;
  metric.update(1.5, 2.0);
  first.update(1.5, 2.0);
  metric.update(3.0, 1.0, 2.5);
  metric.update(-0.25, 4.0, 0.5);
  metric.revert(-0.25, 4.0, 0.5);
  metric.revert(3.0, 1.0, 2.5);
  CHECK(test::close(metric.get(), first.get()));
  metric.revert(1.5, 2.0);
  CHECK(metric == RMSLE{});  // exactly empty again
  CHECK(metric.get() == 0.0);
  CHECK_THROWS_WITH_AS(metric.revert(1.0, 2.0), "RMSLE: cannot revert below a total weight of 0",
                       streamwise::InvalidInput);
  CHECK(metric == RMSLE{});
}

TEST_CASE("RMSLE rejects bad input without changing state") {
  RMSLE metric;
  metric.update(2.0, 1.0);
  const RMSLE before = metric;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(metric.update(nan, 1.0), "RMSLE: y_true must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1.0, inf), "RMSLE: y_pred must be finite, got inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1.0, 1.0, -1.0),
                       "RMSLE: weight w must be finite and >= 0, got -1.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.update(1.0, 1.0, nan), streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.revert(nan, 1.0), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(-1.0, 1.0), "RMSLE: y_true must be > -1, got -1.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1.0, -2.5), "RMSLE: y_pred must be > -1, got -2.500000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.revert(-1.0, 1.0), streamwise::InvalidInput);
  CHECK(metric == before);
}

TEST_CASE("RMSLE has no parameters") {
  CHECK(streamwise::to_param_list(RMSLE::Params{}).empty());
  CHECK_NOTHROW(RMSLE(RMSLE::Params{}));
}

TEST_CASE("RMSLE checkpoint round-trip keeps state and behaviour") {
  test::check_regression_roundtrip<RMSLE>();
}
