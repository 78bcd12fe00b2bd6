#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "compose/compose_reference.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/linear_model/bayesian_linear_regression.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::ClassId;
using streamwise::DenseView;
using streamwise::compose::make_pipeline;
using streamwise::compose::Pipeline;
using streamwise::linear_model::BayesianLinearRegression;
using streamwise::naive_bayes::GaussianNB;
using streamwise::preprocessing::MinMaxScaler;
using streamwise::preprocessing::StandardScaler;
namespace test = streamwise::test;
namespace ref = streamwise::test::compose;

using ScalerNB = Pipeline<StandardScaler, GaussianNB>;
using ScalerBLR = Pipeline<MinMaxScaler, BayesianLinearRegression>;
using TwoScalers = Pipeline<StandardScaler, MinMaxScaler>;

static_assert(streamwise::Classifier<ScalerNB>);
static_assert(!streamwise::Transformer<ScalerNB>);
static_assert(streamwise::Regressor<ScalerBLR>);
static_assert(!streamwise::Classifier<ScalerBLR>);
static_assert(streamwise::Transformer<TwoScalers>);
static_assert(streamwise::Classifier<Pipeline<TwoScalers, GaussianNB>>);
static_assert(streamwise::Classifier<Pipeline<GaussianNB>>);
static_assert(!ScalerNB::accepts_nominal);

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("StandardScaler | GaussianNB matches River at every step, across a checkpoint") {
  ref::check_classifier_with_checkpoint(make_pipeline(StandardScaler{}, GaussianNB{}),
                                        "std_gnb.csv");
}

TEST_CASE("MinMaxScaler | BayesianLinearRegression matches River at every step") {
  ref::check_regressor_with_checkpoint(ScalerBLR{}, "minmax_blr.csv");
}

TEST_CASE("the pipeline learns in River's order: transformers first, then the estimator") {
  // Oracle: the same steps driven by hand.
  StandardScaler scaler;
  GaussianNB nb;
  ScalerNB model;
  std::vector<double> z(ref::n_features), p_hand, p_pipe;
  for (const auto& row : ref::stream()) {
    model.learn_one(row.view(), row.y_class);
    scaler.learn_one(row.view());
    scaler.transform_one(row.view(), z);
    nb.learn_one(DenseView{z}, row.y_class);
  }
  CHECK(model.step<0>() == scaler);
  CHECK(model.step<1>() == nb);
  // Predicting transforms only: nothing learns.
  const ScalerNB before = model;
  p_pipe.resize(model.n_classes());
  model.predict_proba_one(ref::stream()[3].view(), p_pipe);
  (void)model.predict_one(ref::stream()[3].view());
  CHECK(model == before);
}

TEST_CASE("a pipeline of transformers is a transformer") {
  TwoScalers model;
  StandardScaler a;
  MinMaxScaler b;
  std::vector<double> z(ref::n_features), expected(ref::n_features), out(ref::n_features + 2);
  for (const auto& row : ref::stream()) {
    model.learn_one(row.view());
    a.learn_one(row.view());
    a.transform_one(row.view(), z);
    b.learn_one(DenseView{z});
    b.transform_one(DenseView{z}, expected);
    REQUIRE(model.n_outputs(row.view()) == ref::n_features);
    model.transform_one(row.view(), out);
    for (std::size_t i = 0; i < ref::n_features; ++i) {
      CHECK(test::close(out[i], expected[i], 0.0));
    }
    CHECK(std::isnan(out[ref::n_features]));
    CHECK(std::isnan(out[ref::n_features + 1]));
  }
  std::vector<double> small(2);
  CHECK_THROWS_WITH_AS(model.transform_one(ref::stream()[0].view(), small),
                       "Pipeline: out has 2 slots, fewer than the 4 outputs",
                       streamwise::InvalidInput);

  // Names: the scalers keep ids, so the names come from the bound space.
  CHECK_THROWS_WITH_AS(model.output_name(0), "Pipeline: bind() a FeatureSpace first",
                       std::logic_error);
  streamwise::FeatureSpace space;
  space.intern("x0");
  space.intern("x1");
  model.bind(&space);
  CHECK(model.output_name(1) == "x1");

  // As the first step of a classifier pipeline.
  Pipeline<TwoScalers, GaussianNB> nested;
  for (const auto& row : ref::stream()) nested.learn_one(row.view(), row.y_class);
  CHECK(nested.step<0>() == model);
}

TEST_CASE("before any learning every prediction works") {
  ScalerNB clf;
  const double x[] = {1.0, 2.0};
  CHECK(clf.n_classes() == 0);
  std::vector<double> none;
  clf.predict_proba_one(DenseView{x}, none);
  CHECK(clf.predict_one(DenseView{x}) == 0);
  ScalerBLR reg;
  CHECK(reg.predict_one(DenseView{x}) == 0.0);
  CHECK(reg.predict_one(DenseView{}) == 0.0);
  TwoScalers tr;
  std::vector<double> out(2);
  tr.transform_one(DenseView{x}, out);
  // The unfitted StandardScaler gives 0s; an unfitted MinMaxScaler's documented answer for them.
  const double zeros[] = {0.0, 0.0};
  std::vector<double> expected(2);
  MinMaxScaler{}.transform_one(DenseView{zeros}, expected);
  CHECK(test::close(out[0], expected[0], 0.0));
  CHECK(test::close(out[1], expected[1], 0.0));
}

TEST_CASE("edge cases: empty samples, absent features, constant stream, zero weight") {
  ScalerBLR reg;
  reg.learn_one(DenseView{}, 1.0);  // no features: BLR learns nothing but it is not an error
  const double a[] = {kNaN, 2.0};
  reg.learn_one(DenseView{a}, 3.0);
  CHECK(reg.step<0>().n_features() == 2);
  CHECK(std::isfinite(reg.predict_one(DenseView{a})));

  ScalerNB clf;
  const double c[] = {5.0, 5.0};
  for (int i = 0; i < 10; ++i) clf.learn_one(DenseView{c}, ClassId{0});
  std::vector<double> p(1);
  clf.predict_proba_one(DenseView{c}, p);
  CHECK(p[0] == 1.0);
  const ScalerNB before = clf;
  clf.learn_one(DenseView{c}, ClassId{1}, 0.0);
  // w = 0: the scaler still learns (River's transformers take no weight), the classifier not.
  CHECK(clf.step<1>() == before.step<1>());
  CHECK(clf.n_classes() == 1);
}

TEST_CASE("bad input leaves every step unchanged") {
  ScalerNB clf;
  ScalerBLR reg;
  for (std::size_t r = 0; r < 30; ++r) {
    clf.learn_one(ref::stream()[r].view(), ref::stream()[r].y_class);
    reg.learn_one(ref::stream()[r].view(), ref::stream()[r].y_reg);
  }
  const ScalerNB clf_before = clf;
  const ScalerBLR reg_before = reg;
  const double bad[] = {1.0, kInf};
  const double good[] = {1.0, 2.0};
  CHECK_THROWS_WITH_AS(clf.learn_one(DenseView{bad}, ClassId{0}),
                       "Pipeline: x[1] must be finite, got inf", streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(clf.learn_one(DenseView{good}, ClassId{0}, -1.0),
                       "Pipeline: weight w must be finite and >= 0, got -1.000000",
                       streamwise::InvalidInput);
  // Class 7 skips ids: GaussianNB refuses it after the scaler has learnt; it is rolled back.
  CHECK_THROWS_WITH_AS(clf.learn_one(DenseView{good}, ClassId{7}),
                       "GaussianNB: class id 7 skips ids; the next new class id must be 3",
                       streamwise::InvalidInput);
  CHECK(clf == clf_before);
  CHECK_THROWS_WITH_AS(reg.learn_one(DenseView{good}, kNaN), "Pipeline: y must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(reg.learn_one(DenseView{bad}, 1.0), streamwise::InvalidInput);
  CHECK(reg == reg_before);
  std::vector<double> p(clf.n_classes());
  CHECK_THROWS_AS(clf.predict_proba_one(DenseView{bad}, p), streamwise::InvalidInput);
}

TEST_CASE("params are the steps' specs, named River's way") {
  const auto model =
      make_pipeline(StandardScaler{}, StandardScaler{}, MinMaxScaler{}, BayesianLinearRegression{});
  const std::string json = streamwise::to_json(streamwise::spec_of(model));
  CHECK(json ==
        "{\"type\":\"Pipeline\",\"params\":{"
        "\"StandardScaler\":{\"type\":\"StandardScaler\",\"params\":{\"with_std\":true,"
        "\"window_size\":null}},"
        "\"StandardScaler1\":{\"type\":\"StandardScaler\",\"params\":{\"with_std\":true,"
        "\"window_size\":null}},"
        "\"MinMaxScaler\":{\"type\":\"MinMaxScaler\",\"params\":{\"window_size\":null}},"
        "\"BayesianLinearRegression\":{\"type\":\"BayesianLinearRegression\",\"params\":{"
        "\"alpha\":1.0,\"beta\":1.0,\"smoothing\":null}}}}");
  const auto custom = make_pipeline(StandardScaler({.with_std = false}), GaussianNB{});
  CHECK(custom.params().names == std::vector<std::string>{"StandardScaler", "GaussianNB"});
  const auto copy = custom;
  CHECK(copy.params() == custom.params());
}

TEST_CASE("checkpoints: round trip mid-stream, class version, wrong type") {
  ScalerNB model;
  for (std::size_t r = 0; r < 50; ++r) {
    model.learn_one(ref::stream()[r].view(), ref::stream()[r].y_class);
  }
  const auto bytes = streamwise::io::to_checkpoint(model);
  const auto restored = streamwise::io::from_checkpoint<ScalerNB>(std::string_view(bytes));
  CHECK(restored == model);
  CHECK(restored.params() == model.params());
  CHECK_THROWS_AS(streamwise::io::from_checkpoint<GaussianNB>(std::string_view(bytes)),
                  streamwise::CheckpointError);
}
