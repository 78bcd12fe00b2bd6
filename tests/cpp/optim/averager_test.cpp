#include <doctest/doctest.h>

#include "optim/optimizer_reference.hpp"
#include "streamwise/optim/adam.hpp"
#include "streamwise/optim/averager.hpp"
#include "streamwise/optim/nesterov_momentum.hpp"
#include "streamwise/optim/optimizer.hpp"
#include "streamwise/optim/sgd.hpp"

using streamwise::optim::Adam;
using streamwise::optim::Averager;
using streamwise::optim::AveragerT;
using streamwise::optim::NesterovMomentum;
using streamwise::optim::SGD;
namespace ref = streamwise::test::optim;

static_assert(streamwise::optim::Optimizer<Averager>);
static_assert(streamwise::optim::Optimizer<AveragerT<Adam>>);

namespace {
template <class O>
std::vector<double> average_of(const O& o) {
  return o.averaged_weights();
}
}  // namespace

TEST_CASE("Averager matches River step by step: weights, average and look_ahead") {
  ref::check_against_river(Averager(), "averager_sgd", average_of<Averager>);
  ref::check_against_river(AveragerT<Adam>(Adam(0.05), 5), "averager_adam_start5",
                           average_of<AveragerT<Adam>>);
  ref::check_against_river(
      AveragerT<NesterovMomentum>(NesterovMomentum(NesterovMomentum::Params{0.05, 0.5}), 3),
      "averager_nesterov_start3", average_of<AveragerT<NesterovMomentum>>);
}

TEST_CASE("Averager follows its documented example") {
  Averager opt(SGD(0.1));
  std::vector<double> w(1, 0.0);
  const streamwise::FeatureId ids[] = {0};
  const double g[] = {1.0};
  opt.step(w, ids, g);
  CHECK(w[0] == doctest::Approx(-0.1).epsilon(1e-15));
  CHECK(opt.averaged_weights()[0] == doctest::Approx(-0.1).epsilon(1e-15));
  opt.step(w, ids, g);
  CHECK(w[0] == doctest::Approx(-0.2).epsilon(1e-15));
  CHECK(opt.averaged_weights()[0] == doctest::Approx(-0.15).epsilon(1e-15));
  CHECK(opt.learning_rate() == 0.1);
  CHECK(opt.n_iterations() == 2);
  // The parameters keep the optimizer as given; the state lives in inner().
  CHECK(opt.params().optimizer.n_iterations() == 0);
  CHECK(opt.inner().n_iterations() == 2);
}

TEST_CASE("Averager does not average before start") {
  Averager opt(SGD(0.1), 2);
  std::vector<double> w(1, 0.0);
  const streamwise::FeatureId ids[] = {0};
  const double g[] = {1.0};
  opt.step(w, ids, g);
  opt.step(w, ids, g);
  CHECK(opt.averaged_weights().empty());
  opt.step(w, ids, g);
  CHECK(opt.averaged_weights()[0] == w[0]);  // first averaged step: the weight itself
}

TEST_CASE("Averager rejects bad input without changing state") {
  ref::check_bad_input(Averager(), "SGD: gradient must be finite, got nan");
  ref::check_bad_input(AveragerT<Adam>(Adam(0.05), 5), "Adam: gradient must be finite, got nan");
}

TEST_CASE("Averager validates its parameters") {
  CHECK_THROWS_WITH_AS(Averager(SGD(), -1), "Averager: start must be >= 0", std::invalid_argument);
}

TEST_CASE("Averager checkpoint round-trip keeps state and behaviour") {
  ref::check_roundtrip_mid_sequence(Averager());
  ref::check_roundtrip_mid_sequence(AveragerT<Adam>(Adam(0.05), 5));
  CHECK(streamwise::to_json(streamwise::spec_of(Averager())) ==
        R"({"type":"Averager","params":{"optimizer":{"type":"SGD","params":{"lr":)"
        R"({"type":"Constant","params":{"learning_rate":0.01}}}},"start":0}})");
  CHECK(streamwise::repr(streamwise::spec_of(Averager())) ==
        "Averager (\n  optimizer=SGD (\n    lr=Constant (\n      learning_rate=0.01\n    )\n  )\n"
        "  start=0\n)");
}
