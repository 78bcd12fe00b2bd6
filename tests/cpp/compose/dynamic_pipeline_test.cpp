#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "compose/compose_reference.hpp"
#include "streamwise/compose/discard.hpp"
#include "streamwise/compose/dynamic_pipeline.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/compose/select.hpp"
#include "streamwise/compose/transformer_union.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/linear_model/bayesian_linear_regression.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::ClassId;
using streamwise::DenseView;
using namespace streamwise::compose;
using streamwise::linear_model::BayesianLinearRegression;
using streamwise::naive_bayes::GaussianNB;
using streamwise::preprocessing::MinMaxScaler;
using streamwise::preprocessing::StandardScaler;
namespace test = streamwise::test;
namespace ref = streamwise::test::compose;

using DynClf = DynamicPipeline<AnyClassifier>;
using DynReg = DynamicPipeline<AnyRegressor>;
using DynTr = DynamicPipeline<AnyTransformer>;
static_assert(streamwise::Classifier<DynClf>);
static_assert(streamwise::Regressor<DynReg> && !streamwise::Classifier<DynReg>);
static_assert(streamwise::Transformer<DynTr>);

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

DynClf scaler_nb() {
  return DynClf({AnyTransformer{StandardScaler{}}}, AnyClassifier{GaussianNB{}});
}
DynReg discard_minmax_blr() {
  DynReg p({AnyTransformer{Discard({.keys = {"x1"}})}, AnyTransformer{MinMaxScaler{}}},
           AnyRegressor{BayesianLinearRegression{}});
  p.bind(ref::feature_space());
  return p;
}
}  // namespace

TEST_CASE("DynamicPipeline equals the static Pipeline step for step") {
  DynClf dyn = scaler_nb();
  Pipeline<StandardScaler, GaussianNB> stat;
  std::vector<double> pd, ps;
  for (const auto& row : ref::stream()) {
    REQUIRE(dyn.n_classes() == stat.n_classes());
    pd.assign(dyn.n_classes(), 0.0);
    ps.assign(stat.n_classes(), 0.0);
    dyn.predict_proba_one(row.view(), pd);
    stat.predict_proba_one(row.view(), ps);
    CHECK(pd == ps);
    CHECK(dyn.predict_one(row.view()) == stat.predict_one(row.view()));
    dyn.learn_one(row.view(), row.y_class);
    stat.learn_one(row.view(), row.y_class);
    CHECK(*dyn.transformer(0).target<StandardScaler>() == stat.step<0>());
    CHECK(*dyn.final_step().target<GaussianNB>() == stat.step<1>());
  }
  CHECK(streamwise::to_json(streamwise::spec_of(dyn)) ==
        streamwise::to_json(streamwise::spec_of(stat)));

  DynReg dr = discard_minmax_blr();
  Pipeline<Discard, MinMaxScaler, BayesianLinearRegression> sr(Discard({.keys = {"x1"}}), {}, {});
  sr.bind(ref::feature_space());
  for (const auto& row : ref::stream()) {
    CHECK(dr.predict_one(row.view()) == sr.predict_one(row.view()));
    dr.learn_one(row.view(), row.y_reg);
    sr.learn_one(row.view(), row.y_reg);
  }
  CHECK(*dr.final_step().target<BayesianLinearRegression>() == sr.step<2>());
}

TEST_CASE("DynamicPipeline matches River, across a checkpoint") {
  const auto expected = ref::classifier_reference("std_gnb.csv");
  DynClf model = scaler_nb();
  ref::check_classifier_steps(model, expected, 0, 100);
  DynClf restored = ref::roundtrip_into(model, scaler_nb());
  CHECK(restored == model);
  ref::check_classifier_steps(model, expected, 100, ref::n_rows);
  ref::check_classifier_steps(restored, expected, 100, ref::n_rows);
  CHECK(restored == model);

  const auto reg_expected = test::read_doubles("compose/minmax_blr.csv");
  DynReg reg({AnyTransformer{MinMaxScaler{}}}, AnyRegressor{BayesianLinearRegression{}});
  ref::check_regressor_steps(reg, reg_expected, 0, ref::n_rows);

  // A checkpoint of another shape is refused and the target is unchanged.
  DynReg other = discard_minmax_blr();
  const DynReg other_before = other;
  CHECK_THROWS_WITH_AS(ref::roundtrip_into(reg, other),
                       "Pipeline: checkpoint has 1 transformers, this pipeline 2",
                       streamwise::CheckpointError);
  DynReg swapped({AnyTransformer{StandardScaler{}}}, AnyRegressor{BayesianLinearRegression{}});
  CHECK_THROWS_WITH_AS(ref::roundtrip_into(reg, swapped),
                       "AnyTransformer: checkpoint holds a MinMaxScaler, not a StandardScaler",
                       streamwise::CheckpointError);
  CHECK(other == other_before);
}

TEST_CASE("a DynamicPipeline of transformers is a transformer, named like the static one") {
  DynTr dyn({AnyTransformer{Select({.keys = {"x0", "x2"}})}}, AnyTransformer{StandardScaler{}});
  Pipeline<Select, StandardScaler> stat(Select({.keys = {"x0", "x2"}}), {});
  CHECK_THROWS_WITH_AS(dyn.output_name(0), "Select: bind() a FeatureSpace first", std::logic_error);
  dyn.bind(ref::feature_space());
  stat.bind(ref::feature_space());
  std::vector<double> a(5), b(5);
  for (const auto& row : ref::stream()) {
    dyn.learn_one(row.view());
    stat.learn_one(row.view());
    REQUIRE(dyn.n_outputs(row.view()) == stat.n_outputs(row.view()));
    dyn.transform_one(row.view(), a);
    stat.transform_one(row.view(), b);
    for (std::size_t i = 0; i < 5; ++i) CHECK(test::close(a[i], b[i], 0.0));
  }
  CHECK(dyn.output_name(2) == "x2");
  CHECK(stat.output_name(2) == "x2");
  DynTr plain({}, AnyTransformer{StandardScaler{}});
  CHECK_THROWS_WITH_AS(plain.output_name(0), "Pipeline: bind() a FeatureSpace first",
                       std::logic_error);
  std::vector<double> small(1);
  CHECK_THROWS_WITH_AS(dyn.transform_one(ref::stream()[0].view(), small),
                       "Pipeline: out has 1 slots, fewer than the 4 outputs",
                       streamwise::InvalidInput);
}

TEST_CASE("DynamicPipeline: bad input leaves every step unchanged; empty steps refused") {
  DynClf clf = scaler_nb();
  DynReg reg = discard_minmax_blr();
  for (std::size_t r = 0; r < 30; ++r) {
    clf.learn_one(ref::stream()[r].view(), ref::stream()[r].y_class);
    reg.learn_one(ref::stream()[r].view(), ref::stream()[r].y_reg);
  }
  const DynClf clf_before = clf;
  const DynReg reg_before = reg;
  const double bad[] = {kNaN, kInf};
  const double good[] = {1.0, 2.0};
  CHECK_THROWS_WITH_AS(clf.learn_one(DenseView{bad}, ClassId{0}),
                       "Pipeline: x[1] must be finite, got inf", streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(clf.learn_one(DenseView{good}, ClassId{9}),
                       "GaussianNB: class id 9 skips ids; the next new class id must be 3",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(clf.learn_one(DenseView{good}, ClassId{0}, kNaN), streamwise::InvalidInput);
  CHECK(clf == clf_before);
  CHECK_THROWS_WITH_AS(reg.learn_one(DenseView{good}, kInf), "Pipeline: y must be finite, got inf",
                       streamwise::InvalidInput);
  CHECK(reg == reg_before);
  CHECK_THROWS_WITH_AS(DynClf({AnyTransformer{}}, AnyClassifier{GaussianNB{}}),
                       "Pipeline: a step is empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(DynClf({}, AnyClassifier{}), "Pipeline: the final step is empty",
                       std::invalid_argument);
}
