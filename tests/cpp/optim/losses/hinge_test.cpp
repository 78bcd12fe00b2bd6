#include <doctest/doctest.h>

#include <cmath>

#include "optim/optim_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/losses/hinge.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::losses::Hinge;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<Hinge>);
static_assert(requires(const Hinge l) {
  { l.eval(1.0, 2.0) } -> std::same_as<double>;
  { l.gradient(1.0, 2.0) } -> std::same_as<double>;
  { l.mean_func(2.0) } -> std::same_as<double>;
});

TEST_CASE("Hinge matches River for thresholds 1, 0 and 0.5") {
  test::check_loss_table<Hinge>("optim/losses_hinge.csv",
                                [](double t, double) { return Hinge({.threshold = t}); });
}

TEST_CASE("Hinge follows River's documented example and margin convention") {
  const Hinge loss;
  CHECK(loss.eval(1.0, 0.2) == doctest::Approx(0.8));
  CHECK(loss.gradient(1.0, 0.2) == -1.0);
  CHECK(loss.gradient(0.0, 0.2) == 1.0);
  CHECK(loss.gradient(1.0, 1.0) == -1.0);  // exactly on the margin: still a violation
  CHECK(loss.gradient(1.0, 1.5) == 0.0);
  CHECK(loss.eval(1.0, 1.5) == 0.0);
  const Hinge perceptron({.threshold = 0.0});
  CHECK(perceptron.gradient(0.0, -0.5) == 0.0);
  CHECK(perceptron.gradient(0.0, 0.0) == 1.0);
}

TEST_CASE("Hinge validates its parameters") {
  CHECK_THROWS_WITH_AS(Hinge({.threshold = NAN}), "Hinge: threshold must be finite",
                       std::invalid_argument);
}

TEST_CASE("Hinge rejects non-finite input") {
  const Hinge loss;
  CHECK_THROWS_WITH_AS(loss.eval(std::nan(""), 0.0),
                       doctest::Contains("Hinge: y_true must be finite"), streamwise::InvalidInput);
  CHECK_THROWS_AS(loss.gradient(1.0, INFINITY), streamwise::InvalidInput);
}

TEST_CASE("Hinge checkpoint round-trip and spec") {
  const Hinge loss({.threshold = 0.0});
  const Hinge restored = test::roundtrip(loss);
  CHECK(restored == loss);
  CHECK(restored.gradient(1.0, -0.1) == loss.gradient(1.0, -0.1));
  CHECK(streamwise::to_json(streamwise::spec_of(loss)) ==
        R"({"type":"Hinge","params":{"threshold":0.0}})");
}
