#include <doctest/doctest.h>

#include "streamwise/datasets/agrawal.hpp"
#include "streamwise/datasets/concept_drift_stream.hpp"
#include "streamwise/datasets/csv_stream.hpp"
#include "streamwise/datasets/friedman.hpp"
#include "streamwise/datasets/sea.hpp"
#include "streamwise/datasets/stream.hpp"

namespace ds = streamwise::datasets;

static_assert(ds::ClassificationStream<ds::Agrawal>);
static_assert(ds::RegressionStream<ds::Friedman>);
static_assert(!ds::ClassificationStream<ds::Friedman>);
static_assert(!ds::RegressionStream<ds::SEA>);
static_assert(!ds::SyntheticStream<ds::CsvStream>);  // finite, no `Sample next()`
static_assert(
    ds::ClassificationStream<ds::ConceptDriftStream<ds::ConceptDriftStream<ds::SEA>, ds::SEA>>);

namespace {
/// Generic code written against the concept: the share of class 1 in n samples.
template <ds::ClassificationStream S>
double positive_rate(S stream, int n) {
  typename S::Sample s;
  int positives = 0;
  for (int i = 0; i < n; ++i) {
    stream.next(s);
    positives += s.y == 1 ? 1 : 0;
  }
  return static_cast<double>(positives) / n;
}
}  // namespace

TEST_CASE("Code written against ClassificationStream runs on any generator") {
  const double balanced = positive_rate(ds::Agrawal({.seed = 1, .balance_classes = true}), 1000);
  CHECK(balanced == 0.5);  // balancing alternates 1, 0, 1, ...
  const double sea = positive_rate(ds::SEA({.seed = 1}), 5000);
  CHECK(sea > 0.5);  // x0 + x1 > 8 with x uniform in [0, 10): about 68% positive
  CHECK(sea < 0.8);
}
