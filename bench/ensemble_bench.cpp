// Test-then-train throughput of the bagging ensembles (River's ensemble.BaggingClassifier and
// LeveragingBaggingClassifier): for each sample, predict_one then learn_one, on 10,000
// pre-generated samples with 10 dense features and 2 classes. Each case runs with 1 and with 2
// learning threads (the benchmark argument; OpenMP must be on for 2 to differ from 1).
//   * BaggingClassifier(10 x StandardScaler | LogisticRegression), seed 42.
//   * LeveragingBaggingClassifier(10 x StandardScaler | LogisticRegression), w = 6, seed 42
//     (about six times the member updates of plain bagging).
//   * BaggingClassifier(10 x GaussianNB).
//   * BaggingClassifier(10 x HoeffdingTreeClassifier): heavier members, where threads pay.
//   * BaggingLearnMany_*: learning only, through learn_many in blocks of 1,000 rows (one
//     parallel region per block instead of one per sample).
// Features of class c are N(c + 0.1 j, 1 + 0.2 c). A fresh model is built for every pass.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF -DCMAKE_CXX_FLAGS=-fopenmp
//   cmake --build build/rel --target bench_ensemble && build/rel/bench/bench_ensemble

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/ensemble/bagging_classifier.hpp"
#include "streamwise/ensemble/leveraging_bagging_classifier.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "streamwise/tree/hoeffding_tree_classifier.hpp"

namespace {

using streamwise::ClassId;
using streamwise::DenseView;
using streamwise::ensemble::BaggingClassifier;
using streamwise::ensemble::LeveragingBaggingClassifier;
using ScaledLogReg = streamwise::compose::Pipeline<streamwise::preprocessing::StandardScaler,
                                                   streamwise::linear_model::LogisticRegression>;
using streamwise::naive_bayes::GaussianNB;
using Tree = streamwise::tree::HoeffdingTreeClassifier<>;

constexpr std::size_t n_samples = 10'000;
constexpr std::size_t n_features = 10;

struct Stream {
  std::vector<double> x;  // row-major
  std::vector<ClassId> y;
};

const Stream& stream() {
  static const Stream s = [] {
    streamwise::Rng rng(7);
    Stream out;
    for (std::size_t i = 0; i < n_samples; ++i) {
      const auto c = static_cast<ClassId>(i < 2 ? i : rng.below(2));
      out.y.push_back(c);
      for (std::size_t j = 0; j < n_features; ++j) {
        out.x.push_back(rng.normal(c + 0.1 * static_cast<double>(j), 1.0 + 0.2 * c));
      }
    }
    return out;
  }();
  return s;
}

template <class Model>
void run(benchmark::State& state, const Model& prototype) {
  const Stream& s = stream();
  double sink = 0.0;
  for (auto _ : state) {
    Model model = prototype;
    model.set_n_threads(static_cast<int>(state.range(0)));
    for (std::size_t i = 0; i < n_samples; ++i) {
      const DenseView x{std::span<const double>(s.x.data() + i * n_features, n_features)};
      if (model.n_classes() > 0) sink += static_cast<double>(model.predict_one(x));
      model.learn_one(x, s.y[i]);
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n_samples));
}

void BM_Bagging_ScalerLogReg(benchmark::State& state) {
  run(state, BaggingClassifier<ScaledLogReg>(ScaledLogReg{}, 10, 42));
}
void BM_LeveragingBagging_ScalerLogReg(benchmark::State& state) {
  LeveragingBaggingClassifier<ScaledLogReg>::Params params;
  params.seed = 42;
  run(state, LeveragingBaggingClassifier<ScaledLogReg>(ScaledLogReg{}, params));
}
void BM_Bagging_GaussianNB(benchmark::State& state) {
  run(state, BaggingClassifier<GaussianNB>(GaussianNB{}, 10, 42));
}
void BM_Bagging_HoeffdingTree(benchmark::State& state) {
  run(state, BaggingClassifier<Tree>(Tree{}, 10, 42));
}

// Learning only, in blocks of 1,000 rows through learn_many: one parallel region per block.
template <class Model>
void run_blocks(benchmark::State& state, const Model& prototype) {
  const Stream& s = stream();
  constexpr std::size_t block = 1'000;
  for (auto _ : state) {
    Model model = prototype;
    model.set_n_threads(static_cast<int>(state.range(0)));
    for (std::size_t i = 0; i < n_samples; i += block) {
      model.learn_many(std::span<const double>(s.x).subspan(i * n_features, block * n_features),
                       n_features, std::span<const ClassId>(s.y).subspan(i, block));
    }
    benchmark::DoNotOptimize(model);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n_samples));
}

void BM_BaggingLearnMany_ScalerLogReg(benchmark::State& state) {
  run_blocks(state, BaggingClassifier<ScaledLogReg>(ScaledLogReg{}, 10, 42));
}
void BM_BaggingLearnMany_HoeffdingTree(benchmark::State& state) {
  run_blocks(state, BaggingClassifier<Tree>(Tree{}, 10, 42));
}

}  // namespace

BENCHMARK(BM_BaggingLearnMany_ScalerLogReg)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_BaggingLearnMany_HoeffdingTree)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Bagging_ScalerLogReg)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LeveragingBagging_ScalerLogReg)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Bagging_GaussianNB)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Bagging_HoeffdingTree)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
