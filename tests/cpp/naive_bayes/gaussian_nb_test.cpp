#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "naive_bayes/nb_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::naive_bayes::GaussianNB;
namespace test = streamwise::test;

static_assert(streamwise::Classifier<GaussianNB>);

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("GaussianNB matches River test-then-train at every step") {
  // 5 features, one appearing at step 40, one often absent, a zero-variance feature for one
  // class, class 2 first seen at step 90 (tests/data/naive_bayes/make_nb_reference.py).
  const auto steps = test::nb::load("gaussian.csv");
  REQUIRE(steps.size() == 300);
  GaussianNB model;
  test::nb::replay(model, steps, 0, steps.size(), false);
  CHECK(model.n_classes() == 3);
}

TEST_CASE("GaussianNB weights count a sample w times (River's Gaussian with weights)") {
  const auto steps = test::nb::load("gaussian_weighted.csv");
  GaussianNB model;
  test::nb::replay(model, steps, 0, steps.size(), true);

  // An integer weight is the same as repeating the sample.
  GaussianNB once, thrice;
  const double a[] = {1.0, 2.0}, b[] = {3.0, -1.0}, q[] = {2.0, 0.5};
  once.learn_one(DenseView{a}, 0, 3.0);
  once.learn_one(DenseView{b}, 1);
  once.learn_one(DenseView{b}, 0);
  for (int i = 0; i < 3; ++i) thrice.learn_one(DenseView{a}, 0);
  thrice.learn_one(DenseView{b}, 1);
  thrice.learn_one(DenseView{b}, 0);
  std::vector<double> p1(2), p3(2);
  once.predict_proba_one(DenseView{q}, p1);
  thrice.predict_proba_one(DenseView{q}, p3);
  CHECK(test::close(p1[0], p3[0], 1e-12));
  CHECK(test::close(p1[1], p3[1], 1e-12));
  CHECK(once.p_class(0) == doctest::Approx(0.8));

  // Zero weight: nothing happens, not even a new class.
  const GaussianNB before = once;
  once.learn_one(DenseView{q}, 2, 0.0);
  CHECK(once == before);
  CHECK(once.n_classes() == 2);
}

TEST_CASE("GaussianNB follows River's documented example") {
  // River: labels 1 and 2 learnt in that order are ids 0 and 1.
  const double X[6][2] = {{-1, -1}, {-2, -1}, {-3, -2}, {1, 1}, {2, 1}, {3, 2}};
  GaussianNB model;
  for (int i = 0; i < 6; ++i) model.learn_one(DenseView{X[i]}, i < 3 ? 0 : 1);
  const double x[] = {-0.8, -1.0};
  CHECK(model.predict_one(DenseView{x}) == 0);
  std::vector<double> proba(2), jll(2);
  model.predict_proba_one(DenseView{x}, proba);
  model.joint_log_likelihood(DenseView{x}, jll);
  // River 0.26.1: {1: 0.9999999494221661, 2: 5.057783417045332e-08}
  CHECK(test::close(proba[0], 0.9999999494221661));
  CHECK(test::close(proba[1], 5.057783417045332e-08, 1e-15));
  CHECK(test::close(jll[0], -2.9062529869830827));
  CHECK(test::close(jll[1], -19.70600535290696));
  const auto* g = model.gaussian(0, 1);
  REQUIRE(g != nullptr);
  CHECK(g->mean == doctest::Approx(-4.0 / 3.0));
  CHECK(g->variance() == doctest::Approx(2.0 / 9.0));  // population variance (ddof = 0)
  CHECK(model.gaussian(0, 2) == nullptr);
}

TEST_CASE("GaussianNB before any learning, one class, constant stream") {
  GaussianNB model;
  const double x[] = {1.0, kNaN, 2.0};
  CHECK(model.n_classes() == 0);
  model.predict_proba_one(DenseView{x}, {});    // River returns {}: nothing to write
  CHECK(model.predict_one(DenseView{x}) == 0);  // River returns None
  std::vector<double> wide(2, 0.5);
  model.predict_proba_one(DenseView{x}, wide);
  CHECK(wide == std::vector<double>{0.0, 0.0});
  model.joint_log_likelihood(DenseView{x}, wide);
  CHECK(wide[0] == -kInf);

  // A single class always gets probability 1; a constant feature has zero variance, so its
  // density is 0 and the term is log(1e-9), as in River.
  for (int i = 0; i < 5; ++i) model.learn_one(DenseView{x}, 0);
  std::vector<double> proba(1), jll(1);
  model.predict_proba_one(DenseView{x}, proba);
  model.joint_log_likelihood(DenseView{x}, jll);
  CHECK(proba[0] == 1.0);
  CHECK(jll[0] == doctest::Approx(2.0 * std::log(1e-9)));
  // An empty sample scores only the prior.
  model.joint_log_likelihood(DenseView{}, jll);
  CHECK(jll[0] == 0.0);
  // Extra output slots belong to no class.
  std::vector<double> out(3, 7.0);
  model.predict_proba_one(DenseView{x}, out);
  CHECK(out == std::vector<double>{1.0, 0.0, 0.0});
}

TEST_CASE("GaussianNB rejects bad input without changing state") {
  GaussianNB model;
  const double a[] = {1.0, 2.0}, b[] = {3.0, kNaN, 5.0};
  model.learn_one(DenseView{a}, 0);
  model.learn_one(DenseView{b}, 1);
  const GaussianNB before = model;
  const double bad[] = {1.0, -kInf};
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{bad}, 0),
                       "GaussianNB: x[1] must be finite, got -inf", streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{a}, 0, -1.0),
                       "GaussianNB: weight w must be finite and >= 0, got -1.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(model.learn_one(DenseView{a}, 0, kInf), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(DenseView{a}, 3),
                       "GaussianNB: class id 3 skips ids; the next new class id must be 2",
                       streamwise::InvalidInput);
  std::vector<double> proba(2), small(1);
  CHECK_THROWS_WITH_AS(model.predict_proba_one(DenseView{bad}, proba),
                       "GaussianNB: x[1] must be finite, got -inf", streamwise::InvalidInput);
  CHECK_THROWS_AS(model.predict_one(DenseView{bad}), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(model.predict_proba_one(DenseView{a}, small),
                       "GaussianNB: out has 1 slots for 2 classes", streamwise::InvalidInput);
  CHECK(model == before);
}

TEST_CASE("GaussianNB checkpoint round-trip mid-stream keeps state and behaviour") {
  const auto steps = test::nb::load("gaussian.csv");
  test::nb::replay_with_checkpoint(GaussianNB{}, steps, false);
  GaussianNB model;
  CHECK(streamwise::to_json(streamwise::spec_of(model)) == R"({"type":"GaussianNB","params":{}})");
  CHECK(streamwise::repr(streamwise::spec_of(model)) == "GaussianNB ()");
  CHECK(test::roundtrip(model) == model);  // empty model too
}

TEST_CASE("GaussianNB refuses an inconsistent checkpoint") {
  GaussianNB model;
  const double a[] = {1.0};
  model.learn_one(DenseView{a}, 0);
  std::string bytes = streamwise::io::to_checkpoint(model);
  // The payload starts with the class-count vector: length (8 bytes) then one double (1.0).
  // Rewriting that count to -1.0 and fixing the checksum must be caught by the consistency check.
  const auto header = streamwise::io::read_header(
      std::span(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()));
  std::string payload = bytes.substr(header.payload_offset);
  double minus_one = -1.0;
  std::size_t at = payload.find(std::string("\x00\x00\x00\x00\x00\x00\xf0\x3f", 8));
  REQUIRE(at != std::string::npos);
  std::memcpy(payload.data() + at, &minus_one, sizeof minus_one);
  const std::string damaged = streamwise::io::wrap_payload(header.spec, payload);
  CHECK_THROWS_WITH_AS(streamwise::io::from_checkpoint<GaussianNB>(std::string_view(damaged)),
                       "checkpoint payload is damaged: GaussianNB has an invalid class count",
                       streamwise::CheckpointError);
}
