// Pipelines ending in the SGD linear models (LogisticRegression, LinearRegression) against
// River, and their progressive validation with a delay.

#include <doctest/doctest.h>

#include <vector>

#include "compose/compose_reference.hpp"
#include "streamwise/compose/dynamic_pipeline.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/evaluate/progressive_val_score.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/metrics/accuracy.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::ClassId;
using streamwise::compose::Pipeline;
using streamwise::linear_model::LinearRegression;
using streamwise::linear_model::LogisticRegression;
using streamwise::preprocessing::StandardScaler;
namespace test = streamwise::test;
namespace ref = streamwise::test::compose;

using LogReg = Pipeline<StandardScaler, LogisticRegression>;
static_assert(streamwise::Classifier<LogReg>);
static_assert(streamwise::Regressor<Pipeline<StandardScaler, LinearRegression>>);

namespace {
ClassId y_bin(const ref::Row& row) { return row.y_class == 2 ? 1 : 0; }

void check_logreg(LogReg& model, const std::vector<double>& expected, std::size_t begin,
                  std::size_t end) {
  std::vector<double> p(2);
  for (std::size_t r = begin; r < end; ++r) {
    INFO("row " << r);
    const auto& row = ref::stream()[r];
    model.predict_proba_one(row.view(), p);
    CHECK(test::close(p[1], expected[2 * r]));
    CHECK(test::close(p[0], 1.0 - expected[2 * r]));
    CHECK(model.predict_one(row.view()) == static_cast<ClassId>(expected[2 * r + 1]));
    model.learn_one(row.view(), y_bin(row));
  }
}
}  // namespace

TEST_CASE("StandardScaler | LogisticRegression matches River, across a checkpoint") {
  const auto expected = test::read_doubles("compose/std_logreg.csv");
  REQUIRE(expected.size() == 2 * ref::n_rows);
  LogReg model;
  check_logreg(model, expected, 0, 100);
  LogReg restored = test::roundtrip(model);
  CHECK(restored == model);
  check_logreg(model, expected, 100, ref::n_rows);
  check_logreg(restored, expected, 100, ref::n_rows);
  CHECK(restored == model);
  // A binary model refuses class 2; the scaler is rolled back.
  const LogReg before = model;
  CHECK_THROWS_AS(model.learn_one(ref::stream()[0].view(), ClassId{2}), streamwise::InvalidInput);
  CHECK(model == before);
}

TEST_CASE("StandardScaler | LinearRegression matches River, across a checkpoint") {
  ref::check_regressor_with_checkpoint(Pipeline<StandardScaler, LinearRegression>{},
                                       "std_linreg.csv");
}

TEST_CASE("progressive validation of StandardScaler | LogisticRegression with delay 3") {
  const auto expected = test::read_doubles("compose/pvs_logreg_delay3.csv");
  REQUIRE(expected.size() == ref::n_rows);
  std::vector<std::pair<std::vector<double>, ClassId>> data;
  for (const auto& row : ref::stream()) data.emplace_back(row.x, y_bin(row));
  LogReg model;
  streamwise::metrics::Accuracy acc;
  std::vector<double> seen;
  const double score = streamwise::evaluate::progressive_val_score(
      data, model, acc, streamwise::evaluate::ProgressiveOptions{.delay = 3, .print_every = 1},
      [&](std::uint64_t, const streamwise::metrics::Accuracy& m) { seen.push_back(m.get()); });
  REQUIRE(seen.size() == expected.size());
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(test::close(seen[i], expected[i]));
  CHECK(test::close(score, expected.back()));
}
