/// @file
/// `streamwise.linear_model`: River's linear models. The GLMs take any optimizer and loss from
/// `streamwise.optim` (held as the type-erased `AnyOptimizer` / `AnyLoss`).

#include <string>

#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/linear_model/alma.hpp"
#include "streamwise/linear_model/bayesian_linear_regression.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/linear_model/pa.hpp"
#include "streamwise/linear_model/perceptron.hpp"
#include "streamwise/linear_model/softmax_regression.hpp"
#include "streamwise/optim/any_loss.hpp"
#include "streamwise/optim/any_optimizer.hpp"

namespace streamwise::python {

namespace {

using LinearRegression = linear_model::LinearRegressionT<optim::AnyOptimizer, optim::AnyLoss>;
using LogisticRegression = linear_model::LogisticRegressionT<optim::AnyOptimizer, optim::AnyLoss>;
using SoftmaxRegression = linear_model::SoftmaxRegressionT<optim::AnyOptimizer>;

std::string binary_example(const std::string& ctor, const std::string& imports = "linear_model") {
  return ">>> from streamwise import " + imports +
         "\n"
         ">>> model = linear_model." +
         ctor +
         "\n"
         ">>> data = [({'a': 1.0, 'b': 0.5}, True), ({'a': -1.0, 'b': -0.5}, False)] * 20\n"
         ">>> for x, y in data:\n"
         "...     model.learn_one(x, y)\n"
         ">>> model.predict_one({'a': 1.0, 'b': 0.5})\n"
         "True\n"
         ">>> sorted(model.predict_proba_one({'a': 1.0, 'b': 0.5}))\n"
         "[False, True]\n";
}

std::string regression_example(const std::string& ctor,
                               const std::string& imports = "linear_model") {
  return ">>> from streamwise import " + imports +
         "\n"
         ">>> model = linear_model." +
         ctor +
         "\n"
         ">>> for i in range(200):\n"
         "...     x = {'a': (i % 10) / 10}\n"
         "...     model.learn_one(x, 2 * x['a'] + 1)\n"
         ">>> abs(model.predict_one({'a': 0.5}) - 2.0) < 0.5\n"
         "True\n";
}

}  // namespace

void register_linear_model(py::module_ m) {
  const std::string mod = "streamwise.linear_model";
  register_estimator<LinearRegression>(
      m, mod,
      auto_doc<LinearRegression>(
          "Linear regression trained by online gradient descent (River's "
          "`linear_model.LinearRegression`); any optimizer and regression loss from "
          "`streamwise.optim`.",
          regression_example("LinearRegression(optimizer=optim.SGD(0.1))", "linear_model, optim")));
  register_estimator<LogisticRegression>(
      m, mod,
      auto_doc<LogisticRegression>(
          "Binary logistic regression trained by online gradient descent (River's "
          "`linear_model.LogisticRegression`). Labels are read as booleans; "
          "`predict_proba_one` returns `{False: p0, True: p1}`.",
          binary_example("LogisticRegression(optimizer=optim.SGD(0.1))", "linear_model, optim")));
  register_estimator<linear_model::Perceptron>(
      m, mod,
      auto_doc<linear_model::Perceptron>("The perceptron (binary).",
                                         binary_example("Perceptron()")));
  register_estimator<linear_model::PAClassifier>(
      m, mod,
      auto_doc<linear_model::PAClassifier>("Passive-aggressive binary classifier.",
                                           binary_example("PAClassifier()")));
  register_estimator<linear_model::PARegressor>(
      m, mod,
      auto_doc<linear_model::PARegressor>("Passive-aggressive regressor.",
                                          ">>> from streamwise import linear_model\n"
                                          ">>> model = linear_model.PARegressor()\n"
                                          ">>> model.learn_one({'a': 1.0}, 2.0)\n"
                                          ">>> model.predict_one({'a': 1.0}) > 0\n"
                                          "True\n"));
  register_estimator<linear_model::ALMAClassifier>(
      m, mod,
      auto_doc<linear_model::ALMAClassifier>("Approximate Large Margin Algorithm (binary).",
                                             binary_example("ALMAClassifier()")));
  register_estimator<SoftmaxRegression>(
      m, mod,
      auto_doc<SoftmaxRegression>(
          "Multiclass logistic (softmax) regression.",
          ">>> from streamwise import linear_model\n"
          ">>> model = linear_model.SoftmaxRegression()\n"
          ">>> data = [({'a': 1.0}, 'x'), ({'a': -1.0}, 'y'), ({'b': 1.0}, 'z')] * 50\n"
          ">>> for x, y in data:\n"
          "...     model.learn_one(x, y)\n"
          ">>> model.predict_one({'b': 1.0})\n"
          "'z'\n"));
  register_estimator<linear_model::BayesianLinearRegression>(
      m, mod,
      auto_doc<linear_model::BayesianLinearRegression>(
          "Bayesian linear regression with a Gaussian prior.",
          regression_example("BayesianLinearRegression()")));
}

}  // namespace streamwise::python
