#include "streamwise/linear_model/glm.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <vector>

#include "glm_reference.hpp"
#include "streamwise/optim/losses/squared.hpp"
#include "streamwise/optim/sgd.hpp"

using streamwise::linear_model::GLM;
using streamwise::linear_model::GLMParams;
namespace optim = streamwise::optim;
namespace glm = streamwise::test::glm;

using Core = GLM<optim::SGD, optim::losses::Squared>;

// Counts every operator new in this executable, for the "no allocation once warm" test.
namespace {
std::atomic<long> g_allocations{0};
}  // namespace
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

TEST_CASE("GLM core: one SGD step by hand") {
  // Two-pass oracle: raw = 0, g = 2 (0 - 3) = -6, w_j = 0 - 0.01 x_j g, intercept = 0.01 * 6.
  Core core;
  const double x[] = {1.0, NAN, 2.0};
  core.learn({x}, 3.0, 1.0);
  CHECK(core.weight(0) == doctest::Approx(0.06));
  CHECK_FALSE(core.has_weight(1));
  CHECK(core.weight(2) == doctest::Approx(0.12));
  CHECK(core.intercept() == doctest::Approx(0.06));
  CHECK(core.raw_dot({x}) == doctest::Approx(0.06 + 0.12 * 2 + 0.06));
}

TEST_CASE("GLM core: clip_gradient and the l1 cumulative penalty follow River") {
  GLMParams<optim::SGD, optim::losses::Squared> p;
  p.clip_gradient = 1.0;
  Core clipped(p);
  const double x[] = {2.0};
  clipped.learn({x}, 100.0, 1.0);  // gradient -200 clipped to -1
  CHECK(clipped.weight(0) == doctest::Approx(0.02));
  CHECK(clipped.intercept() == doctest::Approx(0.01));

  GLMParams<optim::SGD, optim::losses::Squared> q;
  q.l1 = 0.02;
  Core core(q);
  const auto rows = glm::stream();
  const auto ref = glm::read_csv("glm_linreg_l1.csv");
  for (std::size_t t = 0; t < rows.size(); ++t) {
    core.learn({rows[t].x}, rows[t].y_reg, 1.0);
    glm::check_weights(core, ref[t], t);
  }
}

TEST_CASE("GLM core: no allocation once warm") {
  Core core;
  const double wide[] = {1.0, 2.0, 3.0, 4.0};
  const double sparse[] = {NAN, 2.0, NAN, -1.0};
  core.learn({wide}, 1.0, 1.0);  // grows the weights and the scratch buffers
  const long before = g_allocations.load();
  double sink = 0.0;
  for (int i = 0; i < 100; ++i) {
    core.learn({i % 2 == 0 ? wide : sparse}, 1.0, 1.0);
    sink += core.raw_dot({sparse});
  }
  CHECK(g_allocations.load() == before);
  CHECK(std::isfinite(sink));
  CHECK(core.weights().size() == 4);
}
