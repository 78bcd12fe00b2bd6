#include <doctest/doctest.h>

#include <cmath>

#include "optim/optim_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/losses/log.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::losses::Log;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<Log>);
static_assert(requires(const Log l) {
  { l.eval(1.0, 2.0) } -> std::same_as<double>;
  { l.gradient(1.0, 2.0) } -> std::same_as<double>;
  { l.mean_func(2.0) } -> std::same_as<double>;
});

TEST_CASE("Log matches River, including its asymptotic tails beyond |z| = 18") {
  test::check_loss_table<Log>("optim/losses_log.csv", [](double wp, double wn) {
    return Log({.weight_pos = wp, .weight_neg = wn});
  });
}

TEST_CASE("Log maps label 0 to -1 and uses the class weights") {
  const Log loss;
  CHECK(loss.eval(1.0, 0.0) == std::log(2.0));
  CHECK(loss.gradient(1.0, 0.0) == -0.5);
  CHECK(loss.gradient(0.0, 0.0) == 0.5);
  CHECK(loss.mean_func(0.0) == 0.5);
  CHECK(loss.mean_func(-31.0) == 0.0);  // River's sigmoid clamps beyond ±30
  CHECK(loss.mean_func(31.0) == 1.0);
  const Log weighted({.weight_pos = 2.0, .weight_neg = 0.5});
  CHECK(weighted.gradient(1.0, 0.0) == -1.0);
  CHECK(weighted.gradient(0.0, 0.0) == 0.25);
  CHECK(weighted.eval(0.0, -1000.0) == 0.0);  // exp(-1000) underflows to 0
  CHECK(weighted.eval(1.0, -1000.0) == 2000.0);
}

TEST_CASE("Log validates its parameters") {
  CHECK_THROWS_WITH_AS(Log({.weight_pos = -1.0}), "Log: weight_pos must be finite and >= 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(Log({.weight_pos = 1.0, .weight_neg = NAN}),
                       "Log: weight_neg must be finite and >= 0", std::invalid_argument);
}

TEST_CASE("Log rejects non-finite input") {
  const Log loss;
  CHECK_THROWS_WITH_AS(loss.gradient(1.0, std::nan("")),
                       doctest::Contains("Log: y_pred must be finite"), streamwise::InvalidInput);
  CHECK_THROWS_AS(loss.mean_func(INFINITY), streamwise::InvalidInput);
}

TEST_CASE("Log checkpoint round-trip and spec") {
  const Log loss({.weight_pos = 3.0, .weight_neg = 0.5});
  const Log restored = test::roundtrip(loss);
  CHECK(restored == loss);
  CHECK(restored.gradient(1.0, 0.3) == loss.gradient(1.0, 0.3));
  CHECK(streamwise::to_json(streamwise::spec_of(loss)) ==
        R"({"type":"Log","params":{"weight_pos":3.0,"weight_neg":0.5}})");
}
