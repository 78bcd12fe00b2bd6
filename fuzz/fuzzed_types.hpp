#pragma once
// The estimator types the checkpoint fuzzer loads, and how to give each some state for the
// seed corpus. Every new estimator should be added to FuzzedTypes.

#include <cstdint>
#include <tuple>
#include <vector>

#include "streamwise/drift/adwin.hpp"
#include "streamwise/drift/binary/ddm.hpp"
#include "streamwise/drift/binary/eddm.hpp"
#include "streamwise/drift/binary/fhddm.hpp"
#include "streamwise/drift/binary/hddm_a.hpp"
#include "streamwise/drift/binary/hddm_w.hpp"
#include "streamwise/drift/kswin.hpp"
#include "streamwise/drift/page_hinkley.hpp"
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
#include "streamwise/metrics/accuracy.hpp"
#include "streamwise/metrics/balanced_accuracy.hpp"
#include "streamwise/metrics/cohen_kappa.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"
#include "streamwise/metrics/cross_entropy.hpp"
#include "streamwise/metrics/f1.hpp"
#include "streamwise/metrics/log_loss.hpp"
#include "streamwise/metrics/macro_f1.hpp"
#include "streamwise/metrics/mae.hpp"
#include "streamwise/metrics/mcc.hpp"
#include "streamwise/metrics/micro_f1.hpp"
#include "streamwise/metrics/mse.hpp"
#include "streamwise/metrics/precision.hpp"
#include "streamwise/metrics/r2.hpp"
#include "streamwise/metrics/recall.hpp"
#include "streamwise/metrics/rmse.hpp"
#include "streamwise/metrics/rmsle.hpp"
#include "streamwise/metrics/roc_auc.hpp"
#include "streamwise/metrics/rolling.hpp"
#include "streamwise/metrics/smape.hpp"
#include "streamwise/metrics/weighted_f1.hpp"
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
#include "streamwise/stats/abs_max.hpp"
#include "streamwise/stats/auto_corr.hpp"
#include "streamwise/stats/count.hpp"
#include "streamwise/stats/cov.hpp"
#include "streamwise/stats/entropy.hpp"
#include "streamwise/stats/ew_mean.hpp"
#include "streamwise/stats/ew_var.hpp"
#include "streamwise/stats/iqr.hpp"
#include "streamwise/stats/kurtosis.hpp"
#include "streamwise/stats/max.hpp"
#include "streamwise/stats/mean.hpp"
#include "streamwise/stats/min.hpp"
#include "streamwise/stats/mode.hpp"
#include "streamwise/stats/peak_to_peak.hpp"
#include "streamwise/stats/pearson_corr.hpp"
#include "streamwise/stats/quantile.hpp"
#include "streamwise/stats/rolling.hpp"
#include "streamwise/stats/rolling_abs_max.hpp"
#include "streamwise/stats/rolling_iqr.hpp"
#include "streamwise/stats/rolling_max.hpp"
#include "streamwise/stats/rolling_min.hpp"
#include "streamwise/stats/rolling_mode.hpp"
#include "streamwise/stats/rolling_peak_to_peak.hpp"
#include "streamwise/stats/rolling_quantile.hpp"
#include "streamwise/stats/sem.hpp"
#include "streamwise/stats/skew.hpp"
#include "streamwise/stats/sum.hpp"
#include "streamwise/stats/var.hpp"
#include "streamwise/tree/extremely_fast_decision_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_adaptive_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_adaptive_tree_regressor.hpp"
#include "streamwise/tree/hoeffding_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_tree_regressor.hpp"
#include "streamwise/tree/splitters/ebst_splitter.hpp"
#include "streamwise/tree/splitters/exhaustive_splitter.hpp"
#include "streamwise/tree/splitters/histogram_splitter.hpp"
#include "streamwise/tree/splitters/qo_splitter.hpp"

namespace streamwise::fuzz {

namespace d = streamwise::drift;
namespace db = streamwise::drift::binary;
namespace m = streamwise::metrics;
namespace s = streamwise::stats;
namespace lm = streamwise::linear_model;
namespace nb = streamwise::naive_bayes;
namespace pp = streamwise::preprocessing;

using FuzzedTypes = std::tuple<
    // stats
    s::Count, s::Sum, s::Mean, s::Var, s::Min, s::Max, s::AbsMax, s::PeakToPeak, s::Skew,
    s::Kurtosis, s::EWMean, s::EWVar, s::SEM, s::Cov, s::PearsonCorr, s::AutoCorr, s::Quantile,
    s::IQR, s::Mode, s::Entropy, s::Rolling<s::Mean>, s::Rolling<s::Var>, s::RollingMin,
    s::RollingMax, s::RollingAbsMax, s::RollingPeakToPeak, s::RollingQuantile, s::RollingIQR,
    s::RollingMode,
    // drift
    d::ADWIN, d::KSWIN, d::PageHinkley, db::DDM, db::EDDM, db::HDDMA, db::HDDMW, db::FHDDM,
    // metrics
    m::ConfusionMatrix, m::Accuracy, m::BalancedAccuracy, m::Precision, m::Recall, m::F1,
    m::MacroF1, m::MicroF1, m::WeightedF1, m::CohenKappa, m::MCC, m::LogLoss, m::CrossEntropy,
    m::ROCAUC, m::MAE, m::MSE, m::RMSE, m::RMSLE, m::R2, m::SMAPE, m::Rolling<m::MAE>,
    m::Rolling<m::Accuracy>, m::Rolling<m::ROCAUC>,
    // models and transformers
    lm::BayesianLinearRegression, nb::GaussianNB, nb::MultinomialNB, nb::BernoulliNB,
    pp::StandardScaler, pp::MinMaxScaler, pp::MaxAbsScaler, pp::RobustScaler, pp::Normalizer,
    pp::Binarizer, lm::LinearRegression, lm::LogisticRegression, lm::Perceptron, lm::PAClassifier,
    lm::PARegressor, lm::ALMAClassifier, lm::SoftmaxRegression,
    lm::LinearRegressionT<optim::AnyOptimizer, optim::AnyLoss>, pp::OneHotEncoder,
    pp::OrdinalEncoder, pp::FeatureHasher, pp::TargetStandardScaler<lm::LinearRegression>,
    // tree
    tree::HoeffdingTreeClassifier<>, tree::HoeffdingTreeClassifier<tree::ExhaustiveSplitter>,
    tree::HoeffdingTreeClassifier<tree::HistogramSplitter>, forest::ARFClassifier,
    forest::ARFRegressor,
    // ensemble
    ensemble::BaggingClassifier<nb::GaussianNB>, ensemble::BaggingRegressor<lm::LinearRegression>,
    ensemble::ADWINBaggingClassifier<nb::GaussianNB>,
    ensemble::LeveragingBaggingClassifier<nb::GaussianNB>,
    // tree, later additions (appended so earlier corpus indices stay valid)
    tree::HoeffdingTreeRegressor<tree::QOSplitter>, tree::HoeffdingAdaptiveTreeClassifier<>,
    tree::ExtremelyFastDecisionTreeClassifier<>,
    // ensemble, later additions
    ensemble::SRPClassifier<>,
    // tree, HoeffdingAdaptiveTreeRegressor
    tree::HoeffdingAdaptiveTreeRegressor<>>;

/// Feeds a model a short deterministic stream so its checkpoint has non-trivial state.
template <class T>
void warm_up_unchecked(T& model) {
  for (int i = 0; i < 300; ++i) {
    const double bit = (i * 7919 % 13) < 5 ? 1.0 : 0.0;
    const double x = static_cast<double>(i % 17) * 0.5 - 3.0;
    const auto a = static_cast<ClassId>(i % 3);
    const auto b = static_cast<ClassId>((i / 2) % 3);
    const double row[3] = {x, bit * 2.0, static_cast<double>(i % 5)};
    const DenseView sample{std::span<const double>(row, 3)};
    if constexpr (requires {
                    model.learn_one(sample, a);
                    model.n_classes();
                  }) {
      model.learn_one(sample, a);
    } else if constexpr (requires { model.learn_one(sample, x); }) {
      model.learn_one(sample, x);
    } else if constexpr (requires { model.learn_one(sample); }) {
      model.learn_one(sample);
    } else if constexpr (requires {
                           model.update(a, b, 1.0);
                           model.n_samples();
                         }) {
      model.update(a, b, 1.0);
    } else if constexpr (requires { model.update(true, 0.5); }) {
      model.update(bit > 0.5, 0.25 + 0.5 * bit);
    } else if constexpr (requires(std::vector<double> p) {
                           model.update(a, std::span<const double>(p));
                         }) {
      const std::vector<double> p{0.2, 0.5, 0.3};
      model.update(a, std::span<const double>(p));
    } else if constexpr (requires { model.update(x, x); }) {
      model.update(x + 4.0, x * 0.5 + 4.0);
    } else if constexpr (requires { model.update(x); }) {
      model.update(std::is_same_v<T, db::DDM> || std::is_same_v<T, db::EDDM> ||
                           std::is_same_v<T, db::HDDMA> || std::is_same_v<T, db::HDDMW> ||
                           std::is_same_v<T, db::FHDDM>
                       ? bit
                       : x);
    }
  }
}

/// `warm_up_unchecked`, stopping quietly where a model refuses the generic stream (binary
/// models see class 2, encoders need a bound FeatureSpace): the state reached is still a seed.
template <class T>
void warm_up(T& model) {
  try {
    warm_up_unchecked(model);
  } catch (const std::exception&) {
  }
}

}  // namespace streamwise::fuzz
