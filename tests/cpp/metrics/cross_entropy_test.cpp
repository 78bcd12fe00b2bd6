#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "metrics/other_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/cross_entropy.hpp"

using streamwise::metrics::CrossEntropy;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<CrossEntropy>);
static_assert(!CrossEntropy::bigger_is_better);
static_assert(CrossEntropy::works_with_weights);

namespace {
std::array<double, 3> row(const test::Table& t, std::size_t i) {
  return {t["p0"][i], t["p1"][i], t["p2"][i]};
}
}  // namespace

TEST_CASE("CrossEntropy matches River at every step of a weighted stream") {
  // Expected: River's CrossEntropy, cross-checked against scikit-learn's log_loss in the
  // generator. The stream has true classes beyond the probability vector (loss 0, as River's
  // missing keys), probabilities 0 and 1 for the true class, and zero weights.
  const auto t = test::read_table("metrics/other_multiclass.csv");
  REQUIRE(t.rows == 300);
  CrossEntropy metric;
  for (std::size_t i = 0; i < t.rows; ++i) {
    const auto p = row(t, i);
    metric.update(static_cast<streamwise::ClassId>(t["y_true"][i]), p, t["w"][i]);
    test::check_step("CrossEntropy", i, metric.get(), t["CrossEntropy"][i]);
  }
}

TEST_CASE("CrossEntropy matches a two-pass computation") {
  const auto s = test::make_stream(3'000, 9);
  CrossEntropy metric;
  long double sw = 0, sl = 0;
  std::vector<double> proba(4);
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    double total = 0;
    for (std::size_t c = 0; c < proba.size(); ++c) {
      proba[c] = std::exp(-std::fabs(s.x[i] - 3.0 * static_cast<double>(c)) / 4.0);
      total += proba[c];
    }
    for (double& p : proba) p /= total;
    const auto y = static_cast<streamwise::ClassId>(i % 5);  // class 4 is beyond the vector
    metric.update(y, proba, s.w[i]);
    sw += s.w[i];
    if (y < 4) sl += s.w[i] * -std::log(static_cast<long double>(proba[y]));
    test::check_step("CrossEntropy", i, metric.get(), static_cast<double>(sl / sw));
  }
}

TEST_CASE("CrossEntropy follows River's documented example") {
  const double proba[4][3] = {{0.29450637, 0.34216758, 0.36332605},
                              {0.21290077, 0.32728332, 0.45981591},
                              {0.42860913, 0.33380113, 0.23758974},
                              {0.44941979, 0.32962558, 0.22095463}};
  const streamwise::ClassId y_true[] = {0, 1, 2, 2};
  const double expected[] = {1.2224546462432635, 1.169691853718346, 1.258864527226961,
                             1.321597868584659};  // River 0.26.1, repr()
  CrossEntropy metric;
  for (int i = 0; i < 4; ++i) {
    metric.update(y_true[i], proba[i]);
    test::check_step("CrossEntropy", static_cast<std::size_t>(i), metric.get(), expected[i]);
  }
}

TEST_CASE("CrossEntropy edge cases: empty, missing classes, zero weights, certain predictions") {
  CrossEntropy metric;
  CHECK(metric.get() == 0.0);
  const double half[] = {0.5, 0.5};
  metric.update(0, half, 0.0);
  CHECK(metric == CrossEntropy{});
  // A class beyond the vector is a missing key for River: loss 0, but the weight counts.
  metric.update(2, half);
  CHECK(metric.get() == 0.0);
  metric.update(1, half);
  CHECK(test::close(metric.get(), std::log(2.0) / 2.0));
  CrossEntropy empty_vector;
  empty_vector.update(0, std::span<const double>{});
  CHECK(empty_vector.get() == 0.0);
  // Probability 0 for the true class is clamped to 1e-15.
  CrossEntropy zero;
  const double certain_wrong[] = {0.0, 1.0};
  zero.update(0, certain_wrong);
  CHECK(zero.get() == doctest::Approx(34.538776394910684).epsilon(1e-15));
  CHECK(CrossEntropy::loss(1, certain_wrong) < 1e-14);
  CHECK(CrossEntropy::loss(7, certain_wrong) == 0.0);
}

TEST_CASE("CrossEntropy revert undoes update, also from the loss alone") {
  const double a[] = {0.2, 0.5, 0.3};
  const double b[] = {0.6, 0.1, 0.3};
  CrossEntropy metric, first;
  metric.update(1, a);
  first.update(1, a);
  metric.update(0, b, 2.0);
  metric.update(2, a, 0.5);
  metric.revert(2, a, 0.5);
  metric.revert_loss(CrossEntropy::loss(0, b), 2.0);
  CHECK(test::close(metric.get(), first.get()));
  metric.revert(1, a);
  CHECK(metric == CrossEntropy{});
  CHECK_THROWS_WITH_AS(metric.revert(1, a), "CrossEntropy: cannot revert below a total weight of 0",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.revert_loss(1.0, -1.0), streamwise::InvalidInput);
  CHECK(metric == CrossEntropy{});
}

TEST_CASE("CrossEntropy rejects bad input without changing state") {
  CrossEntropy metric;
  const double ok[] = {0.25, 0.75};
  metric.update(1, ok);
  const CrossEntropy before = metric;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double too_big[] = {0.2, 1.2};
  CHECK_THROWS_WITH_AS(metric.update(0, too_big),
                       "CrossEntropy: proba[1] must be a probability in [0, 1], got 1.200000",
                       streamwise::InvalidInput);
  // A bad probability of another class is rejected too, not only the true class's.
  const double with_nan[] = {0.5, 0.5, nan};
  CHECK_THROWS_WITH_AS(metric.update(0, with_nan),
                       "CrossEntropy: proba[2] must be a probability in [0, 1], got nan",
                       streamwise::InvalidInput);
  const double negative[] = {-0.5, 0.5};
  CHECK_THROWS_AS(metric.update(1, negative), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(0, ok, -1.0),
                       "CrossEntropy: weight w must be finite and >= 0, got -1.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.revert(0, with_nan), streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.revert_loss(nan), streamwise::InvalidInput);
  CHECK(metric == before);
}

TEST_CASE("CrossEntropy has no parameters") {
  CHECK(streamwise::to_param_list(CrossEntropy::Params{}).empty());
  CHECK_NOTHROW(CrossEntropy(CrossEntropy::Params{}));
}

TEST_CASE("CrossEntropy checkpoint round-trip keeps state and behaviour") {
  const auto t = test::read_table("metrics/other_multiclass.csv");
  CrossEntropy original;
  for (std::size_t i = 0; i < 150; ++i) {
    const auto p = row(t, i);
    original.update(static_cast<streamwise::ClassId>(t["y_true"][i]), p, t["w"][i]);
  }
  CrossEntropy restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 150; i < t.rows; ++i) {
    const auto p = row(t, i);
    original.update(static_cast<streamwise::ClassId>(t["y_true"][i]), p, t["w"][i]);
    restored.update(static_cast<streamwise::ClassId>(t["y_true"][i]), p, t["w"][i]);
  }
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"CrossEntropy","params":{}})");
}
