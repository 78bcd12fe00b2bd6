#include <doctest/doctest.h>

#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/initializers/zeros.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::initializers::Zeros;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<Zeros>);
static_assert(requires(Zeros i) {
  { i.next() } -> std::same_as<double>;
});

TEST_CASE("Zeros always gives 0, as River's Zeros()()") {
  Zeros init;
  for (int i = 0; i < 10; ++i) CHECK(init.next() == 0.0);
}

TEST_CASE("Zeros checkpoint round-trip and spec") {
  Zeros init;
  init.next();
  Zeros restored = test::roundtrip(init);
  CHECK(restored == init);
  CHECK(restored.next() == 0.0);
  CHECK(streamwise::to_json(streamwise::spec_of(init)) == R"({"type":"Zeros","params":{}})");
}
