/// @file
/// `streamwise.optim` (+ losses, schedulers, initializers): the parts that linear models take as
/// parameters, e.g. `LogisticRegression(optimizer=optim.SGD(0.1), loss=optim.losses.Hinge())`.

#include <string>

#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/optim/ada_delta.hpp"
#include "streamwise/optim/ada_grad.hpp"
#include "streamwise/optim/ada_max.hpp"
#include "streamwise/optim/adam.hpp"
#include "streamwise/optim/ams_grad.hpp"
#include "streamwise/optim/any_initializer.hpp"
#include "streamwise/optim/any_loss.hpp"
#include "streamwise/optim/any_optimizer.hpp"
#include "streamwise/optim/any_scheduler.hpp"
#include "streamwise/optim/averager.hpp"
#include "streamwise/optim/ftrl_proximal.hpp"
#include "streamwise/optim/initializers/constant.hpp"
#include "streamwise/optim/initializers/normal.hpp"
#include "streamwise/optim/initializers/zeros.hpp"
#include "streamwise/optim/losses/cross_entropy.hpp"
#include "streamwise/optim/momentum.hpp"
#include "streamwise/optim/nesterov_momentum.hpp"
#include "streamwise/optim/rms_prop.hpp"
#include "streamwise/optim/schedulers/constant.hpp"
#include "streamwise/optim/schedulers/inverse_scaling.hpp"
#include "streamwise/optim/schedulers/optimal.hpp"
#include "streamwise/optim/sgd.hpp"

namespace streamwise::python {

namespace {

template <class T>
void optimizer(py::module_& m, const std::string& summary) {
  const std::string n(T::name);
  register_estimator<T>(m, "streamwise.optim",
                        auto_doc<T>(summary +
                                        "\n\nPass it to a linear model: "
                                        "`linear_model.LogisticRegression(optimizer=optim." +
                                        n + "())`.",
                                    ">>> from streamwise import linear_model, optim\n"
                                    ">>> model = linear_model.LinearRegression(optimizer=optim." +
                                        n +
                                        "())\n"
                                        ">>> model._get_params()['optimizer'].__class__.__name__\n"
                                        "'" +
                                        n + "'\n"));
}

template <class T>
void loss(py::module_& m, const std::string& summary, const std::string& example) {
  register_estimator<T>(m, "streamwise.optim.losses", auto_doc<T>(summary, example));
}

}  // namespace

void register_optim(py::module_ m) {
  py::module_ schedulers = m.def_submodule("schedulers", "Learning-rate schedules.");
  const std::string smod = "streamwise.optim.schedulers";
  register_estimator<optim::schedulers::Constant>(
      schedulers, smod,
      auto_doc<optim::schedulers::Constant>("A constant learning rate.",
                                            ">>> from streamwise import optim\n"
                                            ">>> optim.schedulers.Constant(0.1).get(100)\n"
                                            "0.1\n"));
  register_estimator<optim::schedulers::InverseScaling>(
      schedulers, smod,
      auto_doc<optim::schedulers::InverseScaling>(
          "learning_rate / (t + 1) ** power.",
          ">>> from streamwise import optim\n"
          ">>> optim.schedulers.InverseScaling(0.1, 0.25).get(15)\n"
          "0.05\n"));
  register_estimator<optim::schedulers::Optimal>(
      schedulers, smod,
      auto_doc<optim::schedulers::Optimal>(
          "Léon Bottou's optimal learning rate schedule.",
          ">>> from streamwise import optim\n"
          ">>> lr = optim.schedulers.Optimal(optim.losses.Hinge())\n"
          ">>> lr.get(0) > 0\n"
          "True\n"));

  py::module_ initializers = m.def_submodule("initializers", "Weight initializers.");
  const std::string imod = "streamwise.optim.initializers";
  register_estimator<optim::initializers::Zeros>(
      initializers, imod,
      auto_doc<optim::initializers::Zeros>("Initialises new weights to 0.",
                                           ">>> from streamwise import optim\n"
                                           ">>> optim.initializers.Zeros()\n"
                                           "Zeros ()\n"));
  register_estimator<optim::initializers::Constant>(
      initializers, imod,
      auto_doc<optim::initializers::Constant>("Initialises new weights to a constant.",
                                              ">>> from streamwise import optim\n"
                                              ">>> optim.initializers.Constant(0.5)\n"
                                              "Constant (\n  value=0.5\n)\n"));
  register_estimator<optim::initializers::Normal>(
      initializers, imod,
      auto_doc<optim::initializers::Normal>(
          "Draws new weights from a normal distribution.",
          ">>> from streamwise import optim\n"
          ">>> optim.initializers.Normal(seed=42)._get_params()['seed']\n"
          "42\n"));

  py::module_ losses = m.def_submodule("losses", "Loss functions.");
  const std::string example_call =
      ">>> from streamwise import optim\n"
      ">>> loss = optim.losses.";
  loss<optim::losses::Squared>(losses, "Squared loss, (y_pred - y_true)^2.",
                               example_call + "Squared()\n>>> loss(3.0, 1.0)\n4.0\n");
  loss<optim::losses::Absolute>(losses, "Absolute loss, |y_pred - y_true|.",
                                example_call + "Absolute()\n>>> loss(3.0, 1.0)\n2.0\n");
  loss<optim::losses::Huber>(losses, "Huber loss.",
                             example_call + "Huber()\n>>> loss(0.0, 0.05) > 0\nTrue\n");
  loss<optim::losses::EpsilonInsensitiveHinge>(
      losses, "Epsilon-insensitive hinge loss (for PA regressors).",
      example_call + "EpsilonInsensitiveHinge()\n>>> loss(1.0, 1.0)\n0.0\n");
  loss<optim::losses::Cauchy>(losses, "Cauchy loss.",
                              example_call + "Cauchy()\n>>> loss(1.0, 1.0)\n0.0\n");
  loss<optim::losses::Quantile>(losses, "Quantile (pinball) loss.",
                                example_call + "Quantile(0.5)\n>>> loss(1.0, 1.0)\n0.0\n");
  loss<optim::losses::Log>(losses, "Logistic loss for binary classification.",
                           example_call + "Log()\n>>> round(loss(True, 0.0), 6)\n0.693147\n");
  loss<optim::losses::Hinge>(losses, "Hinge loss for binary classification.",
                             example_call + "Hinge()\n>>> loss(True, 2.0)\n0.0\n");
  loss<optim::losses::Poisson>(losses, "Poisson loss for count regression.",
                               example_call + "Poisson()\n>>> loss(1.0, 0.0)\n1.0\n");
  loss<optim::losses::CrossEntropy>(losses, "Cross-entropy loss for multiclass classification.",
                                    example_call + "CrossEntropy()\n>>> loss\nCrossEntropy ()\n");

  optimizer<optim::SGD>(m, "Stochastic gradient descent.");
  optimizer<optim::Adam>(m, "Adam optimizer.");
  optimizer<optim::AdaGrad>(m, "AdaGrad optimizer.");
  optimizer<optim::RMSProp>(m, "RMSProp optimizer.");
  optimizer<optim::AdaDelta>(m, "AdaDelta optimizer.");
  optimizer<optim::AdaMax>(m, "AdaMax optimizer.");
  optimizer<optim::AMSGrad>(m, "AMSGrad optimizer.");
  optimizer<optim::Momentum>(m, "Momentum optimizer.");
  optimizer<optim::NesterovMomentum>(m, "Nesterov momentum optimizer.");
  optimizer<optim::FTRLProximal>(m, "FTRL-Proximal optimizer.");
  // River's `optim.Averager`: averages the weights of any other optimizer (not of an averager).
  register_estimator<optim::AveragerT<optim::AnyBaseOptimizer>>(
      m, "streamwise.optim",
      auto_doc<optim::AveragerT<optim::AnyBaseOptimizer>>(
          "Averaged gradient descent (River's `optim.Averager`): the wrapped optimizer updates "
          "the weights, and from step `start` on their running average is kept as well.\n\n"
          "As in River 0.26, linear models keep predicting with the wrapped optimizer's weights "
          "(River's models ignore the average `step` returns), so a model with "
          "`Averager(opt)` gives the same answers as one with `opt`. River requires `optimizer`; "
          "here it defaults to `SGD()`. An averager cannot wrap another averager.",
          ">>> from streamwise import linear_model, optim\n"
          ">>> opt = optim.Averager(optim.SGD(0.05), start=10)\n"
          ">>> opt\n"
          "Averager (\n"
          "  optimizer=SGD (\n"
          "    lr=Constant (\n"
          "      learning_rate=0.05\n"
          "    )\n"
          "  )\n"
          "  start=10\n"
          ")\n"
          ">>> model = linear_model.LinearRegression(optimizer=opt)\n"
          ">>> for i in range(20):\n"
          "...     model.learn_one({'x': float(i % 3)}, 2.0 * (i % 3))\n"
          ">>> model._get_params()['optimizer'].n_iterations\n"
          "0\n"));
}

}  // namespace streamwise::python
