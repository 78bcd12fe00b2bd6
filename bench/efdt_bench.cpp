// Progressive validation (predict_one, then learn_one) of ExtremelyFastDecisionTreeClassifier
// on the Electricity stream (../shared/datasets/elec.csv, 45,312 rows, 6 numeric features),
// single core. A fresh tree with River's defaults is grown on every pass, so each pass measures
// the whole stream: routing, leaf learning, the branches' splitter updates and the split
// re-evaluations at every branch on the path. The Hoeffding tree on the same stream is there
// for comparison. Reported as items (samples) per second; "accuracy" is the progressive
// accuracy. The file is read from STREAMWISE_ELEC_CSV if set; without it the benchmark is
// skipped.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_efdt && build/rel/bench/bench_efdt

#include <benchmark/benchmark.h>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/tree/extremely_fast_decision_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_tree_classifier.hpp"
#include "support/elec_stream.hpp"

namespace {

using streamwise::bench::elec;
using streamwise::bench::Stream;

template <class Tree>
void progressive(benchmark::State& state, typename Tree::Params params) {
  const Stream& s = elec();
  if (s.size() == 0) {
    state.SkipWithError(
        "elec.csv not found: run from the repository root or set STREAMWISE_ELEC_CSV");
    return;
  }
  std::size_t correct = 0;
  std::size_t nodes = 0;
  for (auto _ : state) {
    Tree model(params);
    correct = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const streamwise::DenseView x{
          std::span<const double>(s.x).subspan(i * s.n_features, s.n_features)};
      correct += model.n_classes() > 0 && model.predict_one(x) == s.y[i] ? 1 : 0;
      model.learn_one(x, s.y[i]);
    }
    nodes = model.n_nodes();
    benchmark::DoNotOptimize(correct);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.size()));
  state.counters["accuracy"] = static_cast<double>(correct) / static_cast<double>(s.size());
  state.counters["n_nodes"] = static_cast<double>(nodes);
}

using Efdt = streamwise::tree::ExtremelyFastDecisionTreeClassifier<>;
using Vfdt = streamwise::tree::HoeffdingTreeClassifier<>;

void BM_Efdt_elec_nba(benchmark::State& state) { progressive<Efdt>(state, {}); }
void BM_Efdt_elec_mc(benchmark::State& state) {
  progressive<Efdt>(state, Efdt::Params{.leaf_prediction = "mc"});
}
void BM_Efdt_elec_nba_reevaluate200(benchmark::State& state) {
  progressive<Efdt>(state, Efdt::Params{.min_samples_reevaluate = 200});
}
void BM_HoeffdingTree_elec_nba(benchmark::State& state) { progressive<Vfdt>(state, {}); }

}  // namespace

BENCHMARK(BM_Efdt_elec_nba)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Efdt_elec_mc)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Efdt_elec_nba_reevaluate200)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HoeffdingTree_elec_nba)->Unit(benchmark::kMillisecond);
