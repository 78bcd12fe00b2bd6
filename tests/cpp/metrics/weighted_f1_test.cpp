#include <doctest/doctest.h>

#include <vector>

#include "metrics/classification_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/weighted_f1.hpp"

using streamwise::ClassId;
using streamwise::metrics::WeightedF1;
namespace test = streamwise::test;

static_assert(streamwise::ClassificationMetric<WeightedF1>);
static_assert(WeightedF1::bigger_is_better);
static_assert(WeightedF1::works_with_weights);

namespace {
// Feeds (y_true, y_pred) pairs with unit weights and returns the value after each one.
std::vector<double> run(WeightedF1 metric, const std::vector<ClassId>& y_true,
                        const std::vector<ClassId>& y_pred) {
  std::vector<double> out;
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    metric.update(y_true[i], y_pred[i]);
    out.push_back(metric.get());
  }
  return out;
}
}  // namespace

TEST_CASE("WeightedF1 matches scikit-learn at every step of the reference streams") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_reference<WeightedF1>(file, "weighted_f1");
  }
}

TEST_CASE("WeightedF1 over a window kept with revert matches scikit-learn on each window") {
  test::check_rolling<WeightedF1>("weighted_f1");
}

TEST_CASE("WeightedF1 revert undoes update exactly, back to an empty matrix") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_revert_to_empty<WeightedF1>(file, "weighted_f1");
  }
}

TEST_CASE("WeightedF1 follows River's documented values") {
  // River's docstring: 100%, 33.33%, 55.56%, 66.67%, 61.33%.
  const auto got = run({}, {0, 1, 2, 2, 2}, {0, 0, 2, 2, 1});
  const std::vector<double> expected = {1.0, 1.0 / 3.0, 5.0 / 9.0, 2.0 / 3.0, 46.0 / 75.0};
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    CHECK(got[i] == doctest::Approx(expected[i]).epsilon(1e-12));
}

TEST_CASE("WeightedF1 edge cases: empty, one value, zero weights") {
  WeightedF1 metric;
  CHECK(metric.get() == 0.0);
  metric.update(1, 1, 0.0);  // zero weight: nothing recorded
  CHECK(metric.get() == 0.0);
  CHECK(metric.cm().n_samples() == 0);
  metric.update(0, 0);
  CHECK(metric.get() == 1.0);
  metric.update(0, 5);  // class 5 is only predicted: no support, no weight in the average
  CHECK(metric.get() == doctest::Approx(2.0 / 3.0));
}

TEST_CASE("WeightedF1 rejects bad input without changing state") {
  test::check_bad_input<WeightedF1>();
}

TEST_CASE("WeightedF1 parameters") {
  const WeightedF1 metric;
  CHECK(streamwise::to_json(streamwise::spec_of(metric)) == R"({"type":"WeightedF1","params":{}})");
  CHECK(streamwise::repr(streamwise::spec_of(metric)) == "WeightedF1 ()");
}

TEST_CASE("WeightedF1 checkpoint round-trip keeps state and behaviour") {
  test::check_roundtrip<WeightedF1>("weighted_f1");
}
