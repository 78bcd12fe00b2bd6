#include "streamwise/linear_model/softmax_regression.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "glm_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "support/checkpoint.hpp"

using streamwise::ClassId;
using streamwise::InvalidInput;
using streamwise::linear_model::SoftmaxRegression;
using streamwise::linear_model::SoftmaxRegressionT;
namespace optim = streamwise::optim;
namespace test = streamwise::test;
namespace glm = streamwise::test::glm;

static_assert(streamwise::Classifier<SoftmaxRegression>);
static_assert(streamwise::Classifier<SoftmaxRegressionT<optim::AnyOptimizer>>);
static_assert(!SoftmaxRegression::accepts_nominal);

namespace {

template <class Model>
void replay(Model model, const char* file) {
  const auto rows = glm::stream();
  const auto ref = glm::read_csv(file);  // p0..p2, then w{c}_x{j}
  std::vector<double> proba(3);
  for (std::size_t t = 0; t < rows.size(); ++t) {
    std::fill(proba.begin(), proba.end(), 0.0);
    model.predict_proba_one({rows[t].x}, proba);
    for (std::size_t c = 0; c < 3; ++c) glm::check_close(proba[c], ref[t][c], "proba", t);
    model.learn_one({rows[t].x}, rows[t].y_multi);
    for (ClassId c = 0; c < 3; ++c) {
      for (unsigned j = 0; j < 4; ++j) {
        glm::check_close(model.weight(c, j), ref[t][3 + 4 * c + j], "weight", t);
      }
    }
  }
}

}  // namespace

TEST_CASE("SoftmaxRegression matches River step by step") {
  replay(SoftmaxRegression{}, "glm_softmax.csv");
  SoftmaxRegression::Params p;
  p.l2 = 0.1;
  p.optimizer = optim::SGD(0.05);
  replay(SoftmaxRegression(p), "glm_softmax_l2.csv");
  SoftmaxRegressionT<optim::AnyOptimizer>::Params q;
  q.l2 = 0.1;
  q.optimizer = optim::SGD(0.05);
  replay(SoftmaxRegressionT<optim::AnyOptimizer>(q), "glm_softmax_l2.csv");
}

TEST_CASE("SoftmaxRegression: before learning, growing classes, bad input") {
  SoftmaxRegression m;
  const double x[] = {1.0, 2.0};
  CHECK(m.n_classes() == 0);
  CHECK(m.predict_one({x}) == 0);
  std::vector<double> none(2, -1.0);
  m.predict_proba_one({x}, none);
  CHECK(none[0] == 0.0);
  m.learn_one({x}, 2);  // classes 0 and 1 never seen: no probability
  CHECK(m.n_classes() == 3);
  CHECK_FALSE(m.has_class(0));
  std::vector<double> p(3);
  m.predict_proba_one({x}, p);
  CHECK(p[0] == 0.0);
  CHECK(p[2] == 1.0);
  CHECK(m.predict_one({x}) == 2);
  // By hand: gradient (1e-15 - 1) x, lr 0.01.
  CHECK(m.weight(2, 1) == doctest::Approx(-0.01 * (1e-15 - 1.0) * 2.0));
  const SoftmaxRegression before = m;
  std::vector<double> small(2);
  CHECK_THROWS_WITH_AS(m.predict_proba_one({x}, small),
                       "SoftmaxRegression: predict_proba_one needs 3 output slots, got 2",
                       InvalidInput);
  const double inf_x[] = {std::numeric_limits<double>::infinity()};
  CHECK_THROWS_AS(m.learn_one({inf_x}, 1), InvalidInput);
  CHECK_THROWS_AS(m.learn_one({x}, 1, -1.0), InvalidInput);
  CHECK(m == before);
  SoftmaxRegression::Params bad;
  bad.l2 = -1.0;
  CHECK_THROWS_WITH_AS(SoftmaxRegression{bad}, "SoftmaxRegression: l2 must be finite and >= 0",
                       std::invalid_argument);
}

TEST_CASE("SoftmaxRegression: checkpoint round-trip mid-stream") {
  const auto rows = glm::stream();
  SoftmaxRegressionT<optim::AnyOptimizer> a;
  for (std::size_t t = 0; t < 5; ++t) a.learn_one({rows[t].x}, rows[t].y_multi);
  auto b = test::roundtrip(a);
  CHECK(a == b);
  for (std::size_t t = 5; t < rows.size(); ++t) {
    CHECK(a.predict_one({rows[t].x}) == b.predict_one({rows[t].x}));
    a.learn_one({rows[t].x}, rows[t].y_multi);
    b.learn_one({rows[t].x}, rows[t].y_multi);
  }
  CHECK(a == b);
  CHECK(streamwise::to_json(streamwise::spec_of(SoftmaxRegression{})) ==
        "{\"type\":\"SoftmaxRegression\",\"params\":{\"optimizer\":{\"type\":\"SGD\",\"params\":{"
        "\"lr\":{\"type\":\"Constant\",\"params\":{\"learning_rate\":0.01}}}},\"loss\":{\"type\":"
        "\"CrossEntropy\",\"params\":{}},\"l2\":0.0}}");
}
