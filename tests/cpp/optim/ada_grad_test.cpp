#include <doctest/doctest.h>

#include "optim/optimizer_reference.hpp"
#include "streamwise/optim/ada_grad.hpp"
#include "streamwise/optim/optimizer.hpp"

using streamwise::optim::AdaGrad;
namespace ref = streamwise::test::optim;

static_assert(streamwise::optim::Optimizer<AdaGrad>);

TEST_CASE("AdaGrad matches River step by step") {
  ref::check_against_river(AdaGrad(), "ada_grad_default");
  ref::check_against_river(AdaGrad(AdaGrad::Params{0.5, 1e-4}), "ada_grad_custom");
}

TEST_CASE("AdaGrad follows its documented example") {
  AdaGrad opt;
  std::vector<double> w(1, 0.0);
  const streamwise::FeatureId ids[] = {0};
  const double g[] = {2.0};
  opt.step(w, ids, g);
  CHECK(w[0] == doctest::Approx(-0.1 * 2.0 / std::sqrt(4.0 + 1e-8)).epsilon(1e-14));
  CHECK(opt.g2()[0] == 4.0);
}

TEST_CASE("AdaGrad rejects bad input without changing state") {
  ref::check_bad_input(AdaGrad(), "AdaGrad: gradient must be finite, got nan");
}

TEST_CASE("AdaGrad validates its parameters") {
  CHECK_THROWS_WITH_AS(AdaGrad(AdaGrad::Params{.eps = -1.0}), "AdaGrad: eps must be finite and > 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(AdaGrad(-1.0), "Constant: learning_rate must be finite and >= 0",
                       std::invalid_argument);
}

TEST_CASE("AdaGrad checkpoint round-trip keeps state and behaviour") {
  ref::check_roundtrip_mid_sequence(AdaGrad(AdaGrad::Params{0.5, 1e-4}));
  CHECK(streamwise::to_json(streamwise::spec_of(AdaGrad())) ==
        R"({"type":"AdaGrad","params":{"lr":{"type":"Constant","params":{"learning_rate":0.1}},)"
        R"("eps":1e-08}})");
}
