// Updates per second of the probabilistic and regression metrics and of Rolling<Metric>.
//
//   cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF && cmake --build build/bench --target bench_other_metrics
//   build/bench/bench/bench_other_metrics
//
// Each iteration is one update; inputs cycle through 4096 precomputed samples so that input
// generation is not measured.

#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include "streamwise/core/rng.hpp"
#include "streamwise/metrics/cross_entropy.hpp"
#include "streamwise/metrics/log_loss.hpp"
#include "streamwise/metrics/mae.hpp"
#include "streamwise/metrics/mse.hpp"
#include "streamwise/metrics/r2.hpp"
#include "streamwise/metrics/rmse.hpp"
#include "streamwise/metrics/rmsle.hpp"
#include "streamwise/metrics/roc_auc.hpp"
#include "streamwise/metrics/rolling.hpp"
#include "streamwise/metrics/smape.hpp"

namespace sm = streamwise::metrics;

namespace {

constexpr std::size_t n_samples = 4096;  // a power of two: the index wraps with a mask

struct Samples {
  std::vector<double> y, p, w, proba;  // proba: 3 per sample
  std::vector<bool> label;
  std::vector<streamwise::ClassId> cls;
};

const Samples& samples() {
  static const Samples s = [] {
    Samples out;
    streamwise::Rng rng(7);
    for (std::size_t i = 0; i < n_samples; ++i) {
      const double y = std::fabs(rng.normal(5.0, 3.0));
      out.y.push_back(y);
      out.p.push_back(std::fabs(y + rng.normal(0.0, 1.0)));
      out.w.push_back(0.5 + rng.uniform());
      const bool label = rng.uniform() < 0.4;
      out.label.push_back(label);
      out.cls.push_back(static_cast<streamwise::ClassId>(rng.below(3)));
      double a = rng.uniform() + 0.01, b = rng.uniform() + 0.01, c = rng.uniform() + 0.01;
      const double t = a + b + c;
      out.proba.insert(out.proba.end(), {a / t, b / t, c / t});
    }
    return out;
  }();
  return s;
}

template <class M>
void regression(benchmark::State& state) {
  const Samples& s = samples();
  M metric;
  std::size_t i = 0;
  for (auto _ : state) {
    metric.update(s.y[i], s.p[i], s.w[i]);
    i = (i + 1) & (n_samples - 1);
  }
  benchmark::DoNotOptimize(metric.get());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

template <class M>
void rolling_regression(benchmark::State& state) {
  const Samples& s = samples();
  sm::Rolling<M> metric(state.range(0));
  std::size_t i = 0;
  for (auto _ : state) {
    metric.update(s.y[i], s.p[i], s.w[i]);
    i = (i + 1) & (n_samples - 1);
  }
  benchmark::DoNotOptimize(metric.get());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void log_loss(benchmark::State& state) {
  const Samples& s = samples();
  sm::LogLoss metric;
  std::size_t i = 0;
  for (auto _ : state) {
    metric.update(s.label[i], s.proba[3 * i], s.w[i]);
    i = (i + 1) & (n_samples - 1);
  }
  benchmark::DoNotOptimize(metric.get());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void cross_entropy(benchmark::State& state) {
  const Samples& s = samples();
  sm::CrossEntropy metric;
  std::size_t i = 0;
  for (auto _ : state) {
    metric.update(s.cls[i], std::span<const double>(&s.proba[3 * i], 3), s.w[i]);
    i = (i + 1) & (n_samples - 1);
  }
  benchmark::DoNotOptimize(metric.get());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void roc_auc(benchmark::State& state) {
  const Samples& s = samples();
  sm::ROCAUC::Params params;
  params.n_thresholds = state.range(0);
  sm::ROCAUC metric(params);
  std::size_t i = 0;
  for (auto _ : state) {
    metric.update(s.label[i], s.proba[3 * i], s.w[i]);
    i = (i + 1) & (n_samples - 1);
  }
  benchmark::DoNotOptimize(metric.get());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void roc_auc_get(benchmark::State& state) {
  const Samples& s = samples();
  sm::ROCAUC metric;
  for (std::size_t i = 0; i < n_samples; ++i) metric.update(s.label[i], s.proba[3 * i], s.w[i]);
  for (auto _ : state) benchmark::DoNotOptimize(metric.get());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void rolling_roc_auc(benchmark::State& state) {
  const Samples& s = samples();
  sm::Rolling<sm::ROCAUC> metric(state.range(0));
  std::size_t i = 0;
  for (auto _ : state) {
    metric.update(s.label[i], s.proba[3 * i], s.w[i]);
    i = (i + 1) & (n_samples - 1);
  }
  benchmark::DoNotOptimize(metric.get());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void rolling_cross_entropy(benchmark::State& state) {
  const Samples& s = samples();
  sm::Rolling<sm::CrossEntropy> metric(state.range(0));
  std::size_t i = 0;
  for (auto _ : state) {
    metric.update(s.cls[i], std::span<const double>(&s.proba[3 * i], 3), s.w[i]);
    i = (i + 1) & (n_samples - 1);
  }
  benchmark::DoNotOptimize(metric.get());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

}  // namespace

BENCHMARK(regression<sm::MAE>)->Name("MAE/update");
BENCHMARK(regression<sm::MSE>)->Name("MSE/update");
BENCHMARK(regression<sm::RMSE>)->Name("RMSE/update");
BENCHMARK(regression<sm::RMSLE>)->Name("RMSLE/update");
BENCHMARK(regression<sm::R2>)->Name("R2/update");
BENCHMARK(regression<sm::SMAPE>)->Name("SMAPE/update");
BENCHMARK(log_loss)->Name("LogLoss/update");
BENCHMARK(cross_entropy)->Name("CrossEntropy/update/3_classes");
BENCHMARK(roc_auc)->Name("ROCAUC/update/n_thresholds")->Arg(10)->Arg(100);
BENCHMARK(roc_auc_get)->Name("ROCAUC/get/n_thresholds=10");
BENCHMARK(rolling_regression<sm::MAE>)->Name("Rolling<MAE>/update/window")->Arg(10)->Arg(1000);
BENCHMARK(rolling_regression<sm::R2>)->Name("Rolling<R2>/update/window")->Arg(10)->Arg(1000);
BENCHMARK(rolling_roc_auc)->Name("Rolling<ROCAUC>/update/window")->Arg(10)->Arg(1000);
BENCHMARK(rolling_cross_entropy)->Name("Rolling<CrossEntropy>/update/window")->Arg(1000);
