#include <doctest/doctest.h>

#include <vector>

#include "metrics/classification_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/macro_f1.hpp"

using streamwise::ClassId;
using streamwise::metrics::MacroF1;
namespace test = streamwise::test;

static_assert(streamwise::ClassificationMetric<MacroF1>);
static_assert(MacroF1::bigger_is_better);
static_assert(MacroF1::works_with_weights);

namespace {
// Feeds (y_true, y_pred) pairs with unit weights and returns the value after each one.
std::vector<double> run(MacroF1 metric, const std::vector<ClassId>& y_true,
                        const std::vector<ClassId>& y_pred) {
  std::vector<double> out;
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    metric.update(y_true[i], y_pred[i]);
    out.push_back(metric.get());
  }
  return out;
}
}  // namespace

TEST_CASE("MacroF1 matches scikit-learn at every step of the reference streams") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_reference<MacroF1>(file, "macro_f1");
  }
}

TEST_CASE("MacroF1 over a window kept with revert matches scikit-learn on each window") {
  test::check_rolling<MacroF1>("macro_f1");
}

TEST_CASE("MacroF1 revert undoes update exactly, back to an empty matrix") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_revert_to_empty<MacroF1>(file, "macro_f1");
  }
}

TEST_CASE("MacroF1 follows River's documented values") {
  // River's docstring: 100%, 33.33%, 55.56%, 55.56%, 48.89%.
  const auto got = run({}, {0, 1, 2, 2, 2}, {0, 0, 2, 2, 1});
  const std::vector<double> expected = {1.0, 1.0 / 3.0, 5.0 / 9.0, 5.0 / 9.0, 22.0 / 45.0};
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    CHECK(got[i] == doctest::Approx(expected[i]).epsilon(1e-12));
}

TEST_CASE("MacroF1 edge cases: empty, one value, zero weights") {
  MacroF1 metric;
  CHECK(metric.get() == 0.0);
  metric.update(1, 1, 0.0);  // zero weight: nothing recorded
  CHECK(metric.get() == 0.0);
  CHECK(metric.cm().n_samples() == 0);
  metric.update(0, 0);
  CHECK(metric.get() == 1.0);
  metric.update(1, 1);
  CHECK(metric.get() == 1.0);
  metric.update(1, 0);
  CHECK(metric.get() == doctest::Approx(2.0 / 3.0));
  metric.update(4, 0);  // class 4 is never predicted: F1 of 0, counted in the mean
  CHECK(metric.cm().classes() == std::vector<ClassId>{0, 1, 4});
}

TEST_CASE("MacroF1 rejects bad input without changing state") { test::check_bad_input<MacroF1>(); }

TEST_CASE("MacroF1 parameters") {
  const MacroF1 metric;
  CHECK(streamwise::to_json(streamwise::spec_of(metric)) == R"({"type":"MacroF1","params":{}})");
  CHECK(streamwise::repr(streamwise::spec_of(metric)) == "MacroF1 ()");
}

TEST_CASE("MacroF1 checkpoint round-trip keeps state and behaviour") {
  test::check_roundtrip<MacroF1>("macro_f1");
}
