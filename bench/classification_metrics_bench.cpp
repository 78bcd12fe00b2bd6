// Throughput of the confusion-matrix classification metrics (updates per second).
//
//   bench_classification_metrics --benchmark_filter=Update
//
// Each iteration processes a pre-drawn stream of 4096 (y_true, y_pred) pairs over `k` classes
// (60% correct predictions, unit weights), so items_per_second is updates per second. The
// `UpdateGet` variants also read the value after every update (what progressive validation
// does), and `UpdateRevert` keeps a window of 1000 with revert (what Rolling does).

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "streamwise/core/rng.hpp"
#include "streamwise/metrics/accuracy.hpp"
#include "streamwise/metrics/balanced_accuracy.hpp"
#include "streamwise/metrics/cohen_kappa.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"
#include "streamwise/metrics/f1.hpp"
#include "streamwise/metrics/macro_f1.hpp"
#include "streamwise/metrics/mcc.hpp"
#include "streamwise/metrics/micro_f1.hpp"
#include "streamwise/metrics/precision.hpp"
#include "streamwise/metrics/recall.hpp"
#include "streamwise/metrics/weighted_f1.hpp"

namespace {

namespace m = streamwise::metrics;
using streamwise::ClassId;

constexpr std::size_t stream_length = 4096;

struct Stream {
  std::vector<ClassId> y_true;
  std::vector<ClassId> y_pred;
};

Stream make_stream(ClassId k) {
  streamwise::Rng rng(42);
  Stream s;
  for (std::size_t i = 0; i < stream_length; ++i) {
    const auto t = static_cast<ClassId>(rng.below(k));
    const auto p = rng.uniform() < 0.6 ? t : static_cast<ClassId>(rng.below(k));
    s.y_true.push_back(t);
    s.y_pred.push_back(p);
  }
  return s;
}

template <class M>
void Update(benchmark::State& state) {
  const Stream s = make_stream(static_cast<ClassId>(state.range(0)));
  M metric;
  for (auto _ : state) {
    for (std::size_t i = 0; i < stream_length; ++i) metric.update(s.y_true[i], s.y_pred[i]);
    benchmark::DoNotOptimize(metric);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * stream_length));
}

template <class M>
void UpdateGet(benchmark::State& state) {
  const Stream s = make_stream(static_cast<ClassId>(state.range(0)));
  M metric;
  double sink = 0.0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < stream_length; ++i) {
      metric.update(s.y_true[i], s.y_pred[i]);
      sink += metric.get();
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * stream_length));
}

template <class M>
void UpdateRevert(benchmark::State& state) {
  const Stream s = make_stream(static_cast<ClassId>(state.range(0)));
  constexpr std::size_t window = 1000;
  M metric;
  for (std::size_t i = 0; i < window; ++i) metric.update(s.y_true[i], s.y_pred[i]);
  std::size_t head = window;
  std::size_t tail = 0;
  for (auto _ : state) {
    for (std::size_t n = 0; n < stream_length; ++n) {
      metric.update(s.y_true[head], s.y_pred[head]);
      metric.revert(s.y_true[tail], s.y_pred[tail]);
      head = (head + 1) % stream_length;
      tail = (tail + 1) % stream_length;
    }
    benchmark::DoNotOptimize(metric);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * stream_length));
}

#define STREAMWISE_METRIC_BENCH(M)                           \
  BENCHMARK_TEMPLATE(Update, M)->Arg(2)->Arg(3)->Arg(10);    \
  BENCHMARK_TEMPLATE(UpdateGet, M)->Arg(2)->Arg(3)->Arg(10); \
  BENCHMARK_TEMPLATE(UpdateRevert, M)->Arg(3)

STREAMWISE_METRIC_BENCH(m::Accuracy);
STREAMWISE_METRIC_BENCH(m::BalancedAccuracy);
STREAMWISE_METRIC_BENCH(m::Precision);
STREAMWISE_METRIC_BENCH(m::Recall);
STREAMWISE_METRIC_BENCH(m::F1);
STREAMWISE_METRIC_BENCH(m::MacroF1);
STREAMWISE_METRIC_BENCH(m::MicroF1);
STREAMWISE_METRIC_BENCH(m::WeightedF1);
STREAMWISE_METRIC_BENCH(m::CohenKappa);
STREAMWISE_METRIC_BENCH(m::MCC);

}  // namespace
