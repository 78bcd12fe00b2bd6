#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "ensemble/ensemble_reference.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/ensemble/leveraging_bagging_classifier.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

namespace test = streamwise::test;
namespace ref = streamwise::test::ensemble;
using streamwise::DenseView;
using streamwise::ensemble::LeveragingBaggingClassifier;
using streamwise::linear_model::LogisticRegression;
using streamwise::naive_bayes::GaussianNB;
using ScaledLogReg =
    streamwise::compose::Pipeline<streamwise::preprocessing::StandardScaler, LogisticRegression>;
using Lev = LeveragingBaggingClassifier<GaussianNB>;

static_assert(streamwise::Classifier<Lev>);
static_assert(streamwise::Classifier<LeveragingBaggingClassifier<ScaledLogReg>>);

namespace {
const auto changes = [](const auto& m) { return m.n_detected_changes(); };

Lev::Params params_for(const std::string& method, std::int64_t n_models = 3) {
  Lev::Params p;
  p.n_models = n_models;
  p.bagging_method = method;
  p.seed = 42;
  return p;
}
}  // namespace

TEST_CASE("LeveragingBaggingClassifier matches River for every bagging_method") {
  // River's changes on this stream: bag 1, me 0, half 2, wt 2, subag 3 (in the files).
  for (const std::string method : {"bag", "me", "half", "wt", "subag"}) {
    CAPTURE(method);
    Lev model(GaussianNB{}, params_for(method));
    const auto steps = ref::classifier_reference("lev_" + method + "_gnb_synth.csv", 3);
    ref::check_classifier(model, ref::synth(), steps, 0, ref::synth().size(), changes);
    CHECK(model.n_detected_changes() == steps.back().changes);
  }
}

TEST_CASE("LeveragingBaggingClassifier matches River on Phishing (10 scaled logistic members)") {
  LeveragingBaggingClassifier<ScaledLogReg>::Params p;
  p.seed = 42;
  LeveragingBaggingClassifier<ScaledLogReg> model(ScaledLogReg{}, p);
  ref::check_classifier(model, ref::phishing(),
                        ref::classifier_reference("lev_bag_std_logreg_10.csv", 2), 0,
                        ref::phishing().size(), changes);
}

TEST_CASE("LeveragingBaggingClassifier gives the same model for any thread count") {
  for (const std::string method : {"bag", "me", "half", "wt", "subag"}) {
    CAPTURE(method);
    Lev one(GaussianNB{}, params_for(method, 6));
    Lev two(GaussianNB{}, params_for(method, 6));
    two.set_n_threads(2);
    for (const auto& row : ref::synth()) {
      one.learn_one(row.view(), row.y_class);
      two.learn_one(row.view(), row.y_class);
    }
    CHECK(one == two);
  }
}

TEST_CASE("LeveragingBaggingClassifier edge cases") {
  const double x[] = {1.0};
  Lev model(GaussianNB{}, params_for("me", 1));
  CHECK(model.predict_one(DenseView{x}) == 0);
  CHECK(model.n_classes() == 0);
  model.learn_one(DenseView{x}, 0);  // "me": a member that knows no class is wrong, k = 1
  CHECK(model.n_classes() == 1);
  CHECK(model[0].n_classes() == 1);
  for (int i = 0; i < 50; ++i) model.learn_one(DenseView{x}, 0);
  CHECK(model.n_detected_changes() == 0);
  // The generator was never used by "me" while the member was right with a 0 error estimate.
  CHECK(model.detector(0).estimation() == 0.0);
}

TEST_CASE("LeveragingBaggingClassifier rejects bad input without changing state") {
  Lev model(GaussianNB{}, params_for("bag"));
  for (std::size_t t = 0; t < 100; ++t) {
    model.learn_one(ref::synth()[t].view(), ref::synth()[t].y_class);
  }
  const auto before = model;
  const double bad[] = {1.0, 2.0, INFINITY, 0.0};
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{bad}, 0),
                       "LeveragingBaggingClassifier: x[2] must be finite, got inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(model.learn_one(ref::synth()[0].view(), 0, -2.0), streamwise::InvalidInput);
  CHECK(model == before);
  // Members with a growing class set get their own ids, so the ensemble's ids may skip some
  // (unlike a lone GaussianNB): classes 3..6 are known to no member and get 0.
  model.learn_one(ref::synth()[0].view(), 7);
  CHECK(model.n_classes() == 8);
  std::vector<double> out(8);
  model.predict_proba_one(ref::synth()[0].view(), out);
  for (std::size_t c = 3; c < 7; ++c) CHECK(out[c] == 0.0);
  CHECK(out[7] > 0.0);
}

TEST_CASE("LeveragingBaggingClassifier validates its params") {
  auto p = params_for("bag");
  p.bagging_method = "boost";
  CHECK_THROWS_WITH_AS(Lev(GaussianNB{}, p),
                       "LeveragingBaggingClassifier: bagging_method must be one of bag, me, half, "
                       "wt, subag",
                       std::invalid_argument);
  p = params_for("bag");
  p.w = 0.0;
  CHECK_THROWS_WITH_AS(Lev(GaussianNB{}, p),
                       "LeveragingBaggingClassifier: w must be finite and > 0",
                       std::invalid_argument);
  p = params_for("bag");
  p.adwin_delta = 1.0;
  CHECK_THROWS_WITH_AS(Lev(GaussianNB{}, p),
                       "LeveragingBaggingClassifier: adwin_delta must be in (0, 1)",
                       std::invalid_argument);
  p = params_for("bag");
  p.n_models = 0;
  CHECK_THROWS_WITH_AS(Lev(GaussianNB{}, p), "LeveragingBaggingClassifier: n_models must be >= 1",
                       std::invalid_argument);
  const Lev defaults;
  CHECK(defaults.size() == 10);
  CHECK(defaults.params().w == 6.0);
  CHECK(defaults.params().adwin_delta == 0.002);
  CHECK(defaults.params().bagging_method == "bag");
  CHECK(defaults.detector(0).params().delta == 0.002);
}

TEST_CASE("LeveragingBaggingClassifier checkpoint round-trip mid-stream continues identically") {
  for (const std::string method : {"bag", "me", "subag"}) {
    CAPTURE(method);
    const auto steps = ref::classifier_reference("lev_" + method + "_gnb_synth.csv", 3);
    Lev original(GaussianNB{}, params_for(method));
    for (std::size_t t = 0; t < 320; ++t) {
      original.learn_one(ref::synth()[t].view(), ref::synth()[t].y_class);
    }
    auto restored = test::roundtrip(original);
    CHECK(restored == original);
    ref::check_classifier(restored, ref::synth(), steps, 320, ref::synth().size(), changes);
    ref::check_classifier(original, ref::synth(), steps, 320, ref::synth().size(), changes);
    CHECK(restored == original);
  }
  CHECK(streamwise::to_json(streamwise::spec_of(Lev(GaussianNB{}, params_for("half")))) ==
        R"({"type":"LeveragingBaggingClassifier","params":{"model":{"type":"GaussianNB",)"
        R"("params":{}},"n_models":3,"w":6.0,"adwin_delta":0.002,"bagging_method":"half",)"
        R"("seed":42}})");
}
