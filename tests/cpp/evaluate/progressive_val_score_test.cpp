#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compose/compose_reference.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/evaluate/progressive_val_score.hpp"
#include "streamwise/linear_model/bayesian_linear_regression.hpp"
#include "streamwise/metrics/accuracy.hpp"
#include "streamwise/metrics/cross_entropy.hpp"
#include "streamwise/metrics/log_loss.hpp"
#include "streamwise/metrics/mae.hpp"
#include "streamwise/metrics/roc_auc.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::ClassId;
using streamwise::DenseView;
using streamwise::compose::Pipeline;
using streamwise::evaluate::LabelledSample;
using streamwise::evaluate::progressive_val_score;
using streamwise::evaluate::ProgressiveOptions;
namespace test = streamwise::test;
namespace ref = streamwise::test::compose;
namespace metrics = streamwise::metrics;

using Clf =
    Pipeline<streamwise::preprocessing::StandardScaler, streamwise::naive_bayes::GaussianNB>;
using Reg = Pipeline<streamwise::preprocessing::MinMaxScaler,
                     streamwise::linear_model::BayesianLinearRegression>;

namespace {

// Streams the reference rows through the callback interface.
template <class Target>
auto reference_stream(bool classification) {
  return [classification, i = std::size_t{0}](LabelledSample<Target>& s) mutable {
    const auto& rows = ref::stream();
    if (i == rows.size()) return false;
    s.x = rows[i].view();
    if constexpr (std::is_same_v<Target, ClassId>) {
      s.y = rows[i].y_class;
    } else {
      s.y = classification ? static_cast<double>(rows[i].y_class) : rows[i].y_reg;
    }
    ++i;
    return true;
  };
}

template <class Model, class Metric, class Target>
void check_every_answer(const std::string& file, std::optional<std::uint64_t> delay) {
  INFO(file);
  const auto expected = test::read_doubles("compose/" + file);
  REQUIRE(expected.size() == ref::n_rows);
  Model model;
  Metric metric;
  std::vector<double> seen;
  std::vector<std::uint64_t> steps;
  const double score = progressive_val_score(
      reference_stream<Target>(std::is_same_v<Target, ClassId>), model, metric,
      ProgressiveOptions{.delay = delay, .print_every = 1}, [&](std::uint64_t n, const Metric& m) {
        steps.push_back(n);
        seen.push_back(m.get());
      });
  REQUIRE(seen.size() == expected.size());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    INFO("answer " << i + 1);
    CHECK(steps[i] == i + 1);
    CHECK(test::close(seen[i], expected[i]));
  }
  CHECK(score == metric.get());
  CHECK(test::close(score, expected.back()));
}

}  // namespace

TEST_CASE("progressive validation matches River without delay") {
  check_every_answer<Clf, metrics::Accuracy, ClassId>("pvs_clf.csv", std::nullopt);
  check_every_answer<Reg, metrics::MAE, double>("pvs_reg.csv", std::nullopt);
}

TEST_CASE("progressive validation matches River with a delay") {
  check_every_answer<Clf, metrics::Accuracy, ClassId>("pvs_clf_delay5.csv", 5);
  check_every_answer<Reg, metrics::MAE, double>("pvs_reg_delay7.csv", 7);
  // River: delay 0 and 1 reveal each label before the next sample is predicted, i.e. no delay.
  check_every_answer<Clf, metrics::Accuracy, ClassId>("pvs_clf_delay1.csv", 1);
  check_every_answer<Reg, metrics::MAE, double>("pvs_reg_delay0.csv", 0);
}

TEST_CASE("probabilistic metrics are fed P(class 1) from predict_proba_one, as River") {
  // y_bin = (class id == 2): the first label is 0 (River's False), so ids follow River's bools.
  for (const auto& [file, delay] :
       {std::pair<std::string, std::optional<std::uint64_t>>{"pvs_logloss.csv", std::nullopt},
        {"pvs_rocauc_delay4.csv", 4}}) {
    INFO(file);
    const auto expected = test::read_doubles("compose/" + file);
    REQUIRE(expected.size() == ref::n_rows);
    std::vector<std::pair<std::vector<double>, ClassId>> data;
    for (const auto& row : ref::stream()) data.emplace_back(row.x, row.y_class == 2 ? 1 : 0);
    std::vector<double> seen;
    Clf model;
    auto collect = [&](std::uint64_t, const auto& m) { seen.push_back(m.get()); };
    double score = 0.0;
    if (file == "pvs_logloss.csv") {
      metrics::LogLoss metric;
      score = progressive_val_score(data, model, metric,
                                    ProgressiveOptions{.delay = delay, .print_every = 1}, collect);
    } else {
      metrics::ROCAUC metric;
      score = progressive_val_score(data, model, metric,
                                    ProgressiveOptions{.delay = delay, .print_every = 1}, collect);
    }
    REQUIRE(seen.size() == expected.size());
    for (std::size_t i = 0; i < seen.size(); ++i) {
      INFO("answer " << i + 1);
      CHECK(test::close(seen[i], expected[i]));
    }
    CHECK(test::close(score, expected.back()));
  }
}

TEST_CASE("CrossEntropy is fed every class probability, as River") {
  check_every_answer<Clf, metrics::CrossEntropy, ClassId>("pvs_crossentropy_delay2.csv", 2);
}

TEST_CASE("print_every reports every n answers and once at the end, as River") {
  const auto expected = test::read_doubles("compose/pvs_reg_delay7_every30.csv");
  REQUIRE(expected.size() == 14);
  Reg model;
  metrics::MAE mae;
  std::vector<std::pair<std::uint64_t, double>> reports;
  progressive_val_score(
      reference_stream<double>(false), model, mae,
      ProgressiveOptions{.delay = 7, .print_every = 30},
      [&](std::uint64_t n, const metrics::MAE& m) { reports.emplace_back(n, m.get()); });
  REQUIRE(reports.size() == 7);
  for (std::size_t i = 0; i < reports.size(); ++i) {
    CHECK(reports[i].first == static_cast<std::uint64_t>(expected[2 * i]));
    CHECK(test::close(reports[i].second, expected[2 * i + 1]));
  }
  // A stream shorter than print_every: River never reports.
  Reg other;
  metrics::MAE mae2;
  int calls = 0;
  progressive_val_score(reference_stream<double>(false), other, mae2,
                        ProgressiveOptions{.print_every = 500},
                        [&](std::uint64_t, const metrics::MAE&) { ++calls; });
  CHECK(calls == 0);
}

TEST_CASE("a range of (x, y) pairs or (x, y, w) triples is a stream") {
  std::vector<std::pair<std::vector<double>, ClassId>> pairs;
  for (const auto& row : ref::stream()) pairs.emplace_back(row.x, row.y_class);
  Clf a;
  metrics::Accuracy acc;
  const double score = progressive_val_score(pairs, a, acc);
  const auto expected = test::read_doubles("compose/pvs_clf.csv");
  CHECK(test::close(score, expected.back()));

  // Weights go to learn_one: an integer weight is the same as repeating the sample for
  // GaussianNB; the oracle drives the model by hand.
  std::vector<std::tuple<DenseView, ClassId, double>> triples;
  for (const auto& row : ref::stream()) triples.emplace_back(row.view(), row.y_class, 2.0);
  Clf weighted, by_hand;
  metrics::Accuracy acc_w, acc_hand;
  progressive_val_score(triples, weighted, acc_w);
  for (const auto& row : ref::stream()) {
    if (by_hand.n_classes() > 0) acc_hand.update(row.y_class, by_hand.predict_one(row.view()));
    by_hand.learn_one(row.view(), row.y_class, 2.0);
  }
  CHECK(weighted == by_hand);
  CHECK(acc_w == acc_hand);
}

TEST_CASE("edge cases: empty stream, a delay longer than the stream") {
  std::vector<std::pair<std::vector<double>, double>> empty;
  Reg model;
  metrics::MAE mae;
  int calls = 0;
  CHECK(progressive_val_score(empty, model, mae, ProgressiveOptions{.delay = 3, .print_every = 1},
                              [&](std::uint64_t, const metrics::MAE&) { ++calls; }) == 0.0);
  CHECK(calls == 0);

  // Every sample is predicted before any label arrives: the regressor always says 0, so the
  // MAE is the mean |y| (two-pass oracle); the classifier never has a prediction to score.
  Reg late;
  metrics::MAE late_mae;
  const double score = progressive_val_score(reference_stream<double>(false), late, late_mae,
                                             ProgressiveOptions{.delay = 1000});
  double sum = 0.0;
  for (const auto& row : ref::stream()) sum += std::fabs(row.y_reg);
  CHECK(test::close(score, sum / static_cast<double>(ref::n_rows), 1e-12));
  Reg trained;
  for (const auto& row : ref::stream()) trained.learn_one(row.view(), row.y_reg);
  CHECK(late == trained);  // pending labels are all learnt at the end, in order

  Clf clf;
  metrics::Accuracy acc;
  CHECK(progressive_val_score(reference_stream<ClassId>(true), clf, acc,
                              ProgressiveOptions{.delay = 1000}) == 0.0);
  CHECK(acc.cm().total_weight() == 0.0);
  CHECK(clf.n_classes() == 3);
}

TEST_CASE("a bad sample stops the evaluation with the model's error") {
  std::vector<std::pair<std::vector<double>, double>> data = {
      {{1.0, 2.0}, 1.0}, {{1.0, std::numeric_limits<double>::infinity()}, 2.0}, {{0.0, 1.0}, 3.0}};
  Reg model;
  metrics::MAE mae;
  CHECK_THROWS_WITH_AS(progressive_val_score(data, model, mae),
                       "MinMaxScaler: x[1] must be finite, got inf", streamwise::InvalidInput);
  CHECK(mae.get() == 1.0);  // the first answer was scored
}
