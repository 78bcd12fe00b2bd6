// Updates per second of the binary drift detectors (River's drift.binary) on a pre-generated
// Bernoulli error stream whose rate changes from 0.1 to 0.4 halfway (so drifts and resets
// happen as they would in production).
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_binary_drift && build/rel/bench/bench_binary_drift

#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include "streamwise/core/rng.hpp"
#include "streamwise/drift/binary/ddm.hpp"
#include "streamwise/drift/binary/eddm.hpp"
#include "streamwise/drift/binary/fhddm.hpp"
#include "streamwise/drift/binary/hddm_a.hpp"
#include "streamwise/drift/binary/hddm_w.hpp"

namespace {

namespace binary = streamwise::drift::binary;

const std::vector<double>& error_stream() {
  static const std::vector<double> xs = [] {
    constexpr std::size_t n = 1 << 20;
    streamwise::Rng rng(2024);
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = rng.bernoulli(i < n / 2 ? 0.1 : 0.4) ? 1.0 : 0.0;
    return v;
  }();
  return xs;
}

template <class D>
void update(benchmark::State& state, typename D::Params params) {
  const auto& xs = error_stream();
  std::size_t drifts = 0;
  for (auto _ : state) {
    D detector(params);
    for (double x : xs) {
      detector.update(x);
      drifts += detector.drift_detected() ? 1 : 0;
    }
    benchmark::DoNotOptimize(drifts);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * xs.size()));
  state.counters["drifts/pass"] =
      benchmark::Counter(static_cast<double>(drifts) / static_cast<double>(state.iterations()));
}

void BM_DDM(benchmark::State& s) { update<binary::DDM>(s, {}); }
void BM_EDDM(benchmark::State& s) { update<binary::EDDM>(s, {}); }
void BM_HDDMA(benchmark::State& s) { update<binary::HDDMA>(s, {}); }
void BM_HDDMA_two_sided(benchmark::State& s) { update<binary::HDDMA>(s, {.two_sided_test = true}); }
void BM_HDDMW(benchmark::State& s) { update<binary::HDDMW>(s, {}); }
void BM_HDDMW_two_sided(benchmark::State& s) { update<binary::HDDMW>(s, {.two_sided_test = true}); }
void BM_FHDDM(benchmark::State& s) { update<binary::FHDDM>(s, {}); }
void BM_FHDDM_short20(benchmark::State& s) { update<binary::FHDDM>(s, {.short_window_size = 20}); }

}  // namespace

BENCHMARK(BM_DDM);
BENCHMARK(BM_EDDM);
BENCHMARK(BM_HDDMA);
BENCHMARK(BM_HDDMA_two_sided);
BENCHMARK(BM_HDDMW);
BENCHMARK(BM_HDDMW_two_sided);
BENCHMARK(BM_FHDDM);
BENCHMARK(BM_FHDDM_short20);
