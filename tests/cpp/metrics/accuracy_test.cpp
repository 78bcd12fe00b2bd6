#include <doctest/doctest.h>

#include <vector>

#include "metrics/classification_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/accuracy.hpp"

using streamwise::ClassId;
using streamwise::metrics::Accuracy;
namespace test = streamwise::test;

static_assert(streamwise::ClassificationMetric<Accuracy>);
static_assert(Accuracy::bigger_is_better);
static_assert(Accuracy::works_with_weights);

namespace {
// Feeds (y_true, y_pred) pairs with unit weights and returns the value after each one.
std::vector<double> run(Accuracy metric, const std::vector<ClassId>& y_true,
                        const std::vector<ClassId>& y_pred) {
  std::vector<double> out;
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    metric.update(y_true[i], y_pred[i]);
    out.push_back(metric.get());
  }
  return out;
}
}  // namespace

TEST_CASE("Accuracy matches scikit-learn at every step of the reference streams") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_reference<Accuracy>(file, "accuracy");
  }
}

TEST_CASE("Accuracy over a window kept with revert matches scikit-learn on each window") {
  test::check_rolling<Accuracy>("accuracy");
}

TEST_CASE("Accuracy revert undoes update exactly, back to an empty matrix") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_revert_to_empty<Accuracy>(file, "accuracy");
  }
}

TEST_CASE("Accuracy follows River's documented values") {
  // River: [True, False, True, True, True] vs [True, True, False, True, True] -> 60%.
  const auto got = run({}, {1, 0, 1, 1, 1}, {1, 1, 0, 1, 1});
  const std::vector<double> expected = {1.0, 0.5, 1.0 / 3.0, 0.5, 0.6};
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    CHECK(got[i] == doctest::Approx(expected[i]).epsilon(1e-12));
}

TEST_CASE("Accuracy edge cases: empty, one value, zero weights") {
  Accuracy metric;
  CHECK(metric.get() == 0.0);
  metric.update(1, 1, 0.0);  // zero weight: nothing recorded
  CHECK(metric.get() == 0.0);
  CHECK(metric.cm().n_samples() == 0);
  metric.update(2, 2, 0.5);
  CHECK(metric.get() == 1.0);
  metric.update(2, 0, 1.5);
  CHECK(metric.get() == 0.25);
}

TEST_CASE("Accuracy rejects bad input without changing state") {
  test::check_bad_input<Accuracy>();
}

TEST_CASE("Accuracy parameters") {
  const Accuracy metric;
  CHECK(streamwise::to_json(streamwise::spec_of(metric)) == R"({"type":"Accuracy","params":{}})");
  CHECK(streamwise::repr(streamwise::spec_of(metric)) == "Accuracy ()");
}

TEST_CASE("Accuracy checkpoint round-trip keeps state and behaviour") {
  test::check_roundtrip<Accuracy>("accuracy");
}
