// The module headers (`#include <streamwise/<module>.hpp>`) compile together in one translation
// unit and expose what they promise.

#include <doctest/doctest.h>

#include "streamwise/compose.hpp"
#include "streamwise/datasets.hpp"
#include "streamwise/drift.hpp"
#include "streamwise/ensemble.hpp"
#include "streamwise/evaluate.hpp"
#include "streamwise/forest.hpp"
#include "streamwise/linear_model.hpp"
#include "streamwise/metrics.hpp"
#include "streamwise/naive_bayes.hpp"
#include "streamwise/optim.hpp"
#include "streamwise/preprocessing.hpp"
#include "streamwise/stats.hpp"
#include "streamwise/tree.hpp"

TEST_CASE("module headers expose their classes") {
  using namespace streamwise;
  static_assert(Statistic<stats::Var>);
  static_assert(DriftDetector<drift::ADWIN>);
  static_assert(Classifier<linear_model::LogisticRegression>);
  static_assert(Classifier<tree::HoeffdingTreeClassifier<>>);
  static_assert(Regressor<tree::HoeffdingTreeRegressor<>>);
  static_assert(Classifier<tree::HoeffdingAdaptiveTreeClassifier<>>);
  static_assert(Classifier<ensemble::SRPClassifier<>>);
  static_assert(Regressor<tree::HoeffdingAdaptiveTreeRegressor<>>);
  static_assert(Classifier<tree::ExtremelyFastDecisionTreeClassifier<>>);
  static_assert(Classifier<ensemble::BaggingClassifier<naive_bayes::GaussianNB>>);
  static_assert(Classifier<forest::ARFClassifier>);
  static_assert(Regressor<forest::ARFRegressor>);
  static_assert(Transformer<preprocessing::StandardScaler>);
  static_assert(
      Classifier<compose::Pipeline<preprocessing::StandardScaler, naive_bayes::GaussianNB>>);
  datasets::SEA sea;
  CHECK(sea.n_features() == 3);
  metrics::Accuracy accuracy;
  CHECK(accuracy.get() == 0.0);
}
