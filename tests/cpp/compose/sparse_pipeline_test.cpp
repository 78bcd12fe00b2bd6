// `FeatureHasher | LogisticRegression` (and `| LinearRegression`): the pipeline hands the hashed
// sample to the model in sparse form, so a sample costs its present features, not the width of
// the hashing space. It must give exactly what the two steps give when driven by hand through
// the dense hashed row (the forms checked against River), from dense or sparse input.

#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/preprocessing/feature_hasher.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/checkpoint.hpp"

using streamwise::ClassId;
using streamwise::DenseView;
using streamwise::FeatureId;
using streamwise::FeatureKind;
using streamwise::FeatureSpace;
using streamwise::InvalidInput;
using streamwise::SparseSample;
using streamwise::compose::Pipeline;
using streamwise::linear_model::LinearRegression;
using streamwise::linear_model::LogisticRegression;
using streamwise::preprocessing::FeatureHasher;
using streamwise::preprocessing::StandardScaler;
namespace test = streamwise::test;

using HashedLogReg = Pipeline<FeatureHasher, LogisticRegression>;
using HashedLinReg = Pipeline<FeatureHasher, LinearRegression>;
static_assert(streamwise::Classifier<HashedLogReg>);
static_assert(streamwise::Regressor<HashedLinReg>);
static_assert(HashedLogReg::sparse_tail && HashedLogReg::sparse_input);
static_assert(Pipeline<StandardScaler, FeatureHasher, LogisticRegression>::sparse_tail);
static_assert(!Pipeline<StandardScaler, FeatureHasher, LogisticRegression>::sparse_input);
static_assert(!Pipeline<StandardScaler, LogisticRegression>::sparse_tail);

namespace {

constexpr double not_present = std::numeric_limits<double>::quiet_NaN();

// Bag-of-words-like samples: 300 numeric "word" features (about 3% present, counts 1-3) and a
// nominal "lang" feature; the label depends on a few words.
struct TextStream {
  FeatureSpace space;
  std::vector<std::vector<double>> dense;  // NaN = absent
  std::vector<SparseSample> sparse;
  std::vector<ClassId> labels;
};

TextStream text_stream(std::size_t n) {
  TextStream t;
  for (int j = 0; j < 300; ++j) t.space.intern("w" + std::to_string(j));
  const FeatureId lang = t.space.intern("lang", FeatureKind::nominal);
  const double codes[] = {t.space.encode_nominal(lang, "en"), t.space.encode_nominal(lang, "fr")};
  streamwise::Rng rng(5);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> row(t.space.size(), not_present);
    SparseSample s;
    int score = 0;
    for (FeatureId j = 0; j < 300; ++j) {
      if (rng.uniform() >= 0.03) continue;
      const double count = static_cast<double>(1 + rng.below(3));
      row[j] = count;
      s.push_back(j, count);
      score += j < 20 ? 1 : (j < 40 ? -1 : 0);
    }
    row[lang] = codes[rng.below(2)];
    s.push_back(lang, row[lang]);
    t.dense.push_back(row);
    t.sparse.push_back(s);
    t.labels.push_back(score > 0 ? 1 : 0);
  }
  return t;
}

}  // namespace

TEST_CASE(
    "FeatureHasher | LogisticRegression equals the two steps by hand, dense or sparse input") {
  const TextStream t = text_stream(500);
  const FeatureHasher::Params hashing{.n_features = 64, .seed = 3};
  HashedLogReg from_dense(FeatureHasher(hashing), LogisticRegression{});
  HashedLogReg from_sparse = from_dense;
  from_dense.bind(&t.space);
  from_sparse.bind(&t.space);
  FeatureHasher hasher(hashing);
  hasher.bind(&t.space);
  LogisticRegression by_hand;
  std::vector<double> hashed(64);
  double p_dense[2], p_sparse[2];
  for (std::size_t i = 0; i < t.dense.size(); ++i) {
    INFO("sample " << i);
    const DenseView x{t.dense[i]};
    hasher.transform_one(x, hashed);
    from_dense.predict_proba_one(x, p_dense);
    from_sparse.predict_proba_one(t.sparse[i].view(), p_sparse);
    const double expected = by_hand.predict_proba_true(DenseView{hashed});
    CHECK(p_dense[1] == expected);
    CHECK(p_sparse[1] == expected);
    CHECK(from_dense.predict_one(x) == by_hand.predict_one(DenseView{hashed}));

    from_dense.learn_one(x, t.labels[i]);
    from_sparse.learn_one(t.sparse[i].view(), t.labels[i]);
    hasher.learn_one(x);
    hasher.transform_one(x, hashed);
    by_hand.learn_one(DenseView{hashed}, t.labels[i]);
    REQUIRE(from_dense.step<1>() == by_hand);
    REQUIRE(from_sparse == from_dense);
  }
}

TEST_CASE("FeatureHasher | LinearRegression equals the two steps by hand") {
  const TextStream t = text_stream(300);
  const FeatureHasher::Params hashing{.n_features = 32, .seed = 9, .alternate_sign = false};
  HashedLinReg model(FeatureHasher(hashing), LinearRegression{});
  model.bind(&t.space);
  FeatureHasher hasher(hashing);
  hasher.bind(&t.space);
  LinearRegression by_hand;
  std::vector<double> hashed(32);
  for (std::size_t i = 0; i < t.dense.size(); ++i) {
    const double y = t.labels[i] == 1 ? 2.5 : -1.0;
    hasher.transform_one(DenseView{t.dense[i]}, hashed);
    CHECK(model.predict_one(t.sparse[i].view()) == by_hand.predict_one(DenseView{hashed}));
    model.learn_one(DenseView{t.dense[i]}, y);
    by_hand.learn_one(DenseView{hashed}, y);
    REQUIRE(model.step<1>() == by_hand);
  }
}

TEST_CASE("Sparse pipelines: the default 2^20 buckets and a scaler in front") {
  const TextStream t = text_stream(200);
  // River's default width: the model only ever touches the buckets the samples fill.
  HashedLogReg wide(FeatureHasher(FeatureHasher::Params{.seed = 1}), LogisticRegression{});
  wide.bind(&t.space);
  for (std::size_t i = 0; i < t.sparse.size(); ++i) {
    wide.learn_one(t.sparse[i].view(), t.labels[i]);
  }
  std::size_t with_weight = 0;
  for (FeatureId b = 0; b < (1u << 20); ++b) with_weight += wide.step<1>().has_weight(b) ? 1 : 0;
  CHECK(with_weight > 0);
  CHECK(with_weight <= 301);  // at most one bucket per distinct token (300 words + 2 languages)

  // Three steps: the scaler's dense output is hashed, and the hashed sample goes on sparse.
  FeatureSpace numbers;
  for (int j = 0; j < 5; ++j) numbers.intern("x" + std::to_string(j));
  Pipeline<StandardScaler, FeatureHasher, LogisticRegression> three(
      StandardScaler(), FeatureHasher(FeatureHasher::Params{.n_features = 16, .seed = 2}),
      LogisticRegression{});
  three.bind(&numbers);
  StandardScaler scaler;
  FeatureHasher hasher(FeatureHasher::Params{.n_features = 16, .seed = 2});
  hasher.bind(&numbers);
  LogisticRegression by_hand;
  streamwise::Rng rng(8);
  std::vector<double> x(5), z(5), hashed(16);
  for (int i = 0; i < 200; ++i) {
    for (double& v : x) v = rng.normal(0.0, 2.0);
    const ClassId y = x[0] + x[1] > 0.0 ? 1 : 0;
    scaler.transform_one(DenseView{x}, z);
    hasher.transform_one(DenseView{z}, hashed);
    double p[2];
    three.predict_proba_one(DenseView{x}, p);
    CHECK(p[1] == by_hand.predict_proba_true(DenseView{hashed}));
    three.learn_one(DenseView{x}, y);
    scaler.learn_one(DenseView{x});
    scaler.transform_one(DenseView{x}, z);
    hasher.transform_one(DenseView{z}, hashed);
    by_hand.learn_one(DenseView{hashed}, y);
    REQUIRE(three.step<2>() == by_hand);
  }
}

TEST_CASE("Sparse pipelines: bad input is refused and nothing changes") {
  const TextStream t = text_stream(50);
  HashedLogReg model(FeatureHasher(FeatureHasher::Params{.n_features = 64, .seed = 3}),
                     LogisticRegression{});
  model.bind(&t.space);
  for (std::size_t i = 0; i < t.sparse.size(); ++i)
    model.learn_one(t.sparse[i].view(), t.labels[i]);
  const HashedLogReg before = model;
  const std::vector<FeatureId> unknown_id{5000};
  const std::vector<FeatureId> one_id{3};
  const std::vector<double> one{1.0};
  const std::vector<double> not_a_number{not_present};
  CHECK_THROWS_WITH_AS(model.learn_one(streamwise::SparseView{unknown_id, one}, 1),
                       "FeatureHasher: feature id 5000 is not in the bound FeatureSpace (301 "
                       "features)",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(streamwise::SparseView{one_id, not_a_number}, 1),
                       "FeatureHasher: x[3] must be finite, got nan", InvalidInput);
  CHECK_THROWS_WITH_AS(model.learn_one(streamwise::SparseView{one_id, one}, 2),
                       "LogisticRegression: binary model takes class 0 or 1, got 2", InvalidInput);
  CHECK_THROWS_AS(model.learn_one(streamwise::SparseView{one_id, one}, 1, -2.0), InvalidInput);
  std::vector<double> infinite_row = t.dense[0];
  infinite_row[7] = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(model.learn_one(DenseView{infinite_row}, 1), InvalidInput);
  CHECK(model == before);
}

TEST_CASE("Sparse pipelines: a checkpoint mid-stream resumes identically") {
  const TextStream t = text_stream(300);
  HashedLogReg original(FeatureHasher(FeatureHasher::Params{.n_features = 128, .seed = 4}),
                        LogisticRegression{});
  original.bind(&t.space);
  for (std::size_t i = 0; i < 150; ++i) original.learn_one(t.sparse[i].view(), t.labels[i]);
  HashedLogReg restored = test::roundtrip(original);
  restored.bind(&t.space);
  CHECK(restored == original);
  for (std::size_t i = 150; i < t.sparse.size(); ++i) {
    CHECK(restored.predict_one(t.sparse[i].view()) == original.predict_one(t.sparse[i].view()));
    original.learn_one(DenseView{t.dense[i]}, t.labels[i]);
    restored.learn_one(t.sparse[i].view(), t.labels[i]);
  }
  CHECK(restored == original);
}
