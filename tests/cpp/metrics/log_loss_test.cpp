#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "metrics/other_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/log_loss.hpp"

using streamwise::metrics::LogLoss;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<LogLoss>);
static_assert(!LogLoss::bigger_is_better);
static_assert(LogLoss::works_with_weights);

TEST_CASE("LogLoss matches scikit-learn's log_loss at every step of a weighted stream") {
  // Expected: sklearn.metrics.log_loss(sample_weight=...) on probabilities clamped to
  // [1e-15, 1 - 1e-15] as River does (tests/data/metrics/make_other_reference.py). The stream
  // holds p = 0 and p = 1 exactly, and zero weights.
  const auto t = test::read_table("metrics/other_binary.csv");
  REQUIRE(t.rows == 300);
  LogLoss metric;
  for (std::size_t i = 0; i < t.rows; ++i) {
    metric.update(t["y_true"][i] != 0.0, t["p_true"][i], t["w"][i]);
    test::check_step("LogLoss", i, metric.get(), t["LogLoss"][i]);
  }
}

TEST_CASE("LogLoss matches a two-pass computation on a long weighted stream") {
  const auto s = test::make_stream(3'000, 5);
  LogLoss metric;
  long double sw = 0, sl = 0;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    const bool y = s.x[i] > 1.0;
    const double p = 1.0 / (1.0 + std::exp(-s.x[i] / 3.0));
    metric.update(y, p, s.w[i]);
    const long double pc = std::clamp(p, 1e-15, 1.0 - 1e-15);
    sw += s.w[i];
    sl += s.w[i] * -std::log(y ? pc : 1.0L - pc);
    test::check_step("LogLoss", i, metric.get(), static_cast<double>(sl / sw));
  }
}

TEST_CASE("LogLoss follows River's documented example") {
  LogLoss metric;
  const bool y_true[] = {true, false, false, true};
  const double p_true[] = {0.9, 0.1, 0.2, 0.65};
  const double expected[] = {0.10536051565782628, 0.10536051565782628, 0.14462152754328741,
                             0.21616187468057912};  // River 0.26.1, repr()
  for (int i = 0; i < 4; ++i) {
    metric.update(y_true[i], p_true[i]);
    test::check_step("LogLoss", static_cast<std::size_t>(i), metric.get(), expected[i]);
  }
}

TEST_CASE("LogLoss edge cases: empty, zero weights, certain predictions") {
  LogLoss metric;
  CHECK(metric.get() == 0.0);
  metric.update(true, 0.3, 0.0);
  CHECK(metric == LogLoss{});
  // River clamps to [1e-15, 1 - 1e-15]; the two ends are not symmetric in floating point.
  LogLoss wrong_true;
  wrong_true.update(true, 0.0);
  CHECK(wrong_true.get() == doctest::Approx(34.538776394910684).epsilon(1e-15));
  LogLoss wrong_false;
  wrong_false.update(false, 1.0);
  CHECK(wrong_false.get() == doctest::Approx(34.53957599234088).epsilon(1e-15));
  LogLoss right;
  right.update(true, 1.0);
  right.update(false, 0.0);
  CHECK(right.get() < 1e-14);
  LogLoss constant;
  for (int i = 0; i < 10; ++i) constant.update(true, 0.5);
  CHECK(test::close(constant.get(), std::log(2.0)));
}

TEST_CASE("LogLoss revert undoes update") {
  LogLoss metric, first;
  metric.update(true, 0.8);
  first.update(true, 0.8);
  metric.update(false, 0.3, 2.5);
  metric.update(true, 0.0, 0.5);
  metric.revert(true, 0.0, 0.5);
  metric.revert(false, 0.3, 2.5);
  CHECK(test::close(metric.get(), first.get()));
  metric.revert(true, 0.8);
  CHECK(metric == LogLoss{});
  CHECK_THROWS_WITH_AS(metric.revert(true, 0.8), "LogLoss: cannot revert below a total weight of 0",
                       streamwise::InvalidInput);
  CHECK(metric == LogLoss{});
}

TEST_CASE("LogLoss rejects bad input without changing state") {
  LogLoss metric;
  metric.update(true, 0.7);
  const LogLoss before = metric;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(metric.update(true, 1.5),
                       "LogLoss: p_true must be a probability in [0, 1], got 1.500000",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(false, nan),
                       "LogLoss: p_true must be a probability in [0, 1], got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.update(false, -0.01), streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.update(false, std::numeric_limits<double>::infinity()),
                  streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(true, 0.5, -2.0),
                       "LogLoss: weight w must be finite and >= 0, got -2.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.revert(true, nan), streamwise::InvalidInput);
  CHECK(metric == before);
}

TEST_CASE("LogLoss has no parameters") {
  CHECK(streamwise::to_param_list(LogLoss::Params{}).empty());
  CHECK_NOTHROW(LogLoss(LogLoss::Params{}));
}

TEST_CASE("LogLoss checkpoint round-trip keeps state and behaviour") {
  const auto t = test::read_table("metrics/other_binary.csv");
  LogLoss original;
  for (std::size_t i = 0; i < 150; ++i)
    original.update(t["y_true"][i] != 0, t["p_true"][i], t["w"][i]);
  LogLoss restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 150; i < t.rows; ++i) {
    original.update(t["y_true"][i] != 0, t["p_true"][i], t["w"][i]);
    restored.update(t["y_true"][i] != 0, t["p_true"][i], t["w"][i]);
  }
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) == R"({"type":"LogLoss","params":{}})");
}
