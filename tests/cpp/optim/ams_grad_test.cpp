#include <doctest/doctest.h>

#include "optim/optimizer_reference.hpp"
#include "streamwise/optim/ams_grad.hpp"
#include "streamwise/optim/optimizer.hpp"

using streamwise::optim::AMSGrad;
namespace ref = streamwise::test::optim;

static_assert(streamwise::optim::Optimizer<AMSGrad>);

TEST_CASE("AMSGrad matches River step by step") {
  ref::check_against_river(AMSGrad(), "ams_grad_default");
  ref::check_against_river(AMSGrad(AMSGrad::Params{0.05, 0.7, 0.95, 1e-5, false}),
                           "ams_grad_custom");
}

TEST_CASE("AMSGrad keeps the largest second moment") {
  AMSGrad opt;
  std::vector<double> w(1, 0.0);
  const streamwise::FeatureId ids[] = {0};
  const double big[] = {4.0};
  const double small[] = {0.1};
  opt.step(w, ids, big);
  const double peak = opt.v_hat()[0];
  opt.step(w, ids, small);
  CHECK(opt.v()[0] < peak * 1.0001);
  CHECK(opt.v_hat()[0] == std::max(peak, opt.v()[0]));
}

TEST_CASE("AMSGrad rejects bad input without changing state") {
  ref::check_bad_input(AMSGrad(), "AMSGrad: gradient must be finite, got nan");
}

TEST_CASE("AMSGrad validates its parameters") {
  CHECK_THROWS_WITH_AS(AMSGrad(AMSGrad::Params{.beta_1 = 1.0}), "AMSGrad: beta_1 must be in [0, 1)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(AMSGrad(AMSGrad::Params{.beta_2 = 1.1}), "AMSGrad: beta_2 must be in [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(AMSGrad(AMSGrad::Params{.eps = -1e-8}),
                       "AMSGrad: eps must be finite and > 0", std::invalid_argument);
}

TEST_CASE("AMSGrad checkpoint round-trip keeps state and behaviour") {
  ref::check_roundtrip_mid_sequence(AMSGrad());
  CHECK(streamwise::to_json(streamwise::spec_of(AMSGrad())) ==
        R"({"type":"AMSGrad","params":{"lr":{"type":"Constant","params":{"learning_rate":0.1}},)"
        R"("beta_1":0.9,"beta_2":0.999,"eps":1e-08,"correct_bias":true}})");
}
