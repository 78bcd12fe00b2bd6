#include <doctest/doctest.h>

#include "optim/optimizer_reference.hpp"
#include "streamwise/optim/ada_delta.hpp"
#include "streamwise/optim/optimizer.hpp"

using streamwise::optim::AdaDelta;
namespace ref = streamwise::test::optim;

static_assert(streamwise::optim::Optimizer<AdaDelta>);

TEST_CASE("AdaDelta matches River step by step") {
  ref::check_against_river(AdaDelta(), "ada_delta_default");
  ref::check_against_river(AdaDelta(AdaDelta::Params{0.8, 1e-4}), "ada_delta_custom");
}

TEST_CASE("AdaDelta follows its documented example and has no learning rate") {
  AdaDelta opt;
  std::vector<double> w(1, 0.0);
  const streamwise::FeatureId ids[] = {0};
  const double g[] = {1.0};
  opt.step(w, ids, g);
  CHECK(w[0] == doctest::Approx(-std::sqrt(1e-8) / std::sqrt(0.05 + 1e-8)).epsilon(1e-14));
  CHECK(opt.learning_rate() == 0.0);
}

TEST_CASE("AdaDelta rejects bad input without changing state") {
  ref::check_bad_input(AdaDelta(), "AdaDelta: gradient must be finite, got nan");
}

TEST_CASE("AdaDelta validates its parameters") {
  CHECK_THROWS_WITH_AS(AdaDelta(AdaDelta::Params{.rho = -0.5}), "AdaDelta: rho must be in [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(AdaDelta(AdaDelta::Params{.eps = INFINITY}),
                       "AdaDelta: eps must be finite and > 0", std::invalid_argument);
}

TEST_CASE("AdaDelta checkpoint round-trip keeps state and behaviour") {
  ref::check_roundtrip_mid_sequence(AdaDelta(AdaDelta::Params{0.8, 1e-4}));
  CHECK(streamwise::to_json(streamwise::spec_of(AdaDelta())) ==
        R"({"type":"AdaDelta","params":{"rho":0.95,"eps":1e-08}})");
}
