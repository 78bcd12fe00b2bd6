// Steps per second of every optimizer (look_ahead + step, as a linear model calls them) on
// pre-generated gradients (no random numbers in the timed loop):
// - Dense10: all 10 features of a 10-feature weight vector in every step;
// - Sparse1000: 1000 distinct features out of 100,000 in every step.
// items_per_second counts gradient entries.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_optimizers && build/rel/bench/bench_optimizers

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/optim/any_optimizer.hpp"

namespace {

namespace optim = streamwise::optim;
using streamwise::FeatureId;

constexpr std::size_t n_steps = 256;  // the steps are replayed in a loop

struct Steps {
  std::size_t width = 0;  // size of the weight vector
  std::vector<std::vector<FeatureId>> ids;
  std::vector<std::vector<double>> g;
};

Steps make_steps(std::size_t width, std::size_t per_step, std::uint64_t seed) {
  streamwise::Rng rng(seed);
  Steps s;
  s.width = width;
  std::vector<char> taken(width, 0);
  for (std::size_t t = 0; t < n_steps; ++t) {
    std::vector<FeatureId> ids;
    if (per_step == width) {
      for (std::size_t i = 0; i < width; ++i) ids.push_back(static_cast<FeatureId>(i));
    } else {
      std::fill(taken.begin(), taken.end(), 0);
      while (ids.size() < per_step) {
        const auto i = static_cast<std::size_t>(rng.below(width));
        if (!taken[i]) {
          taken[i] = 1;
          ids.push_back(static_cast<FeatureId>(i));
        }
      }
      std::sort(ids.begin(), ids.end());
    }
    std::vector<double> g;
    for (std::size_t k = 0; k < ids.size(); ++k) g.push_back(0.1 * rng.normal());
    s.ids.push_back(std::move(ids));
    s.g.push_back(std::move(g));
  }
  return s;
}

const Steps& dense() {
  static const Steps s = make_steps(10, 10, 5);
  return s;
}
const Steps& sparse() {
  static const Steps s = make_steps(100'000, 1000, 6);
  return s;
}

template <class O>
void run(benchmark::State& state, const Steps& steps, O opt) {
  std::vector<double> w(steps.width, 0.0);
  // Warm up: the optimizer's per-feature state grows to the weight vector once.
  opt.step(w, steps.ids[0], steps.g[0]);
  std::size_t t = 0;
  std::size_t entries = 0;
  for (auto _ : state) {
    opt.look_ahead(w, steps.ids[t]);
    opt.step(w, steps.ids[t], steps.g[t]);
    entries += steps.ids[t].size();
    t = (t + 1) % n_steps;
  }
  benchmark::DoNotOptimize(w.data());
  state.SetItemsProcessed(static_cast<std::int64_t>(entries));
}

template <class O>
void BM_Dense10(benchmark::State& state) {
  run(state, dense(), O{});
}
template <class O>
void BM_Sparse1000(benchmark::State& state) {
  run(state, sparse(), O{});
}
void BM_Dense10_AnyOptimizer_Adam(benchmark::State& state) {
  run(state, dense(), optim::AnyOptimizer(optim::Adam()));
}
void BM_Sparse1000_AnyOptimizer_Adam(benchmark::State& state) {
  run(state, sparse(), optim::AnyOptimizer(optim::Adam()));
}

}  // namespace

#define STREAMWISE_OPTIMIZER_BENCH(O) \
  BENCHMARK_TEMPLATE(BM_Dense10, O);  \
  BENCHMARK_TEMPLATE(BM_Sparse1000, O)

STREAMWISE_OPTIMIZER_BENCH(optim::SGD);
STREAMWISE_OPTIMIZER_BENCH(optim::Adam);
STREAMWISE_OPTIMIZER_BENCH(optim::AdaGrad);
STREAMWISE_OPTIMIZER_BENCH(optim::RMSProp);
STREAMWISE_OPTIMIZER_BENCH(optim::AdaDelta);
STREAMWISE_OPTIMIZER_BENCH(optim::AdaMax);
STREAMWISE_OPTIMIZER_BENCH(optim::AMSGrad);
STREAMWISE_OPTIMIZER_BENCH(optim::Momentum);
STREAMWISE_OPTIMIZER_BENCH(optim::NesterovMomentum);
STREAMWISE_OPTIMIZER_BENCH(optim::FTRLProximal);
STREAMWISE_OPTIMIZER_BENCH(optim::Averager);
BENCHMARK(BM_Dense10_AnyOptimizer_Adam);
BENCHMARK(BM_Sparse1000_AnyOptimizer_Adam);
