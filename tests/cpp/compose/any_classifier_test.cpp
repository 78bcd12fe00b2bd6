#include <doctest/doctest.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "compose/compose_reference.hpp"
#include "streamwise/compose/any_classifier.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/naive_bayes/multinomial_nb.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::ClassId;
using streamwise::DenseView;
using streamwise::compose::AnyClassifier;
using streamwise::compose::Pipeline;
using streamwise::naive_bayes::GaussianNB;
namespace test = streamwise::test;
namespace ref = streamwise::test::compose;

static_assert(streamwise::Classifier<AnyClassifier>);

TEST_CASE("AnyClassifier wrapping a pipeline matches River") {
  using Inner = Pipeline<streamwise::preprocessing::StandardScaler, GaussianNB>;
  AnyClassifier model{Inner{}};
  const auto expected = ref::classifier_reference("std_gnb.csv");
  ref::check_classifier_steps(model, expected, 0, 100);
  AnyClassifier restored = ref::roundtrip_into(model, AnyClassifier{Inner{}});
  CHECK(restored == model);
  ref::check_classifier_steps(model, expected, 100, ref::n_rows);
  ref::check_classifier_steps(restored, expected, 100, ref::n_rows);
  CHECK(restored == model);
}

TEST_CASE("AnyClassifier: value semantics, empty wrapper, bad input, spec") {
  AnyClassifier a{GaussianNB{}};
  const double x[] = {1.0, 2.0};
  CHECK(a.n_classes() == 0);
  a.learn_one(DenseView{x}, ClassId{0});
  AnyClassifier b = a;
  CHECK(b == a);
  b.learn_one(DenseView{x}, ClassId{1});
  CHECK(b.n_classes() == 2);
  CHECK(a.n_classes() == 1);
  const AnyClassifier before = a;
  CHECK_THROWS_WITH_AS(a.learn_one(DenseView{x}, ClassId{5}),
                       "GaussianNB: class id 5 skips ids; the next new class id must be 1",
                       streamwise::InvalidInput);
  CHECK(a == before);
  std::vector<double> p(1);
  a.predict_proba_one(DenseView{x}, p);
  CHECK(p[0] == 1.0);
  CHECK(a.predict_one(DenseView{x}) == 0);
  CHECK_FALSE(AnyClassifier{streamwise::naive_bayes::MultinomialNB{}} ==
              AnyClassifier{GaussianNB{}});
  AnyClassifier empty;
  CHECK_THROWS_WITH_AS(empty.n_classes(), "AnyClassifier: empty (holds no estimator)",
                       std::logic_error);
  CHECK(streamwise::to_json(a.spec()) == "{\"type\":\"GaussianNB\",\"params\":{}}");
  CHECK_THROWS_WITH_AS(
      ref::roundtrip_into(a, AnyClassifier{streamwise::naive_bayes::MultinomialNB{}}),
      "AnyClassifier: checkpoint holds a GaussianNB, not a MultinomialNB",
      streamwise::CheckpointError);
}
