#include <doctest/doctest.h>

#include <vector>

#include "metrics/classification_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/mcc.hpp"

using streamwise::ClassId;
using streamwise::metrics::MCC;
namespace test = streamwise::test;

static_assert(streamwise::ClassificationMetric<MCC>);
static_assert(MCC::bigger_is_better);
static_assert(MCC::works_with_weights);

namespace {
// Feeds (y_true, y_pred) pairs with unit weights and returns the value after each one.
std::vector<double> run(MCC metric, const std::vector<ClassId>& y_true,
                        const std::vector<ClassId>& y_pred) {
  std::vector<double> out;
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    metric.update(y_true[i], y_pred[i]);
    out.push_back(metric.get());
  }
  return out;
}
}  // namespace

TEST_CASE("MCC matches scikit-learn at every step of the reference streams") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_reference<MCC>(file, "mcc");
  }
}

TEST_CASE("MCC over a window kept with revert matches scikit-learn on each window") {
  test::check_rolling<MCC>("mcc");
}

TEST_CASE("MCC revert undoes update exactly, back to an empty matrix") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_revert_to_empty<MCC>(file, "mcc");
  }
}

TEST_CASE("MCC follows River's documented values") {
  // River's docstring: -0.333333.
  const auto got = run({}, {1, 1, 1, 0}, {1, 0, 1, 1});
  const std::vector<double> expected = {0.0, 0.0, 0.0, -1.0 / 3.0};
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    CHECK(got[i] == doctest::Approx(expected[i]).epsilon(1e-12));
}

TEST_CASE("MCC edge cases: empty, one value, zero weights") {
  MCC metric;
  CHECK(metric.get() == 0.0);
  metric.update(1, 1, 0.0);  // zero weight: nothing recorded
  CHECK(metric.get() == 0.0);
  CHECK(metric.cm().n_samples() == 0);
  metric.update(1, 1);
  CHECK(metric.get() == 0.0);  // undefined while one side holds a single value
  metric.update(0, 0);
  CHECK(metric.get() == 1.0);
  metric.update(0, 1);
  metric.update(1, 0);
  CHECK(metric.get() == 0.0);
}

TEST_CASE("MCC rejects bad input without changing state") { test::check_bad_input<MCC>(); }

TEST_CASE("MCC parameters") {
  const MCC metric;
  CHECK(metric.params().pos_val == 1);  // River's pos_val=True
  CHECK(streamwise::to_json(streamwise::spec_of(metric)) ==
        R"({"type":"MCC","params":{"pos_val":1}})");
  const auto params =
      streamwise::params_from_list<MCC::Params>({{"pos_val", std::int64_t{7}}}, "MCC");
  CHECK(params.pos_val == 7);
  CHECK_THROWS_WITH_AS(streamwise::params_from_list<MCC::Params>({{"beta", 2.0}}, "MCC"),
                       "MCC: unknown parameter beta", std::invalid_argument);
  // Any class id may be the positive one; labels other than pos_val are all negative.
  MCC seven{params};
  MCC one;
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

TEST_CASE("MCC checkpoint round-trip keeps state and behaviour") {
  test::check_roundtrip<MCC>("mcc");
}
