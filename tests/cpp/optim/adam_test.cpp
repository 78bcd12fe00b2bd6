#include <doctest/doctest.h>

#include "optim/optimizer_reference.hpp"
#include "streamwise/optim/adam.hpp"
#include "streamwise/optim/optimizer.hpp"
#include "streamwise/optim/schedulers/inverse_scaling.hpp"

using streamwise::optim::Adam;
namespace schedulers = streamwise::optim::schedulers;
namespace ref = streamwise::test::optim;

static_assert(streamwise::optim::Optimizer<Adam>);

TEST_CASE("Adam matches River step by step") {
  ref::check_against_river(Adam(), "adam_default");
  ref::check_against_river(Adam(Adam::Params{0.05, 0.8, 0.99, 1e-6}), "adam_custom");
  ref::check_against_river(Adam(Adam::Params{.lr = schedulers::InverseScaling(0.2, 0.5)}),
                           "adam_inverse_scaling");
}

TEST_CASE("Adam's first step has the bias-corrected size") {
  Adam adam;
  std::vector<double> w(2, 0.0);
  const streamwise::FeatureId ids[] = {1};
  const double g[] = {0.5};
  adam.step(w, ids, g);
  // m = 0.05, v = 0.00025: lr * sqrt(0.001) / 0.1 * m / (sqrt(v) + eps), independent check.
  const double expected =
      -0.1 * std::sqrt(1 - 0.999) / (1 - 0.9) * 0.05 / (std::sqrt(0.00025) + 1e-8);
  CHECK(w[0] == 0.0);
  CHECK(w[1] == doctest::Approx(expected).epsilon(1e-12));
  CHECK(adam.m().size() == 2);
  CHECK(adam.m()[0] == 0.0);
}

TEST_CASE("Adam rejects bad input without changing state") {
  ref::check_bad_input(Adam(), "Adam: gradient must be finite, got nan");
}

TEST_CASE("Adam validates its parameters") {
  CHECK_THROWS_WITH_AS(Adam(Adam::Params{.beta_1 = 1.0}), "Adam: beta_1 must be in [0, 1)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(Adam(Adam::Params{.beta_2 = -0.1}), "Adam: beta_2 must be in [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(Adam(Adam::Params{.eps = 0.0}), "Adam: eps must be finite and > 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(Adam(Adam::Params{.beta_1 = std::nan("")}), "Adam: beta_1 must be in [0, 1)",
                       std::invalid_argument);
}

TEST_CASE("Adam parameters can be filled from a parameter list") {
  const streamwise::ParamList list{{"beta_1", 0.8}, {"eps", 1e-6}};
  const auto params = streamwise::params_from_list<Adam::Params>(list, "Adam");
  CHECK(params.beta_1 == 0.8);
  CHECK(params.eps == 1e-6);
  CHECK(params.lr == Adam::Params{}.lr);
  CHECK_THROWS_WITH_AS(streamwise::params_from_list<Adam::Params>({{"beta_1", 1.5}}, "Adam"),
                       "Adam: beta_1 must be in [0, 1)", std::invalid_argument);
}

TEST_CASE("Adam checkpoint round-trip keeps state and behaviour") {
  ref::check_roundtrip_mid_sequence(Adam(Adam::Params{0.05, 0.8, 0.99, 1e-6}));
  CHECK(streamwise::to_json(streamwise::spec_of(Adam())) ==
        R"({"type":"Adam","params":{"lr":{"type":"Constant","params":{"learning_rate":0.1}},)"
        R"("beta_1":0.9,"beta_2":0.999,"eps":1e-08}})");
}
