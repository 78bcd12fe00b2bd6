// Samples per second of learn_one + transform_one for the numeric preprocessing transformers on
// 10 dense features (all present), from a pre-generated stream (no random numbers in the timed
// loop). One "item" is one sample: one learn_one and one transform_one of all 10 features.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_preprocessing && build/rel/bench/bench_preprocessing

#include <benchmark/benchmark.h>

#include <cstddef>
#include <span>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/preprocessing/binarizer.hpp"
#include "streamwise/preprocessing/max_abs_scaler.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "streamwise/preprocessing/normalizer.hpp"
#include "streamwise/preprocessing/robust_scaler.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"

namespace {

namespace pp = streamwise::preprocessing;
constexpr std::size_t n_features = 10;
constexpr std::size_t n_rows = 1 << 13;  // 8k rows x 10 features: 640 KiB, loops over it

const std::vector<double>& rows() {
  static const std::vector<double> data = [] {
    streamwise::Rng rng(5);
    std::vector<double> out;
    out.reserve(n_rows * n_features);
    for (std::size_t r = 0; r < n_rows; ++r) {
      for (std::size_t f = 0; f < n_features; ++f) {
        out.push_back(rng.normal(static_cast<double>(f), 1.0 + static_cast<double>(f)));
      }
    }
    return out;
  }();
  return data;
}

// learn_one then transform_one on each row, as a pipeline's learning step does.
template <class T>
void BM_LearnTransform(benchmark::State& state, typename T::Params params) {
  const auto& data = rows();
  T model(params);
  std::vector<double> out(n_features);
  std::size_t r = 0;
  for (auto _ : state) {
    const streamwise::DenseView x{
        std::span<const double>(data.data() + r * n_features, n_features)};
    model.learn_one(x);
    model.transform_one(x, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
    if (++r == n_rows) r = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// BENCHMARK_CAPTURE needs plain function names.
#define STREAMWISE_PREPROCESSING_BENCH(Class)                          \
  void BM_##Class(benchmark::State& state, pp::Class::Params params) { \
    BM_LearnTransform<pp::Class>(state, params);                       \
  }
STREAMWISE_PREPROCESSING_BENCH(StandardScaler)
STREAMWISE_PREPROCESSING_BENCH(MinMaxScaler)
STREAMWISE_PREPROCESSING_BENCH(MaxAbsScaler)
STREAMWISE_PREPROCESSING_BENCH(RobustScaler)
STREAMWISE_PREPROCESSING_BENCH(Normalizer)
STREAMWISE_PREPROCESSING_BENCH(Binarizer)

}  // namespace

BENCHMARK_CAPTURE(BM_StandardScaler, default, pp::StandardScaler::Params{});
BENCHMARK_CAPTURE(BM_StandardScaler, with_std_false, pp::StandardScaler::Params{.with_std = false});
BENCHMARK_CAPTURE(BM_StandardScaler, window_100, pp::StandardScaler::Params{.window_size = 100});
BENCHMARK_CAPTURE(BM_MinMaxScaler, default, pp::MinMaxScaler::Params{});
BENCHMARK_CAPTURE(BM_MinMaxScaler, window_100, pp::MinMaxScaler::Params{.window_size = 100});
BENCHMARK_CAPTURE(BM_MaxAbsScaler, default, pp::MaxAbsScaler::Params{});
BENCHMARK_CAPTURE(BM_MaxAbsScaler, window_100, pp::MaxAbsScaler::Params{.window_size = 100});
BENCHMARK_CAPTURE(BM_RobustScaler, default, pp::RobustScaler::Params{});
BENCHMARK_CAPTURE(BM_Normalizer, order_2, pp::Normalizer::Params{});
BENCHMARK_CAPTURE(BM_Normalizer, order_3, pp::Normalizer::Params{.order = 3.0});
BENCHMARK_CAPTURE(BM_Binarizer, default, pp::Binarizer::Params{});
