#include <doctest/doctest.h>

#include <vector>

#include "metrics/classification_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/balanced_accuracy.hpp"

using streamwise::ClassId;
using streamwise::metrics::BalancedAccuracy;
namespace test = streamwise::test;

static_assert(streamwise::ClassificationMetric<BalancedAccuracy>);
static_assert(BalancedAccuracy::bigger_is_better);
static_assert(BalancedAccuracy::works_with_weights);

namespace {
// Feeds (y_true, y_pred) pairs with unit weights and returns the value after each one.
std::vector<double> run(BalancedAccuracy metric, const std::vector<ClassId>& y_true,
                        const std::vector<ClassId>& y_pred) {
  std::vector<double> out;
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    metric.update(y_true[i], y_pred[i]);
    out.push_back(metric.get());
  }
  return out;
}
}  // namespace

TEST_CASE("BalancedAccuracy matches scikit-learn at every step of the reference streams") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_reference<BalancedAccuracy>(file, "balanced_accuracy");
  }
}

TEST_CASE("BalancedAccuracy over a window kept with revert matches scikit-learn on each window") {
  test::check_rolling<BalancedAccuracy>("balanced_accuracy");
}

TEST_CASE("BalancedAccuracy revert undoes update exactly, back to an empty matrix") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_revert_to_empty<BalancedAccuracy>(file, "balanced_accuracy");
  }
}

TEST_CASE("BalancedAccuracy follows River's documented values") {
  // River's docstring: both streams give 62.50%.
  const auto got = run({}, {1, 0, 1, 1, 0, 1}, {1, 0, 1, 1, 1, 0});
  const std::vector<double> expected = {1.0, 1.0, 1.0, 1.0, 0.75, 0.625};
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    CHECK(got[i] == doctest::Approx(expected[i]).epsilon(1e-12));
  const auto second = run({}, {0, 1, 0, 0, 1, 0}, {0, 1, 0, 0, 0, 1});
  CHECK(second.back() == doctest::Approx(0.625));
  // River's test with a predicted class never seen as true (no support, left out): 0.75.
  const auto unseen = run({}, {0, 0, 1, 1}, {0, 2, 1, 1});
  CHECK(unseen.back() == doctest::Approx(0.75));
}

TEST_CASE("BalancedAccuracy edge cases: empty, one value, zero weights") {
  BalancedAccuracy metric;
  CHECK(metric.get() == 0.0);
  metric.update(1, 1, 0.0);  // zero weight: nothing recorded
  CHECK(metric.get() == 0.0);
  CHECK(metric.cm().n_samples() == 0);
  metric.update(0, 0);
  CHECK(metric.get() == 1.0);
  metric.update(0, 3);  // class 3 is only predicted: it has no recall to average
  CHECK(metric.get() == 0.5);
  CHECK(metric.cm().classes() == std::vector<ClassId>{0, 3});
}

TEST_CASE("BalancedAccuracy rejects bad input without changing state") {
  test::check_bad_input<BalancedAccuracy>();
}

TEST_CASE("BalancedAccuracy parameters") {
  const BalancedAccuracy metric;
  CHECK(streamwise::to_json(streamwise::spec_of(metric)) ==
        R"({"type":"BalancedAccuracy","params":{}})");
  CHECK(streamwise::repr(streamwise::spec_of(metric)) == "BalancedAccuracy ()");
}

TEST_CASE("BalancedAccuracy checkpoint round-trip keeps state and behaviour") {
  test::check_roundtrip<BalancedAccuracy>("balanced_accuracy");
}
