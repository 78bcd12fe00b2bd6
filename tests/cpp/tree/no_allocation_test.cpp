// Once warm, the Hoeffding tree predicts without allocating (also through branches whose
// feature is missing), and learns without allocating between split attempts. Counts calls to
// the global operator new around the steady-state loops.

#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/tree/hoeffding_tree_classifier.hpp"

namespace {
std::atomic<std::size_t> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
// std::stable_sort asks for its buffer with the nothrow form: count and serve it here too, so
// every delete below frees memory that came from malloc.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return ::operator new(size, tag);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {
using streamwise::DenseView;
using Tree = streamwise::tree::HoeffdingTreeClassifier<>;

std::vector<double> row(streamwise::Rng& rng, bool allow_missing) {
  std::vector<double> x{rng.uniform(), rng.uniform(), rng.uniform(), rng.uniform()};
  if (allow_missing && rng.uniform() < 0.2) x[rng.below(4)] = streamwise::missing_value;
  return x;
}
streamwise::ClassId label(const std::vector<double>& x) {
  const double a = std::isnan(x[0]) ? 0.5 : x[0], b = std::isnan(x[1]) ? 0.5 : x[1];
  return (a + b > 1.0 ? 1u : 0u) + (a > 0.8 ? 1u : 0u);
}
}  // namespace

TEST_CASE("HoeffdingTreeClassifier predicts without allocating") {
  for (const char* mode : {"nba", "nb", "mc"}) {
    CAPTURE(mode);
    Tree model(Tree::Params{.grace_period = 50, .leaf_prediction = mode});
    streamwise::Rng rng(9);
    const double first[] = {0.1, 0.1, 0.1, 0.1};
    model.learn_one(DenseView{first}, 0);
    for (int t = 0; t < 5000; ++t) {
      const auto x = row(rng, true);
      model.learn_one(DenseView{x}, label(x));
    }
    REQUIRE(model.n_branches() >= 2);
    std::vector<std::vector<double>> rows;
    for (int t = 0; t < 2000; ++t) rows.push_back(row(rng, true));
    std::vector<double> proba(model.n_classes());
    double sink = 0.0;
    const std::size_t before = allocations.load();
    for (const auto& x : rows) {
      model.predict_proba_one(DenseView{x}, proba);
      sink += proba[0] + model.predict_one(DenseView{x});
    }
    CHECK(allocations.load() - before == 0);
    CHECK(sink > 0.0);
  }
}

TEST_CASE("HoeffdingTreeClassifier learns without allocating between split attempts") {
  // A grace period longer than the stream: the leaf never attempts a split, so every learn
  // step is the steady-state hot path (naive Bayes adaptive bookkeeping, splitter updates).
  Tree model(Tree::Params{.grace_period = 1000000});
  streamwise::Rng rng(4);
  for (streamwise::ClassId c = 0; c < 3; ++c) {
    const double x[] = {0.2 * c, 0.5, 0.5, 0.5};
    model.learn_one(DenseView{x}, c);
  }
  std::vector<std::vector<double>> rows;
  for (int t = 0; t < 3000; ++t) rows.push_back(row(rng, true));
  const std::size_t before = allocations.load();
  for (const auto& x : rows) model.learn_one(DenseView{x}, label(x));
  CHECK(allocations.load() - before == 0);
  CHECK(model.total_weight_seen() == 3003.0);
}
