#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "ensemble/ensemble_reference.hpp"
#include "streamwise/compose/any_regressor.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/ensemble/bagging_regressor.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

namespace test = streamwise::test;
namespace ref = streamwise::test::ensemble;
using streamwise::DenseView;
using streamwise::ensemble::BaggingRegressor;
using streamwise::linear_model::LinearRegression;
using ScaledLinReg =
    streamwise::compose::Pipeline<streamwise::preprocessing::StandardScaler, LinearRegression>;

static_assert(streamwise::Regressor<BaggingRegressor<LinearRegression>>);
static_assert(streamwise::Regressor<BaggingRegressor<ScaledLinReg>>);
static_assert(streamwise::Regressor<BaggingRegressor<streamwise::compose::AnyRegressor>>);
static_assert(!streamwise::Classifier<BaggingRegressor<LinearRegression>>);

namespace {
template <class M>
void check_regressor(M& model, const std::vector<ref::Row>& rows, const std::string& file,
                     std::size_t begin, std::size_t end) {
  const auto expected = test::read_doubles("ensemble/" + file);
  REQUIRE(expected.size() == rows.size());
  for (std::size_t t = begin; t < end; ++t) {
    const double got = model.predict_one(rows[t].view());
    if (!test::close(got, expected[t])) {
      FAIL("row " << t << ": " << got << ", River " << expected[t]);
    }
    model.learn_one(rows[t].view(), rows[t].y_reg);
  }
}
}  // namespace

TEST_CASE("BaggingRegressor matches River on TrumpApproval (StandardScaler | LinearRegression)") {
  for (const std::int64_t n : {3, 10}) {
    CAPTURE(n);
    BaggingRegressor<ScaledLinReg> model(ScaledLinReg{}, n, 42);
    check_regressor(model, ref::trump(), "bagreg_std_linreg_" + std::to_string(n) + ".csv", 0,
                    ref::trump().size());
  }
}

TEST_CASE("BaggingRegressor matches River with LinearRegression members") {
  BaggingRegressor<LinearRegression> model(LinearRegression{}, 10, 42);
  check_regressor(model, ref::synth(), "bagreg_linreg_synth.csv", 0, ref::synth().size());
  using streamwise::compose::AnyRegressor;
  BaggingRegressor<AnyRegressor> erased(AnyRegressor(LinearRegression{}), 10, 42);
  check_regressor(erased, ref::synth(), "bagreg_linreg_synth.csv", 0, ref::synth().size());
}

TEST_CASE("BaggingRegressor gives the same model for any thread count") {
  BaggingRegressor<ScaledLinReg> one(ScaledLinReg{}, 10, 1);
  BaggingRegressor<ScaledLinReg> two(ScaledLinReg{}, 10, 1);
  two.set_n_threads(2);
  for (const auto& row : ref::trump()) {
    one.learn_one(row.view(), row.y_reg);
    two.learn_one(row.view(), row.y_reg);
    REQUIRE(one.predict_one(row.view()) == two.predict_one(row.view()));
  }
  CHECK(one == two);
}

TEST_CASE("BaggingRegressor edge cases") {
  const double x[] = {1.0, 2.0};
  BaggingRegressor<LinearRegression> model(LinearRegression{}, 1, 9);
  CHECK(model.predict_one(DenseView{x}) == 0.0);  // before learning: the members' 0
  // One member: its prediction is the ensemble's (River's statistics.mean of one value).
  LinearRegression single;
  streamwise::PythonRandom rng(9);
  for (int i = 0; i < 30; ++i) {
    const double xi[] = {0.1 * i, 1.0};
    model.learn_one(DenseView{xi}, 3.0);  // constant target
    for (std::uint32_t k = ref::river_poisson(1.0, rng); k > 0; --k) {
      single.learn_one(DenseView{xi}, 3.0);
    }
  }
  CHECK(model.predict_one(DenseView{x}) == single.predict_one(DenseView{x}));
  CHECK(model[0] == single);
}

TEST_CASE("BaggingRegressor rejects bad input without changing state") {
  BaggingRegressor<LinearRegression> model(LinearRegression{}, 3, 42);
  for (std::size_t t = 0; t < 20; ++t) model.learn_one(ref::synth()[t].view(), 1.0);
  const auto before = model;
  const double x[] = {1.0, INFINITY};
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{x}, 1.0),
                       "BaggingRegressor: x[1] must be finite, got inf", streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(ref::synth()[0].view(), NAN),
                       doctest::Contains("BaggingRegressor: y must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(model.learn_one(ref::synth()[0].view(), 1.0, INFINITY), streamwise::InvalidInput);
  CHECK_THROWS_AS((void)model.predict_one(DenseView{x}), streamwise::InvalidInput);
  CHECK(model == before);
}

TEST_CASE("BaggingRegressor validates its params") {
  BaggingRegressor<LinearRegression>::Params p;
  p.n_models = 0;
  CHECK_THROWS_WITH_AS(BaggingRegressor<LinearRegression>{p},
                       "BaggingRegressor: n_models must be >= 1", std::invalid_argument);
}

TEST_CASE("BaggingRegressor checkpoint round-trip mid-stream continues identically") {
  BaggingRegressor<ScaledLinReg> original(ScaledLinReg{}, 10, 42);
  for (std::size_t t = 0; t < 500; ++t)
    original.learn_one(ref::trump()[t].view(), ref::trump()[t].y_reg);
  auto restored = test::roundtrip(original);
  CHECK(restored == original);
  check_regressor(restored, ref::trump(), "bagreg_std_linreg_10.csv", 500, ref::trump().size());
  check_regressor(original, ref::trump(), "bagreg_std_linreg_10.csv", 500, ref::trump().size());
  CHECK(restored == original);
  CHECK(
      streamwise::to_json(streamwise::spec_of(
          BaggingRegressor<LinearRegression>(LinearRegression{}, 2, std::nullopt))) ==
      R"({"type":"BaggingRegressor","params":{"model":{"type":"LinearRegression","params":{)"
      R"("optimizer":{"type":"SGD","params":{"lr":{"type":"Constant","params":{)"
      R"("learning_rate":0.01}}}},"loss":{"type":"Squared","params":{}},"l2":0.0,"l1":0.0,)"
      R"("intercept_init":0.0,"intercept_lr":{"type":"Constant","params":{"learning_rate":0.01}},)"
      R"("clip_gradient":1000000000000.0,"initializer":{"type":"Zeros","params":{}}}},)"
      R"("n_models":2,"seed":null}})");
}

TEST_CASE("BaggingRegressor learn_many is learn_one on each row, for any thread count") {
  const auto& rows = ref::trump();
  std::vector<double> block, ys;
  for (const auto& row : rows) {
    block.insert(block.end(), row.x.begin(), row.x.end());
    ys.push_back(row.y_reg);
  }
  BaggingRegressor<ScaledLinReg> by_row(ScaledLinReg{}, 10, 42);
  for (const auto& row : rows) by_row.learn_one(row.view(), row.y_reg);
  for (const int threads : {1, 2}) {
    CAPTURE(threads);
    BaggingRegressor<ScaledLinReg> by_block(ScaledLinReg{}, 10, 42);
    by_block.set_n_threads(threads);
    by_block.learn_many(block, 6, ys);
    CHECK(by_block == by_row);
  }
  BaggingRegressor<ScaledLinReg> model(ScaledLinReg{}, 3, 42);
  const auto before = model;
  const std::vector<double> x = {1.0, 2.0};
  const std::vector<double> nan_y = {NAN};
  CHECK_THROWS_WITH_AS(model.learn_many(x, 2, nan_y),
                       doctest::Contains("BaggingRegressor: y must be finite"),
                       streamwise::InvalidInput);
  CHECK(model == before);
}
