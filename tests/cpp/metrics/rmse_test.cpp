#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "metrics/other_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/rmse.hpp"

using streamwise::metrics::RMSE;
namespace test = streamwise::test;

static_assert(streamwise::RegressionMetric<RMSE>);
static_assert(!RMSE::bigger_is_better);
static_assert(RMSE::works_with_weights);

TEST_CASE("RMSE matches its oracle at every step of a weighted stream") {
  // Expected values: the square root of scikit-learn's mean_squared_error with sample_weight
  // (tests/data/metrics/make_other_reference.py).
  const auto t = test::read_table("metrics/other_regression.csv");
  REQUIRE(t.rows == 300);
  RMSE metric;
  for (std::size_t i = 0; i < t.rows; ++i) {
    metric.update(t["y_true"][i], t["y_pred"][i], t["w"][i]);
    test::check_step("RMSE", i, metric.get(), t["RMSE"][i]);
  }
}

TEST_CASE("RMSE matches a two-pass computation on a long weighted stream") {
  const auto s = test::make_stream(2'000, 11);
  RMSE metric;
  for (std::size_t i = 0; i + 1 < s.x.size(); i += 2) {
    metric.update(s.x[i], s.x[i + 1], s.w[i]);
    if (i % 50 == 0 || i + 3 >= s.x.size()) {
      long double sw = 0, sl = 0;
      for (std::size_t j = 0; j <= i; j += 2) {
        const long double yt = s.x[j], yp = s.x[j + 1];
        sw += s.w[j];
        sl += s.w[j] * ((yt - yp) * (yt - yp));
      }
      const long double v = sl / sw;
      const double expected = static_cast<double>(std::sqrt(v));
      test::check_step("RMSE", i, metric.get(), expected);
    }
  }
}

TEST_CASE("RMSE follows River's documented example") {
  RMSE metric;
  const double y_true[] = {3, -0.5, 2, 7};
  const double y_pred[] = {2.5, 0.0, 2, 8};
  const double expected[] = {0.5, 0.5, 0.408248290463863,
                             0.6123724356957945};  // River 0.26.1, printed with repr()
  for (int i = 0; i < 4; ++i) {
    metric.update(y_true[i], y_pred[i]);
    test::check_step("RMSE", static_cast<std::size_t>(i), metric.get(), expected[i]);
  }
}

TEST_CASE("RMSE edge cases: empty, zero weights, one value, constant stream") {
  RMSE metric;
  CHECK(metric.get() == 0.0);    // River's value before any data
  metric.update(1.0, 4.0, 0.0);  // a zero weight first: nothing (River divides by zero here)
  CHECK(metric == RMSE{});
  metric.update(2.0, 5.0);
  CHECK(metric.get() == 3.0);
  RMSE constant;
  for (int i = 0; i < 10; ++i) constant.update(7.0, 7.0, 0.5 + i);
  CHECK(constant.get() == 0.0);
}

TEST_CASE("RMSE revert undoes update") {
  RMSE metric, first;
  metric.update(1.5, 2.0);
  first.update(1.5, 2.0);
  metric.update(3.0, 1.0, 2.5);
  metric.update(-0.25, 4.0, 0.5);
  metric.revert(-0.25, 4.0, 0.5);
  metric.revert(3.0, 1.0, 2.5);
  CHECK(test::close(metric.get(), first.get()));
  metric.revert(1.5, 2.0);
  CHECK(metric == RMSE{});  // exactly empty again
  CHECK(metric.get() == 0.0);
  CHECK_THROWS_WITH_AS(metric.revert(1.0, 2.0), "RMSE: cannot revert below a total weight of 0",
                       streamwise::InvalidInput);
  CHECK(metric == RMSE{});
}

TEST_CASE("RMSE rejects bad input without changing state") {
  RMSE metric;
  metric.update(2.0, 1.0);
  const RMSE before = metric;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(metric.update(nan, 1.0), "RMSE: y_true must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1.0, inf), "RMSE: y_pred must be finite, got inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1.0, 1.0, -1.0),
                       "RMSE: weight w must be finite and >= 0, got -1.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.update(1.0, 1.0, nan), streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.revert(nan, 1.0), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1e200, -1e200),
                       "RMSE: the per-sample error overflows a double", streamwise::InvalidInput);
  CHECK(metric == before);
}

TEST_CASE("RMSE has no parameters") {
  CHECK(streamwise::to_param_list(RMSE::Params{}).empty());
  CHECK_NOTHROW(RMSE(RMSE::Params{}));
}

TEST_CASE("RMSE checkpoint round-trip keeps state and behaviour") {
  test::check_regression_roundtrip<RMSE>();
}
