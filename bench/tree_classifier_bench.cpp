// Progressive validation (predict_one, then learn_one) of HoeffdingTreeClassifier on the
// Electricity stream (../shared/datasets/elec.csv, 45,312 rows, 6 numeric features), single
// core. A fresh tree with River's defaults is grown on every pass, so each pass measures the
// whole stream: routing, naive Bayes adaptive leaves, splitter updates and split attempts.
// Reported as items (samples) per second; the counter "accuracy" is the progressive accuracy.
// The file is read from STREAMWISE_ELEC_CSV if set; without it the benchmark is skipped.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_tree_classifier && build/rel/bench/bench_tree_classifier

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/datasets/friedman.hpp"
#include "streamwise/tree/hoeffding_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_tree_regressor.hpp"
#include "support/elec_stream.hpp"

namespace {

using streamwise::bench::elec;
using streamwise::bench::Stream;

template <class Tree>
void progressive(benchmark::State& state, typename Tree::Params params) {
  const Stream& s = elec();
  if (s.size() == 0) {
    state.SkipWithError(
        "elec.csv not found: run from the repository root or set STREAMWISE_ELEC_CSV");
    return;
  }
  std::size_t correct = 0;
  std::size_t nodes = 0;
  for (auto _ : state) {
    Tree model(params);
    correct = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const streamwise::DenseView x{
          std::span<const double>(s.x).subspan(i * s.n_features, s.n_features)};
      correct += model.n_classes() > 0 && model.predict_one(x) == s.y[i] ? 1 : 0;
      model.learn_one(x, s.y[i]);
    }
    nodes = model.n_nodes();
    benchmark::DoNotOptimize(correct);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.size()));
  state.counters["accuracy"] = static_cast<double>(correct) / static_cast<double>(s.size());
  state.counters["n_nodes"] = static_cast<double>(nodes);
}

using Tree = streamwise::tree::HoeffdingTreeClassifier<>;

void BM_HoeffdingTree_elec_nba(benchmark::State& state) { progressive<Tree>(state, {}); }
void BM_HoeffdingTree_elec_nb(benchmark::State& state) {
  progressive<Tree>(state, Tree::Params{.leaf_prediction = "nb"});
}
void BM_HoeffdingTree_elec_mc(benchmark::State& state) {
  progressive<Tree>(state, Tree::Params{.leaf_prediction = "mc"});
}

// HoeffdingTreeRegressor (River's defaults: adaptive leaves, TEBSTSplitter) on 20,000 seeded
// Friedman #1 samples (10 features), predict then learn.
void BM_HoeffdingTreeRegressor_friedman(benchmark::State& state, const char* leaf) {
  static const auto data = [] {
    streamwise::datasets::Friedman gen({.seed = 42});
    std::vector<std::pair<std::vector<double>, double>> out;
    for (int i = 0; i < 20000; ++i) {
      auto s = gen.next();
      out.emplace_back(std::move(s.x), s.y);
    }
    return out;
  }();
  double abs_err = 0.0;
  for (auto _ : state) {
    streamwise::tree::HoeffdingTreeRegressor<> model({.leaf_prediction = leaf});
    abs_err = 0.0;
    for (const auto& [x, y] : data) {
      abs_err += std::abs(model.predict_one(streamwise::DenseView{x}) - y);
      model.learn_one(streamwise::DenseView{x}, y);
    }
    benchmark::DoNotOptimize(abs_err);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
  state.counters["mae"] = abs_err / static_cast<double>(data.size());
}

}  // namespace

BENCHMARK_CAPTURE(BM_HoeffdingTreeRegressor_friedman, adaptive, "adaptive")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_HoeffdingTreeRegressor_friedman, mean, "mean")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HoeffdingTree_elec_nba)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HoeffdingTree_elec_nb)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HoeffdingTree_elec_mc)->Unit(benchmark::kMillisecond);
