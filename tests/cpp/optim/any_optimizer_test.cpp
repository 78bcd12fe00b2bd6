#include <doctest/doctest.h>

#include <variant>

#include "optim/optimizer_reference.hpp"
#include "streamwise/optim/any_optimizer.hpp"
#include "streamwise/optim/optimizer.hpp"
#include "streamwise/optim/schedulers/inverse_scaling.hpp"

namespace optim = streamwise::optim;
namespace schedulers = streamwise::optim::schedulers;
namespace ref = streamwise::test::optim;
using optim::AnyOptimizer;

namespace {

std::vector<double> average_of(const AnyOptimizer& o) {
  if (const auto* a = std::get_if<optim::AveragerT<optim::AnyBaseOptimizer>>(&o.variant())) {
    return a->averaged_weights();
  }
  return {};
}

struct ModelParams {
  AnyOptimizer optimizer = optim::SGD();
  template <class V>
  void visit(V&& v) {
    v("optimizer", optimizer);
  }
};

}  // namespace

TEST_CASE("AnyOptimizer forwards every optimizer to River's numbers") {
  const std::pair<const char*, AnyOptimizer> cases[] = {
      {"sgd_default", optim::SGD()},
      {"sgd_lr", optim::SGD(0.1)},
      {"sgd_inverse_scaling", optim::SGD(optim::SGD::Params{schedulers::InverseScaling(0.3, 0.6)})},
      {"adam_default", optim::Adam()},
      {"adam_custom", optim::Adam(optim::Adam::Params{0.05, 0.8, 0.99, 1e-6})},
      {"adam_inverse_scaling",
       optim::Adam(optim::Adam::Params{.lr = schedulers::InverseScaling(0.2, 0.5)})},
      {"ada_grad_default", optim::AdaGrad()},
      {"ada_grad_custom", optim::AdaGrad(optim::AdaGrad::Params{0.5, 1e-4})},
      {"rms_prop_default", optim::RMSProp()},
      {"rms_prop_custom", optim::RMSProp(optim::RMSProp::Params{0.01, 0.5, 1e-6})},
      {"ada_delta_default", optim::AdaDelta()},
      {"ada_delta_custom", optim::AdaDelta(optim::AdaDelta::Params{0.8, 1e-4})},
      {"ada_max_default", optim::AdaMax()},
      {"ada_max_custom", optim::AdaMax(optim::AdaMax::Params{0.02, 0.5, 0.9, 1e-3})},
      {"ams_grad_default", optim::AMSGrad()},
      {"ams_grad_custom", optim::AMSGrad(optim::AMSGrad::Params{0.05, 0.7, 0.95, 1e-5, false})},
      {"momentum_default", optim::Momentum()},
      {"momentum_custom", optim::Momentum(optim::Momentum::Params{0.05, 0.5})},
      {"nesterov_momentum_default", optim::NesterovMomentum()},
      {"nesterov_momentum_custom",
       optim::NesterovMomentum(optim::NesterovMomentum::Params{0.05, 0.5})},
      {"ftrl_proximal_default", optim::FTRLProximal()},
      {"ftrl_proximal_custom",
       optim::FTRLProximal(optim::FTRLProximal::Params{0.1, 0.5, 0.3, 0.1})},
      {"averager_sgd", optim::Averager()},
      {"averager_adam_start5", optim::AveragerT<optim::Adam>(optim::Adam(0.05), 5)},
      {"averager_nesterov_start3",
       optim::AveragerT<optim::NesterovMomentum>(
           optim::NesterovMomentum(optim::NesterovMomentum::Params{0.05, 0.5}), 3)},
  };
  for (const auto& [label, opt] : cases) {
    CAPTURE(label);
    ref::check_against_river(opt, label, average_of);
  }
}

TEST_CASE("AnyOptimizer converts from every optimizer and reports its spec") {
  AnyOptimizer opt;  // SGD with River's defaults
  CHECK(std::holds_alternative<optim::SGD>(opt.variant()));
  CHECK(streamwise::to_json(opt.spec()) ==
        R"({"type":"SGD","params":{"lr":{"type":"Constant","params":{"learning_rate":0.01}}}})");
  opt = optim::FTRLProximal();
  CHECK(opt.spec().type == "FTRLProximal");
  opt = optim::AveragerT<optim::Adam>(optim::Adam(0.05), 2);
  CHECK(std::holds_alternative<optim::AveragerT<optim::AnyBaseOptimizer>>(opt.variant()));
  CHECK(streamwise::to_json(opt.spec()) ==
        R"({"type":"Averager","params":{"optimizer":{"type":"Adam","params":{"lr":)"
        R"({"type":"Constant","params":{"learning_rate":0.05}},"beta_1":0.9,"beta_2":0.999,)"
        R"("eps":1e-08}},"start":2}})");
  CHECK(AnyOptimizer(optim::Adam()) == AnyOptimizer(optim::Adam()));
  CHECK(AnyOptimizer(optim::Adam()) != AnyOptimizer(optim::AMSGrad()));
  CHECK(AnyOptimizer(optim::Adam()) != AnyOptimizer(optim::Adam(0.2)));
  const optim::AnyOptimizer ada_delta = optim::AdaDelta();
  CHECK(ada_delta.learning_rate() == 0.0);
  CHECK(ada_delta.n_iterations() == 0);
}

TEST_CASE("AnyOptimizer as a parameter nests its spec") {
  // What a model's Params does with an `AnyOptimizer optimizer` field.
  const auto list = streamwise::to_param_list(ModelParams{});
  const streamwise::EstimatorSpec spec{"LinearRegression", list};
  CHECK(streamwise::repr(spec) ==
        "LinearRegression (\n  optimizer=SGD (\n    lr=Constant (\n      learning_rate=0.01\n"
        "    )\n  )\n)");
}

TEST_CASE("AnyOptimizer rejects bad input without changing state") {
  ref::check_bad_input(AnyOptimizer(optim::Adam()), "Adam: gradient must be finite, got nan");
  ref::check_bad_input(AnyOptimizer(optim::Averager()), "SGD: gradient must be finite, got nan");
}

TEST_CASE("AnyOptimizer checkpoint round-trip keeps the alternative, state and behaviour") {
  const auto roundtrip = [](const AnyOptimizer& o) { return ref::payload_roundtrip(o); };
  ref::check_roundtrip_mid_sequence(AnyOptimizer(optim::RMSProp()), roundtrip);
  ref::check_roundtrip_mid_sequence(AnyOptimizer(optim::NesterovMomentum()), roundtrip);
  ref::check_roundtrip_mid_sequence(
      AnyOptimizer(optim::AveragerT<optim::Adam>(optim::Adam(0.05), 5)), roundtrip);
  const AnyOptimizer ftrl = optim::FTRLProximal(optim::FTRLProximal::Params{.l1 = 0.5});
  const AnyOptimizer restored = ref::payload_roundtrip(ftrl);
  CHECK(std::holds_alternative<optim::FTRLProximal>(restored.variant()));
  CHECK(restored == ftrl);
}
