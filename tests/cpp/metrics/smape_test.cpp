#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "metrics/other_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/smape.hpp"

using streamwise::metrics::SMAPE;
namespace test = streamwise::test;

static_assert(streamwise::RegressionMetric<SMAPE>);
static_assert(!SMAPE::bigger_is_better);
static_assert(SMAPE::works_with_weights);

TEST_CASE("SMAPE matches its oracle at every step of a weighted stream") {
  // Expected values: River's SMAPE (scikit-learn has none)
  // (tests/data/metrics/make_other_reference.py).
  const auto t = test::read_table("metrics/other_regression.csv");
  REQUIRE(t.rows == 300);
  SMAPE metric;
  for (std::size_t i = 0; i < t.rows; ++i) {
    metric.update(t["y_true"][i], t["y_pred"][i], t["w"][i]);
    test::check_step("SMAPE", i, metric.get(), t["SMAPE"][i]);
  }
}

TEST_CASE("SMAPE matches a two-pass computation on a long weighted stream") {
  const auto s = test::make_stream(2'000, 11);
  SMAPE metric;
  for (std::size_t i = 0; i + 1 < s.x.size(); i += 2) {
    metric.update(s.x[i], s.x[i + 1], s.w[i]);
    if (i % 50 == 0 || i + 3 >= s.x.size()) {
      long double sw = 0, sl = 0;
      for (std::size_t j = 0; j <= i; j += 2) {
        const long double yt = s.x[j], yp = s.x[j + 1];
        sw += s.w[j];
        sl += s.w[j] * (std::fabs(yt) + std::fabs(yp) == 0
                            ? 0.0L
                            : 2 * std::fabs(yt - yp) / (std::fabs(yt) + std::fabs(yp)));
      }
      const long double v = sl / sw;
      const double expected = static_cast<double>(100 * v);
      test::check_step("SMAPE", i, metric.get(), expected);
    }
  }
}

TEST_CASE("SMAPE follows River's documented example") {
  SMAPE metric;
  const double y_true[] = {3, -0.5, 2, 7};
  const double y_pred[] = {2.5, 0.0, 2, 8};
  const double expected[] = {18.181818181818183, 109.09090909090908, 72.72727272727273,
                             57.87878787878788};  // River 0.26.1, printed with repr()
  for (int i = 0; i < 4; ++i) {
    metric.update(y_true[i], y_pred[i]);
    test::check_step("SMAPE", static_cast<std::size_t>(i), metric.get(), expected[i]);
  }
}

TEST_CASE("SMAPE edge cases: empty, zero weights, one value, constant stream") {
  SMAPE metric;
  CHECK(metric.get() == 0.0);    // River's value before any data
  metric.update(1.0, 4.0, 0.0);  // a zero weight first: nothing (River divides by zero here)
  CHECK(metric == SMAPE{});
  metric.update(0.0, 0.0);
  CHECK(metric.get() == 0.0);  // 0/0 counts as no error
  metric.update(1.0, -1.0);
  CHECK(metric.get() == 100.0);  // (0 + 2) / 2 samples, in percent
  SMAPE constant;
  for (int i = 0; i < 10; ++i) constant.update(7.0, 7.0, 0.5 + i);
  CHECK(constant.get() == 0.0);
  SMAPE doc;  // River's own docstring stream
  const double y_true[] = {0, 0.07533, 0.07533, 0.07533, 0.07533, 0.07533, 0.07533, 0.0672, 0.0672};
  const double y_pred[] = {0, 0.102, 0.107, 0.047, 0.1, 0.032, 0.047, 0.108, 0.089};
  for (int i = 0; i < 9; ++i) doc.update(y_true[i], y_pred[i]);
  CHECK(test::close(doc.get(), 37.8693922834684));
}

TEST_CASE("SMAPE revert undoes update") {
  SMAPE metric, first;
  metric.update(1.5, 2.0);
  first.update(1.5, 2.0);
  metric.update(3.0, 1.0, 2.5);
  metric.update(-0.25, 4.0, 0.5);
  metric.revert(-0.25, 4.0, 0.5);
  metric.revert(3.0, 1.0, 2.5);
  CHECK(test::close(metric.get(), first.get()));
  metric.revert(1.5, 2.0);
  CHECK(metric == SMAPE{});  // exactly empty again
  CHECK(metric.get() == 0.0);
  CHECK_THROWS_WITH_AS(metric.revert(1.0, 2.0), "SMAPE: cannot revert below a total weight of 0",
                       streamwise::InvalidInput);
  CHECK(metric == SMAPE{});
}

TEST_CASE("SMAPE rejects bad input without changing state") {
  SMAPE metric;
  metric.update(2.0, 1.0);
  const SMAPE before = metric;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(metric.update(nan, 1.0), "SMAPE: y_true must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1.0, inf), "SMAPE: y_pred must be finite, got inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1.0, 1.0, -1.0),
                       "SMAPE: weight w must be finite and >= 0, got -1.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.update(1.0, 1.0, nan), streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.revert(nan, 1.0), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1e308, -1e308),
                       "SMAPE: the per-sample error overflows a double", streamwise::InvalidInput);
  CHECK(metric == before);
}

TEST_CASE("SMAPE has no parameters") {
  CHECK(streamwise::to_param_list(SMAPE::Params{}).empty());
  CHECK_NOTHROW(SMAPE(SMAPE::Params{}));
}

TEST_CASE("SMAPE checkpoint round-trip keeps state and behaviour") {
  test::check_regression_roundtrip<SMAPE>();
}
