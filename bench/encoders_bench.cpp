// Samples per second of the encoders (OneHotEncoder, OrdinalEncoder, FeatureHasher) and of
// TargetStandardScaler, on pre-generated dense rows (no random numbers in the timed loop).
// One "item" is one sample. Encoder rows have 10 features: 5 nominal (20 values each) and 5
// numeric (10 distinct values each); every encoder is warm (all pairs learnt) before timing.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_encoders && build/rel/bench/bench_encoders

#include <benchmark/benchmark.h>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/linear_model/bayesian_linear_regression.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/preprocessing/feature_hasher.hpp"
#include "streamwise/preprocessing/one_hot_encoder.hpp"
#include "streamwise/preprocessing/ordinal_encoder.hpp"
#include "streamwise/preprocessing/target_standard_scaler.hpp"

namespace {

namespace pp = streamwise::preprocessing;
using streamwise::DenseView;
constexpr std::size_t n_features = 10;
constexpr std::size_t n_rows = 1 << 12;

struct Data {
  streamwise::FeatureSpace space;
  std::vector<double> rows;  // n_rows x n_features
  std::vector<double> y;
};

const Data& data() {
  static const Data d = [] {
    Data out;
    streamwise::Rng rng(9);
    for (std::size_t f = 0; f < n_features; ++f) {
      const bool nominal = f < 5;
      const auto id = out.space.intern(
          "feature_" + std::to_string(f),
          nominal ? streamwise::FeatureKind::nominal : streamwise::FeatureKind::numeric);
      if (nominal) {
        for (int v = 0; v < 20; ++v) out.space.encode_nominal(id, "value_" + std::to_string(v));
      }
    }
    for (std::size_t r = 0; r < n_rows; ++r) {
      double target = 0.0;
      for (std::size_t f = 0; f < n_features; ++f) {
        const double v =
            f < 5 ? static_cast<double>(rng.below(20)) : 0.5 * static_cast<double>(rng.below(10));
        out.rows.push_back(v);
        target += v * static_cast<double>(f + 1);
      }
      out.y.push_back(target + rng.normal(0.0, 1.0));
    }
    return out;
  }();
  return d;
}

DenseView row(std::size_t r) {
  return DenseView{std::span<const double>(data().rows.data() + r * n_features, n_features)};
}

// learn_one then transform_one on each row, as a pipeline's learning step does.
template <class T>
void BM_LearnTransform(benchmark::State& state, T model) {
  model.bind(&data().space);
  for (std::size_t r = 0; r < n_rows; ++r) model.learn_one(row(r));  // warm: every pair known
  std::vector<double> out(model.n_outputs(row(0)));
  std::size_t r = 0;
  for (auto _ : state) {
    model.learn_one(row(r));
    model.transform_one(row(r), out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
    if (++r == n_rows) r = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["outputs"] = static_cast<double>(out.size());
}

// transform_one only (prediction path); the hasher's cache is cold when `warm` is false.
template <class T>
void BM_Transform(benchmark::State& state, T model, bool warm) {
  model.bind(&data().space);
  if (warm) {
    for (std::size_t r = 0; r < n_rows; ++r) model.learn_one(row(r));
  }
  std::vector<double> out(model.n_outputs(row(0)));
  std::size_t r = 0;
  for (auto _ : state) {
    model.transform_one(row(r), out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
    if (++r == n_rows) r = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// The hasher's sparse output: only the produced buckets, whatever n_features.
void BM_TransformSparse(benchmark::State& state, pp::FeatureHasher model) {
  model.bind(&data().space);
  for (std::size_t r = 0; r < n_rows; ++r) model.learn_one(row(r));
  streamwise::SparseSample out;
  std::size_t r = 0;
  for (auto _ : state) {
    model.transform_one(row(r), out);
    benchmark::DoNotOptimize(out.view().values.data());
    benchmark::ClobberMemory();
    if (++r == n_rows) r = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

template <class R>
void BM_Regressor(benchmark::State& state, R model) {
  const auto& d = data();
  std::size_t r = 0;
  double sink = 0.0;
  for (auto _ : state) {
    sink += model.predict_one(row(r));
    model.learn_one(row(r), d.y[r]);
    if (++r == n_rows) r = 0;
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_LearnTransform, OneHotEncoder, pp::OneHotEncoder());
BENCHMARK_CAPTURE(BM_LearnTransform, OneHotEncoder_drop_zeros,
                  pp::OneHotEncoder({.drop_zeros = true}));
BENCHMARK_CAPTURE(BM_LearnTransform, OneHotEncoder_drop_first,
                  pp::OneHotEncoder({.drop_first = true}));
BENCHMARK_CAPTURE(BM_LearnTransform, OrdinalEncoder, pp::OrdinalEncoder());
BENCHMARK_CAPTURE(BM_LearnTransform, FeatureHasher_1024,
                  pp::FeatureHasher({.n_features = 1024, .seed = 1}));
BENCHMARK_CAPTURE(BM_Transform, FeatureHasher_1024_cached,
                  pp::FeatureHasher({.n_features = 1024, .seed = 1}), true);
BENCHMARK_CAPTURE(BM_Transform, FeatureHasher_1024_uncached,
                  pp::FeatureHasher({.n_features = 1024, .seed = 1}), false);
BENCHMARK_CAPTURE(BM_Transform, FeatureHasher_default_2pow20, pp::FeatureHasher({.seed = 1}), true);
BENCHMARK_CAPTURE(BM_TransformSparse, FeatureHasher_default_2pow20_sparse,
                  pp::FeatureHasher({.seed = 1}));
BENCHMARK_CAPTURE(BM_Regressor, BayesianLinearRegression,
                  streamwise::linear_model::BayesianLinearRegression());
BENCHMARK_CAPTURE(BM_Regressor, TargetStandardScaler_BayesianLinearRegression,
                  pp::TargetStandardScaler<streamwise::linear_model::BayesianLinearRegression>());
BENCHMARK_CAPTURE(BM_Regressor, LinearRegression, streamwise::linear_model::LinearRegression());
BENCHMARK_CAPTURE(BM_Regressor, TargetStandardScaler_LinearRegression,
                  pp::TargetStandardScaler<streamwise::linear_model::LinearRegression>());

}  // namespace
