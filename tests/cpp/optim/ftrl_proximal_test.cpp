#include <doctest/doctest.h>

#include "optim/optimizer_reference.hpp"
#include "streamwise/optim/ftrl_proximal.hpp"
#include "streamwise/optim/optimizer.hpp"

using streamwise::optim::FTRLProximal;
namespace ref = streamwise::test::optim;

static_assert(streamwise::optim::Optimizer<FTRLProximal>);

TEST_CASE("FTRLProximal matches River step by step") {
  ref::check_against_river(FTRLProximal(), "ftrl_proximal_default");
  ref::check_against_river(FTRLProximal(FTRLProximal::Params{0.1, 0.5, 0.3, 0.1}),
                           "ftrl_proximal_custom");
}

TEST_CASE("FTRLProximal follows its documented example") {
  FTRLProximal opt;
  std::vector<double> w(1, 0.0);
  const streamwise::FeatureId ids[] = {0};
  const double g[] = {1.0};
  opt.look_ahead(w, ids);
  opt.step(w, ids, g);
  CHECK(w[0] == 0.0);
  CHECK(opt.z()[0] == 1.0);
  CHECK(opt.n()[0] == 1.0);
  opt.step(w, ids, g);
  CHECK(w[0] == doctest::Approx(-1.0 / (2.0 / 0.05 + 1.0)).epsilon(1e-15));
  CHECK(opt.learning_rate() == 0.05);
}

TEST_CASE("FTRLProximal leaves weights whose |z| is within l1 alone") {
  FTRLProximal opt(FTRLProximal::Params{.l1 = 5.0});
  std::vector<double> w(1, 0.25);
  const streamwise::FeatureId ids[] = {0};
  const double g[] = {1.0};
  opt.step(w, ids, g);
  opt.step(w, ids, g);
  CHECK(w[0] == 0.25);
}

TEST_CASE("FTRLProximal rejects bad input without changing state") {
  ref::check_bad_input(FTRLProximal(), "FTRLProximal: gradient must be finite, got nan");
}

TEST_CASE("FTRLProximal validates its parameters") {
  CHECK_THROWS_WITH_AS(FTRLProximal(FTRLProximal::Params{.alpha = 0.0}),
                       "FTRLProximal: alpha must be finite and > 0", std::invalid_argument);
  CHECK_THROWS_WITH_AS(FTRLProximal(FTRLProximal::Params{.beta = -1.0}),
                       "FTRLProximal: beta must be finite and >= 0", std::invalid_argument);
  CHECK_THROWS_WITH_AS(FTRLProximal(FTRLProximal::Params{.l1 = -1.0}),
                       "FTRLProximal: l1 must be finite and >= 0", std::invalid_argument);
  CHECK_THROWS_WITH_AS(FTRLProximal(FTRLProximal::Params{.l2 = std::nan("")}),
                       "FTRLProximal: l2 must be finite and >= 0", std::invalid_argument);
}

TEST_CASE("FTRLProximal checkpoint round-trip keeps state and behaviour") {
  ref::check_roundtrip_mid_sequence(FTRLProximal(FTRLProximal::Params{0.1, 0.5, 0.3, 0.1}));
  CHECK(streamwise::to_json(streamwise::spec_of(FTRLProximal())) ==
        R"({"type":"FTRLProximal","params":{"alpha":0.05,"beta":1.0,"l1":0.0,"l2":1.0}})");
}
