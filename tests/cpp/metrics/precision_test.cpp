#include <doctest/doctest.h>

#include <vector>

#include "metrics/classification_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/precision.hpp"

using streamwise::ClassId;
using streamwise::metrics::Precision;
namespace test = streamwise::test;

static_assert(streamwise::ClassificationMetric<Precision>);
static_assert(Precision::bigger_is_better);
static_assert(Precision::works_with_weights);

namespace {
// Feeds (y_true, y_pred) pairs with unit weights and returns the value after each one.
std::vector<double> run(Precision metric, const std::vector<ClassId>& y_true,
                        const std::vector<ClassId>& y_pred) {
  std::vector<double> out;
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    metric.update(y_true[i], y_pred[i]);
    out.push_back(metric.get());
  }
  return out;
}
}  // namespace

TEST_CASE("Precision matches scikit-learn at every step of the reference streams") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_reference<Precision>(file, "precision");
  }
}

TEST_CASE("Precision over a window kept with revert matches scikit-learn on each window") {
  test::check_rolling<Precision>("precision");
}

TEST_CASE("Precision revert undoes update exactly, back to an empty matrix") {
  for (const char* file : test::classification_files) {
    CAPTURE(file);
    test::check_revert_to_empty<Precision>(file, "precision");
  }
}

TEST_CASE("Precision follows River's documented values") {
  // River's docstring (True = class id 1).
  const auto got = run({}, {1, 0, 1, 1, 1}, {1, 1, 0, 1, 1});
  const std::vector<double> expected = {1.0, 0.5, 0.5, 2.0 / 3.0, 0.75};
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    CHECK(got[i] == doctest::Approx(expected[i]).epsilon(1e-12));
}

TEST_CASE("Precision edge cases: empty, one value, zero weights") {
  Precision metric;
  CHECK(metric.get() == 0.0);
  metric.update(1, 1, 0.0);  // zero weight: nothing recorded
  CHECK(metric.get() == 0.0);
  CHECK(metric.cm().n_samples() == 0);
  metric.update(0, 0);
  CHECK(metric.get() == 0.0);  // pos_val never predicted: zero division gives 0
  metric.update(0, 1);
  CHECK(metric.get() == 0.0);
  metric.update(1, 1, 3.0);
  CHECK(metric.get() == 0.75);
}

TEST_CASE("Precision rejects bad input without changing state") {
  test::check_bad_input<Precision>();
}

TEST_CASE("Precision parameters") {
  const Precision metric;
  CHECK(metric.params().pos_val == 1);  // River's pos_val=True
  CHECK(streamwise::to_json(streamwise::spec_of(metric)) ==
        R"({"type":"Precision","params":{"pos_val":1}})");
  const auto params =
      streamwise::params_from_list<Precision::Params>({{"pos_val", std::int64_t{7}}}, "Precision");
  CHECK(params.pos_val == 7);
  CHECK_THROWS_WITH_AS(
      streamwise::params_from_list<Precision::Params>({{"beta", 2.0}}, "Precision"),
      "Precision: unknown parameter beta", std::invalid_argument);
  // Any class id may be the positive one; labels other than pos_val are all negative.
  Precision seven{params};
  Precision one;
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

TEST_CASE("Precision checkpoint round-trip keeps state and behaviour") {
  test::check_roundtrip<Precision>("precision");
}
