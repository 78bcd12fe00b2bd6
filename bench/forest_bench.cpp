// Progressive validation (predict_one, then learn_one) of forest::ARFClassifier on the
// Electricity stream (../shared/datasets/elec.csv, 45,312 rows, 6 numeric features), with
// River's defaults (10 trees, seed 42), on 1 and 2 threads (OpenMP; the model is the same for
// any thread count). A fresh forest is grown on every pass. Reported as items (samples) per
// second; counters: progressive accuracy and the mean bytes per member tree at the end.
// BM_ARFClassifier_elec is the per-row loop (one OpenMP region per sample when threads > 1);
// BM_ARFClassifier_elec_batch/threads/batch runs the same test-then-train with
// `predict_learn_many` over blocks of `batch` rows (one OpenMP region per block; the answers
// and the model are those of the loop, so the accuracy counters match). Times are wall-clock
// (UseRealTime); the CPU column is the whole process's CPU time (all threads), so CPU close
// to the 1-thread figure with 2 threads means the parallel pass wastes little work.
// The file is read from STREAMWISE_ELEC_CSV if set, else ../shared/datasets/elec.csv from the
// working directory.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_forest && build/rel/bench/bench_forest

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/forest/arf_classifier.hpp"
#include "support/elec_stream.hpp"

namespace {

using streamwise::bench::elec;
using streamwise::bench::Stream;

void BM_ARFClassifier_elec(benchmark::State& state) {
  const Stream& s = elec();
  if (s.size() == 0) {
    state.SkipWithError(
        "elec.csv not found: run from the repository root or set STREAMWISE_ELEC_CSV");
    return;
  }
  const int threads = static_cast<int>(state.range(0));
  std::size_t correct = 0;
  double bytes_per_tree = 0.0;
  for (auto _ : state) {
    streamwise::forest::ARFClassifier model({.seed = 42});
    model.set_n_threads(threads);
    correct = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const streamwise::DenseView x{
          std::span<const double>(s.x).subspan(i * s.n_features, s.n_features)};
      correct += model.n_classes() > 0 && model.predict_one(x) == s.y[i] ? 1 : 0;
      model.learn_one(x, s.y[i]);
    }
    double bytes = 0.0;
    for (std::size_t m = 0; m < model.n_members(); ++m) {
      bytes += static_cast<double>(model.member(m).model.memory_size());
    }
    bytes_per_tree = bytes / static_cast<double>(model.n_members());
    benchmark::DoNotOptimize(correct);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.size()));
  state.counters["accuracy"] = static_cast<double>(correct) / static_cast<double>(s.size());
  state.counters["bytes_per_tree"] = bytes_per_tree;
}

void BM_ARFClassifier_elec_batch(benchmark::State& state) {
  const Stream& s = elec();
  if (s.size() == 0) {
    state.SkipWithError(
        "elec.csv not found: run from the repository root or set STREAMWISE_ELEC_CSV");
    return;
  }
  const int threads = static_cast<int>(state.range(0));
  const auto batch = static_cast<std::size_t>(state.range(1));
  std::vector<streamwise::ClassId> guesses(s.size());
  std::size_t correct = 0;
  for (auto _ : state) {
    streamwise::forest::ARFClassifier model({.seed = 42});
    model.set_n_threads(threads);
    correct = 0;
    for (std::size_t i = 0; i < s.size(); i += batch) {
      const std::size_t n = std::min(batch, s.size() - i);
      const std::size_t known = model.n_classes();
      model.predict_learn_many(
          std::span<const double>(s.x).subspan(i * s.n_features, n * s.n_features), s.n_features,
          std::span<const streamwise::ClassId>(s.y).subspan(i, n),
          std::span<streamwise::ClassId>(guesses).subspan(i, n));
      // As the loop: no answer counts while no class is known (only row 0 here).
      for (std::size_t r = 0; r < n; ++r) {
        correct += (i + r > 0 || known > 0) && guesses[i + r] == s.y[i + r] ? 1 : 0;
      }
    }
    benchmark::DoNotOptimize(correct);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.size()));
  state.counters["accuracy"] = static_cast<double>(correct) / static_cast<double>(s.size());
}

}  // namespace

BENCHMARK(BM_ARFClassifier_elec)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();
BENCHMARK(BM_ARFClassifier_elec_batch)
    ->Args({1, 256})
    ->Args({2, 256})
    ->Args({1, 1024})
    ->Args({2, 1024})
    ->ArgNames({"threads", "batch"})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();
