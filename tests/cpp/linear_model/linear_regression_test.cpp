#include "streamwise/linear_model/linear_regression.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "glm_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/adam.hpp"
#include "streamwise/optim/initializers/normal.hpp"
#include "streamwise/optim/losses/huber.hpp"
#include "support/checkpoint.hpp"

using streamwise::DenseView;
using streamwise::InvalidInput;
using streamwise::linear_model::LinearRegression;
using streamwise::linear_model::LinearRegressionT;
namespace optim = streamwise::optim;
namespace test = streamwise::test;
namespace glm = streamwise::test::glm;

using ErasedLinearRegression = LinearRegressionT<optim::AnyOptimizer, optim::AnyLoss>;

static_assert(streamwise::Regressor<LinearRegression>);
static_assert(streamwise::Regressor<ErasedLinearRegression>);
static_assert(streamwise::Regressor<LinearRegressionT<optim::Adam, optim::losses::Huber>>);
static_assert(!LinearRegression::accepts_nominal);

namespace {

constexpr double na = std::numeric_limits<double>::quiet_NaN();

// Runs the reference stream, checking the prediction before and the state after every step.
template <class Model>
void replay(Model model, const std::string& file) {
  const auto rows = glm::stream();
  const auto ref = glm::read_csv(file);
  REQUIRE(ref.size() == rows.size());
  for (std::size_t t = 0; t < rows.size(); ++t) {
    glm::check_close(model.predict_one({rows[t].x}), ref[t][0], "prediction", t);
    model.learn_one({rows[t].x}, rows[t].y_reg);
    glm::check_weights(model, ref[t], t);
  }
}

}  // namespace

TEST_CASE("LinearRegression matches River step by step") {
  SUBCASE("defaults") { replay(LinearRegression{}, "glm_linreg_default.csv"); }
  SUBCASE("l2") {
    LinearRegression::Params p;
    p.l2 = 0.1;
    replay(LinearRegression(p), "glm_linreg_l2.csv");
  }
  SUBCASE("l1") {
    LinearRegression::Params p;
    p.l1 = 0.02;
    replay(LinearRegression(p), "glm_linreg_l1.csv");
  }
  SUBCASE("Huber loss") {
    LinearRegressionT<optim::SGD, optim::losses::Huber>::Params p;
    p.loss = optim::losses::Huber(optim::losses::Huber::Params{0.5});
    replay(LinearRegressionT<optim::SGD, optim::losses::Huber>(p), "glm_linreg_huber.csv");
  }
  SUBCASE("Adam optimizer") {
    LinearRegressionT<optim::Adam>::Params p;
    p.optimizer = optim::Adam(0.05);
    replay(LinearRegressionT<optim::Adam>(p), "glm_linreg_adam.csv");
  }
  SUBCASE("intercept_lr = 0") {
    LinearRegression::Params p;
    p.intercept_lr = 0.0;
    replay(LinearRegression(p), "glm_linreg_no_intercept_lr.csv");
  }
  SUBCASE("erased form, Huber") {
    ErasedLinearRegression::Params p;
    p.loss = optim::losses::Huber(optim::losses::Huber::Params{0.5});
    replay(ErasedLinearRegression(p), "glm_linreg_huber.csv");
  }
  SUBCASE("erased form, Adam") {
    ErasedLinearRegression::Params p;
    p.optimizer = optim::Adam(0.05);
    replay(ErasedLinearRegression(p), "glm_linreg_adam.csv");
  }
}

TEST_CASE("LinearRegression: erased form equals the static one") {
  const auto rows = glm::stream();
  LinearRegression a;
  ErasedLinearRegression b;
  for (const auto& r : rows) {
    CHECK(a.predict_one({r.x}) == b.predict_one({r.x}));
    a.learn_one({r.x}, r.y_reg);
    b.learn_one({r.x}, r.y_reg);
  }
  for (unsigned j = 0; j < 4; ++j) CHECK(a.weight(j) == b.weight(j));
  CHECK(a.intercept() == b.intercept());
  CHECK(streamwise::to_json(streamwise::spec_of(a)) == streamwise::to_json(streamwise::spec_of(b)));
}

TEST_CASE("LinearRegression: learn_many matches River's mini-batch step") {
  const auto x = glm::read_csv("glm_learn_many_x.csv");
  const auto ref = glm::read_csv("glm_learn_many.csv");
  REQUIRE(x.size() == 10);
  REQUIRE(ref.size() == 8);
  std::vector<double> data, y;
  for (const auto& r : x) {
    data.insert(data.end(), r.begin(), r.begin() + 3);
    y.push_back(r[3]);
  }
  auto run = [&](auto model, std::size_t first_ref) {
    for (std::size_t b = 0; b < 2; ++b) {
      model.learn_many(std::span<const double>(data).subspan(b * 15, 15), 3,
                       std::span<const double>(y).subspan(b * 5, 5));
      const auto& r = ref[first_ref + b];
      glm::check_close(model.intercept(), r[0], "intercept", b);
      for (unsigned j = 0; j < 3; ++j) glm::check_close(model.weight(j), r[1 + j], "weight", b);
    }
    std::vector<double> out(10);
    model.predict_many(data, 3, out);
    for (std::size_t i = 0; i < 10; ++i) {
      CHECK(out[i] == model.predict_one({std::span<const double>(data).subspan(i * 3, 3)}));
    }
  };
  run(LinearRegression{}, 0);
  LinearRegression::Params l2;
  l2.l2 = 0.1;
  l2.initializer = optim::initializers::Normal({.mu = 0.0, .sigma = 1.0, .seed = 3});
  run(LinearRegression(l2), 4);
  LinearRegression::Params l1;
  l1.l1 = 0.05;
  run(LinearRegression(l1), 6);
  run(ErasedLinearRegression{}, 0);

  LinearRegression m;
  const LinearRegression before = m;
  const double bad[] = {1.0, na, 2.0};
  const double yy[] = {1.0};
  CHECK_THROWS_AS(m.learn_many(bad, 3, yy), InvalidInput);
  CHECK_THROWS_WITH_AS(m.learn_many(data, 3, yy),
                       "LinearRegression: learn_many needs one target (and weight) per row",
                       InvalidInput);
  CHECK(m == before);
}

TEST_CASE("LinearRegression: before learning, edge cases") {
  LinearRegression m;
  const double x[] = {1.0, 2.0};
  CHECK(m.predict_one({x}) == 0.0);
  CHECK(m.predict_one({}) == 0.0);
  CHECK_FALSE(m.has_weight(0));
  // An empty sample still moves the intercept (River: gradient of the loss at the intercept).
  m.learn_one({}, 2.0);
  CHECK(m.intercept() == doctest::Approx(0.01 * 4.0));
  CHECK_FALSE(m.has_weight(0));
  // Weight 0: the step is taken with a zero gradient (River takes it too).
  LinearRegression z;
  z.learn_one({x}, 5.0, 0.0);
  CHECK(z.has_weight(0));
  CHECK(z.weight(0) == 0.0);
  CHECK(z.intercept() == 0.0);
  CHECK(z.optimizer().n_iterations() == 1);
  // A feature only seen at predict time contributes nothing and gets no weight.
  const double wide[] = {1.0, 2.0, 100.0};
  LinearRegression a;
  a.learn_one({x}, 1.0);
  const double y_narrow = a.predict_one({x});
  CHECK(a.predict_one({wide}) == y_narrow);
  CHECK_FALSE(a.has_weight(2));
}

TEST_CASE("LinearRegression: bad input leaves the model unchanged") {
  LinearRegression m;
  const double x[] = {1.0, 2.0};
  m.learn_one({x}, 1.0);
  const LinearRegression before = m;
  const double inf_x[] = {1.0, std::numeric_limits<double>::infinity()};
  CHECK_THROWS_WITH_AS(m.learn_one({inf_x}, 1.0), "LinearRegression: x[1] must be finite, got inf",
                       InvalidInput);
  CHECK_THROWS_AS(m.predict_one({inf_x}), InvalidInput);
  CHECK_THROWS_WITH_AS(m.learn_one({x}, na), "LinearRegression: y must be finite, got nan",
                       InvalidInput);
  CHECK_THROWS_AS(m.learn_one({x}, 1.0, -1.0), InvalidInput);
  CHECK(m == before);
  // NaN = absent: same as the sample without that feature.
  const double with_nan[] = {1.0, na};
  const double only_first[] = {1.0};
  LinearRegression a = m, b = m;
  a.learn_one({with_nan}, 3.0);
  b.learn_one({only_first}, 3.0);
  CHECK(a == b);
  CHECK(a.weight(1) == m.weight(1));
}

TEST_CASE("LinearRegression: params validation") {
  auto bad = [](auto set) {
    LinearRegression::Params p;
    set(p);
    return p;
  };
  CHECK_THROWS_WITH_AS(LinearRegression(bad([](auto& p) { p.l2 = -1.0; })),
                       "LinearRegression: l2 must be finite and >= 0", std::invalid_argument);
  CHECK_THROWS_WITH_AS(LinearRegression(bad([](auto& p) { p.l1 = na; })),
                       "LinearRegression: l1 must be finite and >= 0", std::invalid_argument);
  CHECK_THROWS_WITH_AS(LinearRegression(bad([](auto& p) {
                         p.l1 = 0.1;
                         p.l2 = 0.1;
                       })),
                       "LinearRegression: l1 must be 0 when l2 is not 0", std::invalid_argument);
  CHECK_THROWS_WITH_AS(LinearRegression(bad([](auto& p) { p.clip_gradient = 0.0; })),
                       "LinearRegression: clip_gradient must be > 0", std::invalid_argument);
  CHECK_THROWS_WITH_AS(LinearRegression(bad([](auto& p) { p.intercept_init = na; })),
                       "LinearRegression: intercept_init must be finite", std::invalid_argument);
  LinearRegression::Params ok;
  ok.intercept_init = 2.0;
  CHECK(LinearRegression(ok).predict_one({}) == 2.0);
}

TEST_CASE("LinearRegression: checkpoint round-trip mid-stream") {
  const auto rows = glm::stream();
  LinearRegressionT<optim::Adam>::Params p;
  p.optimizer = optim::Adam(0.05);
  p.initializer = optim::initializers::Normal({.mu = 0.0, .sigma = 0.1, .seed = 5});
  LinearRegressionT<optim::Adam> a(p);
  ErasedLinearRegression e;
  for (std::size_t t = 0; t < 10; ++t) {  // x3 (appears at row 12) has no weight yet
    a.learn_one({rows[t].x}, rows[t].y_reg);
    e.learn_one({rows[t].x}, rows[t].y_reg);
  }
  auto b = test::roundtrip(a);
  auto f = test::roundtrip(e);
  CHECK(b == a);
  CHECK(f == e);
  for (std::size_t t = 10; t < rows.size(); ++t) {
    CHECK(a.predict_one({rows[t].x}) == b.predict_one({rows[t].x}));
    a.learn_one({rows[t].x}, rows[t].y_reg);
    b.learn_one({rows[t].x}, rows[t].y_reg);
    e.learn_one({rows[t].x}, rows[t].y_reg);
    f.learn_one({rows[t].x}, rows[t].y_reg);
  }
  CHECK(a == b);
  CHECK(e == f);
  CHECK(streamwise::to_json(streamwise::spec_of(LinearRegression{})) ==
        "{\"type\":\"LinearRegression\",\"params\":{\"optimizer\":{\"type\":\"SGD\",\"params\":{"
        "\"lr\":{\"type\":\"Constant\",\"params\":{\"learning_rate\":0.01}}}},\"loss\":{\"type\":"
        "\"Squared\",\"params\":{}},\"l2\":0.0,\"l1\":0.0,\"intercept_init\":0.0,\"intercept_lr\":{"
        "\"type\":\"Constant\",\"params\":{\"learning_rate\":0.01}},\"clip_gradient\":"
        "1000000000000.0,\"initializer\":{\"type\":\"Zeros\",\"params\":{}}}}");
}
