#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "naive_bayes/nb_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/naive_bayes/multinomial_nb.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::naive_bayes::MultinomialNB;
namespace test = streamwise::test;

static_assert(streamwise::Classifier<MultinomialNB>);

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// River's documented corpus through BagOfWords: Chinese 0, Beijing 1, Shanghai 2, Macao 3,
// Tokyo 4, Japan 5 (ids in order of first appearance), "test" 6.
const std::vector<std::vector<double>> kDocs = {
    {2, 1}, {2, kNaN, 1}, {1, kNaN, kNaN, 1}, {1, kNaN, kNaN, kNaN, 1, 1}};
}  // namespace

TEST_CASE("MultinomialNB matches River test-then-train at every step") {
  // Counts with zeros present and features absent, features 4 and 5 appearing late, class 2
  // first seen at step 70 (tests/data/naive_bayes/make_nb_reference.py).
  SUBCASE("defaults, integer counts") {
    MultinomialNB model;
    test::nb::replay(model, test::nb::load("multinomial.csv"), 0, 250, false);
    CHECK(model.n_terms() == 6);
  }
  SUBCASE("alpha = 0.25, real-valued frequencies") {
    MultinomialNB model({.alpha = 0.25});
    test::nb::replay(model, test::nb::load("multinomial_alpha.csv"), 0, 250, false);
  }
}

TEST_CASE("MultinomialNB weights count a sample w times") {
  MultinomialNB model({.alpha = 0.5});
  test::nb::replay(model, test::nb::load("multinomial_weighted.csv"), 0, 250, true);

  MultinomialNB once, thrice;
  const double a[] = {1.0, 2.0}, b[] = {0.0, 1.0, 4.0};
  once.learn_one(DenseView{a}, 0, 3.0);
  once.learn_one(DenseView{b}, 1);
  for (int i = 0; i < 3; ++i) thrice.learn_one(DenseView{a}, 0);
  thrice.learn_one(DenseView{b}, 1);
  CHECK(once == thrice);  // counts are sums of integers: exactly equal

  const MultinomialNB before = once;
  once.learn_one(DenseView{b}, 2, 0.0);
  CHECK(once == before);
}

TEST_CASE("MultinomialNB follows River's documented example") {
  const streamwise::ClassId yes = 0, maybe = 1, no = 2;
  MultinomialNB model({.alpha = 1.0});
  const streamwise::ClassId labels[] = {yes, yes, maybe, no};
  for (std::size_t i = 0; i < kDocs.size(); ++i) model.learn_one(DenseView{kDocs[i]}, labels[i]);
  CHECK(model.p_class(yes) == 0.5);
  CHECK(model.p_class(no) == 0.25);
  CHECK(model.p_class(maybe) == 0.25);
  CHECK(model.n_terms() == 6);
  std::vector<double> proba(3);
  const double test_doc[] = {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, 1};
  model.predict_proba_one(DenseView{test_doc}, proba);
  // River 0.26.1: {'yes': 0.41379310344827563, 'maybe': 0.3103448275862069, 'no':
  // 0.2758620689655172}
  CHECK(test::close(proba[yes], 0.41379310344827563));
  CHECK(test::close(proba[maybe], 0.3103448275862069));
  CHECK(test::close(proba[no], 0.2758620689655172));
  CHECK(model.predict_one(DenseView{test_doc}) == yes);
  const double shanghai[] = {1, kNaN, 1};
  model.predict_proba_one(DenseView{shanghai}, proba);
  // River: {'yes': 0.7128712871287127, 'maybe': 0.1603960396039604, 'no': 0.12673267326732665}
  CHECK(test::close(proba[yes], 0.7128712871287127));
  CHECK(test::close(proba[maybe], 0.1603960396039604));
  CHECK(test::close(proba[no], 0.12673267326732665));
  // Chinese given yes: (2 + 2 + 1) / (3 + 3 + 6).
  CHECK(model.p_feature_given_class(0, yes) == doctest::Approx(5.0 / 12.0));
}

TEST_CASE("MultinomialNB before any learning and with one class") {
  MultinomialNB model;
  const double x[] = {1.0, 0.0};
  CHECK(model.n_classes() == 0);
  model.predict_proba_one(DenseView{x}, {});
  CHECK(model.predict_one(DenseView{x}) == 0);
  for (int i = 0; i < 3; ++i) model.learn_one(DenseView{x}, 0);
  // A present zero still makes the feature known, as River's Counter entry does.
  CHECK(model.n_terms() == 2);
  std::vector<double> proba(1);
  model.predict_proba_one(DenseView{x}, proba);
  CHECK(proba[0] == 1.0);
}

TEST_CASE("MultinomialNB with alpha = 0 fails where River fails") {
  // River: learn {0: 1} -> a, {1: 1} -> b, then predict_proba_one({0: 1}) raises
  // ValueError('math domain error') because P(feature 0 | b) = 0.
  MultinomialNB model({.alpha = 0.0});
  const double a[] = {1.0}, b[] = {kNaN, 1.0};
  model.learn_one(DenseView{a}, 0);
  model.learn_one(DenseView{b}, 1);
  std::vector<double> proba(2);
  CHECK_THROWS_WITH_AS(model.predict_proba_one(DenseView{a}, proba),
                       "MultinomialNB: P(feature 0 | class 1) is 0 or undefined, so its log is "
                       "too (River raises a math error here; use alpha > 0)",
                       streamwise::InvalidInput);
  // Features every class has seen are fine, and an empty sample scores the priors.
  const double both[] = {1.0, 1.0};
  model.learn_one(DenseView{both}, 0);
  model.learn_one(DenseView{both}, 1);
  model.predict_proba_one(DenseView{both}, proba);
  CHECK(proba[0] == doctest::Approx(0.5));
  model.predict_proba_one(DenseView{}, proba);
  CHECK(proba[0] == doctest::Approx(0.5));
}

TEST_CASE("MultinomialNB rejects bad input and parameters without changing state") {
  MultinomialNB model;
  const double a[] = {1.0, 2.0};
  model.learn_one(DenseView{a}, 0);
  const MultinomialNB before = model;
  const double bad[] = {kInf};
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{bad}, 0),
                       "MultinomialNB: x[0] must be finite, got inf", streamwise::InvalidInput);
  CHECK_THROWS_AS(model.learn_one(DenseView{a}, 0, kNaN), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{a}, 2),
                       "MultinomialNB: class id 2 skips ids; the next new class id must be 1",
                       streamwise::InvalidInput);
  std::vector<double> proba(1);
  CHECK_THROWS_AS(model.predict_proba_one(DenseView{bad}, proba), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.predict_proba_one(DenseView{a}, {}),
                       "MultinomialNB: out has 0 slots for 1 classes", streamwise::InvalidInput);
  CHECK(model == before);

  CHECK_THROWS_WITH_AS(MultinomialNB({.alpha = -1.0}),
                       "MultinomialNB: alpha must be finite and >= 0", std::invalid_argument);
  CHECK_THROWS_AS(MultinomialNB({.alpha = kNaN}), std::invalid_argument);
  CHECK_NOTHROW(MultinomialNB({.alpha = 0.0}));
}

TEST_CASE("MultinomialNB checkpoint round-trip mid-stream keeps state and behaviour") {
  const auto steps = test::nb::load("multinomial_alpha.csv");
  test::nb::replay_with_checkpoint(MultinomialNB({.alpha = 0.25}), steps, false);
  const MultinomialNB model;
  CHECK(streamwise::to_json(streamwise::spec_of(model)) ==
        R"({"type":"MultinomialNB","params":{"alpha":1.0}})");
  CHECK(streamwise::repr(streamwise::spec_of(model)) == "MultinomialNB (\n  alpha=1.\n)");
  CHECK(test::roundtrip(model) == model);
  const auto params =
      streamwise::params_from_list<MultinomialNB::Params>({{"alpha", 0.5}}, "MultinomialNB");
  CHECK(params.alpha == 0.5);
}

TEST_CASE("MultinomialNB refuses a checkpoint with invalid feature flags") {
  MultinomialNB model;
  const double a[] = {1.0};
  model.learn_one(DenseView{a}, 0);
  const std::string bytes = streamwise::io::to_checkpoint(model);
  const auto header = streamwise::io::read_header(
      std::span(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()));
  // The payload ends with the per-feature "seen" flags (here one byte, 1): make it 2 and
  // re-wrap with a valid checksum.
  std::string payload = bytes.substr(header.payload_offset);
  REQUIRE(payload.back() == 1);
  payload.back() = 2;
  const std::string damaged = streamwise::io::wrap_payload(header.spec, payload);
  CHECK_THROWS_WITH_AS(streamwise::io::from_checkpoint<MultinomialNB>(std::string_view(damaged)),
                       "checkpoint payload is damaged: MultinomialNB has an invalid feature flag",
                       streamwise::CheckpointError);
}
