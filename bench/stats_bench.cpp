// Updates per second (update + get) of the core streaming statistics on a pre-generated stream
// (no random numbers in the timed loop).
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_stats && build/rel/bench/bench_stats

#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include "streamwise/core/rng.hpp"
#include "streamwise/stats/abs_max.hpp"
#include "streamwise/stats/auto_corr.hpp"
#include "streamwise/stats/count.hpp"
#include "streamwise/stats/cov.hpp"
#include "streamwise/stats/ew_mean.hpp"
#include "streamwise/stats/ew_var.hpp"
#include "streamwise/stats/kurtosis.hpp"
#include "streamwise/stats/max.hpp"
#include "streamwise/stats/mean.hpp"
#include "streamwise/stats/min.hpp"
#include "streamwise/stats/peak_to_peak.hpp"
#include "streamwise/stats/pearson_corr.hpp"
#include "streamwise/stats/sem.hpp"
#include "streamwise/stats/skew.hpp"
#include "streamwise/stats/sum.hpp"
#include "streamwise/stats/var.hpp"

namespace {

namespace stats = streamwise::stats;
constexpr std::size_t stream_length = 1 << 16;  // 64k values: fits in L2, loops over it

struct Stream {
  std::vector<double> x, y, w;
};

const Stream& stream() {
  static const Stream s = [] {
    streamwise::Rng rng(11);
    Stream out;
    for (std::size_t i = 0; i < stream_length; ++i) {
      const double x = rng.normal(3.0, 2.0);
      out.x.push_back(x);
      out.y.push_back(0.5 * x + rng.normal());
      out.w.push_back(0.5 + rng.uniform());
    }
    return out;
  }();
  return s;
}

// update(x) then get(), once per value.
template <class S>
void BM_Univariate(benchmark::State& state) {
  const auto& xs = stream().x;
  S stat;
  std::size_t i = 0;
  for (auto _ : state) {
    stat.update(xs[i]);
    benchmark::DoNotOptimize(stat.get());
    if (++i == xs.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// update(x, w) then get(), once per value.
template <class S>
void BM_Weighted(benchmark::State& state) {
  const auto& s = stream();
  S stat;
  std::size_t i = 0;
  for (auto _ : state) {
    stat.update(s.x[i], s.w[i]);
    benchmark::DoNotOptimize(stat.get());
    if (++i == s.x.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// update(x, y) then get(), once per pair.
template <class S>
void BM_Bivariate(benchmark::State& state) {
  const auto& s = stream();
  S stat;
  std::size_t i = 0;
  for (auto _ : state) {
    stat.update(s.x[i], s.y[i]);
    benchmark::DoNotOptimize(stat.get());
    if (++i == s.x.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// A sliding window of 100 by hand: update(x) and revert(x[i - 100]) then get().
template <class S>
void BM_UpdateRevert(benchmark::State& state) {
  const auto& xs = stream().x;
  S stat;
  constexpr std::size_t window = 100;
  for (std::size_t i = 0; i < window; ++i) stat.update(xs[i]);
  std::size_t i = window;
  for (auto _ : state) {
    stat.update(xs[i]);
    stat.revert(xs[i - window]);
    benchmark::DoNotOptimize(stat.get());
    if (++i == xs.size()) i = window;
  }
  state.SetItemsProcessed(state.iterations());
}

// Merging two statistics (a + b), as a parallel reduction would.
template <class S>
void BM_Merge(benchmark::State& state) {
  const auto& xs = stream().x;
  S a, b;
  for (std::size_t i = 0; i < 1000; ++i) (i % 2 ? a : b).update(xs[i]);
  for (auto _ : state) {
    S merged = a + b;
    benchmark::DoNotOptimize(merged.get());
  }
  state.SetItemsProcessed(state.iterations());
}

// Covariance has a bivariate merge.
void BM_CovMerge(benchmark::State& state) {
  const auto& s = stream();
  stats::Cov a, b;
  for (std::size_t i = 0; i < 1000; ++i) (i % 2 ? a : b).update(s.x[i], s.y[i]);
  for (auto _ : state) {
    stats::Cov merged = a + b;
    benchmark::DoNotOptimize(merged.get());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_AutoCorrLag(benchmark::State& state) {
  const auto& xs = stream().x;
  stats::AutoCorr stat(stats::AutoCorr::Params{state.range(0)});
  std::size_t i = 0;
  for (auto _ : state) {
    stat.update(xs[i]);
    benchmark::DoNotOptimize(stat.get());
    if (++i == xs.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_Univariate<stats::Count>);
BENCHMARK(BM_Univariate<stats::Sum>);
BENCHMARK(BM_Univariate<stats::Min>);
BENCHMARK(BM_Univariate<stats::Max>);
BENCHMARK(BM_Univariate<stats::AbsMax>);
BENCHMARK(BM_Univariate<stats::PeakToPeak>);
BENCHMARK(BM_Univariate<stats::Mean>);
BENCHMARK(BM_Univariate<stats::Var>);
BENCHMARK(BM_Weighted<stats::Var>);
BENCHMARK(BM_Univariate<stats::SEM>);
BENCHMARK(BM_Univariate<stats::Skew>);
BENCHMARK(BM_Univariate<stats::Kurtosis>);
BENCHMARK(BM_Univariate<stats::EWMean>);
BENCHMARK(BM_Univariate<stats::EWVar>);
BENCHMARK(BM_Bivariate<stats::Cov>);
BENCHMARK(BM_Bivariate<stats::PearsonCorr>);
BENCHMARK(BM_Univariate<stats::AutoCorr>);
BENCHMARK(BM_AutoCorrLag)->Arg(10)->Arg(1000);
BENCHMARK(BM_UpdateRevert<stats::Sum>);
BENCHMARK(BM_UpdateRevert<stats::Var>);
BENCHMARK(BM_Merge<stats::Var>);
BENCHMARK(BM_CovMerge);
