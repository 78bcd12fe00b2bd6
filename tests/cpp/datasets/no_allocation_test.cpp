// Once the caller's sample has its size, drawing from a stream does not allocate: counts calls
// to the global operator new around the steady-state loop of every generator and of CsvStream.

#include <doctest/doctest.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <string>

#include "streamwise/datasets/agrawal.hpp"
#include "streamwise/datasets/concept_drift_stream.hpp"
#include "streamwise/datasets/csv_stream.hpp"
#include "streamwise/datasets/friedman.hpp"
#include "streamwise/datasets/friedman_drift.hpp"
#include "streamwise/datasets/hyperplane.hpp"
#include "streamwise/datasets/led.hpp"
#include "streamwise/datasets/led_drift.hpp"
#include "streamwise/datasets/random_rbf.hpp"
#include "streamwise/datasets/random_rbf_drift.hpp"
#include "streamwise/datasets/sea.hpp"
#include "streamwise/datasets/stagger.hpp"

namespace {
std::atomic<std::size_t> allocations{0};
}  // namespace

[[gnu::noinline]] void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

namespace ds = streamwise::datasets;

template <class Gen>
std::size_t steady_state_allocations(Gen gen, int n = 2000) {
  typename Gen::Sample s;
  gen.next(s);  // sizes the sample
  const std::size_t before = allocations.load();
  for (int i = 0; i < n; ++i) gen.next(s);
  return allocations.load() - before;
}

}  // namespace

TEST_CASE("Synthetic streams draw without allocating once the sample is sized") {
  CHECK(steady_state_allocations(ds::Agrawal({.classification_function = 2,
                                              .seed = 1,
                                              .balance_classes = true,
                                              .perturbation = 0.1})) == 0);
  CHECK(steady_state_allocations(ds::SEA({.noise = 0.1, .seed = 1})) == 0);
  CHECK(steady_state_allocations(ds::Hyperplane({.seed = 1, .mag_change = 0.1})) == 0);
  CHECK(steady_state_allocations(ds::LED({.seed = 1, .irrelevant_features = true})) == 0);
  CHECK(steady_state_allocations(ds::RandomRBF({.seed_model = 1, .seed_sample = 1})) == 0);
  CHECK(steady_state_allocations(
            ds::LEDDrift({.seed = 1, .irrelevant_features = true, .n_drift_features = 3})) == 0);
  CHECK(steady_state_allocations(
            ds::RandomRBFDrift({.seed_model = 1, .seed_sample = 1, .change_speed = 0.1})) == 0);
  CHECK(steady_state_allocations(ds::STAGGER({.seed = 1, .balance_classes = true})) == 0);
  CHECK(steady_state_allocations(ds::Friedman({.seed = 1})) == 0);
  CHECK(steady_state_allocations(ds::FriedmanDrift(
            {.drift_type = "gsg", .position = {500, 1000}, .transition_window = 200, .seed = 1})) ==
        0);
  CHECK(steady_state_allocations(ds::ConceptDriftStream<>({.position = 1000, .seed = 1})) == 0);
}

TEST_CASE("CsvStream reads rows without allocating once its buffers are grown") {
  const auto path = std::filesystem::temp_directory_path() / "streamwise_no_allocation.csv";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << "a,b,label,c\n";
    for (int i = 0; i < 3000; ++i) {
      out << i * 0.5 << "," << -i << "," << (i % 3 == 0 ? "yes" : "no") << "," << i % 7 << "\n";
    }
  }
  ds::CsvStream stream({.path = path.string(), .target = "label"});
  ds::CsvSample s;
  while (stream.next(s)) {
  }  // first pass: the line buffer grows to the longest row
  stream.reset();
  const std::size_t before = allocations.load();
  std::size_t rows = 0;
  while (stream.next(s)) ++rows;
  CHECK(allocations.load() - before == 0);
  CHECK(rows == 3000);
  std::filesystem::remove(path);
}
