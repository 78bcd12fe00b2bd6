#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ensemble/ensemble_reference.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/ensemble/adwin_bagging_classifier.hpp"
#include "streamwise/ensemble/bagging_classifier.hpp"
#include "streamwise/io/archive.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

namespace test = streamwise::test;
namespace ref = streamwise::test::ensemble;
using streamwise::DenseView;
using streamwise::ensemble::ADWINBaggingClassifier;
using streamwise::linear_model::LogisticRegression;
using streamwise::naive_bayes::GaussianNB;
using ScaledLogReg =
    streamwise::compose::Pipeline<streamwise::preprocessing::StandardScaler, LogisticRegression>;

static_assert(streamwise::Classifier<ADWINBaggingClassifier<GaussianNB>>);
static_assert(streamwise::Classifier<ADWINBaggingClassifier<ScaledLogReg>>);

namespace {
const auto replacements = [](const auto& m) { return m.n_replacements(); };

template <class M>
void check_all(M model, const std::vector<ref::Row>& rows, const std::string& file, std::size_t k) {
  ref::check_classifier(model, rows, ref::classifier_reference(file, k), 0, rows.size(),
                        replacements);
}
}  // namespace

TEST_CASE("ADWINBaggingClassifier replaces the members River replaces, at the same steps") {
  // River: GaussianNB members 3 at rows 479 and 575; scaled logistic members 4, 0, 1 at rows
  // 415, 447 and 479 (the reference files hold the steps and indices; check_classifier asserts
  // both and that the member was reset to the prototype).
  const auto gnb_ref = ref::classifier_reference("adwin_gnb_drift.csv", 2);
  REQUIRE(gnb_ref.back().changes == 2);
  check_all(ADWINBaggingClassifier<GaussianNB>(GaussianNB{}, 5, 42), ref::drift_stream(),
            "adwin_gnb_drift.csv", 2);
  const auto lr_ref = ref::classifier_reference("adwin_std_logreg_drift.csv", 2);
  REQUIRE(lr_ref.back().changes == 3);
  check_all(ADWINBaggingClassifier<ScaledLogReg>(ScaledLogReg{}, 5, 42), ref::drift_stream(),
            "adwin_std_logreg_drift.csv", 2);
}

TEST_CASE("ADWINBaggingClassifier matches River without drift") {
  check_all(ADWINBaggingClassifier<GaussianNB>(GaussianNB{}, 10, 42), ref::synth(),
            "adwin_gnb_synth.csv", 3);
  check_all(ADWINBaggingClassifier<ScaledLogReg>(ScaledLogReg{}, 3, 42), ref::phishing(),
            "adwin_std_logreg_3.csv", 2);
}

TEST_CASE("ADWINBaggingClassifier gives the same model for any thread count") {
  ADWINBaggingClassifier<GaussianNB> one(GaussianNB{}, 5, 42);
  ADWINBaggingClassifier<GaussianNB> two(GaussianNB{}, 5, 42);
  two.set_n_threads(2);
  for (const auto& row : ref::drift_stream()) {
    one.learn_one(row.view(), row.y_class);
    two.learn_one(row.view(), row.y_class);
  }
  CHECK(one.n_replacements() == 2);
  CHECK(one == two);
}

TEST_CASE("ADWINBaggingClassifier edge cases") {
  const double x[] = {0.5, -1.0};
  ADWINBaggingClassifier<GaussianNB> model(GaussianNB{}, 1, 3);  // one member
  CHECK(model.n_classes() == 0);
  CHECK(model.predict_one(DenseView{x}) == 0);
  for (int i = 0; i < 100; ++i) model.learn_one(DenseView{x}, 0);  // constant stream
  CHECK(model.n_classes() == 1);
  CHECK(model.n_replacements() == 0);
  CHECK(model.detector(0).width() == 100.0);
  std::vector<double> out(1);
  model.predict_proba_one(DenseView{x}, out);
  CHECK(out[0] == 1.0);
}

TEST_CASE("ADWINBaggingClassifier rejects bad input without changing state") {
  ADWINBaggingClassifier<LogisticRegression> model(LogisticRegression{}, 3, 42);
  for (std::size_t t = 0; t < 40; ++t) {
    model.learn_one(ref::phishing()[t].view(), ref::phishing()[t].y_class);
  }
  const auto before = model;
  const double bad[] = {-INFINITY};
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{bad}, 0),
                       "ADWINBaggingClassifier: x[0] must be finite, got -inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(model.learn_one(ref::phishing()[0].view(), 0, NAN), streamwise::InvalidInput);
  CHECK_THROWS_AS(model.learn_one(ref::phishing()[0].view(), 5), streamwise::InvalidInput);
  CHECK(model == before);
}

TEST_CASE("ADWINBaggingClassifier validates its params") {
  ADWINBaggingClassifier<GaussianNB>::Params params;
  params.n_models = 0;
  CHECK_THROWS_WITH_AS(ADWINBaggingClassifier<GaussianNB>{params},
                       "ADWINBaggingClassifier: n_models must be >= 1", std::invalid_argument);
}

TEST_CASE("ADWINBaggingClassifier checkpoint round-trip just before a replacement") {
  const auto& rows = ref::drift_stream();
  const auto steps = ref::classifier_reference("adwin_gnb_drift.csv", 2);
  ADWINBaggingClassifier<GaussianNB> original(GaussianNB{}, 5, 42);
  for (std::size_t t = 0; t < 479; ++t) original.learn_one(rows[t].view(), rows[t].y_class);
  REQUIRE(original.n_replacements() == 0);
  auto restored = test::roundtrip(original);
  CHECK(restored == original);
  ref::check_classifier(restored, rows, steps, 479, rows.size(), replacements);
  ref::check_classifier(original, rows, steps, 479, rows.size(), replacements);
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"ADWINBaggingClassifier","params":{"model":{"type":"GaussianNB","params":{}},)"
        R"("n_models":5,"seed":42}})");
}

TEST_CASE("ADWINBaggingClassifier refuses a newer or damaged checkpoint, state unchanged") {
  ADWINBaggingClassifier<GaussianNB> model(GaussianNB{}, 3, 42);
  for (std::size_t t = 0; t < 50; ++t) {
    model.learn_one(ref::drift_stream()[t].view(), ref::drift_stream()[t].y_class);
  }
  const auto before = model;
  std::string bytes;
  {
    streamwise::io::PayloadOutputArchive out(bytes);
    CHECK_THROWS_WITH_AS(model.serialize(out, 2),
                         "ADWINBaggingClassifier: checkpoint from a newer version",
                         streamwise::CheckpointError);
  }
  // A plain bagging ensemble saves the same params and members, with no detectors after them:
  // append two detectors for its three members.
  bytes.clear();
  {
    streamwise::io::PayloadOutputArchive out(bytes);
    streamwise::ensemble::BaggingClassifier<GaussianNB> plain(GaussianNB{}, 3, 42);
    plain.serialize(out, 1);
    std::vector<streamwise::drift::ADWIN> two(2);
    std::int64_t n_replacements = 0;
    out(two, n_replacements);
  }
  streamwise::io::PayloadInputArchive in(std::as_bytes(std::span(bytes.data(), bytes.size())));
  CHECK_THROWS_WITH_AS(model.serialize(in, 1),
                       "ADWINBaggingClassifier: damaged detectors in checkpoint",
                       streamwise::CheckpointError);
  CHECK(model == before);
}
