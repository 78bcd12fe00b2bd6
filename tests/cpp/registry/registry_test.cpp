// The registry builds the same estimators as direct construction (the oracle), with each class's
// own parameter messages, and rebuilds a pipeline from a checkpoint header.

#include "streamwise/registry/registry.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "streamwise/core/rng.hpp"
#include "streamwise/ensemble/bagging_classifier.hpp"
#include "streamwise/ensemble/bagging_regressor.hpp"
#include "streamwise/ensemble/leveraging_bagging_classifier.hpp"
#include "streamwise/forest/arf_classifier.hpp"
#include "streamwise/io/checkpoint.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/optim/adam.hpp"
#include "streamwise/optim/any_loss.hpp"
#include "streamwise/optim/any_optimizer.hpp"
#include "streamwise/optim/losses/hinge.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "streamwise/preprocessing/target_standard_scaler.hpp"
#include "streamwise/tree/hoeffding_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_tree_regressor.hpp"

namespace registry = streamwise::registry;
using streamwise::ClassId;
using streamwise::DenseView;
using streamwise::compose::AnyClassifier;
using streamwise::compose::AnyRegressor;
using streamwise::compose::AnyTransformer;
using LogReg = streamwise::linear_model::LogisticRegressionT<streamwise::optim::AnyOptimizer,
                                                             streamwise::optim::AnyLoss>;
using LinReg = streamwise::linear_model::LinearRegressionT<streamwise::optim::AnyOptimizer,
                                                           streamwise::optim::AnyLoss>;

namespace {

struct Row {
  std::vector<double> x;
  ClassId y;
};

// A small separable-ish binary stream with three features on different scales.
std::vector<Row> stream(std::size_t n) {
  streamwise::Rng rng(7);
  std::vector<Row> rows;
  for (std::size_t i = 0; i < n; ++i) {
    const double a = rng.uniform() * 10.0;
    const double b = rng.uniform() - 0.5;
    const double c = rng.uniform() * 1000.0;
    rows.push_back({{a, b, c}, a + 20.0 * b > 5.0 ? ClassId{1} : ClassId{0}});
  }
  return rows;
}

template <class Model>
void learn_all(Model& m, const std::vector<Row>& rows) {
  for (const auto& r : rows) m.learn_one(DenseView{r.x}, r.y);
}

void check_message(const std::string& json, const std::string& message) {
  CAPTURE(json);
  CHECK_THROWS_WITH_AS(registry::make_classifier_pipeline(json), message.c_str(),
                       std::invalid_argument);
}

}  // namespace

TEST_CASE("every registered class builds with its defaults and its spec rebuilds it") {
  for (auto kind :
       {registry::Kind::classifier, registry::Kind::regressor, registry::Kind::transformer}) {
    for (const auto& name : registry::names(kind)) {
      CAPTURE(name);
      REQUIRE(registry::kind_of(name) == kind);
      streamwise::EstimatorSpec spec{name, {}};
      if (name == "TargetStandardScaler") {
        spec.params.push_back(
            {"regressor", std::make_shared<const streamwise::EstimatorSpec>(
                              streamwise::EstimatorSpec{"LinearRegression", {}})});
      }
      const bool is_ensemble = name.find("Bagging") != std::string::npos || name == "SRPClassifier";
      if (is_ensemble) {
        const bool reg = kind == registry::Kind::regressor;
        spec.params.push_back(
            {"model", std::make_shared<const streamwise::EstimatorSpec>(
                          streamwise::EstimatorSpec{reg ? "LinearRegression" : "GaussianNB", {}})});
      }
      const bool seeded = name == "FeatureHasher" || name.starts_with("ARF") ||
                          name.starts_with("HoeffdingAdaptive") || name.starts_with("SRP");
      if (seeded || is_ensemble) {
        spec.params.push_back({"seed", std::int64_t{1}});  // None would draw a random seed
      }
      const auto json_of = [&](const auto& model) { return streamwise::to_json(model.spec()); };
      if (kind == registry::Kind::classifier) {
        const AnyClassifier m = registry::make_classifier(spec);
        CHECK(m.type_name() == name);
        CHECK(registry::make_classifier(registry::parse_spec(json_of(m))) == m);
      } else if (kind == registry::Kind::regressor) {
        const AnyRegressor m = registry::make_regressor(spec);
        CHECK(m.type_name() == name);
        CHECK(registry::make_regressor(registry::parse_spec(json_of(m))) == m);
      } else {
        const AnyTransformer m = registry::make_transformer(spec);
        CHECK(m.type_name() == name);
        CHECK(registry::make_transformer(registry::parse_spec(json_of(m))) == m);
      }
    }
  }
  CHECK(registry::names(registry::Kind::classifier).size() >= 8);
  CHECK(registry::names(registry::Kind::transformer).size() >= 9);
  CHECK_FALSE(registry::kind_of("NoSuchModel").has_value());
}

TEST_CASE("scalar and nested parameters reach the estimator") {
  const AnyClassifier built = registry::make_classifier(
      registry::parse_spec(R"({"type":"LogisticRegression","params":{"l2":0.1,"intercept_lr":0.5,)"
                           R"("optimizer":{"type":"Adam","params":{"lr":0.05}}}})"));
  LogReg::Params p;
  p.l2 = 0.1;
  p.intercept_lr = 0.5;
  p.optimizer = streamwise::optim::Adam(0.05);
  const AnyClassifier direct{LogReg(p)};
  CHECK(built == direct);
  CHECK(streamwise::to_json(built.spec()) == streamwise::to_json(direct.spec()));

  // An averaged optimizer two levels down, and another loss.
  const AnyClassifier averaged = registry::make_classifier(registry::parse_spec(
      R"({"type":"LogisticRegression","params":{"loss":{"type":"Hinge"},)"
      R"("optimizer":{"type":"Averager","params":{"optimizer":{"type":"SGD","params":{"lr":0.1}},)"
      R"("start":5}}}})"));
  LogReg::Params q;
  q.loss = streamwise::optim::losses::Hinge{};
  q.optimizer = streamwise::optim::Averager(streamwise::optim::SGD(0.1), 5);
  CHECK(averaged == AnyClassifier{LogReg(q)});

  // A wrapped regressor.
  const AnyRegressor wrapped = registry::make_regressor(registry::parse_spec(
      R"({"type":"TargetStandardScaler","params":{"regressor":{"type":"LinearRegression",)"
      R"("params":{"l2":0.01}}}})"));
  LinReg::Params r;
  r.l2 = 0.01;
  CHECK(wrapped == AnyRegressor{streamwise::preprocessing::TargetStandardScaler<AnyRegressor>(
                       AnyRegressor{LinReg(r)})});
}

TEST_CASE("trees from specs, with a nested splitter, learn as trees built directly") {
  using Tree = streamwise::tree::HoeffdingTreeClassifier<>;
  AnyClassifier built = registry::make_classifier(registry::parse_spec(
      R"({"type":"HoeffdingTreeClassifier","params":{"grace_period":50,"leaf_prediction":"mc",)"
      R"("splitter":{"type":"GaussianSplitter","params":{"n_splits":5}}}})"));
  Tree::Params p;
  p.grace_period = 50;
  p.leaf_prediction = "mc";
  p.splitter = streamwise::tree::GaussianSplitter({.n_splits = 5});
  Tree direct(p);
  const auto rows = stream(2000);
  for (const auto& r : rows) {
    REQUIRE(built.predict_one(DenseView{r.x}) == direct.predict_one(DenseView{r.x}));
    built.learn_one(DenseView{r.x}, r.y);
    direct.learn_one(DenseView{r.x}, r.y);
  }
  CHECK(built == AnyClassifier{direct});
  CHECK(direct.n_leaves() > 1);  // it did split: the comparison covered a grown tree

  const AnyRegressor regressor = registry::make_regressor(
      registry::parse_spec(R"({"type":"HoeffdingTreeRegressor","params":{"grace_period":100}})"));
  streamwise::tree::HoeffdingTreeRegressor<>::Params q;
  q.grace_period = 100;
  CHECK(regressor == AnyRegressor{streamwise::tree::HoeffdingTreeRegressor<>(q)});
  CHECK_THROWS_WITH_AS(registry::make_classifier(registry::parse_spec(
                           R"({"type":"HoeffdingTreeClassifier","params":{"grace_period":0}})")),
                       "HoeffdingTreeClassifier: grace_period must be > 0", std::invalid_argument);
}

TEST_CASE("an adaptive random forest from a spec learns as one built directly") {
  using streamwise::forest::ARFClassifier;
  AnyClassifier built = registry::make_classifier(registry::parse_spec(
      R"({"type":"ARFClassifier","params":{"n_models":3,"seed":42,"grace_period":20}})"));
  ARFClassifier::Params p;
  p.n_models = 3;
  p.seed = 42;
  p.grace_period = 20;
  ARFClassifier direct(p);
  for (const auto& r : stream(600)) {
    REQUIRE(built.predict_one(DenseView{r.x}) == direct.predict_one(DenseView{r.x}));
    built.learn_one(DenseView{r.x}, r.y);
    direct.learn_one(DenseView{r.x}, r.y);
  }
  CHECK(built == AnyClassifier{direct});
  const std::vector<double> x{1.0, 0.1, 10.0};
  CHECK_THROWS_WITH_AS(direct.learn_one(DenseView{x}, 1, 2.0),
                       "ARFClassifier: sample weight w must be 1 (ARF has no sample weights), got "
                       "2.000000",
                       streamwise::InvalidInput);
  CHECK(built == AnyClassifier{direct});  // unchanged by the refused sample

  // Optional detectors: a nested spec, or null for none.
  const AnyClassifier tuned = registry::make_classifier(registry::parse_spec(
      R"({"type":"ARFClassifier","params":{"seed":1,"drift_detector":{"type":"ADWIN",)"
      R"("params":{"delta":0.01}},"warning_detector":null}})"));
  ARFClassifier::Params q;
  q.seed = 1;
  q.drift_detector = streamwise::drift::ADWIN({.delta = 0.01});
  q.warning_detector = std::nullopt;
  CHECK(tuned == AnyClassifier{ARFClassifier(q)});
  CHECK(tuned != AnyClassifier{ARFClassifier(ARFClassifier::Params{.seed = 1})});
}

TEST_CASE("bagging ensembles from specs learn as ones built directly, and reload") {
  using streamwise::ensemble::BaggingClassifier;
  using streamwise::ensemble::LeveragingBaggingClassifier;
  using Tree = streamwise::tree::HoeffdingTreeClassifier<>;
  const auto rows = stream(600);

  auto from_spec = registry::make_classifier(registry::parse_spec(
      R"({"type":"BaggingClassifier","params":{"model":{"type":"HoeffdingTreeClassifier",)"
      R"("params":{"grace_period":50}},"n_models":4,"seed":3}})"));
  Tree::Params tp;
  tp.grace_period = 50;
  BaggingClassifier<AnyClassifier> direct(AnyClassifier{Tree(tp)}, 4, 3);
  CHECK(from_spec == AnyClassifier{direct});
  learn_all(from_spec, rows);
  learn_all(direct, rows);
  CHECK(from_spec == AnyClassifier{direct});
  CHECK(streamwise::to_json(from_spec.spec()) == streamwise::to_json(streamwise::spec_of(direct)));

  // Leveraging bagging over a pipeline given as a "Pipeline" spec.
  const std::string lb_json =
      R"({"type":"LeveragingBaggingClassifier","params":{"model":{"type":"Pipeline","params":)"
      R"({"StandardScaler":{"type":"StandardScaler"},"LogisticRegression":)"
      R"({"type":"LogisticRegression"}}},"n_models":3,"seed":5,"w":4.0}})";
  auto lb = registry::make_classifier_pipeline(lb_json);
  LeveragingBaggingClassifier<AnyClassifier>::Params lp;
  lp.n_models = 3;
  lp.seed = 5;
  lp.w = 4.0;
  LeveragingBaggingClassifier<AnyClassifier> lb_direct(
      AnyClassifier{registry::make_classifier_pipeline(
          R"([{"type":"StandardScaler"},{"type":"LogisticRegression"}])")},
      lp);
  learn_all(lb, std::vector<Row>(rows.begin(), rows.begin() + 300));
  learn_all(lb_direct, std::vector<Row>(rows.begin(), rows.begin() + 300));
  for (std::size_t i = 300; i < rows.size(); ++i) {
    REQUIRE(lb.predict_one(DenseView{rows[i].x}) == lb_direct.predict_one(DenseView{rows[i].x}));
  }

  // Its checkpoint header's spec rebuilds it, and the payload loads into the rebuilt one.
  const std::string bytes = streamwise::io::to_checkpoint(lb);
  const auto header = streamwise::io::read_header(streamwise::io::detail::as_bytes(bytes));
  auto restored = registry::make_classifier_pipeline(header.spec);
  CHECK_FALSE(restored == lb);
  streamwise::io::PayloadInputArchive archive(
      streamwise::io::detail::as_bytes(bytes).subspan(header.payload_offset));
  archive(restored);
  CHECK(restored == lb);
  const std::vector<Row> more = stream(200);
  learn_all(lb, more);
  learn_all(restored, more);
  CHECK(restored == lb);

  // A bagging regressor.
  auto reg = registry::make_regressor(registry::parse_spec(
      R"({"type":"BaggingRegressor","params":{"model":{"type":"LinearRegression"},"seed":1}})"));
  streamwise::ensemble::BaggingRegressor<AnyRegressor> reg_direct(
      AnyRegressor{
          registry::make_regressor(registry::parse_spec(R"({"type":"LinearRegression"})"))},
      10, 1);
  for (const auto& r : rows) {
    reg.learn_one(DenseView{r.x}, r.x[0] * 2.0 - r.x[1]);
    reg_direct.learn_one(DenseView{r.x}, r.x[0] * 2.0 - r.x[1]);
  }
  CHECK(reg == AnyRegressor{reg_direct});
}

TEST_CASE("a pipeline from a list learns exactly as one built by hand") {
  auto built = registry::make_classifier_pipeline(
      R"([{"type":"StandardScaler"},{"type":"LogisticRegression","params":{"l2":0.001}}])");
  LogReg::Params p;
  p.l2 = 0.001;
  registry::ClassifierPipeline direct({AnyTransformer{streamwise::preprocessing::StandardScaler{}}},
                                      AnyClassifier{LogReg(p)});
  const auto rows = stream(500);
  learn_all(built, rows);
  learn_all(direct, rows);
  CHECK(built == direct);
  double pb[2], pd[2];
  for (const auto& r : stream(50)) {
    built.predict_proba_one(DenseView{r.x}, pb);
    direct.predict_proba_one(DenseView{r.x}, pd);
    CHECK(pb[1] == pd[1]);
  }

  // A single estimator is a pipeline without transformers.
  auto single = registry::make_classifier_pipeline(R"({"type":"GaussianNB"})");
  CHECK(single.n_transformers() == 0);
  CHECK(single.final_step().type_name() == "GaussianNB");
}

TEST_CASE("a checkpoint header's spec rebuilds the pipeline, which then loads the payload") {
  auto model = registry::make_classifier_pipeline(
      R"([{"type":"StandardScaler"},{"type":"StandardScaler"},{"type":"LogisticRegression"}])");
  const auto rows = stream(300);
  learn_all(model, std::vector<Row>(rows.begin(), rows.begin() + 150));
  const std::string bytes = streamwise::io::to_checkpoint(model);
  const auto header = streamwise::io::read_header(streamwise::io::detail::as_bytes(bytes));
  CHECK(header.spec.rfind(R"({"type":"Pipeline","params":{"StandardScaler":)", 0) == 0);
  CHECK(header.spec.find(R"("StandardScaler1":)") != std::string::npos);

  auto restored = registry::make_classifier_pipeline(header.spec);
  CHECK_FALSE(restored == model);  // fresh
  streamwise::io::PayloadInputArchive archive(
      streamwise::io::detail::as_bytes(bytes).subspan(header.payload_offset));
  archive(restored);
  CHECK(restored == model);
  const std::vector<Row> rest(rows.begin() + 150, rows.end());
  learn_all(model, rest);
  learn_all(restored, rest);
  CHECK(restored == model);
  CHECK(streamwise::to_json(streamwise::spec_of(restored)) == header.spec);
}

TEST_CASE("bad specs give the class's own messages") {
  check_message(R"({"type":"Foo"})", "unknown estimator type 'Foo'");
  check_message(R"({"type":"StandardScaler"})",
                "StandardScaler is a transformer, not a classifier");
  check_message(R"([{"type":"LogisticRegression"},{"type":"GaussianNB"}])",
                "LogisticRegression is a classifier, not a transformer");
  check_message(R"({"type":"LogisticRegression","params":{"foo":1}})",
                "LogisticRegression: unknown parameter foo");
  check_message(R"({"type":"LogisticRegression","params":{"l2":-1.0}})",
                "LogisticRegression: l2 must be finite and >= 0");
  check_message(R"({"type":"LogisticRegression","params":{"l2":"big"}})",
                "LogisticRegression: parameter l2 has the wrong type");
  check_message(R"({"type":"LogisticRegression","params":{"optimizer":0.1}})",
                "LogisticRegression: parameter optimizer has the wrong type");
  check_message(R"({"type":"LogisticRegression","params":{"optimizer":{"type":"Hinge"}}})",
                "LogisticRegression: parameter optimizer cannot be a Hinge (one of: SGD, Adam, "
                "AdaGrad, RMSProp, AdaDelta, AdaMax, AMSGrad, Momentum, NesterovMomentum, "
                "FTRLProximal, Averager)");
  check_message(
      R"({"type":"LogisticRegression","params":{"optimizer":{"type":"SGD","params":{"lr":-1}}}})",
      "Constant: learning_rate must be finite and >= 0");
  check_message(R"({"type":"LogisticRegression","params":{"l2":0.1,"l1":0.1}})",
                "LogisticRegression: l1 must be 0 when l2 is not 0");
  check_message(R"({"type":"LogisticRegression","params":{"l2":[1]}})",
                "spec.l2: lists are not supported as parameter values");
  check_message(R"({"params":{}})", "spec: the spec has no \"type\"");
  check_message(R"({"type":"GaussianNB","extra":1})",
                "spec: unexpected key \"extra\" (a spec has \"type\" and \"params\")");
  check_message("[]", "a model spec needs at least one step");
  CHECK_THROWS_WITH_AS(registry::make_classifier_pipeline("{not json"),
                       doctest::Contains("model spec is not valid JSON"), std::invalid_argument);
  check_message(R"({"type":"BaggingClassifier","params":{"n_models":3}})",
                "BaggingClassifier: parameter model is required");
  check_message(R"({"type":"BaggingClassifier","params":{"model":1}})",
                "BaggingClassifier: parameter model has the wrong type");
  check_message(R"({"type":"BaggingClassifier","params":{"model":{"type":"LinearRegression"}}})",
                "LinearRegression is a regressor, not a classifier");
  check_message(
      R"({"type":"BaggingClassifier","params":{"model":{"type":"GaussianNB"},"n_models":0}})",
      "BaggingClassifier: n_models must be >= 1");
  check_message(
      R"({"type":"ADWINBaggingClassifier","params":{"model":{"type":"GaussianNB"},"foo":1}})",
      "ADWINBaggingClassifier: unknown parameter foo");
  CHECK_THROWS_WITH_AS(
      registry::make_regressor(registry::parse_spec(R"({"type":"TargetStandardScaler"})")),
      "TargetStandardScaler: parameter regressor is required", std::invalid_argument);
}
