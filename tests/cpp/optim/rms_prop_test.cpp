#include <doctest/doctest.h>

#include "optim/optimizer_reference.hpp"
#include "streamwise/optim/optimizer.hpp"
#include "streamwise/optim/rms_prop.hpp"

using streamwise::optim::RMSProp;
namespace ref = streamwise::test::optim;

static_assert(streamwise::optim::Optimizer<RMSProp>);

TEST_CASE("RMSProp matches River step by step") {
  ref::check_against_river(RMSProp(), "rms_prop_default");
  ref::check_against_river(RMSProp(RMSProp::Params{0.01, 0.5, 1e-6}), "rms_prop_custom");
}

TEST_CASE("RMSProp follows its documented example") {
  RMSProp opt;
  std::vector<double> w(1, 0.0);
  const streamwise::FeatureId ids[] = {0};
  const double g[] = {1.0};
  opt.step(w, ids, g);
  CHECK(w[0] == doctest::Approx(-0.1 / std::sqrt(0.1 + 1e-8)).epsilon(1e-14));
}

TEST_CASE("RMSProp rejects bad input without changing state") {
  ref::check_bad_input(RMSProp(), "RMSProp: gradient must be finite, got nan");
}

TEST_CASE("RMSProp validates its parameters") {
  CHECK_THROWS_WITH_AS(RMSProp(RMSProp::Params{.rho = 1.5}), "RMSProp: rho must be in [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(RMSProp(RMSProp::Params{.eps = 0.0}), "RMSProp: eps must be finite and > 0",
                       std::invalid_argument);
}

TEST_CASE("RMSProp checkpoint round-trip keeps state and behaviour") {
  ref::check_roundtrip_mid_sequence(RMSProp(RMSProp::Params{0.01, 0.5, 1e-6}));
  CHECK(streamwise::to_json(streamwise::spec_of(RMSProp())) ==
        R"({"type":"RMSProp","params":{"lr":{"type":"Constant","params":{"learning_rate":0.1}},)"
        R"("rho":0.9,"eps":1e-08}})");
}
