// Once warm (every feature and class seen, buffers grown), pipelines learn and predict without
// allocating. Counts calls to the global operator new around the steady-state loop.

#include <doctest/doctest.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#include "streamwise/compose/discard.hpp"
#include "streamwise/compose/dynamic_pipeline.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/compose/select.hpp"
#include "streamwise/compose/transformer_union.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/linear_model/bayesian_linear_regression.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/oracle.hpp"

namespace {
std::atomic<std::size_t> allocations{0};
}  // namespace

// GCC pairs the inlined replacement `operator new` (malloc) with library `free` calls it cannot
// see through and warns; the replacement pair below is consistent.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using streamwise::ClassId;
using streamwise::DenseView;
using namespace streamwise::compose;
namespace pp = streamwise::preprocessing;
using streamwise::linear_model::BayesianLinearRegression;
using streamwise::naive_bayes::GaussianNB;

constexpr std::size_t features = 10;

template <class M>
std::size_t steady_state_allocations(M& model) {
  const auto s = streamwise::test::make_stream(4000, 5);
  std::vector<double> row(features), proba(8);
  auto fill = [&](std::size_t t) {
    for (std::size_t i = 0; i < features; ++i) row[i] = s.x[(t + 37 * i) % s.x.size()];
    if (t % 3 == 0) row[t % features] = streamwise::missing_value;
  };
  double sink = 0.0;
  auto step = [&](std::size_t t) {
    fill(t);
    if constexpr (requires { model.n_classes(); }) {
      const std::span<double> p(proba.data(), model.n_classes());
      model.predict_proba_one(DenseView{row}, p);
      sink += static_cast<double>(model.predict_one(DenseView{row})) + p[0];
      model.learn_one(DenseView{row}, static_cast<ClassId>(t % 3));
    } else {
      sink += model.predict_one(DenseView{row});
      model.learn_one(DenseView{row}, s.x[t]);
    }
  };
  for (std::size_t t = 0; t < 200; ++t) step(t);
  const std::size_t before = allocations.load();
  for (std::size_t t = 200; t < 4000; ++t) step(t);
  const std::size_t after = allocations.load();
  CHECK(sink == sink);
  return after - before;
}

}  // namespace

TEST_CASE("static pipelines do not allocate once warm") {
  Pipeline<pp::StandardScaler, GaussianNB> clf;
  CHECK(steady_state_allocations(clf) == 0);
  Pipeline<pp::StandardScaler, pp::MinMaxScaler, BayesianLinearRegression> reg;
  CHECK(steady_state_allocations(reg) == 0);
  Pipeline<TransformerUnion<pp::StandardScaler, pp::MinMaxScaler>, GaussianNB> both;
  CHECK(steady_state_allocations(both) == 0);

  streamwise::FeatureSpace space;
  for (const char* name : {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}) space.intern(name);
  Pipeline<Select, Discard, pp::StandardScaler, GaussianNB> named(
      Select({.keys = {"a", "c", "d", "j"}}), Discard({.keys = {"d"}}), {}, {});
  named.bind(&space);
  CHECK(steady_state_allocations(named) == 0);
}

TEST_CASE("dynamic pipelines do not allocate once warm") {
  DynamicPipeline<AnyClassifier> clf({AnyTransformer{pp::StandardScaler{}}},
                                     AnyClassifier{GaussianNB{}});
  CHECK(steady_state_allocations(clf) == 0);
  DynamicPipeline<AnyRegressor> reg({AnyTransformer{pp::MinMaxScaler{}}},
                                    AnyRegressor{BayesianLinearRegression{}});
  CHECK(steady_state_allocations(reg) == 0);
}
