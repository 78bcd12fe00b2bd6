#include <doctest/doctest.h>

#include <vector>

#include "metrics/classification_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/cohen_kappa.hpp"

using streamwise::ClassId;
using streamwise::metrics::CohenKappa;
namespace test = streamwise::test;

static_assert(streamwise::ClassificationMetric<CohenKappa>);
static_assert(CohenKappa::bigger_is_better);
static_assert(CohenKappa::works_with_weights);

namespace {
// Feeds (y_true, y_pred) pairs with unit weights and returns the value after each one.
std::vector<double> run(CohenKappa metric, const std::vector<ClassId>& y_true,
                        const std::vector<ClassId>& y_pred) {
  std::vector<double> out;
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    metric.update(y_true[i], y_pred[i]);
    out.push_back(metric.get());
  }
  return out;
}
}  // namespace

TEST_CASE("CohenKappa matches scikit-learn at every step of the reference streams") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_reference<CohenKappa>(file, "cohen_kappa");
  }
}

TEST_CASE("CohenKappa over a window kept with revert matches scikit-learn on each window") {
  test::check_rolling<CohenKappa>("cohen_kappa");
}

TEST_CASE("CohenKappa revert undoes update exactly, back to an empty matrix") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_revert_to_empty<CohenKappa>(file, "cohen_kappa");
  }
}

TEST_CASE("CohenKappa follows River's documented values") {
  // River's docstring with ant = 0, bird = 1, cat = 2: 42.86% (= 3/7).
  const auto got = run({}, {2, 0, 2, 2, 0, 1}, {0, 0, 2, 2, 0, 2});
  const std::vector<double> expected = {0.0, 0.0, 0.4, 0.5, 8.0 / 13.0, 3.0 / 7.0};
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    CHECK(got[i] == doctest::Approx(expected[i]).epsilon(1e-12));
}

TEST_CASE("CohenKappa edge cases: empty, one value, zero weights") {
  CohenKappa metric;
  CHECK(metric.get() == 0.0);
  metric.update(1, 1, 0.0);  // zero weight: nothing recorded
  CHECK(metric.get() == 0.0);
  CHECK(metric.cm().n_samples() == 0);
  for (int i = 0; i < 5; ++i) {
    metric.update(1, 1);
    CHECK(metric.get() == 0.0);  // a single class on both sides: p_e = 1, value 0
  }
  metric.update(0, 0);
  CHECK(metric.get() == 1.0);
}

TEST_CASE("CohenKappa rejects bad input without changing state") {
  test::check_bad_input<CohenKappa>();
}

TEST_CASE("CohenKappa parameters") {
  const CohenKappa metric;
  CHECK(streamwise::to_json(streamwise::spec_of(metric)) == R"({"type":"CohenKappa","params":{}})");
  CHECK(streamwise::repr(streamwise::spec_of(metric)) == "CohenKappa ()");
}

TEST_CASE("CohenKappa checkpoint round-trip keeps state and behaviour") {
  test::check_roundtrip<CohenKappa>("cohen_kappa");
}
