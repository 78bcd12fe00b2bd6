#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>

#include "optim/optim_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/initializers/normal.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::initializers::Normal;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<Normal>);
static_assert(requires(Normal i) {
  { i.next() } -> std::same_as<double>;
});

TEST_CASE("Normal draws River's (numpy's) sequence for a seed") {
  const test::CsvTable table("optim/initializers_normal.csv");
  std::size_t mismatches = 0;
  std::optional<Normal> init;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (table.num(r, "index") == 0.0) {
      init.emplace(Normal::Params{table.num(r, "mu"), table.num(r, "sigma"),
                                  static_cast<std::int64_t>(table.num(r, "seed"))});
    }
    const double got = init->next();
    if (!test::same(got, table.num(r, "value")) && ++mismatches <= 10) {
      MESSAGE("row " << r + 2 << ": got " << got);
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("Normal follows River's documented example") {
  Normal init({.mu = 0.0, .sigma = 1.0, .seed = 42});
  CHECK(init.next() == doctest::Approx(0.4967141));
  CHECK(init.next() == doctest::Approx(-0.1382643));
  CHECK(init.next() == doctest::Approx(0.64768854));
}

TEST_CASE("Normal without a seed draws from the operating system") {
  Normal a, b;
  CHECK(a.params().seed == std::nullopt);
  CHECK(a.next() != b.next());  // two OS seeds: equal first draws are vanishingly unlikely
  const Normal zero_sigma({.mu = 5.0, .sigma = 0.0});
  Normal copy = zero_sigma;
  CHECK(copy.next() == 5.0);
}

TEST_CASE("Normal validates its parameters") {
  CHECK_THROWS_WITH_AS(Normal({.sigma = -1.0}), "Normal: sigma must be finite and >= 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(Normal({.mu = NAN}), "Normal: mu must be finite", std::invalid_argument);
  CHECK_THROWS_WITH_AS(Normal({.seed = -1}), "Normal: seed must be None or in [0, 4294967295]",
                       std::invalid_argument);
  CHECK_THROWS_AS(Normal({.seed = std::int64_t{1} << 32}), std::invalid_argument);
  CHECK_NOTHROW(Normal({.seed = 4294967295}));
}

TEST_CASE("Normal checkpoint mid-sequence continues the same draws") {
  Normal original({.mu = 1.0, .sigma = 2.0, .seed = 7});
  original.next();
  original.next();
  original.next();  // odd count: numpy's cached second Gaussian is pending
  Normal restored = test::roundtrip(original);
  CHECK(restored == original);
  for (int i = 0; i < 1000; ++i) REQUIRE(restored.next() == original.next());
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"Normal","params":{"mu":1.0,"sigma":2.0,"seed":7}})");
  CHECK(streamwise::to_json(streamwise::spec_of(Normal({.seed = std::nullopt}))) ==
        R"({"type":"Normal","params":{"mu":0.0,"sigma":1.0,"seed":null}})");
}
