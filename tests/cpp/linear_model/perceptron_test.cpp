#include "streamwise/linear_model/perceptron.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <vector>

#include "glm_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "support/checkpoint.hpp"

using streamwise::ClassId;
using streamwise::InvalidInput;
using streamwise::linear_model::Perceptron;
namespace test = streamwise::test;
namespace glm = streamwise::test::glm;

static_assert(streamwise::Classifier<Perceptron>);
static_assert(!Perceptron::accepts_nominal);

TEST_CASE("Perceptron matches River step by step") {
  const auto rows = glm::stream();
  const auto ref = glm::read_csv("glm_perceptron.csv");
  Perceptron model;
  double proba[2];
  for (std::size_t t = 0; t < rows.size(); ++t) {
    model.predict_proba_one({rows[t].x}, proba);
    glm::check_close(proba[1], ref[t][0], "p(True)", t);
    model.learn_one({rows[t].x}, rows[t].y_bin);
    glm::check_weights(model, ref[t], t);
  }
}

TEST_CASE("Perceptron: by hand, edge cases, bad input") {
  Perceptron m;
  const double x[] = {1.0, -2.0};
  CHECK(m.predict_one({x}) == 0);
  m.learn_one({x}, 1);  // score 0 <= threshold 0: w += x, intercept += 1
  CHECK(m.weight(0) == 1.0);
  CHECK(m.weight(1) == -2.0);
  CHECK(m.intercept() == 1.0);
  CHECK(m.predict_one({x}) == 1);
  m.learn_one({x}, 1);  // correct with margin: no change
  CHECK(m.intercept() == 1.0);
  const Perceptron before = m;
  CHECK_THROWS_WITH_AS(m.learn_one({x}, 7), "Perceptron: binary model takes class 0 or 1, got 7",
                       InvalidInput);
  const double inf_x[] = {std::numeric_limits<double>::infinity()};
  CHECK_THROWS_AS(m.learn_one({inf_x}, 0), InvalidInput);
  CHECK(m == before);
  std::vector<ClassId> out(1);
  m.predict_many(x, 2, out);
  CHECK(out[0] == 1);
}

TEST_CASE("Perceptron: params validation and checkpoint") {
  Perceptron::Params p;
  p.l2 = -1.0;
  CHECK_THROWS_WITH_AS(Perceptron{p}, "Perceptron: l2 must be finite and >= 0",
                       std::invalid_argument);
  p.l2 = 0.0;
  p.clip_gradient = -1.0;
  CHECK_THROWS_WITH_AS(Perceptron{p}, "Perceptron: clip_gradient must be > 0",
                       std::invalid_argument);

  const auto rows = glm::stream();
  Perceptron a;
  for (std::size_t t = 0; t < 15; ++t) a.learn_one({rows[t].x}, rows[t].y_bin);
  auto b = test::roundtrip(a);
  CHECK(a == b);
  for (std::size_t t = 15; t < rows.size(); ++t) {
    CHECK(a.predict_one({rows[t].x}) == b.predict_one({rows[t].x}));
    a.learn_one({rows[t].x}, rows[t].y_bin);
    b.learn_one({rows[t].x}, rows[t].y_bin);
  }
  CHECK(a == b);
  CHECK(streamwise::to_json(streamwise::spec_of(a)) ==
        "{\"type\":\"Perceptron\",\"params\":{\"l2\":0.0,\"clip_gradient\":1000000000000.0,"
        "\"initializer\":{\"type\":\"Zeros\",\"params\":{}}}}");
}
