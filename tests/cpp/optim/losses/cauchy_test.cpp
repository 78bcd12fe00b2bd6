#include <doctest/doctest.h>

#include <cmath>

#include "optim/optim_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/losses/cauchy.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::losses::Cauchy;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<Cauchy>);
static_assert(requires(const Cauchy l) {
  { l.eval(1.0, 2.0) } -> std::same_as<double>;
  { l.gradient(1.0, 2.0) } -> std::same_as<double>;
  { l.mean_func(2.0) } -> std::same_as<double>;
});

TEST_CASE("Cauchy matches River for C = 80 and C = 1") {
  test::check_loss_table<Cauchy>("optim/losses_cauchy.csv",
                                 [](double c, double) { return Cauchy({.C = c}); });
}

TEST_CASE("Cauchy gradient fades far beyond C") {
  const Cauchy loss;
  CHECK(loss.gradient(0.0, 80.0) == 40.0);
  CHECK(loss.gradient(0.0, -80.0) == -40.0);
  CHECK(loss.gradient(0.0, 0.0) == 0.0);
  CHECK(std::fabs(loss.gradient(0.0, 1e6)) < 10.0);
  CHECK(loss.eval(2.0, -1.0) == 3.0);  // River's __call__ is the absolute residual
  // River raises OverflowError when (d / C)^2 does not fit a double.
  const Cauchy tiny({.C = 1e-300});
  CHECK_THROWS_WITH_AS(tiny.gradient(0.0, 1e10), doctest::Contains("Cauchy: (residual / C)^2"),
                       streamwise::InvalidInput);
}

TEST_CASE("Cauchy validates its parameters") {
  CHECK_THROWS_WITH_AS(Cauchy({.C = 0.0}), "Cauchy: C must be finite and > 0",
                       std::invalid_argument);
  CHECK_THROWS_AS(Cauchy({.C = -80.0}), std::invalid_argument);
  CHECK_THROWS_AS(Cauchy({.C = INFINITY}), std::invalid_argument);
}

TEST_CASE("Cauchy rejects non-finite input") {
  const Cauchy loss;
  CHECK_THROWS_WITH_AS(loss.gradient(0.0, std::nan("")),
                       doctest::Contains("Cauchy: y_pred must be finite"),
                       streamwise::InvalidInput);
}

TEST_CASE("Cauchy checkpoint round-trip and spec") {
  const Cauchy loss({.C = 2.5});
  const Cauchy restored = test::roundtrip(loss);
  CHECK(restored == loss);
  CHECK(restored.gradient(1.0, 7.0) == loss.gradient(1.0, 7.0));
  CHECK(streamwise::to_json(streamwise::spec_of(loss)) ==
        R"({"type":"Cauchy","params":{"C":2.5}})");
}
