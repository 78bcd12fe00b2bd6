#include "streamwise/linear_model/pa.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

#include "glm_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "support/checkpoint.hpp"

using streamwise::InvalidInput;
using streamwise::linear_model::PAClassifier;
using streamwise::linear_model::PARegressor;
namespace test = streamwise::test;
namespace glm = streamwise::test::glm;

static_assert(streamwise::Classifier<PAClassifier>);
static_assert(streamwise::Regressor<PARegressor>);
static_assert(!PAClassifier::accepts_nominal && !PARegressor::accepts_nominal);

TEST_CASE("PAClassifier and PARegressor match River step by step, every mode") {
  const auto rows = glm::stream();
  for (int mode = 0; mode <= 2; ++mode) {
    CAPTURE(mode);
    const auto ref_c = glm::read_csv("glm_pa_classifier_mode" + std::to_string(mode) + ".csv");
    const auto ref_r = glm::read_csv("glm_pa_regressor_mode" + std::to_string(mode) + ".csv");
    PAClassifier c({.C = 0.5, .mode = mode, .learn_intercept = true});
    PARegressor r({.C = 0.5, .mode = mode, .eps = 0.1, .learn_intercept = true});
    double proba[2];
    for (std::size_t t = 0; t < rows.size(); ++t) {
      c.predict_proba_one({rows[t].x}, proba);
      glm::check_close(proba[1], ref_c[t][0], "p(True)", t);
      c.learn_one({rows[t].x}, rows[t].y_bin);
      glm::check_weights(c, ref_c[t], t);
      glm::check_close(r.predict_one({rows[t].x}), ref_r[t][0], "prediction", t);
      r.learn_one({rows[t].x}, rows[t].y_reg);
      glm::check_weights(r, ref_r[t], t);
    }
  }
}

TEST_CASE("PA: edge cases") {
  PAClassifier c;
  PARegressor r;
  const double x[] = {1.0, 1.0};
  double proba[2];
  c.predict_proba_one({x}, proba);
  CHECK(proba[1] == 0.5);
  CHECK(c.predict_one({x}) == 0);
  CHECK(r.predict_one({x}) == 0.0);
  // An all-absent sample: ||x|| = 0, so modes 0 and 1 make no step.
  r.learn_one({}, 5.0);
  CHECK(r.intercept() == 0.0);
  // PA-I by hand, River's loss: |0 - (2*3 - 1)| - 0.1 = 4.9, ||x||² = 2, tau = min(1, 2.45) = 1.
  r.learn_one({x}, 3.0);
  CHECK(r.weight(0) == 1.0);
  CHECK(r.intercept() == 1.0);
  // Within River's insensitive band (|f(x) - (2y - 1)| <= eps): no change.
  const PARegressor before = r;
  r.learn_one({x}, (r.predict_one({x}) + 1.0) / 2.0 + 0.01);
  CHECK(r == before);
  // w = 0 skips the sample.
  r.learn_one({x}, 100.0, 0.0);
  CHECK(r == before);
  PARegressor no_intercept({.C = 1.0, .mode = 1, .eps = 0.1, .learn_intercept = false});
  no_intercept.learn_one({x}, 3.0);
  CHECK(no_intercept.intercept() == 0.0);
}

TEST_CASE("PA: bad input and params validation") {
  PAClassifier c;
  PARegressor r;
  const double x[] = {1.0, 2.0};
  c.learn_one({x}, 1);
  r.learn_one({x}, 1.0);
  const PAClassifier c0 = c;
  const PARegressor r0 = r;
  CHECK_THROWS_WITH_AS(c.learn_one({x}, 2), "PAClassifier: binary model takes class 0 or 1, got 2",
                       InvalidInput);
  const double inf_x[] = {1.0, std::numeric_limits<double>::infinity()};
  CHECK_THROWS_WITH_AS(r.learn_one({inf_x}, 1.0), "PARegressor: x[1] must be finite, got inf",
                       InvalidInput);
  CHECK_THROWS_AS(r.learn_one({x}, std::numeric_limits<double>::quiet_NaN()), InvalidInput);
  CHECK(c == c0);
  CHECK(r == r0);
  CHECK_THROWS_WITH_AS(PAClassifier({.C = 0.0}), "PAClassifier: C must be finite and > 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(PARegressor({.C = 1.0, .mode = 3}), "PARegressor: mode must be 0, 1 or 2",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(PARegressor({.C = 1.0, .mode = 1, .eps = -1.0}),
                       "PARegressor: eps must be finite and >= 0", std::invalid_argument);
}

TEST_CASE("PA: checkpoint round-trip mid-stream") {
  const auto rows = glm::stream();
  PAClassifier c({.C = 0.5, .mode = 2});
  PARegressor r({.C = 0.5, .mode = 0});
  for (std::size_t t = 0; t < 10; ++t) {
    c.learn_one({rows[t].x}, rows[t].y_bin);
    r.learn_one({rows[t].x}, rows[t].y_reg);
  }
  auto c2 = test::roundtrip(c);
  auto r2 = test::roundtrip(r);
  CHECK(c2 == c);
  CHECK(r2 == r);
  for (std::size_t t = 10; t < rows.size(); ++t) {
    CHECK(r.predict_one({rows[t].x}) == r2.predict_one({rows[t].x}));
    c.learn_one({rows[t].x}, rows[t].y_bin);
    c2.learn_one({rows[t].x}, rows[t].y_bin);
    r.learn_one({rows[t].x}, rows[t].y_reg);
    r2.learn_one({rows[t].x}, rows[t].y_reg);
  }
  CHECK(c2 == c);
  CHECK(r2 == r);
  CHECK(streamwise::to_json(streamwise::spec_of(PARegressor{})) ==
        "{\"type\":\"PARegressor\",\"params\":{\"C\":1.0,\"mode\":1,\"eps\":0.1,"
        "\"learn_intercept\":true}}");
}
