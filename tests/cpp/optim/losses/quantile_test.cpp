#include <doctest/doctest.h>

#include <cmath>

#include "optim/optim_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/losses/quantile.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::losses::Quantile;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<Quantile>);
static_assert(requires(const Quantile l) {
  { l.eval(1.0, 2.0) } -> std::same_as<double>;
  { l.gradient(1.0, 2.0) } -> std::same_as<double>;
  { l.mean_func(2.0) } -> std::same_as<double>;
});

TEST_CASE("Quantile matches River for alpha 0.5, 0.1 and 0.9") {
  test::check_loss_table<Quantile>("optim/losses_quantile.csv",
                                   [](double a, double) { return Quantile({.alpha = a}); });
}

TEST_CASE("Quantile follows River's documented example") {
  const Quantile loss({.alpha = 0.5});
  CHECK(loss.eval(1.0, 3.0) == 1.0);
  CHECK(loss.gradient(1.0, 3.0) == 0.5);
  CHECK(loss.gradient(3.0, 1.0) == -0.5);
  CHECK(loss.gradient(2.0, 2.0) == -0.5);  // no strict inequality: the lower branch
  const Quantile high({.alpha = 0.9});
  CHECK(high.eval(10.0, 0.0) == doctest::Approx(1.0));  // (0.9 - 1) * -10
}

TEST_CASE("Quantile validates its parameters") {
  CHECK_THROWS_WITH_AS(Quantile({.alpha = 1.5}), "Quantile: alpha must be in [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_AS(Quantile({.alpha = -0.1}), std::invalid_argument);
  CHECK_THROWS_AS(Quantile({.alpha = NAN}), std::invalid_argument);
  CHECK_NOTHROW(Quantile({.alpha = 0.0}));
  CHECK_NOTHROW(Quantile({.alpha = 1.0}));
}

TEST_CASE("Quantile rejects non-finite input") {
  const Quantile loss;
  CHECK_THROWS_WITH_AS(loss.eval(INFINITY, 0.0),
                       doctest::Contains("Quantile: y_true must be finite"),
                       streamwise::InvalidInput);
}

TEST_CASE("Quantile checkpoint round-trip and spec") {
  const Quantile loss({.alpha = 0.25});
  const Quantile restored = test::roundtrip(loss);
  CHECK(restored == loss);
  CHECK(restored.gradient(1.0, 0.0) == -0.25);
  CHECK(streamwise::to_json(streamwise::spec_of(loss)) ==
        R"({"type":"Quantile","params":{"alpha":0.25}})");
}
