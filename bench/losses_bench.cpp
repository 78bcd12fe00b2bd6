// Gradient evaluations per second of every optim loss (concrete type and through AnyLoss), on
// pre-generated (y_true, y_pred) pairs; plus Optimal/InverseScaling get(t) and Normal draws.
//
//   cmake -S . -B build/h-losses-rel -G Ninja -DCMAKE_BUILD_TYPE=Release \
//         -DSTREAMWISE_BUILD_BENCH=ON -DSTREAMWISE_BUILD_TESTS=OFF -DSTREAMWISE_BUILD_EXAMPLES=OFF
//   cmake --build build/h-losses-rel --target bench_losses
//   build/h-losses-rel/bench/bench_losses

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "streamwise/core/rng.hpp"
#include "streamwise/optim/any_initializer.hpp"
#include "streamwise/optim/any_loss.hpp"
#include "streamwise/optim/any_scheduler.hpp"
#include "streamwise/optim/losses/cross_entropy.hpp"

namespace {

namespace losses = streamwise::optim::losses;
constexpr std::size_t n_pairs = 1 << 12;

struct Pairs {
  std::vector<double> y_reg, y_bin, y_pred;
};

const Pairs& pairs() {
  static const Pairs p = [] {
    streamwise::Rng rng(11);
    Pairs out;
    for (std::size_t i = 0; i < n_pairs; ++i) {
      out.y_reg.push_back(rng.normal(0.0, 3.0));
      out.y_bin.push_back(rng.uniform() < 0.5 ? 0.0 : 1.0);
      out.y_pred.push_back(rng.normal(0.0, 4.0));
    }
    return out;
  }();
  return p;
}

template <class Loss>
void run_gradient(benchmark::State& state, const Loss& loss, bool binary) {
  const Pairs& p = pairs();
  const std::vector<double>& y = binary ? p.y_bin : p.y_reg;
  std::size_t i = 0;
  double sink = 0.0;
  for (auto _ : state) {
    sink += loss.gradient(y[i], p.y_pred[i]);
    i = (i + 1) & (n_pairs - 1);
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

template <class Loss>
void BM_Gradient(benchmark::State& state) {
  constexpr bool binary = std::is_same_v<Loss, losses::Log> || std::is_same_v<Loss, losses::Hinge>;
  run_gradient(state, Loss{}, binary);
}

template <class Loss>
void BM_GradientAny(benchmark::State& state) {
  constexpr bool binary = std::is_same_v<Loss, losses::Log> || std::is_same_v<Loss, losses::Hinge>;
  const streamwise::optim::AnyLoss loss = Loss{};
  run_gradient(state, loss, binary);
}

BENCHMARK(BM_Gradient<losses::Squared>);
BENCHMARK(BM_Gradient<losses::Absolute>);
BENCHMARK(BM_Gradient<losses::Huber>);
BENCHMARK(BM_Gradient<losses::EpsilonInsensitiveHinge>);
BENCHMARK(BM_Gradient<losses::Cauchy>);
BENCHMARK(BM_Gradient<losses::Quantile>);
BENCHMARK(BM_Gradient<losses::Log>);
BENCHMARK(BM_Gradient<losses::Hinge>);
BENCHMARK(BM_Gradient<losses::Poisson>);
BENCHMARK(BM_GradientAny<losses::Squared>);
BENCHMARK(BM_GradientAny<losses::Log>);
BENCHMARK(BM_GradientAny<losses::Hinge>);

void BM_CrossEntropyGradient(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const losses::CrossEntropy loss;
  std::vector<double> p(n, 1.0 / static_cast<double>(n)), g(n);
  streamwise::ClassId y = 0;
  for (auto _ : state) {
    loss.gradient(y, p, g);
    benchmark::DoNotOptimize(g.data());
    y = static_cast<streamwise::ClassId>((y + 1) % n);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_CrossEntropyGradient)->Arg(3)->Arg(10);

void BM_SchedulerGet(benchmark::State& state) {
  const streamwise::optim::AnyScheduler lr =
      state.range(0) == 0
          ? streamwise::optim::AnyScheduler(streamwise::optim::schedulers::InverseScaling(0.1, 0.5))
          : streamwise::optim::AnyScheduler(
                streamwise::optim::schedulers::Optimal(losses::Hinge{}, 1e-4));
  std::uint64_t t = 0;
  double sink = 0.0;
  for (auto _ : state) sink += lr.get(t++);
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_SchedulerGet)->Arg(0)->Arg(1);

void BM_NormalDraw(benchmark::State& state) {
  streamwise::optim::AnyInitializer init =
      streamwise::optim::initializers::Normal({.mu = 0.0, .sigma = 1.0, .seed = 42});
  double sink = 0.0;
  for (auto _ : state) sink += init.next();
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_NormalDraw);

}  // namespace
