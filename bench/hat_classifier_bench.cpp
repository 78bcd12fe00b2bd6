// Progressive validation (predict_one, then learn_one) of HoeffdingAdaptiveTreeClassifier on the
// Electricity stream (../shared/datasets/elec.csv, 45,312 rows, 6 numeric features), single
// core. A fresh tree with River's defaults (seed 42: bootstrap sampling, ADWIN at every node,
// naive Bayes adaptive leaves) is grown on every pass, so each pass measures the whole stream.
// Reported as items (samples) per second; the counter "accuracy" is the progressive accuracy.
// The file is read from STREAMWISE_ELEC_CSV if set; without it the benchmark is skipped.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_hat_classifier
//   STREAMWISE_ELEC_CSV=../shared/datasets/elec.csv build/rel/bench/bench_hat_classifier

#include <benchmark/benchmark.h>

#include <cstddef>
#include <string>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/tree/hoeffding_adaptive_tree_classifier.hpp"
#include "support/elec_stream.hpp"

namespace {

using streamwise::bench::elec;
using streamwise::bench::Stream;

using Hat = streamwise::tree::HoeffdingAdaptiveTreeClassifier<>;

void progressive(benchmark::State& state, Hat::Params params) {
  const Stream& s = elec();
  if (s.size() == 0) {
    state.SkipWithError(
        "elec.csv not found: run from the repository root or set STREAMWISE_ELEC_CSV");
    return;
  }
  std::size_t correct = 0;
  std::size_t nodes = 0;
  std::int64_t alternates = 0;
  for (auto _ : state) {
    Hat model(params);
    correct = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const streamwise::DenseView x{
          std::span<const double>(s.x).subspan(i * s.n_features, s.n_features)};
      correct += model.n_classes() > 0 && model.predict_one(x) == s.y[i] ? 1 : 0;
      model.learn_one(x, s.y[i]);
    }
    nodes = model.n_nodes();
    alternates = model.n_alternate_trees();
    benchmark::DoNotOptimize(correct);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.size()));
  state.counters["accuracy"] = static_cast<double>(correct) / static_cast<double>(s.size());
  state.counters["n_nodes"] = static_cast<double>(nodes);
  state.counters["n_alternate_trees"] = static_cast<double>(alternates);
}

void BM_HAT_elec_nba(benchmark::State& state) { progressive(state, Hat::Params{.seed = 42}); }
void BM_HAT_elec_mc(benchmark::State& state) {
  progressive(state, Hat::Params{.leaf_prediction = "mc", .seed = 42});
}
void BM_HAT_elec_nba_no_bootstrap(benchmark::State& state) {
  progressive(state, Hat::Params{.bootstrap_sampling = false, .seed = 42});
}

}  // namespace

BENCHMARK(BM_HAT_elec_nba)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HAT_elec_mc)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HAT_elec_nba_no_bootstrap)->Unit(benchmark::kMillisecond);
