#include <doctest/doctest.h>

#include <cmath>

#include "optim/optim_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/losses/squared.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::losses::Squared;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<Squared>);
static_assert(requires(const Squared l) {
  { l.eval(1.0, 2.0) } -> std::same_as<double>;
  { l.gradient(1.0, 2.0) } -> std::same_as<double>;
  { l.mean_func(2.0) } -> std::same_as<double>;
});

TEST_CASE("Squared matches River on a grid of targets and predictions") {
  test::check_loss_table<Squared>("optim/losses_squared.csv",
                                  [](double, double) { return Squared{}; });
}

TEST_CASE("Squared follows River's documented example") {
  const Squared loss;
  CHECK(loss.eval(-4.0, 5.0) == 81.0);
  CHECK(loss.gradient(-4.0, 5.0) == 18.0);
  CHECK(loss.gradient(4.0, -5.0) == -18.0);
  CHECK(loss.eval(3.0, 3.0) == 0.0);
  CHECK(loss.gradient(3.0, 3.0) == 0.0);
  CHECK(loss.mean_func(-7.5) == -7.5);
}

TEST_CASE("Squared rejects non-finite input") {
  const Squared loss;
  CHECK_THROWS_WITH_AS(loss.eval(std::nan(""), 1.0),
                       doctest::Contains("Squared: y_true must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(loss.gradient(1.0, INFINITY),
                       doctest::Contains("Squared: y_pred must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(loss.mean_func(-INFINITY), streamwise::InvalidInput);
}

TEST_CASE("Squared checkpoint round-trip and spec") {
  const Squared loss;
  const Squared restored = test::roundtrip(loss);
  CHECK(restored == loss);
  CHECK(restored.gradient(0.5, 2.0) == loss.gradient(0.5, 2.0));
  CHECK(streamwise::to_json(streamwise::spec_of(loss)) == R"({"type":"Squared","params":{}})");
  CHECK(streamwise::repr(streamwise::spec_of(loss)) == "Squared ()");
}
