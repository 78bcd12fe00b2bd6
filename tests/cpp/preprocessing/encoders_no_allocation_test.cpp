// Once warm (every (feature, value) pair learnt, every hashed token cached), the encoders'
// learn_one + transform_one allocate nothing. Counts calls to the global operator new around the
// steady-state loop.

#include <doctest/doctest.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/preprocessing/feature_hasher.hpp"
#include "streamwise/preprocessing/one_hot_encoder.hpp"
#include "streamwise/preprocessing/ordinal_encoder.hpp"

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

struct Stream {
  streamwise::FeatureSpace space;
  std::vector<std::vector<double>> rows;
};

Stream make_stream() {
  Stream s;
  for (int f = 0; f < 6; ++f) {
    const bool nominal = f % 2 == 0;
    const auto id =
        s.space.intern("f" + std::to_string(f), nominal ? streamwise::FeatureKind::nominal
                                                        : streamwise::FeatureKind::numeric);
    if (nominal) {
      for (int v = 0; v < 7; ++v) s.space.encode_nominal(id, "v" + std::to_string(v));
    }
  }
  for (std::size_t t = 0; t < 500; ++t) {
    std::vector<double> row(6);
    for (std::size_t f = 0; f < 6; ++f) row[f] = static_cast<double>((t * (f + 3) + f) % 7);
    if (t % 4 == 0) row[t % 6] = streamwise::missing_value;
    s.rows.push_back(row);
  }
  return s;
}

template <class T>
std::size_t steady_state_allocations(T model) {
  const Stream s = make_stream();
  model.bind(&s.space);
  for (const auto& row : s.rows) model.learn_one(DenseView{row});  // warm-up
  std::vector<double> out(model.n_outputs(DenseView{s.rows[0]}) + 1);
  const std::size_t before = allocations.load();
  for (int pass = 0; pass < 3; ++pass) {
    for (const auto& row : s.rows) {
      model.learn_one(DenseView{row});
      model.transform_one(DenseView{row}, out);
    }
  }
  return allocations.load() - before;
}

}  // namespace

TEST_CASE("OneHotEncoder allocates nothing once warm") {
  CHECK(steady_state_allocations(pp::OneHotEncoder()) == 0);
  CHECK(steady_state_allocations(pp::OneHotEncoder({.drop_zeros = true, .drop_first = true})) == 0);
}

TEST_CASE("OrdinalEncoder allocates nothing once warm") {
  CHECK(steady_state_allocations(pp::OrdinalEncoder()) == 0);
}

TEST_CASE("FeatureHasher allocates nothing once warm (dense and sparse outputs)") {
  CHECK(steady_state_allocations(pp::FeatureHasher({.n_features = 64, .seed = 1})) == 0);
  const Stream s = make_stream();
  pp::FeatureHasher hasher({.seed = 1});
  hasher.bind(&s.space);
  streamwise::SparseSample out;
  for (const auto& row : s.rows) hasher.transform_one(DenseView{row}, out);  // warm-up
  const std::size_t before = allocations.load();
  for (const auto& row : s.rows) hasher.transform_one(DenseView{row}, out);
  CHECK(allocations.load() - before == 0);
}
