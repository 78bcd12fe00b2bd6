#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "preprocessing/encoders_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/linear_model/bayesian_linear_regression.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/preprocessing/target_standard_scaler.hpp"
#include "streamwise/stats/mean.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::linear_model::BayesianLinearRegression;
using streamwise::linear_model::LinearRegression;
using streamwise::preprocessing::TargetStandardScaler;
namespace test = streamwise::test;
namespace ref = streamwise::test::encoders;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A tiny regressor for the tests: predicts the running mean of the targets it learnt (River's
/// `dummy.StatisticRegressor(stats.Mean())`). Rejects infinite feature values.
class MeanRegressor {
 public:
  using Params = streamwise::NoParams;
  static constexpr std::string_view name = "StatisticRegressor";
  static constexpr std::uint32_t class_version = 1;
  void learn_one(DenseView x, double y, double w = 1.0) {
    for (double v : x.values) streamwise::require_finite(std::isnan(v) ? 0.0 : v, name);
    mean_.update(y, w);
  }
  double predict_one(DenseView /*x*/) const { return mean_.get(); }
  const Params& params() const { return params_; }
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(mean_);
  }
  friend bool operator==(const MeanRegressor&, const MeanRegressor&) = default;

 private:
  [[no_unique_address]] Params params_{};
  streamwise::stats::Mean mean_;
};

struct Step {
  std::vector<double> x;
  double y = 0.0;
};

std::vector<Step> load_target_stream() {
  std::vector<Step> steps;
  for (const auto& r : ref::read_csv("encoders_target_stream.csv")) {
    REQUIRE(r.size() == 5);
    Step s;
    for (int i = 1; i <= 3; ++i) s.x.push_back(std::strtod(r[i].c_str(), nullptr));
    s.y = std::strtod(r[4].c_str(), nullptr);
    steps.push_back(s);
  }
  return steps;
}

template <class R>
void run_against_river(TargetStandardScaler<R> model, const std::string& file) {
  const auto stream = load_target_stream();
  const auto expected = ref::read_csv(file);
  REQUIRE(expected.size() == stream.size());
  for (std::size_t t = 0; t < stream.size(); ++t) {
    const DenseView x{stream[t].x};
    const auto& e = expected[t];
    const double before = model.predict_one(x);
    model.learn_one(x, stream[t].y);
    const double after = model.predict_one(x);
    CHECK_MESSAGE(test::close(before, std::stod(e[1])), "step " << t << " before: " << before);
    CHECK_MESSAGE(test::close(after, std::stod(e[2])), "step " << t << " after: " << after);
    CHECK_MESSAGE(test::close(model.var().mean().get(), std::stod(e[3])), "step " << t);
    CHECK_MESSAGE(test::close(model.var().get(), std::stod(e[4])), "step " << t);
  }
}
}  // namespace

CEREAL_CLASS_VERSION(MeanRegressor, MeanRegressor::class_version)

static_assert(streamwise::Regressor<MeanRegressor>);
static_assert(streamwise::Regressor<TargetStandardScaler<MeanRegressor>>);
static_assert(streamwise::Regressor<TargetStandardScaler<BayesianLinearRegression>>);
static_assert(TargetStandardScaler<MeanRegressor>::accepts_nominal);
static_assert(!TargetStandardScaler<BayesianLinearRegression>::accepts_nominal);
static_assert(streamwise::Regressor<TargetStandardScaler<LinearRegression>>);

TEST_CASE("TargetStandardScaler around a mean regressor matches River at every step") {
  run_against_river(TargetStandardScaler<MeanRegressor>(), "encoders_target_mean.csv");
}

TEST_CASE("TargetStandardScaler around BayesianLinearRegression matches River at every step") {
  run_against_river(TargetStandardScaler<BayesianLinearRegression>(), "encoders_target_blr.csv");
}

TEST_CASE("TargetStandardScaler around LinearRegression matches River at every step") {
  run_against_river(TargetStandardScaler<LinearRegression>(),
                    "encoders_target_linear_regression.csv");
}

TEST_CASE("TargetStandardScaler edge cases: no data, one target, constant targets") {
  TargetStandardScaler<MeanRegressor> model;
  const std::vector<double> row{1.0};
  CHECK(model.predict_one(DenseView{row}) == 0.0);
  model.learn_one(DenseView{row}, 7.0);
  CHECK(model.var().get() == 0.0);
  CHECK(model.scale(9.0) == 0.0);  // no spread yet: River's safe_div gives 0
  CHECK(model.regressor().predict_one(DenseView{row}) == 0.0);
  CHECK(model.predict_one(DenseView{row}) == 7.0);
  for (int i = 0; i < 5; ++i) model.learn_one(DenseView{row}, 7.0);
  CHECK(model.predict_one(DenseView{row}) == 7.0);
}

TEST_CASE("TargetStandardScaler weights the target statistics") {
  const auto s = test::make_stream(200, 5);
  TargetStandardScaler<MeanRegressor> model;
  long double sw = 0, swy = 0;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    model.learn_one(DenseView{}, s.x[i], s.w[i]);
    sw += s.w[i];
    swy += s.w[i] * static_cast<long double>(s.x[i]);
  }
  const double mean = static_cast<double>(swy / sw);
  long double ss = 0;
  for (std::size_t i = 0; i < s.x.size(); ++i) ss += s.w[i] * (s.x[i] - mean) * (s.x[i] - mean);
  CHECK(test::close(model.var().mean().get(), mean));
  CHECK(test::close(model.var().get(), static_cast<double>(ss / (sw - 1))));
  const auto before = model;
  model.learn_one(DenseView{}, 1e6, 0.0);  // zero weight: statistics unchanged
  CHECK(model.var() == before.var());
}

TEST_CASE("TargetStandardScaler rejects bad input without changing state") {
  TargetStandardScaler<MeanRegressor> model;
  const std::vector<double> row{1.0};
  model.learn_one(DenseView{row}, 3.0);
  model.learn_one(DenseView{row}, 5.0);
  const auto before = model;
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{row}, kNaN),
                       "TargetStandardScaler: y must be finite, got nan", streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{row}, 1.0, -1.0),
                       "TargetStandardScaler: weight w must be finite and >= 0, got -1.000000",
                       streamwise::InvalidInput);
  // The regressor refuses the sample after the statistics were updated: they are restored.
  const std::vector<double> bad{INFINITY};
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{bad}, 4.0),
                       "StatisticRegressor: x must be finite, got inf", streamwise::InvalidInput);
  CHECK(model == before);
}

TEST_CASE("TargetStandardScaler reports the wrapped regressor as a nested spec") {
  const TargetStandardScaler<BayesianLinearRegression> model(
      BayesianLinearRegression({.alpha = 2.0}));
  CHECK(model.params().regressor.params().alpha == 2.0);
  CHECK(
      streamwise::to_json(streamwise::spec_of(model)) ==
      R"({"type":"TargetStandardScaler","params":{"regressor":{"type":"BayesianLinearRegression","params":{"alpha":2.0,"beta":1.0,"smoothing":null}}}})");
}

TEST_CASE("TargetStandardScaler checkpoint round-trip keeps state and behaviour") {
  const auto stream = load_target_stream();
  TargetStandardScaler<BayesianLinearRegression> original;
  std::size_t t = 0;
  for (; t < 60; ++t) original.learn_one(DenseView{stream[t].x}, stream[t].y);
  auto restored = test::roundtrip(original);
  CHECK(restored == original);
  for (; t < stream.size(); ++t) {
    const DenseView x{stream[t].x};
    CHECK(restored.predict_one(x) == original.predict_one(x));
    original.learn_one(x, stream[t].y);
    restored.learn_one(x, stream[t].y);
  }
  CHECK(restored == original);
}
