#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "metrics/other_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/r2.hpp"

using streamwise::metrics::R2;
namespace test = streamwise::test;

static_assert(streamwise::RegressionMetric<R2>);
static_assert(R2::bigger_is_better);
static_assert(R2::works_with_weights);

TEST_CASE("R2 matches its oracle at every step of a weighted stream") {
  // Expected values: scikit-learn's r2_score with sample_weight, 0 while the total weight is <= 1
  // (River's rule) (tests/data/metrics/make_other_reference.py).
  const auto t = test::read_table("metrics/other_regression.csv");
  REQUIRE(t.rows == 300);
  R2 metric;
  for (std::size_t i = 0; i < t.rows; ++i) {
    metric.update(t["y_true"][i], t["y_pred"][i], t["w"][i]);
    test::check_step("R2", i, metric.get(), t["R2"][i]);
  }
}

TEST_CASE("R2 matches a two-pass computation on a long weighted stream") {
  const auto s = test::make_stream(2'000, 11);
  R2 metric;
  for (std::size_t i = 0; i + 1 < s.x.size(); i += 2) {
    metric.update(s.x[i], s.x[i + 1], s.w[i]);
    if (i % 50 == 0 || i + 3 >= s.x.size()) {
      long double sw = 0, swy = 0;
      for (std::size_t j = 0; j <= i; j += 2) {
        sw += s.w[j];
        swy += static_cast<long double>(s.w[j]) * s.x[j];
      }
      const long double mean = swy / sw;
      long double sst = 0, rss = 0;
      for (std::size_t j = 0; j <= i; j += 2) {
        sst += s.w[j] * (s.x[j] - mean) * (s.x[j] - mean);
        rss += s.w[j] * (s.x[j] - s.x[j + 1]) * (s.x[j] - s.x[j + 1]);
      }
      const double expected = sw > 1 && sst > 0 ? static_cast<double>(1 - rss / sst) : 0.0;
      test::check_step("R2", i, metric.get(), expected);
    }
  }
}

TEST_CASE("R2 follows River's documented example") {
  R2 metric;
  const double y_true[] = {3, -0.5, 2, 7};
  const double y_pred[] = {2.5, 0.0, 2, 8};
  const double expected[] = {0.0, 0.9183673469387755, 0.9230769230769231,
                             0.9486081370449679};  // River 0.26.1, printed with repr()
  for (int i = 0; i < 4; ++i) {
    metric.update(y_true[i], y_pred[i]);
    test::check_step("R2", static_cast<std::size_t>(i), metric.get(), expected[i]);
  }
}

TEST_CASE("R2 edge cases: empty, zero weights, one value, constant stream") {
  R2 metric;
  CHECK(metric.get() == 0.0);    // River's value before any data
  metric.update(1.0, 4.0, 0.0);  // a zero weight first: nothing (River divides by zero here)
  CHECK(metric == R2{});
  metric.update(2.0, 5.0);
  CHECK(metric.get() == 0.0);  // not defined for a total weight <= 1
  metric.update(4.0, 4.0);
  CHECK(test::close(metric.get(), 1.0 - 9.0 / 2.0));  // SS_tot = 2, SS_res = 9
  R2 light;
  light.update(1.0, 0.0, 0.5);
  light.update(3.0, 0.0, 0.5);
  CHECK(light.get() == 0.0);  // total weight 1: still 0 (scikit-learn would answer)
  R2 constant;
  for (int i = 0; i < 10; ++i) constant.update(7.0, 6.0 + i, 0.5 + i);
  CHECK(constant.get() == 0.0);  // no spread in y_true: River answers 0
  R2 perfect;
  for (int i = 0; i < 10; ++i) perfect.update(i * 0.5, i * 0.5);
  CHECK(perfect.get() == 1.0);
}

TEST_CASE("R2 revert undoes update") {
  R2 metric, first;
  metric.update(1.5, 2.0);
  first.update(1.5, 2.0);
  metric.update(3.0, 1.0, 2.5);
  metric.update(-0.25, 4.0, 0.5);
  metric.revert(-0.25, 4.0, 0.5);
  metric.revert(3.0, 1.0, 2.5);
  CHECK(test::close(metric.get(), first.get()));
  metric.revert(1.5, 2.0);
  CHECK(metric == R2{});  // exactly empty again
  CHECK(metric.get() == 0.0);
  CHECK_THROWS_WITH_AS(metric.revert(1.0, 2.0), "R2: cannot revert below a total weight of 0",
                       streamwise::InvalidInput);
  CHECK(metric == R2{});
}

TEST_CASE("R2 rejects bad input without changing state") {
  R2 metric;
  metric.update(2.0, 1.0);
  const R2 before = metric;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(metric.update(nan, 1.0), "R2: y_true must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1.0, inf), "R2: y_pred must be finite, got inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1.0, 1.0, -1.0),
                       "R2: weight w must be finite and >= 0, got -1.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.update(1.0, 1.0, nan), streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.revert(nan, 1.0), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1e200, -1e200), "R2: the sums of squares overflow a double",
                       streamwise::InvalidInput);
  CHECK(metric == before);
}

TEST_CASE("R2 has no parameters") {
  CHECK(streamwise::to_param_list(R2::Params{}).empty());
  CHECK_NOTHROW(R2(R2::Params{}));
}

TEST_CASE("R2 checkpoint round-trip keeps state and behaviour") {
  test::check_regression_roundtrip<R2>();
}
