// Progressive validation (predict_one, then learn_one) of HoeffdingAdaptiveTreeRegressor on
// River's synth.Friedman(seed=42) and synth.FriedmanDrift(drift_type="gra",
// position=(30000, 70000), seed=42), 100,000 rows each, regenerated here with a
// CPython-compatible generator (the same rows River yields), single core. A fresh tree with
// River's defaults and seed 42 (bootstrap sampling, ADWIN at every node, adaptive leaves) is
// grown on every pass, so each pass measures the whole stream. Reported as items (samples) per
// second; the counter "mae" is the progressive MAE (River 0.26.1: 1.8524153044367226 on
// Friedman, 1.9106778643676874 on FriedmanDrift; tests/data/tree/hatr/full_mae.csv).
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_hat_regressor
//   build/rel/bench/bench_hat_regressor

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/core/python_random.hpp"
#include "streamwise/tree/hoeffding_adaptive_tree_regressor.hpp"

namespace {

constexpr std::size_t kFeatures = 10;

struct Stream {
  std::vector<double> x;  // row-major
  std::vector<double> y;
  std::size_t size() const { return y.size(); }
};

// Friedman #1 as River draws it: ten uniform(0, 1), then gauss(0, 1) noise; with `drift`, the
// "gra" concept between rows p1 and p2.
Stream friedman(std::size_t n, bool drift, std::size_t p1, std::size_t p2) {
  streamwise::PythonRandom rng(42);
  bool have_next = false;
  double next = 0.0;
  auto gauss = [&] {
    if (have_next) {
      have_next = false;
      return next;
    }
    const double x2pi = rng.random() * (2.0 * M_PI);
    const double g2rad = std::sqrt(-2.0 * std::log(1.0 - rng.random()));
    next = std::sin(x2pi) * g2rad;
    have_next = true;
    return std::cos(x2pi) * g2rad;
  };
  Stream s;
  s.x.reserve(n * kFeatures);
  s.y.reserve(n);
  for (std::size_t t = 0; t < n; ++t) {
    double x[kFeatures];
    for (double& v : x) v = rng.random();
    double y;
    if (!drift || t < p1 || t >= p2) {
      y = 10.0 * std::sin(M_PI * x[0] * x[1]) + 20.0 * std::pow(x[2] - 0.5, 2.0) + 10.0 * x[3] +
          5.0 * x[4];
    } else {
      y = 10.0 * std::sin(M_PI * x[3] * x[5]) + 20.0 * std::pow(x[1] - 0.5, 2.0) + 10.0 * x[0] +
          5.0 * x[2];
    }
    s.x.insert(s.x.end(), x, x + kFeatures);
    s.y.push_back(y + gauss());
  }
  return s;
}

using Hatr = streamwise::tree::HoeffdingAdaptiveTreeRegressor<>;

void progressive(benchmark::State& state, const Stream& s, Hatr::Params params) {
  double err = 0.0;
  std::size_t nodes = 0;
  std::int64_t alternates = 0;
  for (auto _ : state) {
    Hatr model(params);
    err = 0.0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const streamwise::DenseView x{std::span<const double>(s.x).subspan(i * kFeatures, kFeatures)};
      err += std::abs(model.predict_one(x) - s.y[i]);
      model.learn_one(x, s.y[i]);
    }
    nodes = model.n_nodes();
    alternates = model.n_alternate_trees();
    benchmark::DoNotOptimize(err);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.size()));
  state.counters["mae"] = err / static_cast<double>(s.size());
  state.counters["n_nodes"] = static_cast<double>(nodes);
  state.counters["n_alternate_trees"] = static_cast<double>(alternates);
}

void BM_HATR_friedman_100k(benchmark::State& state) {
  static const Stream s = friedman(100000, false, 0, 0);
  progressive(state, s, Hatr::Params{.seed = 42});
}
void BM_HATR_friedman_drift_100k(benchmark::State& state) {
  static const Stream s = friedman(100000, true, 30000, 70000);
  progressive(state, s, Hatr::Params{.seed = 42});
}
void BM_HATR_friedman_100k_mean_no_bootstrap(benchmark::State& state) {
  static const Stream s = friedman(100000, false, 0, 0);
  progressive(state, s, Hatr::Params{.leaf_prediction = "mean", .bootstrap_sampling = false});
}

}  // namespace

BENCHMARK(BM_HATR_friedman_100k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HATR_friedman_drift_100k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HATR_friedman_100k_mean_no_bootstrap)->Unit(benchmark::kMillisecond);
