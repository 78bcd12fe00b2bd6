// Samples per second of BayesianLinearRegression on a pre-generated 10-feature stream: one item
// = predict_one (or predict_dist) then learn_one, test-then-train as in progressive validation.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_bayesian_linear_regression
//   build/rel/bench/bench_bayesian_linear_regression

#include <benchmark/benchmark.h>

#include <cstddef>
#include <optional>
#include <vector>

#include "streamwise/core/rng.hpp"
#include "streamwise/linear_model/bayesian_linear_regression.hpp"

namespace {

using streamwise::DenseView;
using streamwise::linear_model::BayesianLinearRegression;

constexpr std::size_t n_features = 10;
constexpr std::size_t n_rows = 1 << 14;  // 16k rows of 10 features: fits in L2, loops over it

struct Stream {
  std::vector<double> x;  // row-major, n_rows × n_features
  std::vector<double> y;
};

const Stream& stream() {
  static const Stream s = [] {
    streamwise::Rng rng(5);
    std::vector<double> coefs(n_features);
    for (double& c : coefs) c = rng.normal();
    Stream out;
    for (std::size_t i = 0; i < n_rows; ++i) {
      double y = 0.0;
      for (std::size_t f = 0; f < n_features; ++f) {
        const double v = rng.normal(1.0, 2.0);
        out.x.push_back(v);
        y += coefs[f] * v;
      }
      out.y.push_back(y + rng.normal(0.0, 0.3));
    }
    return out;
  }();
  return s;
}

BayesianLinearRegression make_model(std::optional<double> smoothing) {
  BayesianLinearRegression::Params p;
  p.smoothing = smoothing;
  return BayesianLinearRegression(p);
}

DenseView row(const Stream& s, std::size_t i) {
  return DenseView{std::span<const double>(s.x).subspan(i * n_features, n_features)};
}

// predict_one then learn_one. state.range(0): 0 = no smoothing, else smoothing = 0.99.
void BM_PredictLearn(benchmark::State& state) {
  const auto& s = stream();
  auto model = make_model(state.range(0) ? std::optional(0.99) : std::nullopt);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(model.predict_one(row(s, i)));
    model.learn_one(row(s, i), s.y[i]);
    if (++i == n_rows) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PredictLearn)->Arg(0)->Arg(1)->ArgName("smoothing");

// predict_dist (mean and sigma) then learn_one.
void BM_PredictDistLearn(benchmark::State& state) {
  const auto& s = stream();
  auto model = make_model(state.range(0) ? std::optional(0.99) : std::nullopt);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(model.predict_dist(row(s, i)));
    model.learn_one(row(s, i), s.y[i]);
    if (++i == n_rows) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PredictDistLearn)->Arg(0)->Arg(1)->ArgName("smoothing");

}  // namespace
