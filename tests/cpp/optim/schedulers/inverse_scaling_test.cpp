#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>

#include "optim/optim_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/schedulers/inverse_scaling.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::schedulers::InverseScaling;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<InverseScaling>);
static_assert(requires(const InverseScaling s, std::uint64_t t) {
  { s.get(t) } -> std::same_as<double>;
});

TEST_CASE("InverseScaling matches River's get(t) for t = 0..1000 and beyond") {
  const test::CsvTable table("optim/schedulers_inverse_scaling.csv");
  std::size_t mismatches = 0;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const InverseScaling lr(table.num(r, "learning_rate"), table.num(r, "power"));
    const auto t = static_cast<std::uint64_t>(table.num(r, "t"));
    if (!test::same(lr.get(t), table.num(r, "value")) && ++mismatches <= 10) {
      MESSAGE("row " << r + 2 << ": got " << lr.get(t));
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("InverseScaling defaults and edge values") {
  const InverseScaling lr(0.1);
  CHECK(lr.params().power == 0.5);
  CHECK(lr.get(0) == 0.1);
  CHECK(lr.get(3) == 0.05);
  CHECK(InverseScaling(0.3, 0.0).get(1000) == 0.3);
  CHECK(InverseScaling().get(0) == 0.01);
}

TEST_CASE("InverseScaling validates its parameters") {
  CHECK_THROWS_WITH_AS(InverseScaling(-1.0),
                       "InverseScaling: learning_rate must be finite and >= 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(InverseScaling(0.1, NAN), "InverseScaling: power must be finite",
                       std::invalid_argument);
}

TEST_CASE("InverseScaling checkpoint round-trip and spec") {
  const InverseScaling lr(0.2, 0.25);
  const InverseScaling restored = test::roundtrip(lr);
  CHECK(restored == lr);
  CHECK(restored.get(99) == lr.get(99));
  CHECK(streamwise::to_json(streamwise::spec_of(lr)) ==
        R"({"type":"InverseScaling","params":{"learning_rate":0.2,"power":0.25}})");
}
