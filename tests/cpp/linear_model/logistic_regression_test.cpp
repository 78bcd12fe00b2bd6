#include "streamwise/linear_model/logistic_regression.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "glm_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/ada_grad.hpp"
#include "streamwise/optim/initializers/normal.hpp"
#include "streamwise/optim/losses/hinge.hpp"
#include "support/checkpoint.hpp"

using streamwise::ClassId;
using streamwise::DenseView;
using streamwise::InvalidInput;
using streamwise::linear_model::LogisticRegression;
using streamwise::linear_model::LogisticRegressionT;
namespace optim = streamwise::optim;
namespace test = streamwise::test;
namespace glm = streamwise::test::glm;

using ErasedLogisticRegression = LogisticRegressionT<optim::AnyOptimizer, optim::AnyLoss>;

static_assert(streamwise::Classifier<LogisticRegression>);
static_assert(streamwise::Classifier<ErasedLogisticRegression>);
static_assert(!LogisticRegression::accepts_nominal);

namespace {

constexpr double na = std::numeric_limits<double>::quiet_NaN();

template <class Model>
void replay(Model model, const std::string& file) {
  const auto rows = glm::stream();
  const auto ref = glm::read_csv(file);
  REQUIRE(ref.size() == rows.size());
  double proba[2];
  for (std::size_t t = 0; t < rows.size(); ++t) {
    model.predict_proba_one({rows[t].x}, proba);
    glm::check_close(proba[1], ref[t][0], "p(True)", t);
    CHECK(proba[0] == 1.0 - proba[1]);
    CHECK(model.predict_one({rows[t].x}) == (ref[t][0] > 0.5 ? 1u : 0u));
    model.learn_one({rows[t].x}, rows[t].y_bin);
    glm::check_weights(model, ref[t], t);
  }
}

}  // namespace

TEST_CASE("LogisticRegression matches River step by step") {
  SUBCASE("defaults") { replay(LogisticRegression{}, "glm_logreg_default.csv"); }
  SUBCASE("l2") {
    LogisticRegression::Params p;
    p.l2 = 0.05;
    replay(LogisticRegression(p), "glm_logreg_l2.csv");
  }
  SUBCASE("Hinge loss") {
    LogisticRegressionT<optim::SGD, optim::losses::Hinge> model;
    replay(model, "glm_logreg_hinge.csv");
  }
  SUBCASE("AdaGrad") {
    LogisticRegressionT<optim::AdaGrad>::Params p;
    p.optimizer = optim::AdaGrad(0.1);
    replay(LogisticRegressionT<optim::AdaGrad>(p), "glm_logreg_adagrad.csv");
  }
  SUBCASE("Normal initializer") {
    LogisticRegression::Params p;
    p.initializer = optim::initializers::Normal({.mu = 0.0, .sigma = 1.0, .seed = 42});
    replay(LogisticRegression(p), "glm_logreg_normal.csv");
  }
  SUBCASE("erased form, AdaGrad + Normal") {
    ErasedLogisticRegression::Params p;
    p.optimizer = optim::AdaGrad(0.1);
    replay(ErasedLogisticRegression(p), "glm_logreg_adagrad.csv");
    ErasedLogisticRegression::Params q;
    q.initializer = optim::initializers::Normal({.mu = 0.0, .sigma = 1.0, .seed = 42});
    replay(ErasedLogisticRegression(q), "glm_logreg_normal.csv");
    ErasedLogisticRegression::Params h;
    h.loss = optim::losses::Hinge{};
    replay(ErasedLogisticRegression(h), "glm_logreg_hinge.csv");
  }
}

TEST_CASE("LogisticRegression: learn_many matches River's mini-batch step") {
  const auto x = glm::read_csv("glm_learn_many_x.csv");
  const auto ref = glm::read_csv("glm_learn_many.csv");
  std::vector<double> data;
  std::vector<ClassId> y;
  for (const auto& r : x) {
    data.insert(data.end(), r.begin(), r.begin() + 3);
    y.push_back(static_cast<ClassId>(r[4]));
  }
  auto run = [&](auto model) {
    for (std::size_t b = 0; b < 2; ++b) {
      model.learn_many(std::span<const double>(data).subspan(b * 15, 15), 3,
                       std::span<const ClassId>(y).subspan(b * 5, 5));
      const auto& r = ref[2 + b];
      glm::check_close(model.intercept(), r[0], "intercept", b);
      for (unsigned j = 0; j < 3; ++j) glm::check_close(model.weight(j), r[1 + j], "weight", b);
    }
    std::vector<double> p(10);
    std::vector<ClassId> c(10);
    model.predict_proba_many(data, 3, p);
    model.predict_many(data, 3, c);
    for (std::size_t i = 0; i < 10; ++i) {
      const DenseView row{std::span<const double>(data).subspan(i * 3, 3)};
      CHECK(p[i] == model.predict_proba_true(row));
      CHECK(c[i] == (p[i] > 0.5 ? 1u : 0u));
    }
  };
  run(LogisticRegression{});
  run(ErasedLogisticRegression{});
}

TEST_CASE("LogisticRegression: before learning and edge cases") {
  LogisticRegression m;
  const double x[] = {1.0, 2.0};
  double proba[3] = {-1.0, -1.0, -1.0};
  m.predict_proba_one({x}, proba);
  CHECK(proba[0] == 0.5);
  CHECK(proba[1] == 0.5);
  CHECK(proba[2] == 0.0);
  CHECK(m.predict_one({x}) == 0);  // tie: the lowest id, as River's max over {False, True}
  CHECK(m.n_classes() == 2);
  double small[1];
  CHECK_THROWS_WITH_AS(m.predict_proba_one({x}, small),
                       "LogisticRegression: predict_proba_one needs 2 output slots, got 1",
                       InvalidInput);
}

TEST_CASE("LogisticRegression: bad input leaves the model unchanged") {
  LogisticRegression m;
  const double x[] = {1.0, 2.0};
  m.learn_one({x}, 1);
  const LogisticRegression before = m;
  CHECK_THROWS_WITH_AS(m.learn_one({x}, 2),
                       "LogisticRegression: binary model takes class 0 or 1, got 2", InvalidInput);
  const double inf_x[] = {-std::numeric_limits<double>::infinity(), 2.0};
  CHECK_THROWS_WITH_AS(m.learn_one({inf_x}, 1), "LogisticRegression: x[0] must be finite, got -inf",
                       InvalidInput);
  CHECK_THROWS_AS(m.learn_one({x}, 1, na), InvalidInput);
  const std::vector<ClassId> bad_y = {0, 3};
  const double block[] = {1.0, 2.0, 3.0, 4.0};
  CHECK_THROWS_AS(m.learn_many(block, 2, bad_y), InvalidInput);
  CHECK(m == before);
  const double with_nan[] = {na, 2.0};
  LogisticRegression a = m;
  a.learn_one({with_nan}, 0);
  CHECK(a.weight(0) == m.weight(0));
  CHECK(a.weight(1) != m.weight(1));
}

TEST_CASE("LogisticRegression: params validation") {
  LogisticRegression::Params p;
  p.l2 = -0.5;
  CHECK_THROWS_WITH_AS(LogisticRegression{p}, "LogisticRegression: l2 must be finite and >= 0",
                       std::invalid_argument);
  ErasedLogisticRegression::Params q;
  CHECK(std::holds_alternative<optim::losses::Log>(q.loss.variant()));
}

TEST_CASE("LogisticRegression: checkpoint round-trip mid-stream") {
  const auto rows = glm::stream();
  ErasedLogisticRegression::Params p;
  p.optimizer = optim::AdaGrad(0.1);
  p.initializer = optim::initializers::Normal({.mu = 0.0, .sigma = 1.0, .seed = 42});
  ErasedLogisticRegression a(p);
  for (std::size_t t = 0; t < 8; ++t) a.learn_one({rows[t].x}, rows[t].y_bin);
  auto b = test::roundtrip(a);
  CHECK(b == a);
  double pa[2], pb[2];
  for (std::size_t t = 8; t < rows.size(); ++t) {  // x3 first appears at row 12: a new draw
    a.predict_proba_one({rows[t].x}, pa);
    b.predict_proba_one({rows[t].x}, pb);
    CHECK(pa[1] == pb[1]);
    a.learn_one({rows[t].x}, rows[t].y_bin);
    b.learn_one({rows[t].x}, rows[t].y_bin);
  }
  CHECK(a == b);
  CHECK(
      streamwise::to_json(streamwise::spec_of(LogisticRegression{}))
          .find("\"loss\":{\"type\":\"Log\",\"params\":{\"weight_pos\":1.0,\"weight_neg\":1.0}}") !=
      std::string::npos);
}
