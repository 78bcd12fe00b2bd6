/// @file
/// `streamwise.naive_bayes`: River's naive Bayes classifiers.

#include <string>

#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/naive_bayes/bernoulli_nb.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/naive_bayes/multinomial_nb.hpp"

namespace streamwise::python {

void register_naive_bayes(py::module_ m) {
  const std::string mod = "streamwise.naive_bayes";
  register_estimator<naive_bayes::GaussianNB>(
      m, mod,
      auto_doc<naive_bayes::GaussianNB>(
          "Gaussian naive Bayes: one running Gaussian per (class, feature).",
          ">>> from streamwise import naive_bayes\n"
          ">>> model = naive_bayes.GaussianNB()\n"
          ">>> data = [({'x': -0.8, 'y': -1.2}, 1), ({'x': -1.1, 'y': -0.9}, 1),\n"
          "...         ({'x': 1.0, 'y': 1.1}, 2), ({'x': 0.9, 'y': 1.2}, 2)]\n"
          ">>> for x, y in data:\n"
          "...     model.learn_one(x, y)\n"
          ">>> model.predict_one({'x': -0.9, 'y': -1.0})\n"
          "1\n"));
  register_estimator<naive_bayes::MultinomialNB>(
      m, mod,
      auto_doc<naive_bayes::MultinomialNB>(
          "Multinomial naive Bayes over counts (e.g. word counts).",
          ">>> from streamwise import naive_bayes\n"
          ">>> model = naive_bayes.MultinomialNB()\n"
          ">>> model.learn_one({'sunny': 2, 'rain': 0}, 'yes')\n"
          ">>> model.learn_one({'sunny': 0, 'rain': 3}, 'no')\n"
          ">>> model.predict_one({'sunny': 1})\n"
          "'yes'\n"));
  register_estimator<naive_bayes::BernoulliNB>(
      m, mod,
      auto_doc<naive_bayes::BernoulliNB>(
          "Bernoulli naive Bayes over binary (present/absent) features.",
          ">>> from streamwise import naive_bayes\n"
          ">>> model = naive_bayes.BernoulliNB()\n"
          ">>> model.learn_one({'sunny': 1, 'rain': 0}, 'yes')\n"
          ">>> model.learn_one({'sunny': 0, 'rain': 1}, 'no')\n"
          ">>> model.predict_one({'sunny': 1, 'rain': 0})\n"
          "'yes'\n"));
}

}  // namespace streamwise::python
