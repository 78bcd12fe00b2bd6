#include <doctest/doctest.h>

#include <cmath>

#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/initializers/constant.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::initializers::Constant;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<Constant>);
static_assert(requires(Constant i) {
  { i.next() } -> std::same_as<double>;
});

TEST_CASE("Constant gives its value every time, as River's Constant(3.14)()") {
  Constant init(3.14);
  for (int i = 0; i < 5; ++i) CHECK(init.next() == 3.14);
  CHECK(Constant().next() == 0.0);
  CHECK(Constant(-2.5).next() == -2.5);
}

TEST_CASE("Constant validates its parameters") {
  CHECK_THROWS_WITH_AS(Constant(NAN), "Constant: value must be finite", std::invalid_argument);
  CHECK_THROWS_AS(Constant(-INFINITY), std::invalid_argument);
}

TEST_CASE("Constant checkpoint round-trip and spec") {
  Constant init(0.5);
  Constant restored = test::roundtrip(init);
  CHECK(restored == init);
  CHECK(restored.next() == 0.5);
  CHECK(streamwise::to_json(streamwise::spec_of(init)) ==
        R"({"type":"Constant","params":{"value":0.5}})");
}
