#include <doctest/doctest.h>

#include "optim/optimizer_reference.hpp"
#include "streamwise/optim/nesterov_momentum.hpp"
#include "streamwise/optim/optimizer.hpp"

using streamwise::optim::NesterovMomentum;
namespace ref = streamwise::test::optim;

static_assert(streamwise::optim::Optimizer<NesterovMomentum>);

TEST_CASE("NesterovMomentum matches River step by step, look_ahead included") {
  ref::check_against_river(NesterovMomentum(), "nesterov_momentum_default");
  ref::check_against_river(NesterovMomentum(NesterovMomentum::Params{0.05, 0.5}),
                           "nesterov_momentum_custom");
}

TEST_CASE("NesterovMomentum follows its documented example") {
  NesterovMomentum opt;
  std::vector<double> w(2, 0.0);
  const streamwise::FeatureId ids[] = {0};
  const double g[] = {1.0};
  opt.look_ahead(w, ids);
  CHECK(w[0] == 0.0);
  opt.step(w, ids, g);
  CHECK(w[0] == doctest::Approx(-0.1).epsilon(1e-15));
  opt.look_ahead(w, ids);
  CHECK(w[0] == doctest::Approx(-0.19).epsilon(1e-15));
  // A feature never stepped (id 1) and one past the state (look-ahead before growth) stay put.
  const streamwise::FeatureId other[] = {1};
  opt.look_ahead(w, other);
  CHECK(w[1] == 0.0);
}

TEST_CASE("NesterovMomentum rejects bad input without changing state") {
  ref::check_bad_input(NesterovMomentum(), "NesterovMomentum: gradient must be finite, got nan");
  NesterovMomentum opt;
  std::vector<double> w(1, 0.0);
  const streamwise::FeatureId far[] = {3};
  CHECK_THROWS_WITH_AS(opt.look_ahead(w, far),
                       "NesterovMomentum: feature id 3 is outside the weight vector of size 1",
                       streamwise::InvalidInput);
  CHECK(w == std::vector<double>{0.0});
}

TEST_CASE("NesterovMomentum validates its parameters") {
  CHECK_THROWS_WITH_AS(NesterovMomentum(NesterovMomentum::Params{.rho = -1.0}),
                       "NesterovMomentum: rho must be in [0, 1]", std::invalid_argument);
}

TEST_CASE("NesterovMomentum checkpoint round-trip keeps state and behaviour") {
  ref::check_roundtrip_mid_sequence(NesterovMomentum(NesterovMomentum::Params{0.05, 0.5}));
  CHECK(streamwise::to_json(streamwise::spec_of(NesterovMomentum())) ==
        R"({"type":"NesterovMomentum","params":{"lr":{"type":"Constant","params":)"
        R"({"learning_rate":0.1}},"rho":0.9}})");
}
