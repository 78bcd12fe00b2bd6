// Progressive validation (predict_one, then learn_one) of ensemble::SRPClassifier on the
// Electricity stream (../shared/datasets/elec.csv, 45,312 rows, 6 numeric features), with
// River's defaults (10 Hoeffding trees on random patches, seed 42), on 1 and 2 threads (OpenMP;
// the model is the same for any thread count). A fresh ensemble is grown on every pass. Reported
// as items (samples) per second; counters: progressive accuracy, warnings and drifts.
// The file is read from STREAMWISE_ELEC_CSV if set, else ../shared/datasets/elec.csv from the
// working directory. OpenMP is linked to bench_ensemble and bench_forest by bench/CMakeLists.txt;
// without it (bench_srp is not in that list yet) the 2-thread run is sequential.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_srp && build/rel/bench/bench_srp

#include <benchmark/benchmark.h>

#include <cstddef>
#include <string>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/ensemble/srp_classifier.hpp"
#include "support/elec_stream.hpp"

namespace {

using streamwise::bench::elec;
using streamwise::bench::Stream;

void BM_SRPClassifier_elec(benchmark::State& state) {
  const Stream& s = elec();
  if (s.size() == 0) {
    state.SkipWithError(
        "elec.csv not found: run from the repository root or set STREAMWISE_ELEC_CSV");
    return;
  }
  const int threads = static_cast<int>(state.range(0));
  std::size_t correct = 0;
  double warnings = 0.0, drifts = 0.0;
  for (auto _ : state) {
    streamwise::ensemble::SRPClassifier<> model({.seed = 42});
    model.set_n_threads(threads);
    correct = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const streamwise::DenseView x{
          std::span<const double>(s.x).subspan(i * s.n_features, s.n_features)};
      correct += model.n_classes() > 0 && model.predict_one(x) == s.y[i] ? 1 : 0;
      model.learn_one(x, s.y[i]);
    }
    warnings = static_cast<double>(model.n_warnings_detected());
    drifts = static_cast<double>(model.n_drifts_detected());
    benchmark::DoNotOptimize(correct);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.size()));
  state.counters["accuracy"] = static_cast<double>(correct) / static_cast<double>(s.size());
  state.counters["warnings"] = warnings;
  state.counters["drifts"] = drifts;
}

}  // namespace

BENCHMARK(BM_SRPClassifier_elec)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
