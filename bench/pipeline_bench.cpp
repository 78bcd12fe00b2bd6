// Test-then-train throughput of pipelines (River's compose.Pipeline): for each sample,
// predict_one then learn_one, on 10,000 pre-generated samples with 10 dense features.
//   * StandardScaler | GaussianNB (3 classes), static Pipeline, DynamicPipeline (type-erased
//     steps), and the two steps driven by hand (the cost the pipeline adds is the difference).
//   * StandardScaler | LogisticRegression (binary), static and dynamic.
// Features of class c are N(c + 0.1 j, 1 + 0.2 c). A fresh model is built for every pass.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_pipeline && build/rel/bench/bench_pipeline

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "streamwise/compose/dynamic_pipeline.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"

namespace {

using namespace streamwise::compose;
using streamwise::ClassId;
using streamwise::DenseView;
using streamwise::linear_model::LogisticRegression;
using streamwise::naive_bayes::GaussianNB;
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

}  // namespace

BENCHMARK(BM_ScalerGaussianNB_Static);
BENCHMARK(BM_ScalerGaussianNB_Dynamic);
BENCHMARK(BM_ScalerGaussianNB_ByHand);
BENCHMARK(BM_ScalerLogisticRegression_Static);
BENCHMARK(BM_ScalerLogisticRegression_Dynamic);
