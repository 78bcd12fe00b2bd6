// The registration table: one line per class. Adding a class (a tree, an ensemble) is one more
// line in `table()` with its header included above.

#include "streamwise/registry/registry.hpp"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "build.hpp"
#include "streamwise/ensemble/adwin_bagging_classifier.hpp"
#include "streamwise/ensemble/bagging_classifier.hpp"
#include "streamwise/ensemble/bagging_regressor.hpp"
#include "streamwise/ensemble/leveraging_bagging_classifier.hpp"
#include "streamwise/ensemble/srp_classifier.hpp"
#include "streamwise/forest/arf_classifier.hpp"
#include "streamwise/forest/arf_regressor.hpp"
#include "streamwise/linear_model/alma.hpp"
#include "streamwise/linear_model/bayesian_linear_regression.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/linear_model/pa.hpp"
#include "streamwise/linear_model/perceptron.hpp"
#include "streamwise/linear_model/softmax_regression.hpp"
#include "streamwise/naive_bayes/bernoulli_nb.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/naive_bayes/multinomial_nb.hpp"
#include "streamwise/optim/any_loss.hpp"
#include "streamwise/optim/any_optimizer.hpp"
#include "streamwise/preprocessing/binarizer.hpp"
#include "streamwise/preprocessing/feature_hasher.hpp"
#include "streamwise/preprocessing/max_abs_scaler.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "streamwise/preprocessing/normalizer.hpp"
#include "streamwise/preprocessing/one_hot_encoder.hpp"
#include "streamwise/preprocessing/ordinal_encoder.hpp"
#include "streamwise/preprocessing/robust_scaler.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "streamwise/preprocessing/target_standard_scaler.hpp"
#include "streamwise/tree/extremely_fast_decision_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_adaptive_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_adaptive_tree_regressor.hpp"
#include "streamwise/tree/hoeffding_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_tree_regressor.hpp"

namespace streamwise::registry {

namespace {

using compose::AnyClassifier;
using compose::AnyRegressor;
using compose::AnyTransformer;

struct Entry {
  std::string_view name;
  Kind kind;
  AnyClassifier (*classifier)(const EstimatorSpec&);
  AnyRegressor (*regressor)(const EstimatorSpec&);
  AnyTransformer (*transformer)(const EstimatorSpec&);
};

template <class T>
Entry classifier() {
  return {T::name, Kind::classifier,
          [](const EstimatorSpec& s) { return AnyClassifier(detail::build_estimator<T>(s)); },
          nullptr, nullptr};
}
template <class T>
Entry regressor() {
  return {T::name, Kind::regressor, nullptr,
          [](const EstimatorSpec& s) { return AnyRegressor(detail::build_estimator<T>(s)); },
          nullptr};
}
template <class T>
Entry transformer() {
  return {T::name, Kind::transformer, nullptr, nullptr,
          [](const EstimatorSpec& s) { return AnyTransformer(detail::build_estimator<T>(s)); }};
}

// The wrapped model of an ensemble: one registered estimator, or a "Pipeline" spec (as
// checkpoint headers write pipelines).
template <class Final>
Final erased_model(const EstimatorSpec& spec) {
  if constexpr (std::is_same_v<Final, AnyClassifier>) {
    if (spec.type == "Pipeline") return AnyClassifier(make_classifier_pipeline(steps_of(spec)));
    return make_classifier(spec);
  } else {
    if (spec.type == "Pipeline") return AnyRegressor(make_regressor_pipeline(steps_of(spec)));
    return make_regressor(spec);
  }
}

// An ensemble over any registered model: `model` (required) is a nested spec, built first; the
// other parameters are the ensemble's own.
template <class E, Kind kind>
E build_ensemble(const EstimatorSpec& spec) {
  const std::string owner(E::name);
  EstimatorSpec own{spec.type, {}};
  const EstimatorSpec* model = nullptr;
  for (const auto& p : spec.params) {
    if (p.name != "model") {
      own.params.push_back(p);
      continue;
    }
    model = detail::nested_spec(p.value);
    if (model == nullptr) throw detail::wrong_type(owner, "model");
  }
  if (model == nullptr) throw std::invalid_argument(owner + ": parameter model is required");
  auto params = detail::build_params<E>(own);
  if constexpr (kind == Kind::classifier) {
    return E(erased_model<AnyClassifier>(*model), params);
  } else {
    return E(erased_model<AnyRegressor>(*model), params);
  }
}

template <class E>
Entry classifier_ensemble() {
  return {
      E::name, Kind::classifier,
      [](const EstimatorSpec& s) { return AnyClassifier(build_ensemble<E, Kind::classifier>(s)); },
      nullptr, nullptr};
}
template <class E>
Entry regressor_ensemble() {
  return {
      E::name, Kind::regressor, nullptr,
      [](const EstimatorSpec& s) { return AnyRegressor(build_ensemble<E, Kind::regressor>(s)); },
      nullptr};
}

// Models whose optimizer or loss is a parameter are registered in their run-time-configurable
// form (`AnyOptimizer`, `AnyLoss`); their defaults are River's.
using LogisticRegression = linear_model::LogisticRegressionT<optim::AnyOptimizer, optim::AnyLoss>;
using LinearRegression = linear_model::LinearRegressionT<optim::AnyOptimizer, optim::AnyLoss>;
using SoftmaxRegression = linear_model::SoftmaxRegressionT<optim::AnyOptimizer>;

const std::vector<Entry>& table() {
  static const std::vector<Entry> entries = {
      // linear_model
      classifier<LogisticRegression>(),
      classifier<linear_model::Perceptron>(),
      classifier<linear_model::PAClassifier>(),
      classifier<linear_model::ALMAClassifier>(),
      classifier<SoftmaxRegression>(),
      regressor<LinearRegression>(),
      regressor<linear_model::PARegressor>(),
      regressor<linear_model::BayesianLinearRegression>(),
      // naive_bayes
      classifier<naive_bayes::GaussianNB>(),
      classifier<naive_bayes::BernoulliNB>(),
      classifier<naive_bayes::MultinomialNB>(),
      // preprocessing
      transformer<preprocessing::StandardScaler>(),
      transformer<preprocessing::MinMaxScaler>(),
      transformer<preprocessing::MaxAbsScaler>(),
      transformer<preprocessing::RobustScaler>(),
      transformer<preprocessing::Normalizer>(),
      transformer<preprocessing::Binarizer>(),
      transformer<preprocessing::FeatureHasher>(),
      transformer<preprocessing::OneHotEncoder>(),
      transformer<preprocessing::OrdinalEncoder>(),
      regressor<preprocessing::TargetStandardScaler<AnyRegressor>>(),
      // tree (River's default splitters; another splitter is a nested spec, e.g.
      // {"splitter": {"type": "GaussianSplitter", "params": {"n_splits": 20}}})
      classifier<tree::HoeffdingTreeClassifier<>>(),
      regressor<tree::HoeffdingTreeRegressor<>>(),
      classifier<tree::HoeffdingAdaptiveTreeClassifier<>>(),
      regressor<tree::HoeffdingAdaptiveTreeRegressor<>>(),
      classifier<tree::ExtremelyFastDecisionTreeClassifier<>>(),
      // forest
      classifier<forest::ARFClassifier>(),
      regressor<forest::ARFRegressor>(),
      // ensemble (over any registered model, given as a nested spec:
      // {"model": {"type": "HoeffdingTreeClassifier"}, "n_models": 5, "seed": 1})
      classifier_ensemble<ensemble::BaggingClassifier<AnyClassifier>>(),
      classifier_ensemble<ensemble::ADWINBaggingClassifier<AnyClassifier>>(),
      classifier_ensemble<ensemble::LeveragingBaggingClassifier<AnyClassifier>>(),
      classifier_ensemble<ensemble::SRPClassifier<AnyClassifier>>(),
      regressor_ensemble<ensemble::BaggingRegressor<AnyRegressor>>(),
  };
  return entries;
}

const Entry* find(std::string_view type) {
  for (const auto& e : table()) {
    if (e.name == type) return &e;
  }
  return nullptr;
}

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::classifier:
      return "classifier";
    case Kind::regressor:
      return "regressor";
    case Kind::transformer:
      return "transformer";
  }
  return "estimator";
}

const Entry& require(const EstimatorSpec& spec, Kind kind) {
  const Entry* e = find(spec.type);
  if (e == nullptr) {
    throw std::invalid_argument("unknown estimator type '" + spec.type + "'");
  }
  if (e->kind != kind) {
    throw std::invalid_argument(spec.type + " is a " + kind_name(e->kind) + ", not a " +
                                kind_name(kind));
  }
  return *e;
}

template <class Final>
compose::DynamicPipeline<Final> make_pipeline(const std::vector<EstimatorSpec>& steps, Kind kind) {
  if (steps.empty()) throw std::invalid_argument("a model spec needs at least one step");
  std::vector<AnyTransformer> transformers;
  transformers.reserve(steps.size() - 1);
  for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
    transformers.push_back(make_transformer(steps[i]));
  }
  const Entry& last = require(steps.back(), kind);
  if constexpr (std::is_same_v<Final, AnyClassifier>) {
    return compose::DynamicPipeline<Final>(std::move(transformers), last.classifier(steps.back()));
  } else {
    return compose::DynamicPipeline<Final>(std::move(transformers), last.regressor(steps.back()));
  }
}

}  // namespace

std::optional<Kind> kind_of(std::string_view type) {
  if (const Entry* e = find(type)) return e->kind;
  return std::nullopt;
}

std::vector<std::string> names(Kind kind) {
  std::vector<std::string> out;
  for (const auto& e : table()) {
    if (e.kind == kind) out.emplace_back(e.name);
  }
  return out;
}

compose::AnyClassifier make_classifier(const EstimatorSpec& spec) {
  return require(spec, Kind::classifier).classifier(spec);
}
compose::AnyRegressor make_regressor(const EstimatorSpec& spec) {
  return require(spec, Kind::regressor).regressor(spec);
}
compose::AnyTransformer make_transformer(const EstimatorSpec& spec) {
  return require(spec, Kind::transformer).transformer(spec);
}

ClassifierPipeline make_classifier_pipeline(const std::vector<EstimatorSpec>& steps) {
  return make_pipeline<AnyClassifier>(steps, Kind::classifier);
}
ClassifierPipeline make_classifier_pipeline(std::string_view json) {
  return make_classifier_pipeline(parse_steps(json));
}
RegressorPipeline make_regressor_pipeline(const std::vector<EstimatorSpec>& steps) {
  return make_pipeline<AnyRegressor>(steps, Kind::regressor);
}
RegressorPipeline make_regressor_pipeline(std::string_view json) {
  return make_regressor_pipeline(parse_steps(json));
}

}  // namespace streamwise::registry
