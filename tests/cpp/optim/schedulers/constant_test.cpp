#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>

#include "optim/optim_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/schedulers/constant.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::schedulers::Constant;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<Constant>);
static_assert(requires(const Constant s, std::uint64_t t) {
  { s.get(t) } -> std::same_as<double>;
});

TEST_CASE("Constant matches River's get(t)") {
  const test::CsvTable table("optim/schedulers_constant.csv");
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const Constant lr(table.num(r, "learning_rate"));
    const auto t = static_cast<std::uint64_t>(table.num(r, "t"));
    REQUIRE(test::same(lr.get(t), table.num(r, "value")));
  }
}

TEST_CASE("Constant defaults and edge values") {
  CHECK(Constant().get(0) == 0.01);
  CHECK(Constant(0.0).get(12) == 0.0);  // a zero rate freezes a weight (River's intercept_lr=0)
  CHECK(Constant(0.3).get(UINT64_MAX) == 0.3);
}

TEST_CASE("Constant validates its parameters") {
  CHECK_THROWS_WITH_AS(Constant(-0.1), "Constant: learning_rate must be finite and >= 0",
                       std::invalid_argument);
  CHECK_THROWS_AS(Constant(NAN), std::invalid_argument);
  CHECK_THROWS_AS(Constant(Constant::Params{INFINITY}), std::invalid_argument);
}

TEST_CASE("Constant checkpoint round-trip and spec") {
  const Constant lr(0.05);
  const Constant restored = test::roundtrip(lr);
  CHECK(restored == lr);
  CHECK(restored.get(7) == 0.05);
  CHECK(streamwise::to_json(streamwise::spec_of(lr)) ==
        R"({"type":"Constant","params":{"learning_rate":0.05}})");
}
