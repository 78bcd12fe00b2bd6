#include <doctest/doctest.h>

#include "optim/optimizer_reference.hpp"
#include "streamwise/optim/momentum.hpp"
#include "streamwise/optim/optimizer.hpp"

using streamwise::optim::Momentum;
namespace ref = streamwise::test::optim;

static_assert(streamwise::optim::Optimizer<Momentum>);

TEST_CASE("Momentum matches River step by step") {
  ref::check_against_river(Momentum(), "momentum_default");
  ref::check_against_river(Momentum(Momentum::Params{0.05, 0.5}), "momentum_custom");
}

TEST_CASE("Momentum follows its documented example") {
  Momentum opt;
  std::vector<double> w(1, 0.0);
  const streamwise::FeatureId ids[] = {0};
  const double g[] = {1.0};
  opt.step(w, ids, g);
  CHECK(w[0] == doctest::Approx(-0.1).epsilon(1e-15));
  opt.step(w, ids, g);
  CHECK(w[0] == doctest::Approx(-0.29).epsilon(1e-15));
}

TEST_CASE("Momentum rejects bad input without changing state") {
  ref::check_bad_input(Momentum(), "Momentum: gradient must be finite, got nan");
}

TEST_CASE("Momentum validates its parameters") {
  CHECK_THROWS_WITH_AS(Momentum(Momentum::Params{.rho = 1.01}), "Momentum: rho must be in [0, 1]",
                       std::invalid_argument);
}

TEST_CASE("Momentum checkpoint round-trip keeps state and behaviour") {
  ref::check_roundtrip_mid_sequence(Momentum(Momentum::Params{0.05, 0.5}));
  CHECK(streamwise::to_json(streamwise::spec_of(Momentum())) ==
        R"({"type":"Momentum","params":{"lr":{"type":"Constant","params":{"learning_rate":0.1}},)"
        R"("rho":0.9}})");
}
