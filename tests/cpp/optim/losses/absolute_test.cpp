#include <doctest/doctest.h>

#include <cmath>

#include "optim/optim_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/losses/absolute.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::losses::Absolute;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<Absolute>);
static_assert(requires(const Absolute l) {
  { l.eval(1.0, 2.0) } -> std::same_as<double>;
  { l.gradient(1.0, 2.0) } -> std::same_as<double>;
  { l.mean_func(2.0) } -> std::same_as<double>;
});

TEST_CASE("Absolute matches River on a grid of targets and predictions") {
  test::check_loss_table<Absolute>("optim/losses_absolute.csv",
                                   [](double, double) { return Absolute{}; });
}

TEST_CASE("Absolute follows River's documented example and kink convention") {
  const Absolute loss;
  CHECK(loss.eval(-42.0, 42.0) == 84.0);
  CHECK(loss.gradient(1.0, 2.0) == 1.0);
  CHECK(loss.gradient(2.0, 1.0) == -1.0);
  CHECK(loss.gradient(1.0, 1.0) == -1.0);  // on the kink: -1, as River
  CHECK(loss.mean_func(3.25) == 3.25);
}

TEST_CASE("Absolute rejects non-finite input") {
  const Absolute loss;
  CHECK_THROWS_WITH_AS(loss.eval(1.0, std::nan("")),
                       doctest::Contains("Absolute: y_pred must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(loss.gradient(INFINITY, 0.0), streamwise::InvalidInput);
}

TEST_CASE("Absolute checkpoint round-trip and spec") {
  const Absolute loss;
  const Absolute restored = test::roundtrip(loss);
  CHECK(restored == loss);
  CHECK(restored.gradient(0.5, 2.0) == loss.gradient(0.5, 2.0));
  CHECK(streamwise::to_json(streamwise::spec_of(loss)) == R"({"type":"Absolute","params":{}})");
}
