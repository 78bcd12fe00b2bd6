// Test-then-train throughput of pipelines (River's compose.Pipeline): for each sample,
// predict_one then learn_one, on 10,000 pre-generated samples with 10 dense features.
//   * StandardScaler | GaussianNB (3 classes), static Pipeline, DynamicPipeline (type-erased
//     steps), and the two steps driven by hand (the cost the pipeline adds is the difference).
//   * StandardScaler | LogisticRegression (binary), static and dynamic.
//   * FeatureHasher | LogisticRegression on text-like samples (1,000 numeric word features, 5%
//     present, River's default 2^20 buckets): dense rows in, sparse rows in, and, for
//     comparison, the dense hand-over of a 4,096-bucket hashed row (what a pipeline without the
//     sparse tail does).
// Features of class c are N(c + 0.1 j, 1 + 0.2 c). A fresh model is built for every pass.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_pipeline && build/rel/bench/bench_pipeline

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "streamwise/compose/dynamic_pipeline.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/preprocessing/feature_hasher.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"

namespace {

using namespace streamwise::compose;
using streamwise::ClassId;
using streamwise::DenseView;
using streamwise::linear_model::LogisticRegression;
using streamwise::naive_bayes::GaussianNB;
using streamwise::preprocessing::FeatureHasher;
using streamwise::preprocessing::StandardScaler;

constexpr std::size_t n_samples = 10'000;
constexpr std::size_t n_features = 10;

struct Stream {
  std::vector<double> x;  // row-major
  std::vector<ClassId> y;
};

Stream make(std::uint32_t n_classes) {
  streamwise::Rng rng(7);
  Stream out;
  for (std::size_t i = 0; i < n_samples; ++i) {
    const auto c = static_cast<ClassId>(i < n_classes ? i : rng.below(n_classes));
    out.y.push_back(c);
    for (std::size_t j = 0; j < n_features; ++j) {
      out.x.push_back(rng.normal(c + 0.1 * static_cast<double>(j), 1.0 + 0.2 * c));
    }
  }
  return out;
}

const Stream& stream(std::uint32_t n_classes) {
  static const Stream three = [] { return make(3); }();
  static const Stream two = [] { return make(2); }();
  return n_classes == 3 ? three : two;
}

template <class Model>
void run(benchmark::State& state, const Model& prototype, std::uint32_t n_classes) {
  const Stream& s = stream(n_classes);
  double sink = 0.0;
  for (auto _ : state) {
    Model model = prototype;
    for (std::size_t i = 0; i < n_samples; ++i) {
      const DenseView x{std::span<const double>(s.x.data() + i * n_features, n_features)};
      if (model.n_classes() > 0) sink += static_cast<double>(model.predict_one(x));
      model.learn_one(x, s.y[i]);
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n_samples));
}

void BM_ScalerGaussianNB_Static(benchmark::State& state) {
  run(state, Pipeline<StandardScaler, GaussianNB>{}, 3);
}
void BM_ScalerGaussianNB_Dynamic(benchmark::State& state) {
  run(state,
      DynamicPipeline<AnyClassifier>({AnyTransformer{StandardScaler{}}},
                                     AnyClassifier{GaussianNB{}}),
      3);
}
void BM_ScalerGaussianNB_ByHand(benchmark::State& state) {
  const Stream& s = stream(3);
  double sink = 0.0;
  std::vector<double> z(n_features);
  for (auto _ : state) {
    StandardScaler scaler;
    GaussianNB nb;
    for (std::size_t i = 0; i < n_samples; ++i) {
      const DenseView x{std::span<const double>(s.x.data() + i * n_features, n_features)};
      scaler.transform_one(x, z);
      if (nb.n_classes() > 0) sink += static_cast<double>(nb.predict_one(DenseView{z}));
      scaler.learn_one(x);
      scaler.transform_one(x, z);
      nb.learn_one(DenseView{z}, s.y[i]);
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n_samples));
}
void BM_ScalerLogisticRegression_Static(benchmark::State& state) {
  run(state, Pipeline<StandardScaler, LogisticRegression>{}, 2);
}
void BM_ScalerLogisticRegression_Dynamic(benchmark::State& state) {
  run(state,
      DynamicPipeline<AnyClassifier>({AnyTransformer{StandardScaler{}}},
                                     AnyClassifier{LogisticRegression{}}),
      2);
}

// Text-like samples: 1,000 word-count features, each present with probability 0.05.
struct TextStream {
  streamwise::FeatureSpace space;
  std::vector<std::vector<double>> dense;  // NaN = absent
  std::vector<streamwise::SparseSample> sparse;
  std::vector<ClassId> y;
};

const TextStream& text_stream() {
  static const TextStream text = [] {
    TextStream t;
    constexpr std::size_t n_words = 1'000;
    for (std::size_t j = 0; j < n_words; ++j) t.space.intern("word" + std::to_string(j));
    streamwise::Rng rng(11);
    for (std::size_t i = 0; i < 2'000; ++i) {
      std::vector<double> row(n_words, streamwise::missing_value);
      streamwise::SparseSample sample;
      double score = 0.0;
      for (std::size_t j = 0; j < n_words; ++j) {
        if (rng.uniform() >= 0.05) continue;
        const double count = static_cast<double>(1 + rng.below(3));
        row[j] = count;
        sample.push_back(static_cast<streamwise::FeatureId>(j), count);
        score += j < 100 ? count : (j < 200 ? -count : 0.0);
      }
      t.dense.push_back(std::move(row));
      t.sparse.push_back(std::move(sample));
      t.y.push_back(score > 0.0 ? 1 : 0);
    }
    return t;
  }();
  return text;
}

using HashedLogisticRegression = Pipeline<FeatureHasher, LogisticRegression>;

void BM_HashedLogisticRegression_DenseInput(benchmark::State& state) {
  const TextStream& t = text_stream();
  double sink = 0.0;
  // One model for the whole run (steady state): a fresh one would mostly measure the first
  // touch of its 2^20-weight vector.
  HashedLogisticRegression model(FeatureHasher(FeatureHasher::Params{.seed = 1}),
                                 LogisticRegression{});
  model.bind(&t.space);
  for (auto _ : state) {
    for (std::size_t i = 0; i < t.y.size(); ++i) {
      const DenseView x{t.dense[i]};
      sink += static_cast<double>(model.predict_one(x));
      model.learn_one(x, t.y[i]);
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(t.y.size()));
}

void BM_HashedLogisticRegression_SparseInput(benchmark::State& state) {
  const TextStream& t = text_stream();
  double sink = 0.0;
  // One model for the whole run (steady state): a fresh one would mostly measure the first
  // touch of its 2^20-weight vector.
  HashedLogisticRegression model(FeatureHasher(FeatureHasher::Params{.seed = 1}),
                                 LogisticRegression{});
  model.bind(&t.space);
  for (auto _ : state) {
    for (std::size_t i = 0; i < t.y.size(); ++i) {
      const streamwise::SparseView x = t.sparse[i].view();
      sink += static_cast<double>(model.predict_one(x));
      model.learn_one(x, t.y[i]);
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(t.y.size()));
}

// The hashed row handed over dense (4,096 buckets; 2^20 would be 256 times slower still).
void BM_HashedLogisticRegression_DenseHandOver4096(benchmark::State& state) {
  const TextStream& t = text_stream();
  const FeatureHasher::Params hashing{.n_features = 4096, .seed = 1};
  std::vector<double> hashed(4096);
  double sink = 0.0;
  FeatureHasher hasher(hashing);
  hasher.bind(&t.space);
  LogisticRegression model;
  for (auto _ : state) {
    for (std::size_t i = 0; i < t.y.size(); ++i) {
      const DenseView x{t.dense[i]};
      hasher.transform_one(x, hashed);
      sink += static_cast<double>(model.predict_one(DenseView{hashed}));
      hasher.learn_one(x);
      hasher.transform_one(x, hashed);
      model.learn_one(DenseView{hashed}, t.y[i]);
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(t.y.size()));
}

}  // namespace

BENCHMARK(BM_ScalerGaussianNB_Static);
BENCHMARK(BM_ScalerGaussianNB_Dynamic);
BENCHMARK(BM_ScalerGaussianNB_ByHand);
BENCHMARK(BM_ScalerLogisticRegression_Static);
BENCHMARK(BM_ScalerLogisticRegression_Dynamic);
BENCHMARK(BM_HashedLogisticRegression_DenseInput);
BENCHMARK(BM_HashedLogisticRegression_SparseInput);
BENCHMARK(BM_HashedLogisticRegression_DenseHandOver4096);
