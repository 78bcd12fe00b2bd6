// Once warm (every feature seen, every window full), learn_one + transform_one allocate nothing.
// Counts calls to the global operator new around the steady-state loop.

#include <doctest/doctest.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/preprocessing/binarizer.hpp"
#include "streamwise/preprocessing/max_abs_scaler.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "streamwise/preprocessing/normalizer.hpp"
#include "streamwise/preprocessing/robust_scaler.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/oracle.hpp"

namespace {
std::atomic<std::size_t> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using streamwise::DenseView;
namespace pp = streamwise::preprocessing;

template <class T>
std::size_t steady_state_allocations(T model) {
  constexpr std::size_t features = 10;
  const auto s = streamwise::test::make_stream(4000, 21);
  std::vector<double> row(features), out(features);
  auto fill = [&](std::size_t t) {
    for (std::size_t i = 0; i < features; ++i) row[i] = s.x[(t + 37 * i) % s.x.size()];
    if (t % 3 == 0) row[t % features] = streamwise::missing_value;  // some absent features
  };
  for (std::size_t t = 0; t < 200; ++t) {  // warm-up: every feature seen, windows filled
    fill(t);
    model.learn_one(DenseView{row});
    model.transform_one(DenseView{row}, out);
  }
  const std::size_t before = allocations.load();
  double sink = 0.0;
  for (std::size_t t = 200; t < 4000; ++t) {
    fill(t);
    model.learn_one(DenseView{row});
    model.transform_one(DenseView{row}, out);
    sink += out[t % features] == out[t % features] ? 1.0 : 0.0;
  }
  const std::size_t after = allocations.load();
  CHECK(sink > 0.0);
  return after - before;
}

}  // namespace

TEST_CASE("Preprocessing transformers do not allocate once warm") {
  CHECK(steady_state_allocations(pp::StandardScaler()) == 0);
  CHECK(steady_state_allocations(pp::StandardScaler({.with_std = false})) == 0);
  CHECK(steady_state_allocations(pp::StandardScaler({.window_size = 50})) == 0);
  CHECK(steady_state_allocations(pp::StandardScaler({.with_std = false, .window_size = 50})) == 0);
  CHECK(steady_state_allocations(pp::MinMaxScaler()) == 0);
  CHECK(steady_state_allocations(pp::MinMaxScaler({.window_size = 50})) == 0);
  CHECK(steady_state_allocations(pp::MaxAbsScaler()) == 0);
  CHECK(steady_state_allocations(pp::MaxAbsScaler({.window_size = 50})) == 0);
  CHECK(steady_state_allocations(pp::RobustScaler()) == 0);
  CHECK(steady_state_allocations(pp::Normalizer()) == 0);
  CHECK(steady_state_allocations(pp::Normalizer({.order = 3})) == 0);
  CHECK(steady_state_allocations(pp::Binarizer()) == 0);
}
