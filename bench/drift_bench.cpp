// Updates per second of ADWIN, KSWIN and PageHinkley (River's drift module) on two workloads
// shaped like River's own drift benchmarks:
//   * sine: x_i = sin(0.7 i) for i < 10,000 (a stationary but non-constant signal);
//   * shift: 10,000 N(0, 1) values then 10,000 N(2, 1) values (drifts and resets happen).
// A fresh detector is built for every pass over the stream, as River's benchmark does.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_drift && build/rel/bench/bench_drift

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <vector>

#include "streamwise/core/rng.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/drift/kswin.hpp"
#include "streamwise/drift/page_hinkley.hpp"

namespace {

namespace drift = streamwise::drift;

const std::vector<double>& sine_stream() {
  static const std::vector<double> xs = [] {
    std::vector<double> v(10'000);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = std::sin(0.7 * static_cast<double>(i));
    return v;
  }();
  return xs;
}

const std::vector<double>& shift_stream() {
  static const std::vector<double> xs = [] {
    streamwise::Rng rng(2024);
    std::vector<double> v(20'000);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = rng.normal(i < 10'000 ? 0.0 : 2.0, 1.0);
    return v;
  }();
  return xs;
}

template <class D>
void run(benchmark::State& state, const std::vector<double>& xs, const typename D::Params& p) {
  std::size_t drifts = 0;
  for (auto _ : state) {
    D detector(p);
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

drift::KSWIN::Params kswin_params() {
  drift::KSWIN::Params p;
  p.seed = 42;
  return p;
}

void BM_ADWIN_sine(benchmark::State& s) { run<drift::ADWIN>(s, sine_stream(), {}); }
void BM_ADWIN_shift(benchmark::State& s) { run<drift::ADWIN>(s, shift_stream(), {}); }
void BM_ADWIN_clock1_shift(benchmark::State& s) {
  drift::ADWIN::Params p;
  p.clock = 1;
  run<drift::ADWIN>(s, shift_stream(), p);
}
void BM_KSWIN_sine(benchmark::State& s) { run<drift::KSWIN>(s, sine_stream(), kswin_params()); }
void BM_KSWIN_shift(benchmark::State& s) { run<drift::KSWIN>(s, shift_stream(), kswin_params()); }
void BM_PageHinkley_sine(benchmark::State& s) { run<drift::PageHinkley>(s, sine_stream(), {}); }
void BM_PageHinkley_shift(benchmark::State& s) { run<drift::PageHinkley>(s, shift_stream(), {}); }

}  // namespace

BENCHMARK(BM_ADWIN_sine);
BENCHMARK(BM_ADWIN_shift);
BENCHMARK(BM_ADWIN_clock1_shift);
BENCHMARK(BM_KSWIN_sine);
BENCHMARK(BM_KSWIN_shift);
BENCHMARK(BM_PageHinkley_sine);
BENCHMARK(BM_PageHinkley_shift);
