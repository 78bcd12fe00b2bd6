#include <doctest/doctest.h>

#include "optim/optimizer_reference.hpp"
#include "streamwise/optim/ada_max.hpp"
#include "streamwise/optim/optimizer.hpp"

using streamwise::optim::AdaMax;
namespace ref = streamwise::test::optim;

static_assert(streamwise::optim::Optimizer<AdaMax>);

TEST_CASE("AdaMax matches River step by step") {
  ref::check_against_river(AdaMax(), "ada_max_default");
  ref::check_against_river(AdaMax(AdaMax::Params{0.02, 0.5, 0.9, 1e-3}), "ada_max_custom");
}

TEST_CASE("AdaMax follows its documented example") {
  AdaMax opt;
  std::vector<double> w(1, 0.0);
  const streamwise::FeatureId ids[] = {0};
  const double g[] = {3.0};
  opt.step(w, ids, g);
  // m = 0.3, u = 3, lr / (1 - 0.9) = 1.
  CHECK(w[0] == doctest::Approx(-1.0 * 0.3 / (3.0 + 1e-8)).epsilon(1e-14));
  CHECK(opt.u()[0] == 3.0);
}

TEST_CASE("AdaMax rejects bad input without changing state") {
  ref::check_bad_input(AdaMax(), "AdaMax: gradient must be finite, got nan");
}

TEST_CASE("AdaMax validates its parameters") {
  CHECK_THROWS_WITH_AS(AdaMax(AdaMax::Params{.beta_1 = -0.1}), "AdaMax: beta_1 must be in [0, 1)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(AdaMax(AdaMax::Params{.beta_2 = 2.0}), "AdaMax: beta_2 must be in [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(AdaMax(AdaMax::Params{.eps = 0.0}), "AdaMax: eps must be finite and > 0",
                       std::invalid_argument);
}

TEST_CASE("AdaMax checkpoint round-trip keeps state and behaviour") {
  ref::check_roundtrip_mid_sequence(AdaMax(AdaMax::Params{0.02, 0.5, 0.9, 1e-3}));
  CHECK(streamwise::to_json(streamwise::spec_of(AdaMax())) ==
        R"({"type":"AdaMax","params":{"lr":{"type":"Constant","params":{"learning_rate":0.1}},)"
        R"("beta_1":0.9,"beta_2":0.999,"eps":1e-08}})");
}
