// Test-then-train throughput of GaussianNB, MultinomialNB and BernoulliNB (River's naive_bayes):
// for each sample, predict_one then learn_one, on 10,000 pre-generated samples with 10 features
// and 3 classes. A fresh model is built for every pass over the stream.
//   * Gaussian: feature j of class c is N(c + 0.1 j, 1 + 0.2 c).
//   * Multinomial / Bernoulli: small counts (0..4) whose rates depend on the class; Bernoulli
//     uses the default threshold (a count > 0 is "on").
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTREAMWISE_BUILD_BENCH=ON \
//         -DSTREAMWISE_BUILD_TESTS=OFF
//   cmake --build build/rel --target bench_naive_bayes && build/rel/bench/bench_naive_bayes

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/naive_bayes/bernoulli_nb.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/naive_bayes/multinomial_nb.hpp"

namespace {

namespace nb = streamwise::naive_bayes;

constexpr std::size_t n_samples = 10'000;
constexpr std::size_t n_features = 10;
constexpr std::uint32_t n_classes = 3;

struct Stream {
  std::vector<double> x;  // row-major, n_samples x n_features
  std::vector<streamwise::ClassId> y;
};

const Stream& numeric_stream() {
  static const Stream s = [] {
    streamwise::Rng rng(7);
    Stream out;
    for (std::size_t i = 0; i < n_samples; ++i) {
      const auto c = static_cast<streamwise::ClassId>(i < n_classes ? i : rng.below(n_classes));
      out.y.push_back(c);
      for (std::size_t j = 0; j < n_features; ++j) {
        out.x.push_back(rng.normal(c + 0.1 * static_cast<double>(j), 1.0 + 0.2 * c));
      }
    }
    return out;
  }();
  return s;
}

const Stream& count_stream() {
  static const Stream s = [] {
    streamwise::Rng rng(11);
    Stream out;
    for (std::size_t i = 0; i < n_samples; ++i) {
      const auto c = static_cast<streamwise::ClassId>(i < n_classes ? i : rng.below(n_classes));
      out.y.push_back(c);
      for (std::size_t j = 0; j < n_features; ++j) {
        const bool favoured = (j + c) % n_classes == 0;
        out.x.push_back(static_cast<double>(rng.below(favoured ? 5 : 2)));
      }
    }
    return out;
  }();
  return s;
}

template <class Model>
void test_then_train(benchmark::State& state, const Stream& s, const typename Model::Params& p) {
  std::size_t correct = 0;
  for (auto _ : state) {
    Model model(p);
    for (std::size_t i = 0; i < n_samples; ++i) {
      const streamwise::DenseView x{
          std::span<const double>(s.x).subspan(i * n_features, n_features)};
      correct += model.predict_one(x) == s.y[i] ? 1 : 0;
      model.learn_one(x, s.y[i]);
    }
    benchmark::DoNotOptimize(correct);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n_samples));
  state.counters["accuracy"] = benchmark::Counter(
      static_cast<double>(correct) / static_cast<double>(state.iterations() * n_samples));
}

void BM_GaussianNB(benchmark::State& state) {
  test_then_train<nb::GaussianNB>(state, numeric_stream(), {});
}
void BM_MultinomialNB(benchmark::State& state) {
  test_then_train<nb::MultinomialNB>(state, count_stream(), {});
}
void BM_BernoulliNB(benchmark::State& state) {
  test_then_train<nb::BernoulliNB>(state, count_stream(), {});
}

}  // namespace

BENCHMARK(BM_GaussianNB)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MultinomialNB)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BernoulliNB)->Unit(benchmark::kMillisecond);
