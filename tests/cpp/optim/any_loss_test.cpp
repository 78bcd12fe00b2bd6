#include <doctest/doctest.h>

#include <cmath>
#include <type_traits>

#include "optim/optim_reference.hpp"
#include "streamwise/optim/any_loss.hpp"

using streamwise::optim::AnyLoss;
namespace losses = streamwise::optim::losses;
namespace test = streamwise::test;

static_assert(std::is_convertible_v<losses::Hinge, AnyLoss>);
static_assert(std::is_convertible_v<losses::Poisson, AnyLoss>);
static_assert(!std::is_convertible_v<double, AnyLoss>);
static_assert(requires(const AnyLoss l) {
  { l.eval(1.0, 2.0) } -> std::same_as<double>;
  { l.gradient(1.0, 2.0) } -> std::same_as<double>;
  { l.mean_func(2.0) } -> std::same_as<double>;
});

TEST_CASE("AnyLoss forwards every alternative and matches River's tables") {
  test::check_loss_table<AnyLoss>("optim/losses_squared.csv",
                                  [](double, double) { return AnyLoss(losses::Squared{}); });
  test::check_loss_table<AnyLoss>("optim/losses_absolute.csv",
                                  [](double, double) { return AnyLoss(losses::Absolute{}); });
  test::check_loss_table<AnyLoss>("optim/losses_huber.csv", [](double e, double) {
    return AnyLoss(losses::Huber({.epsilon = e}));
  });
  test::check_loss_table<AnyLoss>(
      "optim/losses_epsilon_insensitive_hinge.csv",
      [](double e, double) { return AnyLoss(losses::EpsilonInsensitiveHinge({.eps = e})); });
  test::check_loss_table<AnyLoss>("optim/losses_cauchy.csv", [](double c, double) {
    return AnyLoss(losses::Cauchy({.C = c}));
  });
  test::check_loss_table<AnyLoss>("optim/losses_quantile.csv", [](double a, double) {
    return AnyLoss(losses::Quantile({.alpha = a}));
  });
  test::check_loss_table<AnyLoss>("optim/losses_log.csv", [](double wp, double wn) {
    return AnyLoss(losses::Log({.weight_pos = wp, .weight_neg = wn}));
  });
  test::check_loss_table<AnyLoss>("optim/losses_hinge.csv", [](double t, double) {
    return AnyLoss(losses::Hinge({.threshold = t}));
  });
  test::check_loss_table<AnyLoss>("optim/losses_poisson.csv",
                                  [](double, double) { return AnyLoss(losses::Poisson{}); });
}

TEST_CASE("AnyLoss default, equality and spec") {
  const AnyLoss def;
  CHECK(std::holds_alternative<losses::Squared>(def.variant()));
  CHECK(def == AnyLoss(losses::Squared{}));
  CHECK_FALSE(AnyLoss(losses::Hinge{}) == AnyLoss(losses::Hinge({.threshold = 0.0})));
  CHECK_FALSE(AnyLoss(losses::Squared{}) == AnyLoss(losses::Absolute{}));
  CHECK(streamwise::to_json(AnyLoss(losses::Log{}).spec()) ==
        R"({"type":"Log","params":{"weight_pos":1.0,"weight_neg":1.0}})");
}

TEST_CASE("AnyLoss passes bad input errors through") {
  const AnyLoss loss = losses::Log{};
  CHECK_THROWS_WITH_AS(loss.gradient(1.0, std::nan("")),
                       doctest::Contains("Log: y_pred must be finite"), streamwise::InvalidInput);
}

TEST_CASE("AnyLoss round-trips every alternative through a checkpoint payload") {
  const AnyLoss all[] = {losses::Squared{},
                         losses::Absolute{},
                         losses::Huber({.epsilon = 2.0}),
                         losses::EpsilonInsensitiveHinge({.eps = 0.3}),
                         losses::Cauchy({.C = 4.0}),
                         losses::Quantile({.alpha = 0.8}),
                         losses::Log({.weight_pos = 2.0, .weight_neg = 3.0}),
                         losses::Hinge({.threshold = 0.0}),
                         losses::Poisson{}};
  for (const AnyLoss& loss : all) {
    const AnyLoss restored = test::payload_roundtrip(loss);
    CHECK(restored == loss);
    CHECK(restored.variant().index() == loss.variant().index());
    CHECK(restored.gradient(1.0, 0.25) == loss.gradient(1.0, 0.25));
  }
}
