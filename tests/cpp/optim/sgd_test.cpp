#include <doctest/doctest.h>

#include "optim/optimizer_reference.hpp"
#include "streamwise/optim/optimizer.hpp"
#include "streamwise/optim/schedulers/inverse_scaling.hpp"
#include "streamwise/optim/sgd.hpp"

using streamwise::optim::SGD;
namespace schedulers = streamwise::optim::schedulers;
namespace ref = streamwise::test::optim;

static_assert(streamwise::optim::Optimizer<SGD>);

TEST_CASE("SGD matches River step by step") {
  ref::check_against_river(SGD(), "sgd_default");
  ref::check_against_river(SGD(0.1), "sgd_lr");
  ref::check_against_river(SGD(SGD::Params{schedulers::InverseScaling(0.3, 0.6)}),
                           "sgd_inverse_scaling");
}

TEST_CASE("SGD follows its documented example") {
  SGD sgd(0.1);
  std::vector<double> w(3, 0.0);
  const streamwise::FeatureId ids[] = {0, 2};
  const double g[] = {1.0, -2.0};
  sgd.look_ahead(w, ids);
  CHECK(w == std::vector<double>{0.0, 0.0, 0.0});
  sgd.step(w, ids, g);
  CHECK(w == std::vector<double>{-0.1, 0.0, 0.2});
  CHECK(sgd.n_iterations() == 1);
  CHECK(sgd.learning_rate() == 0.1);
}

TEST_CASE("SGD rejects bad input without changing state") {
  ref::check_bad_input(SGD(), "SGD: gradient must be finite, got nan");
}

TEST_CASE("SGD validates its parameters") {
  CHECK_THROWS_WITH_AS(SGD(-0.1), "Constant: learning_rate must be finite and >= 0",
                       std::invalid_argument);
  CHECK(SGD().params().lr == streamwise::optim::AnyScheduler(schedulers::Constant(0.01)));
}

TEST_CASE("SGD checkpoint round-trip keeps state and behaviour") {
  ref::check_roundtrip_mid_sequence(SGD(SGD::Params{schedulers::InverseScaling(0.3, 0.6)}));
  CHECK(streamwise::to_json(streamwise::spec_of(SGD())) ==
        R"({"type":"SGD","params":{"lr":{"type":"Constant","params":{"learning_rate":0.01}}}})");
  CHECK(streamwise::repr(streamwise::spec_of(SGD())) ==
        "SGD (\n  lr=Constant (\n    learning_rate=0.01\n  )\n)");
}
