// Samples per second of the linear models, test-then-train: one item = predict then learn_one.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_linear_model
//   build/rel/bench/bench_linear_model
//
// Cases: LogisticRegression and LinearRegression on a dense 10-feature stream, the same behind
// a StandardScaler (the StandardScaler | LogisticRegression target, chained by hand and
// as a compose::Pipeline), the erased
// (AnyOptimizer, AnyLoss) form, a 1000-feature stream with ~5% of features present per row,
// and learn_many on 64-row blocks.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <limits>
#include <vector>

#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"

namespace {

using streamwise::ClassId;
using streamwise::DenseView;
namespace lm = streamwise::linear_model;
namespace optim = streamwise::optim;

constexpr std::size_t n_rows = 1 << 14;

struct Stream {
  std::size_t width = 0;
  std::vector<double> x;  // row-major, NaN = absent
  std::vector<double> y;
  std::vector<ClassId> c;
  DenseView row(std::size_t i) const {
    return DenseView{std::span<const double>(x).subspan(i * width, width)};
  }
};

Stream make_stream(std::size_t width, double presence) {
  streamwise::Rng rng(5);
  std::vector<double> coefs(width);
  for (double& v : coefs) v = rng.normal();
  Stream s;
  s.width = width;
  for (std::size_t i = 0; i < n_rows; ++i) {
    double y = 0.0;
    for (std::size_t f = 0; f < width; ++f) {
      if (rng.uniform() < presence) {
        const double v = rng.normal(0.5, 1.5);
        s.x.push_back(v);
        y += coefs[f] * v;
      } else {
        s.x.push_back(std::numeric_limits<double>::quiet_NaN());
      }
    }
    s.y.push_back(y + rng.normal(0.0, 0.3));
    s.c.push_back(y > 0.0 ? 1 : 0);
  }
  return s;
}

const Stream& dense10() {
  static const Stream s = make_stream(10, 1.0);
  return s;
}
const Stream& sparse1000() {
  static const Stream s = make_stream(1000, 0.05);
  return s;
}

template <class Model>
void run_classifier(benchmark::State& state, const Stream& s) {
  Model model;
  std::size_t i = 0;
  ClassId sink = 0;
  for (auto _ : state) {
    const DenseView x = s.row(i);
    sink += model.predict_one(x);
    model.learn_one(x, s.c[i]);
    i = (i + 1) & (n_rows - 1);
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations());
}

template <class Model>
void run_regressor(benchmark::State& state, const Stream& s) {
  Model model;
  std::size_t i = 0;
  double sink = 0.0;
  for (auto _ : state) {
    const DenseView x = s.row(i);
    sink += model.predict_one(x);
    model.learn_one(x, s.y[i]);
    i = (i + 1) & (n_rows - 1);
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations());
}

void BM_LogisticRegression_dense10(benchmark::State& state) {
  run_classifier<lm::LogisticRegression>(state, dense10());
}
BENCHMARK(BM_LogisticRegression_dense10);

void BM_LogisticRegression_erased_dense10(benchmark::State& state) {
  run_classifier<lm::LogisticRegressionT<optim::AnyOptimizer, optim::AnyLoss>>(state, dense10());
}
BENCHMARK(BM_LogisticRegression_erased_dense10);

void BM_StandardScaler_LogisticRegression_dense10(benchmark::State& state) {
  const Stream& s = dense10();
  streamwise::preprocessing::StandardScaler scaler;
  lm::LogisticRegression model;
  std::vector<double> scaled(s.width);
  std::size_t i = 0;
  ClassId sink = 0;
  for (auto _ : state) {
    const DenseView x = s.row(i);
    scaler.transform_one(x, scaled);
    sink += model.predict_one({scaled});
    scaler.learn_one(x);  // River 0.19+: the transformer learns, then the model on its output
    scaler.transform_one(x, scaled);
    model.learn_one({scaled}, s.c[i]);
    i = (i + 1) & (n_rows - 1);
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StandardScaler_LogisticRegression_dense10);

// The target as users write it: compose::Pipeline (per-step buffers, no allocation).
void BM_Pipeline_StandardScaler_LogisticRegression_dense10(benchmark::State& state) {
  run_classifier<streamwise::compose::Pipeline<streamwise::preprocessing::StandardScaler,
                                               lm::LogisticRegression>>(state, dense10());
}
BENCHMARK(BM_Pipeline_StandardScaler_LogisticRegression_dense10);

void BM_LinearRegression_dense10(benchmark::State& state) {
  run_regressor<lm::LinearRegression>(state, dense10());
}
BENCHMARK(BM_LinearRegression_dense10);

void BM_LinearRegression_erased_dense10(benchmark::State& state) {
  run_regressor<lm::LinearRegressionT<optim::AnyOptimizer, optim::AnyLoss>>(state, dense10());
}
BENCHMARK(BM_LinearRegression_erased_dense10);

void BM_LogisticRegression_sparse1000(benchmark::State& state) {
  run_classifier<lm::LogisticRegression>(state, sparse1000());
}
BENCHMARK(BM_LogisticRegression_sparse1000);

void BM_LinearRegression_sparse1000(benchmark::State& state) {
  run_regressor<lm::LinearRegression>(state, sparse1000());
}
BENCHMARK(BM_LinearRegression_sparse1000);

// Items = rows; one learn_many step per 64-row block.
void BM_LinearRegression_learn_many64_dense10(benchmark::State& state) {
  const Stream& s = dense10();
  lm::LinearRegression model;
  constexpr std::size_t block = 64;
  std::size_t i = 0;
  for (auto _ : state) {
    model.learn_many(std::span<const double>(s.x).subspan(i * s.width, block * s.width), s.width,
                     std::span<const double>(s.y).subspan(i, block));
    i = (i + block) & (n_rows - 1);
  }
  benchmark::DoNotOptimize(model.intercept());
  state.SetItemsProcessed(state.iterations() * block);
}
BENCHMARK(BM_LinearRegression_learn_many64_dense10);

}  // namespace
