#include <doctest/doctest.h>

#include <cmath>
#include <type_traits>

#include "optim/optim_reference.hpp"
#include "streamwise/optim/any_initializer.hpp"

using streamwise::optim::AnyInitializer;
namespace initializers = streamwise::optim::initializers;
namespace test = streamwise::test;

static_assert(std::is_convertible_v<initializers::Normal, AnyInitializer>);
static_assert(requires(AnyInitializer i) {
  { i.next() } -> std::same_as<double>;
});

TEST_CASE("AnyInitializer forwards next() and matches River's Normal draws") {
  const test::CsvTable table("optim/initializers_normal.csv");
  AnyInitializer init = initializers::Normal({.mu = 0.0, .sigma = 1.0, .seed = 42});
  std::size_t n = 0;
  for (std::size_t r = 0; r < table.rows() && table.num(r, "seed") == 42.0; ++r, ++n) {
    REQUIRE(init.next() == table.num(r, "value"));
  }
  CHECK(n == 1000);
  AnyInitializer zeros;
  CHECK(zeros.next() == 0.0);
  AnyInitializer constant = initializers::Constant(1.5);
  CHECK(constant.next() == 1.5);
}

TEST_CASE("AnyInitializer spec and equality") {
  const AnyInitializer normal = initializers::Normal({.seed = 3});
  CHECK(streamwise::to_json(normal.spec()) ==
        R"({"type":"Normal","params":{"mu":0.0,"sigma":1.0,"seed":3}})");
  CHECK(streamwise::to_json(AnyInitializer().spec()) == R"({"type":"Zeros","params":{}})");
  CHECK(AnyInitializer() == AnyInitializer(initializers::Zeros{}));
  CHECK_FALSE(AnyInitializer(initializers::Constant(0.0)) == AnyInitializer());
}

TEST_CASE("AnyInitializer checkpoint keeps a Normal's generator state") {
  AnyInitializer original = initializers::Normal({.mu = -1.0, .sigma = 0.5, .seed = 11});
  for (int i = 0; i < 5; ++i) original.next();
  AnyInitializer restored = test::payload_roundtrip(original);
  CHECK(restored == original);
  for (int i = 0; i < 500; ++i) REQUIRE(restored.next() == original.next());
  AnyInitializer constant = initializers::Constant(2.0);
  CHECK(test::payload_roundtrip(constant) == constant);
}
