#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "metrics/other_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/mae.hpp"

using streamwise::metrics::MAE;
namespace test = streamwise::test;

static_assert(streamwise::RegressionMetric<MAE>);
static_assert(!MAE::bigger_is_better);
static_assert(MAE::works_with_weights);

TEST_CASE("MAE matches its oracle at every step of a weighted stream") {
  // Expected values: scikit-learn's mean_absolute_error with sample_weight
  // (tests/data/metrics/make_other_reference.py).
  const auto t = test::read_table("metrics/other_regression.csv");
  REQUIRE(t.rows == 300);
  MAE metric;
  for (std::size_t i = 0; i < t.rows; ++i) {
    metric.update(t["y_true"][i], t["y_pred"][i], t["w"][i]);
    test::check_step("MAE", i, metric.get(), t["MAE"][i]);
  }
}

TEST_CASE("MAE matches a two-pass computation on a long weighted stream") {
  const auto s = test::make_stream(2'000, 11);
  MAE metric;
  for (std::size_t i = 0; i + 1 < s.x.size(); i += 2) {
    metric.update(s.x[i], s.x[i + 1], s.w[i]);
    if (i % 50 == 0 || i + 3 >= s.x.size()) {
      long double sw = 0, sl = 0;
      for (std::size_t j = 0; j <= i; j += 2) {
        const long double yt = s.x[j], yp = s.x[j + 1];
        sw += s.w[j];
        sl += s.w[j] * (std::fabs(yt - yp));
      }
      const long double v = sl / sw;
      const double expected = static_cast<double>(v);
      test::check_step("MAE", i, metric.get(), expected);
    }
  }
}

TEST_CASE("MAE follows River's documented example") {
  MAE metric;
  const double y_true[] = {3, -0.5, 2, 7};
  const double y_pred[] = {2.5, 0.0, 2, 8};
  const double expected[] = {0.5, 0.5, 0.33333333333333337,
                             0.5};  // River 0.26.1, printed with repr()
  for (int i = 0; i < 4; ++i) {
    metric.update(y_true[i], y_pred[i]);
    test::check_step("MAE", static_cast<std::size_t>(i), metric.get(), expected[i]);
  }
}

TEST_CASE("MAE edge cases: empty, zero weights, one value, constant stream") {
  MAE metric;
  CHECK(metric.get() == 0.0);    // River's value before any data
  metric.update(1.0, 4.0, 0.0);  // a zero weight first: nothing (River divides by zero here)
  CHECK(metric == MAE{});
  metric.update(2.0, 5.0);
  CHECK(metric.get() == 3.0);
  MAE constant;
  for (int i = 0; i < 10; ++i) constant.update(7.0, 7.0, 0.5 + i);
  CHECK(constant.get() == 0.0);
}

TEST_CASE("MAE revert undoes update") {
  MAE metric, first;
  metric.update(1.5, 2.0);
  first.update(1.5, 2.0);
  metric.update(3.0, 1.0, 2.5);
  metric.update(-0.25, 4.0, 0.5);
  metric.revert(-0.25, 4.0, 0.5);
  metric.revert(3.0, 1.0, 2.5);
  CHECK(test::close(metric.get(), first.get()));
  metric.revert(1.5, 2.0);
  CHECK(metric == MAE{});  // exactly empty again
  CHECK(metric.get() == 0.0);
  CHECK_THROWS_WITH_AS(metric.revert(1.0, 2.0), "MAE: cannot revert below a total weight of 0",
                       streamwise::InvalidInput);
  CHECK(metric == MAE{});
}

TEST_CASE("MAE rejects bad input without changing state") {
  MAE metric;
  metric.update(2.0, 1.0);
  const MAE before = metric;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(metric.update(nan, 1.0), "MAE: y_true must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1.0, inf), "MAE: y_pred must be finite, got inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1.0, 1.0, -1.0),
                       "MAE: weight w must be finite and >= 0, got -1.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.update(1.0, 1.0, nan), streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.revert(nan, 1.0), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1e308, -1e308), "MAE: the per-sample error overflows a double",
                       streamwise::InvalidInput);
  CHECK(metric == before);
}

TEST_CASE("MAE has no parameters") {
  CHECK(streamwise::to_param_list(MAE::Params{}).empty());
  CHECK_NOTHROW(MAE(MAE::Params{}));
}

TEST_CASE("MAE checkpoint round-trip keeps state and behaviour") {
  test::check_regression_roundtrip<MAE>();
}
