#include <doctest/doctest.h>

#include <limits>
#include <stdexcept>
#include <string>

#include "compose/compose_reference.hpp"
#include "streamwise/compose/any_regressor.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/linear_model/bayesian_linear_regression.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::compose::AnyRegressor;
using streamwise::compose::Pipeline;
using streamwise::linear_model::BayesianLinearRegression;
namespace test = streamwise::test;
namespace ref = streamwise::test::compose;

static_assert(streamwise::Regressor<AnyRegressor>);
static_assert(!streamwise::Classifier<AnyRegressor>);

TEST_CASE("AnyRegressor wrapping a pipeline matches River") {
  AnyRegressor model{Pipeline<streamwise::preprocessing::MinMaxScaler, BayesianLinearRegression>{}};
  const auto expected = test::read_doubles("compose/minmax_blr.csv");
  ref::check_regressor_steps(model, expected, 0, 100);
  AnyRegressor restored = ref::roundtrip_into(
      model,
      AnyRegressor{Pipeline<streamwise::preprocessing::MinMaxScaler, BayesianLinearRegression>{}});
  CHECK(restored == model);
  ref::check_regressor_steps(model, expected, 100, ref::n_rows);
  ref::check_regressor_steps(restored, expected, 100, ref::n_rows);
  CHECK(restored == model);
  CHECK(model.type_name() == "Pipeline");
}

TEST_CASE("AnyRegressor: value semantics, empty wrapper, bad input, spec") {
  AnyRegressor a{BayesianLinearRegression{}};
  const double x[] = {1.0, 2.0};
  CHECK(a.predict_one(DenseView{x}) == 0.0);
  a.learn_one(DenseView{x}, 3.0);
  AnyRegressor b = a;
  CHECK(b == a);
  b.learn_one(DenseView{x}, 1.0);
  CHECK_FALSE(b == a);
  const AnyRegressor before = a;
  CHECK_THROWS_WITH_AS(a.learn_one(DenseView{x}, std::numeric_limits<double>::quiet_NaN()),
                       "BayesianLinearRegression: y must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK(a == before);
  CHECK(a.target<BayesianLinearRegression>() != nullptr);
  AnyRegressor empty;
  CHECK_THROWS_WITH_AS(empty.predict_one(DenseView{x}), "AnyRegressor: empty (holds no estimator)",
                       std::logic_error);
  CHECK(streamwise::to_json(a.spec()) ==
        "{\"type\":\"BayesianLinearRegression\",\"params\":{\"alpha\":1.0,\"beta\":1.0,"
        "\"smoothing\":null}}");
}
