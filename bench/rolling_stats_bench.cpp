// Updates per second (update + get) of the quantile, mode, entropy and rolling-window statistics
// on a pre-generated stream (no random numbers in the timed loop). Window sizes 10, 100, 1000.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_rolling_stats && build/rel/bench/bench_rolling_stats

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "streamwise/core/rng.hpp"
#include "streamwise/stats/entropy.hpp"
#include "streamwise/stats/iqr.hpp"
#include "streamwise/stats/mode.hpp"
#include "streamwise/stats/quantile.hpp"
#include "streamwise/stats/rolling.hpp"
#include "streamwise/stats/rolling_abs_max.hpp"
#include "streamwise/stats/rolling_iqr.hpp"
#include "streamwise/stats/rolling_max.hpp"
#include "streamwise/stats/rolling_min.hpp"
#include "streamwise/stats/rolling_mode.hpp"
#include "streamwise/stats/rolling_peak_to_peak.hpp"
#include "streamwise/stats/rolling_quantile.hpp"

namespace {

namespace stats = streamwise::stats;
constexpr std::size_t stream_length = 1 << 18;

// A random walk with noise: realistic for windows (neither sorted nor i.i.d.).
const std::vector<double>& numeric_stream() {
  static const std::vector<double> xs = [] {
    streamwise::Rng rng(7);
    std::vector<double> v(stream_length);
    double level = 0.0;
    for (double& x : v) {
      level += 0.05 * rng.normal();
      x = level + rng.normal();
    }
    return v;
  }();
  return xs;
}

// Nominal codes 0..19 with a skewed distribution.
const std::vector<double>& code_stream() {
  static const std::vector<double> xs = [] {
    streamwise::Rng rng(11);
    std::vector<double> v(stream_length);
    for (double& x : v) x = std::floor(20.0 * rng.uniform() * rng.uniform());
    return v;
  }();
  return xs;
}

template <class S>
void run(benchmark::State& state, const typename S::Params& params, const std::vector<double>& xs) {
  double sink = 0.0;
  for (auto _ : state) {
    S stat(params);
    for (double x : xs) {
      stat.update(x);
      sink += stat.get();
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * xs.size()));
}

std::size_t window(const benchmark::State& state) {
  return static_cast<std::size_t>(state.range(0));
}

void BM_Quantile(benchmark::State& state) {
  run<stats::Quantile>(state, {.q = 0.9}, numeric_stream());
}
void BM_IQR(benchmark::State& state) { run<stats::IQR>(state, {}, numeric_stream()); }
void BM_Mode(benchmark::State& state) { run<stats::Mode>(state, {}, code_stream()); }
void BM_Entropy(benchmark::State& state) { run<stats::Entropy>(state, {}, code_stream()); }

void BM_RollingMean(benchmark::State& state) {
  run<stats::RollingMean>(state, {.window_size = window(state)}, numeric_stream());
}
void BM_RollingVar(benchmark::State& state) {
  run<stats::RollingVar>(state, {.window_size = window(state)}, numeric_stream());
}
void BM_RollingMin(benchmark::State& state) {
  run<stats::RollingMin>(state, {.window_size = window(state)}, numeric_stream());
}
void BM_RollingMax(benchmark::State& state) {
  run<stats::RollingMax>(state, {.window_size = window(state)}, numeric_stream());
}
void BM_RollingAbsMax(benchmark::State& state) {
  run<stats::RollingAbsMax>(state, {.window_size = window(state)}, numeric_stream());
}
void BM_RollingPeakToPeak(benchmark::State& state) {
  run<stats::RollingPeakToPeak>(state, {.window_size = window(state)}, numeric_stream());
}
void BM_RollingQuantile(benchmark::State& state) {
  run<stats::RollingQuantile>(state, {.q = 0.9, .window_size = window(state)}, numeric_stream());
}
void BM_RollingIQR(benchmark::State& state) {
  run<stats::RollingIQR>(state, {.window_size = window(state)}, numeric_stream());
}
void BM_RollingMode(benchmark::State& state) {
  run<stats::RollingMode>(state, {.window_size = window(state)}, code_stream());
}

}  // namespace

BENCHMARK(BM_Quantile);
BENCHMARK(BM_IQR);
BENCHMARK(BM_Mode);
BENCHMARK(BM_Entropy);
BENCHMARK(BM_RollingMean)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RollingVar)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RollingMin)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RollingMax)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RollingAbsMax)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RollingPeakToPeak)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RollingQuantile)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RollingIQR)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RollingMode)->Arg(10)->Arg(100)->Arg(1000);
