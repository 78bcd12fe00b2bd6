#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "ensemble/ensemble_reference.hpp"
#include "streamwise/compose/any_classifier.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/compose/select.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/ensemble/bagging_classifier.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

namespace test = streamwise::test;
namespace ref = streamwise::test::ensemble;
using streamwise::ClassId;
using streamwise::DenseView;
using streamwise::ensemble::BaggingClassifier;
using streamwise::linear_model::LogisticRegression;
using streamwise::naive_bayes::GaussianNB;
using ScaledLogReg =
    streamwise::compose::Pipeline<streamwise::preprocessing::StandardScaler, LogisticRegression>;

static_assert(streamwise::Classifier<BaggingClassifier<GaussianNB>>);
static_assert(streamwise::Classifier<BaggingClassifier<LogisticRegression>>);
static_assert(streamwise::Classifier<BaggingClassifier<ScaledLogReg>>);
static_assert(streamwise::Classifier<BaggingClassifier<streamwise::compose::AnyClassifier>>);
// An ensemble is itself a member of another ensemble or a pipeline step.
static_assert(streamwise::Classifier<BaggingClassifier<BaggingClassifier<GaussianNB>>>);

namespace {
const auto no_changes = [](const auto&) { return std::int64_t{0}; };

template <class M>
void check_phishing(M model, const std::string& file) {
  const auto& rows = ref::phishing();
  ref::check_classifier(model, rows, ref::classifier_reference(file, 2), 0, rows.size(),
                        no_changes);
}
}  // namespace

TEST_CASE("River's Poisson draws on random.Random(42)") {
  const auto expected = test::read_doubles("ensemble/poisson_draws.csv");
  REQUIRE(expected.size() == 400);
  streamwise::PythonRandom rng(42);
  for (std::size_t i = 0; i < 400; ++i) {
    CHECK(streamwise::python_poisson(i < 200 ? 1.0 : 6.0, rng) == expected[i]);
  }
}

TEST_CASE("BaggingClassifier matches River on Phishing with LogisticRegression") {
  check_phishing(BaggingClassifier<LogisticRegression>(LogisticRegression{}, 3, 42),
                 "bag_logreg_3.csv");
  check_phishing(BaggingClassifier<LogisticRegression>(LogisticRegression{}, 10, 42),
                 "bag_logreg_10.csv");
}

TEST_CASE("BaggingClassifier matches River on Phishing with StandardScaler | LogisticRegression") {
  check_phishing(BaggingClassifier<ScaledLogReg>(ScaledLogReg{}, 3, 42), "bag_std_logreg_3.csv");
  check_phishing(BaggingClassifier<ScaledLogReg>(ScaledLogReg{}, 10, 42), "bag_std_logreg_10.csv");
}

TEST_CASE("BaggingClassifier matches River on Phishing with GaussianNB") {
  check_phishing(BaggingClassifier<GaussianNB>(GaussianNB{}, 3, 42), "bag_gnb_3.csv");
  check_phishing(BaggingClassifier<GaussianNB>(GaussianNB{}, 10, 42), "bag_gnb_10.csv");
}

TEST_CASE("BaggingClassifier of AnyClassifier (run-time composition) matches River") {
  using streamwise::compose::AnyClassifier;
  check_phishing(BaggingClassifier<AnyClassifier>(AnyClassifier(GaussianNB{}), 3, 42),
                 "bag_gnb_3.csv");
  check_phishing(BaggingClassifier<AnyClassifier>(AnyClassifier(ScaledLogReg{}), 10, 42),
                 "bag_std_logreg_10.csv");
}

TEST_CASE("BaggingClassifier matches River with 3 classes, one first seen mid-stream") {
  const auto& rows = ref::synth();
  BaggingClassifier<GaussianNB> model(GaussianNB{}, 10, 42);
  ref::check_classifier(model, rows, ref::classifier_reference("bag_gnb_synth.csv", 3), 0,
                        rows.size(), no_changes);
  CHECK(model.n_classes() == 3);
}

TEST_CASE("BaggingClassifier gives the same model for any thread count") {
  const auto& rows = ref::synth();
  BaggingClassifier<GaussianNB> one(GaussianNB{}, 10, 7);
  BaggingClassifier<GaussianNB> two(GaussianNB{}, 10, 7);
  two.set_n_threads(2);
  CHECK(two.n_threads() == 2);
  BaggingClassifier<ScaledLogReg> lr_one(ScaledLogReg{}, 10, 7);
  BaggingClassifier<ScaledLogReg> lr_all(ScaledLogReg{}, 10, 7);
  lr_all.set_n_threads(0);
  std::vector<double> p1(3), p2(3);
  for (const auto& row : rows) {
    one.learn_one(row.view(), row.y_class);
    two.learn_one(row.view(), row.y_class);
    lr_one.learn_one(row.view(), row.y_class == 1 ? 1 : 0);
    lr_all.learn_one(row.view(), row.y_class == 1 ? 1 : 0);
    one.predict_proba_one(row.view(), p1);
    two.predict_proba_one(row.view(), p2);
    REQUIRE(p1 == p2);
  }
  CHECK(one == two);
  CHECK(lr_one == lr_all);
  CHECK_THROWS_AS(one.set_n_threads(-1), std::invalid_argument);
}

TEST_CASE("BaggingClassifier with one member is one model fed Poisson(1) copies") {
  const auto& rows = ref::synth();
  BaggingClassifier<GaussianNB>::Params params;
  params.n_models = 1;
  params.seed = 5;
  BaggingClassifier<GaussianNB> model(GaussianNB{}, params);
  // The oracle: one GaussianNB fed River's Poisson(1) copies, with its own class ids in the
  // order it meets the classes (River's dict order), mapped back to the stream's ids.
  GaussianNB single;
  std::vector<int> local_of(3, -1);
  std::vector<ClassId> global_of;
  streamwise::PythonRandom rng(5);
  std::vector<double> got(3), local(3);
  for (const auto& row : rows) {
    model.learn_one(row.view(), row.y_class);
    for (std::uint32_t k = ref::river_poisson(1.0, rng); k > 0; --k) {
      if (local_of[row.y_class] < 0) {
        local_of[row.y_class] = static_cast<int>(global_of.size());
        global_of.push_back(row.y_class);
      }
      single.learn_one(row.view(), static_cast<ClassId>(local_of[row.y_class]));
    }
  }
  REQUIRE(single.n_classes() == 3);
  REQUIRE(model.n_classes() == 3);
  for (const auto& row : rows) {
    model.predict_proba_one(row.view(), got);
    single.predict_proba_one(row.view(), local);
    double total = 0.0;
    for (ClassId g : global_of) total += local[static_cast<std::size_t>(local_of[g])];
    for (std::size_t c = 0; c < 3; ++c) {
      CHECK(test::close(got[c], local[static_cast<std::size_t>(local_of[c])] / total));
    }
    CHECK(model.predict_one(row.view()) == global_of[single.predict_one(row.view())]);
  }
}

TEST_CASE("BaggingClassifier before learning") {
  const double x[] = {1.0, 2.0};
  BaggingClassifier<GaussianNB> nb(GaussianNB{}, 3, 42);
  CHECK(nb.n_classes() == 0);
  CHECK(nb.predict_one(DenseView{x}) == 0);  // River: None
  std::vector<double> out(2, -1.0);
  nb.predict_proba_one(DenseView{x}, out);
  CHECK(out == std::vector<double>{0.0, 0.0});
  // Binary linear members know both classes from the start: River's {False: .5, True: .5}.
  BaggingClassifier<LogisticRegression> lr(LogisticRegression{}, 3, 42);
  CHECK(lr.n_classes() == 2);
  lr.predict_proba_one(DenseView{x}, out);
  CHECK(out == std::vector<double>{0.5, 0.5});
  CHECK(lr.predict_one(DenseView{x}) == 0);  // tie: False first, as River
  // A member class unknown to some members: a learnt class shows up only in members that drew
  // k > 0, the others add nothing.
  nb.learn_one(DenseView{x}, 0);
  CHECK(nb.n_classes() <= 1);
}

TEST_CASE("BaggingClassifier rejects bad input without changing state") {
  const auto& rows = ref::phishing();
  BaggingClassifier<LogisticRegression> model(LogisticRegression{}, 3, 42);
  for (std::size_t t = 0; t < 50; ++t) model.learn_one(rows[t].view(), rows[t].y_class);
  const auto before = model;
  const double inf_x[] = {1.0, INFINITY};
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{inf_x}, 1),
                       "BaggingClassifier: x[1] must be finite, got inf", streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(rows[0].view(), 1, -1.0),
                       doctest::Contains("BaggingClassifier: weight w must be finite and >= 0"),
                       streamwise::InvalidInput);
  // LogisticRegression is binary: every member refuses class 2, and the ensemble (its
  // generator included) is rolled back.
  CHECK_THROWS_WITH_AS(model.learn_one(rows[0].view(), 2), doctest::Contains("LogisticRegression"),
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(rows[0].view(), 1u << 24),
                       doctest::Contains("BaggingClassifier: class id 16777216 is too large"),
                       streamwise::InvalidInput);
  std::vector<double> out(2);
  CHECK_THROWS_AS(model.predict_proba_one(DenseView{inf_x}, out), streamwise::InvalidInput);
  std::vector<double> short_out(1);
  CHECK_THROWS_WITH_AS(model.predict_proba_one(rows[0].view(), short_out),
                       "BaggingClassifier: predict_proba_one needs 2 output slots, got 1",
                       streamwise::InvalidInput);
  CHECK(model == before);
  // A member's exception crosses no parallel region: it is rethrown after the loop.
  model.set_n_threads(2);
  CHECK_THROWS_AS(model.learn_one(rows[0].view(), 2), streamwise::InvalidInput);
  CHECK(model == before);
  // NaN marks an absent feature: accepted.
  const double nan_x[] = {NAN, 1.0};
  model.learn_one(DenseView{nan_x}, 1);
}

TEST_CASE("BaggingClassifier validates its params") {
  BaggingClassifier<GaussianNB>::Params params;
  params.n_models = 0;
  CHECK_THROWS_WITH_AS(BaggingClassifier<GaussianNB>{params},
                       "BaggingClassifier: n_models must be >= 1", std::invalid_argument);
  CHECK_THROWS_AS(BaggingClassifier<GaussianNB>(GaussianNB{}, -3, 1), std::invalid_argument);
  const BaggingClassifier<GaussianNB> defaults;
  CHECK(defaults.size() == 10);
  CHECK(!defaults.params().seed.has_value());
}

TEST_CASE("BaggingClassifier checkpoint round-trip mid-stream continues identically") {
  const auto& rows = ref::synth();
  const auto steps = ref::classifier_reference("bag_gnb_synth.csv", 3);
  BaggingClassifier<GaussianNB> original(GaussianNB{}, 10, 42);
  for (std::size_t t = 0; t < 250; ++t) original.learn_one(rows[t].view(), rows[t].y_class);
  auto restored = test::roundtrip(original);
  CHECK(restored == original);
  ref::check_classifier(restored, rows, steps, 250, rows.size(), no_changes);
  ref::check_classifier(original, rows, steps, 250, rows.size(), no_changes);
  CHECK(restored == original);

  BaggingClassifier<ScaledLogReg> lr(ScaledLogReg{}, 3, 42);
  for (std::size_t t = 0; t < 600; ++t) {
    lr.learn_one(ref::phishing()[t].view(), ref::phishing()[t].y_class);
  }
  auto lr_restored = test::roundtrip(lr);
  CHECK(lr_restored == lr);
  ref::check_classifier(lr_restored, ref::phishing(),
                        ref::classifier_reference("bag_std_logreg_3.csv", 2), 600,
                        ref::phishing().size(), no_changes);

  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"BaggingClassifier","params":{"model":{"type":"GaussianNB","params":{}},)"
        R"("n_models":10,"seed":42}})");
  CHECK(streamwise::repr(streamwise::spec_of(BaggingClassifier<GaussianNB>{})) ==
        "BaggingClassifier (\n  model=GaussianNB ()\n  n_models=10\n  seed=None\n)");
}

TEST_CASE("BaggingClassifier learn_many is learn_one on each row, for any thread count") {
  const auto& rows = ref::synth();
  std::vector<double> block;
  std::vector<ClassId> ys;
  for (const auto& row : rows) {
    block.insert(block.end(), row.x.begin(), row.x.end());
    ys.push_back(row.y_class);
  }
  BaggingClassifier<GaussianNB> by_row(GaussianNB{}, 10, 42);
  for (const auto& row : rows) by_row.learn_one(row.view(), row.y_class);
  for (const int threads : {1, 2}) {
    CAPTURE(threads);
    BaggingClassifier<GaussianNB> by_block(GaussianNB{}, 10, 42);
    by_block.set_n_threads(threads);
    // Two blocks: the second continues where the first stopped.
    const std::size_t half = 300 * 4;
    by_block.learn_many(std::span<const double>(block).first(half), 4,
                        std::span<const ClassId>(ys).first(300));
    by_block.learn_many(std::span<const double>(block).subspan(half), 4,
                        std::span<const ClassId>(ys).subspan(300));
    CHECK(by_block == by_row);
  }
  // Bad blocks change nothing.
  BaggingClassifier<LogisticRegression> lr(LogisticRegression{}, 3, 42);
  const auto before = lr;
  const std::vector<double> good = {1.0, 2.0, 3.0, 4.0};
  const std::vector<double> bad = {1.0, 2.0, 3.0, INFINITY};
  const std::vector<ClassId> two = {0, 1};
  const std::vector<ClassId> refused = {0, 2};
  CHECK_THROWS_WITH_AS(lr.learn_many(bad, 2, two),
                       "BaggingClassifier: x[1] must be finite, got inf", streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(lr.learn_many(good, 3, two),
                       "BaggingClassifier: learn_many needs whole rows of n_cols values",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(lr.learn_many(good, 4, two),
                       "BaggingClassifier: learn_many needs one target per row",
                       streamwise::InvalidInput);
  const std::vector<double> weights = {1.0, -1.0};
  CHECK_THROWS_AS(lr.learn_many(good, 2, two, weights), streamwise::InvalidInput);
  CHECK_THROWS_AS(lr.learn_many(good, 2, refused), streamwise::InvalidInput);
  CHECK(lr == before);
}

TEST_CASE("BaggingClassifier::bind reaches the members and the prototype") {
  using Selected = streamwise::compose::Pipeline<streamwise::compose::Select, GaussianNB>;
  streamwise::FeatureSpace space;
  for (const char* name : {"x0", "x1", "x2", "x3"}) space.intern(name);
  streamwise::compose::detail::KeysParams keys;
  keys.keys = {"x0", "x1"};
  BaggingClassifier<Selected> model(Selected(streamwise::compose::Select(keys), GaussianNB{}), 3,
                                    42);
  const auto& row = ref::synth()[0];
  CHECK_THROWS_AS(model.learn_one(row.view(), 0), std::logic_error);  // Select needs names
  model.bind(&space);
  for (std::size_t t = 0; t < 50; ++t) {
    model.learn_one(ref::synth()[t].view(), ref::synth()[t].y_class);
  }
  CHECK(model.n_classes() >= 1);
  // Replacements are copies of the prototype, which is bound too.
  CHECK_NOTHROW((void)model.model().predict_one(row.view()));
  for (std::size_t i = 0; i < model.size(); ++i) {
    CHECK_NOTHROW((void)model[i].predict_one(row.view()));
  }
}
