#include <doctest/doctest.h>

#include <cmath>

#include "optim/optim_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/losses/epsilon_insensitive_hinge.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::losses::EpsilonInsensitiveHinge;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<EpsilonInsensitiveHinge>);
static_assert(requires(const EpsilonInsensitiveHinge l) {
  { l.eval(1.0, 2.0) } -> std::same_as<double>;
  { l.gradient(1.0, 2.0) } -> std::same_as<double>;
  { l.mean_func(2.0) } -> std::same_as<double>;
});

TEST_CASE("EpsilonInsensitiveHinge matches River, including its 2y - 1 target mapping") {
  test::check_loss_table<EpsilonInsensitiveHinge>(
      "optim/losses_epsilon_insensitive_hinge.csv",
      [](double eps, double) { return EpsilonInsensitiveHinge({.eps = eps}); });
}

TEST_CASE("EpsilonInsensitiveHinge band") {
  const EpsilonInsensitiveHinge loss;  // eps 0.1
  CHECK(loss.eval(1.0, 1.05) == 0.0);  // target 1 maps to 1: inside the band
  CHECK(loss.gradient(1.0, 1.05) == 0.0);
  CHECK(loss.gradient(0.0, 0.5) == 1.0);  // target 0 maps to -1: far above
  CHECK(loss.gradient(1.0, 0.5) == -1.0);
  CHECK(loss.eval(3.0, 5.0) == 0.0);  // a real target 3 is compared with 5
}

TEST_CASE("EpsilonInsensitiveHinge validates its parameters") {
  CHECK_THROWS_WITH_AS(EpsilonInsensitiveHinge({.eps = -1.0}),
                       "EpsilonInsensitiveHinge: eps must be finite and >= 0",
                       std::invalid_argument);
  CHECK_THROWS_AS(EpsilonInsensitiveHinge({.eps = INFINITY}), std::invalid_argument);
}

TEST_CASE("EpsilonInsensitiveHinge rejects non-finite input") {
  const EpsilonInsensitiveHinge loss;
  CHECK_THROWS_WITH_AS(loss.eval(std::nan(""), 0.0),
                       doctest::Contains("EpsilonInsensitiveHinge: y_true must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(loss.gradient(0.0, -INFINITY), streamwise::InvalidInput);
}

TEST_CASE("EpsilonInsensitiveHinge checkpoint round-trip and spec") {
  const EpsilonInsensitiveHinge loss({.eps = 0.5});
  const EpsilonInsensitiveHinge restored = test::roundtrip(loss);
  CHECK(restored == loss);
  CHECK(restored.eval(1.0, 2.0) == loss.eval(1.0, 2.0));
  CHECK(streamwise::to_json(streamwise::spec_of(loss)) ==
        R"({"type":"EpsilonInsensitiveHinge","params":{"eps":0.5}})");
}
