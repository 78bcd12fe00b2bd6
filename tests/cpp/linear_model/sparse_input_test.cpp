// Sparse samples (`SparseView`) in the GLM-based models: a sparse sample must give exactly the
// model that the same sample as a dense row with NaN for the absent features gives (the dense
// path is the one checked step by step against River), and bad sparse samples are refused
// without touching the model.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/optim/ada_grad.hpp"
#include "support/checkpoint.hpp"

using streamwise::ClassId;
using streamwise::DenseView;
using streamwise::FeatureId;
using streamwise::InvalidInput;
using streamwise::SparseSample;
using streamwise::SparseView;
using streamwise::linear_model::LinearRegression;
using streamwise::linear_model::LogisticRegression;
using streamwise::linear_model::LogisticRegressionT;
namespace optim = streamwise::optim;
namespace test = streamwise::test;

namespace {

constexpr std::size_t n_features = 60;
constexpr double not_present = std::numeric_limits<double>::quiet_NaN();

// A stream of wide samples with about 10% of the features present, as a dense row (NaN =
// absent) and as the same sample in sparse form.
struct WideSample {
  std::vector<double> dense;
  SparseSample sparse;
  double target = 0.0;
};

std::vector<WideSample> wide_stream(std::size_t n, std::uint64_t seed) {
  streamwise::Rng rng(seed);
  std::vector<WideSample> out(n);
  for (auto& s : out) {
    s.dense.assign(n_features, not_present);
    double score = 0.0;
    for (std::size_t j = 0; j < n_features; ++j) {
      if (rng.uniform() >= 0.1) continue;
      const double v = rng.normal(0.0, 1.0);
      s.dense[j] = v;
      s.sparse.push_back(static_cast<FeatureId>(j), v);
      score += (j % 3 == 0 ? 1.0 : -0.5) * v;
    }
    s.target = score;
  }
  return out;
}

}  // namespace

TEST_CASE("LogisticRegression: a sparse sample learns exactly as its dense form") {
  const auto stream = wide_stream(600, 11);
  LogisticRegression::Params with_l1;
  with_l1.l1 = 0.001;
  using Erased = LogisticRegressionT<optim::AnyOptimizer, optim::AnyLoss>;
  Erased::Params erased;
  erased.optimizer = optim::AdaGrad();
  erased.l2 = 0.01;
  SUBCASE("defaults") {
    LogisticRegression dense, sparse;
    for (const auto& s : stream) {
      const ClassId y = s.target > 0.0 ? 1 : 0;
      CHECK(dense.predict_proba_true(DenseView{s.dense}) ==
            sparse.predict_proba_true(s.sparse.view()));
      dense.learn_one(DenseView{s.dense}, y);
      sparse.learn_one(s.sparse.view(), y);
      REQUIRE(dense == sparse);
    }
    CHECK(dense.intercept() != 0.0);
  }
  SUBCASE("l1 penalty (Tsuruoka's cumulative rule)") {
    LogisticRegression dense(with_l1), sparse(with_l1);
    for (const auto& s : stream) {
      const ClassId y = s.target > 0.0 ? 1 : 0;
      dense.learn_one(DenseView{s.dense}, y, 0.5);
      sparse.learn_one(s.sparse.view(), y, 0.5);
      REQUIRE(dense == sparse);
    }
  }
  SUBCASE("AdaGrad through the run-time-configurable form") {
    Erased dense(erased), sparse(erased);
    for (const auto& s : stream) {
      const ClassId y = s.target > 0.0 ? 1 : 0;
      dense.learn_one(DenseView{s.dense}, y);
      sparse.learn_one(s.sparse.view(), y);
      REQUIRE(dense == sparse);
      CHECK(dense.predict_one(DenseView{s.dense}) == sparse.predict_one(s.sparse.view()));
    }
  }
}

TEST_CASE("LinearRegression: a sparse sample learns exactly as its dense form") {
  const auto stream = wide_stream(600, 12);
  LinearRegression dense, sparse;
  for (const auto& s : stream) {
    CHECK(dense.predict_one(DenseView{s.dense}) == sparse.predict_one(s.sparse.view()));
    dense.learn_one(DenseView{s.dense}, s.target);
    sparse.learn_one(s.sparse.view(), s.target);
    REQUIRE(dense == sparse);
  }
  // The model learnt something: its error on the stream's last samples is below the spread.
  double error = 0.0, spread = 0.0;
  for (std::size_t i = 500; i < stream.size(); ++i) {
    error += std::fabs(sparse.predict_one(stream[i].sparse.view()) - stream[i].target);
    spread += std::fabs(stream[i].target);
  }
  CHECK(error < spread);
}

TEST_CASE("Sparse samples: edge cases") {
  LogisticRegression model;
  SparseSample empty;
  CHECK(model.predict_proba_true(empty.view()) == 0.5);  // nothing learnt, nothing present
  model.learn_one(empty.view(), 1);                      // only the intercept moves
  CHECK(model.intercept() > 0.0);
  CHECK_FALSE(model.has_weight(0));
  // An id far beyond every weight seen so far: no weight yet, counts 0 in a prediction.
  SparseSample far;
  far.push_back(1'000'000, 3.0);
  const double before = model.predict_proba_true(empty.view());
  CHECK(model.predict_proba_true(far.view()) == before);
  model.learn_one(far.view(), 0);
  CHECK(model.has_weight(1'000'000));
  CHECK(model.weight(1'000'000) < 0.0);
  double proba[3] = {-1.0, -1.0, -1.0};
  model.predict_proba_one(far.view(), proba);
  CHECK(proba[0] + proba[1] == doctest::Approx(1.0));
  CHECK(proba[2] == 0.0);
}

TEST_CASE("Sparse samples: bad input is refused and the model is unchanged") {
  LogisticRegression model;
  LinearRegression regressor;
  const auto stream = wide_stream(50, 13);
  for (const auto& s : stream) {
    model.learn_one(s.sparse.view(), s.target > 0.0 ? 1 : 0);
    regressor.learn_one(s.sparse.view(), s.target);
  }
  const LogisticRegression before = model;
  const LinearRegression regressor_before = regressor;

  const std::vector<FeatureId> unsorted_ids{4, 2};
  const std::vector<FeatureId> repeated_ids{2, 2};
  const std::vector<FeatureId> two_ids{1, 5};
  const std::vector<double> two_values{1.0, 2.0};
  const std::vector<double> one_value{1.0};
  const std::vector<double> with_nan{1.0, not_present};
  const std::vector<double> with_inf{std::numeric_limits<double>::infinity(), 1.0};

  CHECK_THROWS_WITH_AS(model.learn_one(SparseView{unsorted_ids, two_values}, 1),
                       "LogisticRegression: sparse sample ids must be strictly increasing (id 2 "
                       "after 4)",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(SparseView{repeated_ids, two_values}, 1),
                       "LogisticRegression: sparse sample ids must be strictly increasing (id 2 "
                       "after 2)",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(SparseView{two_ids, one_value}, 1),
                       "LogisticRegression: sparse sample has 2 ids but 1 values", InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(SparseView{two_ids, with_nan}, 1),
                       "LogisticRegression: x[5] must be finite, got nan", InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(SparseView{two_ids, with_inf}, 1),
                       "LogisticRegression: x[1] must be finite, got inf", InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(SparseView{two_ids, two_values}, 2),
                       "LogisticRegression: binary model takes class 0 or 1, got 2", InvalidInput);
  CHECK_THROWS_AS(model.learn_one(SparseView{two_ids, two_values}, 1, -1.0), InvalidInput);
  CHECK_THROWS_AS(model.predict_one(SparseView{unsorted_ids, two_values}), InvalidInput);
  CHECK(model == before);

  CHECK_THROWS_WITH_AS(regressor.learn_one(SparseView{two_ids, two_values}, not_present),
                       "LinearRegression: y must be finite, got nan", InvalidInput);
  CHECK_THROWS_AS(regressor.learn_one(SparseView{two_ids, with_nan}, 1.0), InvalidInput);
  CHECK_THROWS_AS(regressor.predict_one(SparseView{repeated_ids, two_values}), InvalidInput);
  CHECK(regressor == regressor_before);
}

TEST_CASE("Sparse samples: a checkpoint mid-stream resumes identically") {
  const auto stream = wide_stream(400, 14);
  LogisticRegression original;
  for (std::size_t i = 0; i < 200; ++i) {
    original.learn_one(stream[i].sparse.view(), stream[i].target > 0.0 ? 1 : 0);
  }
  LogisticRegression restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 200; i < stream.size(); ++i) {
    const ClassId y = stream[i].target > 0.0 ? 1 : 0;
    CHECK(restored.predict_proba_true(stream[i].sparse.view()) ==
          original.predict_proba_true(stream[i].sparse.view()));
    original.learn_one(stream[i].sparse.view(), y);
    restored.learn_one(stream[i].sparse.view(), y);
  }
  CHECK(restored == original);
}
