#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "compose/compose_reference.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/compose/select.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/linear_model/bayesian_linear_regression.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::FeatureSpace;
using streamwise::compose::Pipeline;
using streamwise::compose::Select;
namespace test = streamwise::test;
namespace ref = streamwise::test::compose;

static_assert(streamwise::Transformer<Select>);

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("Select('x0','x1') | StandardScaler | BayesianLinearRegression matches River") {
  using Model = Pipeline<Select, streamwise::preprocessing::StandardScaler,
                         streamwise::linear_model::BayesianLinearRegression>;
  Model model(Select({.keys = {"x0", "x1"}}), {}, {});
  model.bind(ref::feature_space());
  ref::check_regressor_with_checkpoint(model, "select_blr.csv", ref::feature_space());
}

TEST_CASE("Select keeps the named features, ids unchanged, and follows a growing space") {
  FeatureSpace space;
  space.intern("a");
  Select select({.keys = {"c", "a", "nope"}});
  const double x[] = {1.0, 2.0, 3.0};
  std::vector<double> out(4, 0.0);
  CHECK_THROWS_WITH_AS(select.transform_one(DenseView{x}, out),
                       "Select: bind() a FeatureSpace first", std::logic_error);
  CHECK_THROWS_WITH_AS(select.transform_one(DenseView{}, out),
                       "Select: bind() a FeatureSpace first", std::logic_error);
  select.bind(&space);
  select.transform_one(DenseView{x}, out);
  CHECK(out[0] == 1.0);
  CHECK(std::isnan(out[1]));
  CHECK(std::isnan(out[2]));  // "c" is not a feature yet
  CHECK(std::isnan(out[3]));
  space.intern("b");
  space.intern("c");
  select.transform_one(DenseView{x}, out);
  CHECK(out[2] == 3.0);
  CHECK(select.n_outputs(DenseView{x}) == 3);
  CHECK(select.output_name(2) == "c");
  // An absent selected feature stays absent (River raises KeyError).
  const double y[] = {kNaN, 5.0, 6.0};
  select.transform_one(DenseView{y}, out);
  CHECK(std::isnan(out[0]));
  CHECK(out[2] == 6.0);
  std::vector<double> small(2);
  CHECK_THROWS_WITH_AS(select.transform_one(DenseView{x}, small),
                       "Select: out has 2 slots, fewer than the 3 of the sample",
                       streamwise::InvalidInput);
  // No keys: nothing is kept; learning does nothing.
  Select none;
  none.bind(&space);
  const Select before = none;
  none.learn_one(DenseView{x});
  CHECK(none == before);
  none.transform_one(DenseView{x}, out);
  CHECK(std::isnan(out[0]));
}

TEST_CASE("Select params, spec and checkpoint") {
  Select select({.keys = {"x0", "x3"}});
  CHECK(streamwise::to_json(streamwise::spec_of(select)) ==
        "{\"type\":\"Select\",\"params\":{\"keys\":\"x0,x3\"}}");
  const auto list = streamwise::to_param_list(select.params());
  const auto back = streamwise::params_from_list<Select::Params>(list, "Select");
  CHECK(back == select.params());
  Select restored = test::roundtrip(select);
  CHECK(restored == select);
  restored.bind(ref::feature_space());
  std::vector<double> out(4);
  restored.transform_one(ref::stream()[5].view(), out);
  CHECK(out[0] == ref::stream()[5].x[0]);
  CHECK(std::isnan(out[1]));
}
