#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "naive_bayes/nb_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/naive_bayes/bernoulli_nb.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::naive_bayes::BernoulliNB;
namespace test = streamwise::test;

static_assert(streamwise::Classifier<BernoulliNB>);

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("BernoulliNB matches River test-then-train at every step") {
  // Counts with zeros present and features absent, features 4 and 5 appearing late, class 2
  // first seen at step 70 (tests/data/naive_bayes/make_nb_reference.py).
  SUBCASE("defaults") {
    BernoulliNB model;
    test::nb::replay(model, test::nb::load("bernoulli.csv"), 0, 250, false);
    CHECK(model.n_features() == 6);
  }
  SUBCASE("alpha = 0.3, true_threshold = 1.5, real values") {
    BernoulliNB model({.alpha = 0.3, .true_threshold = 1.5});
    test::nb::replay(model, test::nb::load("bernoulli_threshold.csv"), 0, 250, false);
  }
}

TEST_CASE("BernoulliNB weights count a sample w times") {
  BernoulliNB model({.alpha = 2.0, .true_threshold = 0.5});
  test::nb::replay(model, test::nb::load("bernoulli_weighted.csv"), 0, 250, true);

  BernoulliNB once, thrice;
  const double a[] = {1.0, 0.0}, b[] = {0.0, 1.0, 4.0};
  once.learn_one(DenseView{a}, 0, 3.0);
  once.learn_one(DenseView{b}, 1);
  for (int i = 0; i < 3; ++i) thrice.learn_one(DenseView{a}, 0);
  thrice.learn_one(DenseView{b}, 1);
  CHECK(once == thrice);

  const BernoulliNB before = once;
  once.learn_one(DenseView{b}, 2, 0.0);
  CHECK(once == before);
}

TEST_CASE("BernoulliNB follows River's documented example") {
  // Chinese 0, Beijing 1, Shanghai 2, Macao 3, Tokyo 4, Japan 5; labels yes 0, no 1.
  const std::vector<std::vector<double>> docs = {
      {2, 1}, {2, kNaN, 1}, {1, kNaN, kNaN, 1}, {1, kNaN, kNaN, kNaN, 1, 1}};
  const streamwise::ClassId labels[] = {0, 0, 0, 1};
  BernoulliNB model({.alpha = 1.0});
  for (std::size_t i = 0; i < docs.size(); ++i) model.learn_one(DenseView{docs[i]}, labels[i]);
  CHECK(model.p_class(0) == 0.75);
  CHECK(model.p_class(1) == 0.25);
  std::vector<double> proba(2);
  const double test_doc[] = {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, 1};  // unseen word: ignored
  model.predict_proba_one(DenseView{test_doc}, proba);
  // River 0.26.1: {'yes': 0.8831539823829913, 'no': 0.11684601761700895}
  CHECK(test::close(proba[0], 0.8831539823829913));
  CHECK(test::close(proba[1], 0.11684601761700895));
  CHECK(model.predict_one(DenseView{test_doc}) == 0);
  const double shanghai[] = {1, kNaN, 1};
  model.predict_proba_one(DenseView{shanghai}, proba);
  // River: {'yes': 0.9527307268174693, 'no': 0.047269273182530894}
  CHECK(test::close(proba[0], 0.9527307268174693));
  CHECK(test::close(proba[1], 0.047269273182530894));
  // Chinese is on in all three "yes" documents: (3 + 1) / (3 + 2).
  CHECK(model.p_feature_given_class(0, 0) == doctest::Approx(0.8));
}

TEST_CASE("BernoulliNB before any learning, one class, features seen off") {
  BernoulliNB model;
  const double x[] = {1.0, 0.0};
  CHECK(model.n_classes() == 0);
  model.predict_proba_one(DenseView{x}, {});
  CHECK(model.predict_one(DenseView{x}) == 0);
  model.learn_one(DenseView{x}, 0);
  // Feature 1 was present but off: it is known all the same (River's Counter gets a 0 entry).
  CHECK(model.n_features() == 2);
  std::vector<double> proba(1), jll(1);
  model.predict_proba_one(DenseView{x}, proba);
  CHECK(proba[0] == 1.0);
  // P(f0 on) = 2/3, P(f1 on) = 1/3; x has f0 on and f1 off.
  model.joint_log_likelihood(DenseView{x}, jll);
  CHECK(jll[0] == doctest::Approx(std::log(1e-9 + 2.0 / 3.0) + std::log(1e-9 + 2.0 / 3.0)));
  // An absent feature scores as off.
  model.joint_log_likelihood(DenseView{}, jll);
  CHECK(jll[0] == doctest::Approx(std::log(1e-9 + 1.0 / 3.0) + std::log(1e-9 + 2.0 / 3.0)));
}

TEST_CASE("BernoulliNB rejects bad input and parameters without changing state") {
  BernoulliNB model;
  const double a[] = {1.0, 2.0};
  model.learn_one(DenseView{a}, 0);
  const BernoulliNB before = model;
  const double bad[] = {kNaN, kNaN, kInf};
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{bad}, 0),
                       "BernoulliNB: x[2] must be finite, got inf", streamwise::InvalidInput);
  CHECK_THROWS_AS(model.learn_one(DenseView{a}, 0, -0.5), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{a}, 5),
                       "BernoulliNB: class id 5 skips ids; the next new class id must be 1",
                       streamwise::InvalidInput);
  std::vector<double> proba(1);
  CHECK_THROWS_AS(model.predict_proba_one(DenseView{bad}, proba), streamwise::InvalidInput);
  CHECK(model == before);

  CHECK_THROWS_WITH_AS(BernoulliNB({.alpha = -0.1}), "BernoulliNB: alpha must be finite and >= 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(BernoulliNB({.alpha = 1.0, .true_threshold = kNaN}),
                       "BernoulliNB: true_threshold must be finite", std::invalid_argument);
  CHECK_NOTHROW(BernoulliNB({.alpha = 0.0, .true_threshold = -3.0}));
}

TEST_CASE("BernoulliNB checkpoint round-trip mid-stream keeps state and behaviour") {
  const auto steps = test::nb::load("bernoulli_threshold.csv");
  test::nb::replay_with_checkpoint(BernoulliNB({.alpha = 0.3, .true_threshold = 1.5}), steps,
                                   false);
  const BernoulliNB model;
  CHECK(streamwise::to_json(streamwise::spec_of(model)) ==
        R"({"type":"BernoulliNB","params":{"alpha":1.0,"true_threshold":0.0}})");
  CHECK(test::roundtrip(model) == model);
}

TEST_CASE("BernoulliNB refuses a checkpoint with an impossible feature list") {
  BernoulliNB model;
  const double a[] = {1.0};
  model.learn_one(DenseView{a}, 0);
  const std::string bytes = streamwise::io::to_checkpoint(model);
  const auto header = streamwise::io::read_header(
      std::span(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()));
  // The payload ends with the list of known feature ids (here one uint32, 0): make it 5, a
  // feature no class has counts for, and re-wrap with a valid checksum.
  std::string payload = bytes.substr(header.payload_offset);
  REQUIRE(payload.substr(payload.size() - 4) == std::string(4, '\0'));
  payload[payload.size() - 4] = 5;
  const std::string damaged = streamwise::io::wrap_payload(header.spec, payload);
  CHECK_THROWS_WITH_AS(
      streamwise::io::from_checkpoint<BernoulliNB>(std::string_view(damaged)),
      "checkpoint payload is damaged: BernoulliNB has an invalid list of known features",
      streamwise::CheckpointError);
}
