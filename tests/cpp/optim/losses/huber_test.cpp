#include <doctest/doctest.h>

#include <cmath>

#include "optim/optim_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/losses/huber.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::losses::Huber;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<Huber>);
static_assert(requires(const Huber l) {
  { l.eval(1.0, 2.0) } -> std::same_as<double>;
  { l.gradient(1.0, 2.0) } -> std::same_as<double>;
  { l.mean_func(2.0) } -> std::same_as<double>;
});

TEST_CASE("Huber matches River for epsilon 0.1, 1 and 0") {
  test::check_loss_table<Huber>("optim/losses_huber.csv",
                                [](double eps, double) { return Huber({.epsilon = eps}); });
}

TEST_CASE("Huber is quadratic inside the band and linear outside") {
  const Huber loss({.epsilon = 1.0});
  CHECK(loss.eval(0.0, 0.5) == 0.125);
  CHECK(loss.gradient(0.0, 0.5) == 0.5);
  CHECK(loss.eval(0.0, 1.0) == 0.5);      // on the edge: quadratic branch
  CHECK(loss.gradient(0.0, 1.0) == 1.0);  // continuous there
  CHECK(loss.eval(0.0, 3.0) == 2.5);      // 1 * 3 - 0.5
  CHECK(loss.gradient(0.0, 3.0) == 1.0);
  CHECK(loss.gradient(0.0, -3.0) == -1.0);
  CHECK(Huber().params().epsilon == 0.1);
}

TEST_CASE("Huber validates its parameters") {
  CHECK_THROWS_WITH_AS(Huber({.epsilon = -0.1}), "Huber: epsilon must be finite and >= 0",
                       std::invalid_argument);
  CHECK_THROWS_AS(Huber({.epsilon = NAN}), std::invalid_argument);
  CHECK_NOTHROW(Huber({.epsilon = 0.0}));
}

TEST_CASE("Huber rejects non-finite input") {
  const Huber loss;
  CHECK_THROWS_WITH_AS(loss.gradient(std::nan(""), 0.0),
                       doctest::Contains("Huber: y_true must be finite"), streamwise::InvalidInput);
  CHECK_THROWS_AS(loss.eval(0.0, INFINITY), streamwise::InvalidInput);
}

TEST_CASE("Huber checkpoint round-trip and spec") {
  const Huber loss({.epsilon = 0.75});
  const Huber restored = test::roundtrip(loss);
  CHECK(restored == loss);
  CHECK(restored.gradient(0.0, 2.0) == 0.75);
  CHECK(streamwise::to_json(streamwise::spec_of(loss)) ==
        R"({"type":"Huber","params":{"epsilon":0.75}})");
}
