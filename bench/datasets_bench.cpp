// Samples per second of the synthetic streams (River's datasets.synth) and of CsvStream on the
// Electricity file. Each iteration draws one sample into a reused Sample.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_datasets
//   STREAMWISE_DATASETS=../shared/datasets build/rel/bench/bench_datasets
//
// The CSV benchmark needs elec.csv (found through STREAMWISE_DATASETS); without it, it reports
// the error and is skipped.

#include <benchmark/benchmark.h>

#include <exception>

#include "streamwise/datasets/agrawal.hpp"
#include "streamwise/datasets/concept_drift_stream.hpp"
#include "streamwise/datasets/csv_stream.hpp"
#include "streamwise/datasets/friedman.hpp"
#include "streamwise/datasets/friedman_drift.hpp"
#include "streamwise/datasets/hyperplane.hpp"
#include "streamwise/datasets/led.hpp"
#include "streamwise/datasets/paths.hpp"
#include "streamwise/datasets/random_rbf.hpp"
#include "streamwise/datasets/random_rbf_drift.hpp"
#include "streamwise/datasets/sea.hpp"
#include "streamwise/datasets/stagger.hpp"

namespace {

namespace ds = streamwise::datasets;

template <class Gen>
void run(benchmark::State& state, Gen gen) {
  typename Gen::Sample s;
  for (auto _ : state) {
    gen.next(s);
    benchmark::DoNotOptimize(s.x.data());
    benchmark::DoNotOptimize(s.y);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Agrawal(benchmark::State& state) { run(state, ds::Agrawal({.seed = 42})); }
void BM_AgrawalBalancedPerturbed(benchmark::State& state) {
  run(state, ds::Agrawal({.classification_function = 2,
                          .seed = 42,
                          .balance_classes = true,
                          .perturbation = 0.1}));
}
void BM_SEA(benchmark::State& state) { run(state, ds::SEA({.seed = 42})); }
void BM_Hyperplane(benchmark::State& state) { run(state, ds::Hyperplane({.seed = 42})); }
void BM_LED(benchmark::State& state) {
  run(state, ds::LED({.seed = 42, .noise_percentage = 0.1, .irrelevant_features = true}));
}
void BM_RandomRBF(benchmark::State& state) {
  run(state, ds::RandomRBF({.seed_model = 42, .seed_sample = 42}));
}
void BM_RandomRBFDrift(benchmark::State& state) {
  run(state, ds::RandomRBFDrift({.seed_model = 42, .seed_sample = 42, .change_speed = 0.001}));
}
void BM_STAGGER(benchmark::State& state) { run(state, ds::STAGGER({.seed = 42})); }
void BM_Friedman(benchmark::State& state) { run(state, ds::Friedman({.seed = 42})); }
void BM_FriedmanDrift(benchmark::State& state) {
  run(state,
      ds::FriedmanDrift(
          {.drift_type = "gsg", .position = {1000, 2000}, .transition_window = 500, .seed = 42}));
}
void BM_ConceptDriftStream(benchmark::State& state) {
  run(state, ds::ConceptDriftStream<>({.seed = 42}));
}

void BM_CsvStreamElec(benchmark::State& state) {
  std::string path;
  try {
    path = ds::elec_path().string();
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  ds::CsvStream stream({.path = path, .target = "class"});
  ds::CsvSample s;
  for (auto _ : state) {
    if (!stream.next(s)) {
      state.PauseTiming();
      stream.reset();
      state.ResumeTiming();
      stream.next(s);
    }
    benchmark::DoNotOptimize(s.x.data());
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_Agrawal);
BENCHMARK(BM_AgrawalBalancedPerturbed);
BENCHMARK(BM_SEA);
BENCHMARK(BM_Hyperplane);
BENCHMARK(BM_LED);
BENCHMARK(BM_RandomRBF);
BENCHMARK(BM_RandomRBFDrift);
BENCHMARK(BM_STAGGER);
BENCHMARK(BM_Friedman);
BENCHMARK(BM_FriedmanDrift);
BENCHMARK(BM_ConceptDriftStream);
BENCHMARK(BM_CsvStreamElec);
