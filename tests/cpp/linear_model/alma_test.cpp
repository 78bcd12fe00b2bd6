#include "streamwise/linear_model/alma.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "glm_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "support/checkpoint.hpp"

using streamwise::InvalidInput;
using streamwise::linear_model::ALMAClassifier;
namespace test = streamwise::test;
namespace glm = streamwise::test::glm;

static_assert(streamwise::Classifier<ALMAClassifier>);
static_assert(!ALMAClassifier::accepts_nominal);

TEST_CASE("ALMAClassifier matches River step by step") {
  const auto rows = glm::stream();
  const auto ref = glm::read_csv("glm_alma.csv");  // pred, k, w0..w3
  ALMAClassifier model;
  double proba[2];
  for (std::size_t t = 0; t < rows.size(); ++t) {
    model.predict_proba_one({rows[t].x}, proba);
    glm::check_close(proba[1], ref[t][0], "p(True)", t);
    model.learn_one({rows[t].x}, rows[t].y_bin);
    CHECK(static_cast<double>(model.k()) == ref[t][1]);
    for (unsigned j = 0; j < 4; ++j) {
      CHECK(model.has_weight(j) == !std::isnan(ref[t][2 + j]));
      if (model.has_weight(j)) glm::check_close(model.weight(j), ref[t][2 + j], "weight", t);
    }
  }
}

TEST_CASE("ALMAClassifier: by hand, bad input, params") {
  ALMAClassifier m;
  const double x[] = {3.0, 4.0};
  CHECK(m.predict_one({x}) == 0);
  // k = 1: margin 0 < 0.1 * B, eta = sqrt(2); w = sqrt(2) (3, 4), ||w|| = 5 sqrt(2) -> w / ||w||.
  m.learn_one({x}, 1);
  CHECK(m.weight(0) == doctest::Approx(0.6));
  CHECK(m.weight(1) == doctest::Approx(0.8));
  CHECK(m.k() == 2);
  const ALMAClassifier before = m;
  CHECK_THROWS_WITH_AS(m.learn_one({x}, 5),
                       "ALMAClassifier: binary model takes class 0 or 1, got 5", InvalidInput);
  const double inf_x[] = {std::numeric_limits<double>::infinity(), 0.0};
  CHECK_THROWS_AS(m.learn_one({inf_x}, 1), InvalidInput);
  CHECK(m == before);
  CHECK_THROWS_WITH_AS(ALMAClassifier({.p = 1.0}), "ALMAClassifier: p must be finite and > 1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(ALMAClassifier({.p = 2.0, .alpha = 0.0}),
                       "ALMAClassifier: alpha must be in (0, 1]", std::invalid_argument);
  // Another p: the p-norm normalisation.
  ALMAClassifier p3({.p = 3.0});
  p3.learn_one({x}, 0);
  const double n3 = std::cbrt(27.0 + 64.0);
  CHECK(p3.weight(0) == doctest::Approx(-3.0 / n3));
}

TEST_CASE("ALMAClassifier: checkpoint round-trip mid-stream") {
  const auto rows = glm::stream();
  ALMAClassifier a;
  for (std::size_t t = 0; t < 20; ++t) a.learn_one({rows[t].x}, rows[t].y_bin);
  auto b = test::roundtrip(a);
  CHECK(a == b);
  for (std::size_t t = 20; t < rows.size(); ++t) {
    CHECK(a.predict_one({rows[t].x}) == b.predict_one({rows[t].x}));
    a.learn_one({rows[t].x}, rows[t].y_bin);
    b.learn_one({rows[t].x}, rows[t].y_bin);
  }
  CHECK(a == b);
  CHECK(streamwise::to_json(streamwise::spec_of(a)).rfind("{\"type\":\"ALMAClassifier\"", 0) == 0);
}
