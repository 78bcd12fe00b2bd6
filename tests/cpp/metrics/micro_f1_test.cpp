#include <doctest/doctest.h>

#include <vector>

#include "metrics/classification_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/micro_f1.hpp"

using streamwise::ClassId;
using streamwise::metrics::MicroF1;
namespace test = streamwise::test;

static_assert(streamwise::ClassificationMetric<MicroF1>);
static_assert(MicroF1::bigger_is_better);
static_assert(MicroF1::works_with_weights);

namespace {
// Feeds (y_true, y_pred) pairs with unit weights and returns the value after each one.
std::vector<double> run(MicroF1 metric, const std::vector<ClassId>& y_true,
                        const std::vector<ClassId>& y_pred) {
  std::vector<double> out;
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    metric.update(y_true[i], y_pred[i]);
    out.push_back(metric.get());
  }
  return out;
}
}  // namespace

TEST_CASE("MicroF1 matches scikit-learn at every step of the reference streams") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_reference<MicroF1>(file, "micro_f1");
  }
}

TEST_CASE("MicroF1 over a window kept with revert matches scikit-learn on each window") {
  test::check_rolling<MicroF1>("micro_f1");
}

TEST_CASE("MicroF1 revert undoes update exactly, back to an empty matrix") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_revert_to_empty<MicroF1>(file, "micro_f1");
  }
}

TEST_CASE("MicroF1 follows River's documented values") {
  // River's docstring: 60%.
  const auto got = run({}, {0, 1, 2, 2, 0}, {0, 1, 1, 2, 1});
  const std::vector<double> expected = {1.0, 1.0, 2.0 / 3.0, 0.75, 0.6};
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    CHECK(got[i] == doctest::Approx(expected[i]).epsilon(1e-12));
}

TEST_CASE("MicroF1 edge cases: empty, one value, zero weights") {
  MicroF1 metric;
  CHECK(metric.get() == 0.0);
  metric.update(1, 1, 0.0);  // zero weight: nothing recorded
  CHECK(metric.get() == 0.0);
  CHECK(metric.cm().n_samples() == 0);
  metric.update(3, 3);
  CHECK(metric.get() == 1.0);
  metric.update(3, 0);
  CHECK(metric.get() == 0.5);
}

TEST_CASE("MicroF1 rejects bad input without changing state") { test::check_bad_input<MicroF1>(); }

TEST_CASE("MicroF1 parameters") {
  const MicroF1 metric;
  CHECK(streamwise::to_json(streamwise::spec_of(metric)) == R"({"type":"MicroF1","params":{}})");
  CHECK(streamwise::repr(streamwise::spec_of(metric)) == "MicroF1 ()");
}

TEST_CASE("MicroF1 checkpoint round-trip keeps state and behaviour") {
  test::check_roundtrip<MicroF1>("micro_f1");
}
