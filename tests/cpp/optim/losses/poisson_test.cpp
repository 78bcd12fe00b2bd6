#include <doctest/doctest.h>

#include <cmath>

#include "optim/optim_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/losses/poisson.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::losses::Poisson;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<Poisson>);
static_assert(requires(const Poisson l) {
  { l.eval(1.0, 2.0) } -> std::same_as<double>;
  { l.gradient(1.0, 2.0) } -> std::same_as<double>;
  { l.mean_func(2.0) } -> std::same_as<double>;
});

TEST_CASE("Poisson matches River on a grid, including River's overflow past exp(709.78)") {
  test::check_loss_table<Poisson>("optim/losses_poisson.csv",
                                  [](double, double) { return Poisson{}; });
}

TEST_CASE("Poisson edge values") {
  const Poisson loss;
  CHECK(loss.eval(3.0, 0.0) == 1.0);
  CHECK(loss.gradient(3.0, 0.0) == -2.0);
  CHECK(loss.mean_func(0.0) == 1.0);
  CHECK(loss.mean_func(-1000.0) == 0.0);  // underflows quietly, as math.exp does
  CHECK_THROWS_WITH_AS(loss.mean_func(710.0),
                       doctest::Contains("Poisson: exp(y_pred) overflows a double"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(loss.gradient(1.0, 1000.0), streamwise::InvalidInput);
}

TEST_CASE("Poisson rejects non-finite input") {
  const Poisson loss;
  CHECK_THROWS_WITH_AS(loss.eval(std::nan(""), 1.0),
                       doctest::Contains("Poisson: y_true must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(loss.gradient(1.0, std::nan("")),
                       doctest::Contains("Poisson: y_pred must be finite"),
                       streamwise::InvalidInput);
}

TEST_CASE("Poisson checkpoint round-trip and spec") {
  const Poisson loss;
  const Poisson restored = test::roundtrip(loss);
  CHECK(restored == loss);
  CHECK(restored.gradient(2.0, 0.5) == loss.gradient(2.0, 0.5));
  CHECK(streamwise::to_json(streamwise::spec_of(loss)) == R"({"type":"Poisson","params":{}})");
}
