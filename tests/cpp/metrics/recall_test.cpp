#include <doctest/doctest.h>

#include <vector>

#include "metrics/classification_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/recall.hpp"

using streamwise::ClassId;
using streamwise::metrics::Recall;
namespace test = streamwise::test;

static_assert(streamwise::ClassificationMetric<Recall>);
static_assert(Recall::bigger_is_better);
static_assert(Recall::works_with_weights);

namespace {
// Feeds (y_true, y_pred) pairs with unit weights and returns the value after each one.
std::vector<double> run(Recall metric, const std::vector<ClassId>& y_true,
                        const std::vector<ClassId>& y_pred) {
  std::vector<double> out;
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    metric.update(y_true[i], y_pred[i]);
    out.push_back(metric.get());
  }
  return out;
}
}  // namespace

TEST_CASE("Recall matches scikit-learn at every step of the reference streams") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_reference<Recall>(file, "recall");
  }
}

TEST_CASE("Recall over a window kept with revert matches scikit-learn on each window") {
  test::check_rolling<Recall>("recall");
}

TEST_CASE("Recall revert undoes update exactly, back to an empty matrix") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_revert_to_empty<Recall>(file, "recall");
  }
}

TEST_CASE("Recall follows River's documented values") {
  // River's docstring (True = class id 1).
  const auto got = run({}, {1, 0, 1, 1, 1}, {1, 1, 0, 1, 1});
  const std::vector<double> expected = {1.0, 1.0, 0.5, 2.0 / 3.0, 0.75};
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    CHECK(got[i] == doctest::Approx(expected[i]).epsilon(1e-12));
}

TEST_CASE("Recall edge cases: empty, one value, zero weights") {
  Recall metric;
  CHECK(metric.get() == 0.0);
  metric.update(1, 1, 0.0);  // zero weight: nothing recorded
  CHECK(metric.get() == 0.0);
  CHECK(metric.cm().n_samples() == 0);
  metric.update(0, 1);
  CHECK(metric.get() == 0.0);  // no positive yet: zero division gives 0
  metric.update(1, 1);
  CHECK(metric.get() == 1.0);
  metric.update(1, 0, 3.0);
  CHECK(metric.get() == 0.25);
}

TEST_CASE("Recall rejects bad input without changing state") { test::check_bad_input<Recall>(); }

TEST_CASE("Recall parameters") {
  const Recall metric;
  CHECK(metric.params().pos_val == 1);  // River's pos_val=True
  CHECK(streamwise::to_json(streamwise::spec_of(metric)) ==
        R"({"type":"Recall","params":{"pos_val":1}})");
  const auto params =
      streamwise::params_from_list<Recall::Params>({{"pos_val", std::int64_t{7}}}, "Recall");
  CHECK(params.pos_val == 7);
  CHECK_THROWS_WITH_AS(streamwise::params_from_list<Recall::Params>({{"beta", 2.0}}, "Recall"),
                       "Recall: unknown parameter beta", std::invalid_argument);
  // Any class id may be the positive one; labels other than pos_val are all negative.
  Recall seven{params};
  Recall one;
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

TEST_CASE("Recall checkpoint round-trip keeps state and behaviour") {
  test::check_roundtrip<Recall>("recall");
}
