#include <doctest/doctest.h>

#include <vector>

#include "metrics/classification_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/f1.hpp"

using streamwise::ClassId;
using streamwise::metrics::F1;
namespace test = streamwise::test;

static_assert(streamwise::ClassificationMetric<F1>);
static_assert(F1::bigger_is_better);
static_assert(F1::works_with_weights);

namespace {
// Feeds (y_true, y_pred) pairs with unit weights and returns the value after each one.
std::vector<double> run(F1 metric, const std::vector<ClassId>& y_true,
                        const std::vector<ClassId>& y_pred) {
  std::vector<double> out;
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    metric.update(y_true[i], y_pred[i]);
    out.push_back(metric.get());
  }
  return out;
}
}  // namespace

TEST_CASE("F1 matches scikit-learn at every step of the reference streams") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_reference<F1>(file, "f1");
  }
}

TEST_CASE("F1 over a window kept with revert matches scikit-learn on each window") {
  test::check_rolling<F1>("f1");
}

TEST_CASE("F1 revert undoes update exactly, back to an empty matrix") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_revert_to_empty<F1>(file, "f1");
  }
}

TEST_CASE("F1 follows River's documented values") {
  // River's docstring: 40%.
  const auto got = run({}, {0, 0, 0, 1, 1, 1}, {0, 0, 1, 1, 0, 0});
  const std::vector<double> expected = {0.0, 0.0, 0.0, 2.0 / 3.0, 0.5, 0.4};
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    CHECK(got[i] == doctest::Approx(expected[i]).epsilon(1e-12));
}

TEST_CASE("F1 edge cases: empty, one value, zero weights") {
  F1 metric;
  CHECK(metric.get() == 0.0);
  metric.update(1, 1, 0.0);  // zero weight: nothing recorded
  CHECK(metric.get() == 0.0);
  CHECK(metric.cm().n_samples() == 0);
  metric.update(0, 0);
  CHECK(metric.get() == 0.0);  // precision and recall both 0
  metric.update(1, 1);
  CHECK(metric.get() == 1.0);
}

TEST_CASE("F1 rejects bad input without changing state") { test::check_bad_input<F1>(); }

TEST_CASE("F1 parameters") {
  const F1 metric;
  CHECK(metric.params().pos_val == 1);  // River's pos_val=True
  CHECK(streamwise::to_json(streamwise::spec_of(metric)) ==
        R"({"type":"F1","params":{"pos_val":1}})");
  const auto params =
      streamwise::params_from_list<F1::Params>({{"pos_val", std::int64_t{7}}}, "F1");
  CHECK(params.pos_val == 7);
  CHECK_THROWS_WITH_AS(streamwise::params_from_list<F1::Params>({{"beta", 2.0}}, "F1"),
                       "F1: unknown parameter beta", std::invalid_argument);
  // Any class id may be the positive one; labels other than pos_val are all negative.
  F1 seven{params};
  F1 one;
  const std::vector<ClassId> y_true = {7, 7, 3, 3, 7, 0};
  const std::vector<ClassId> y_pred = {7, 2, 7, 3, 7, 7};
  const std::vector<ClassId> t01 = {1, 1, 0, 0, 1, 0};
  const std::vector<ClassId> p01 = {1, 0, 1, 0, 1, 1};
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    seven.update(y_true[i], y_pred[i]);
    one.update(t01[i], p01[i]);
  }
  CHECK(seven.get() == one.get());
  CHECK(seven.cm() == one.cm());
}

TEST_CASE("F1 checkpoint round-trip keeps state and behaviour") { test::check_roundtrip<F1>("f1"); }
