#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <vector>

#include "stats/rolling_test_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/entropy.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::Entropy;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<Entropy>);

namespace {
Entropy make(double ff, double eps = 1e-8) {
  return Entropy(Entropy::Params{.fading_factor = ff, .eps = eps});
}
}  // namespace

TEST_CASE("Entropy matches River at every step") {
  const auto ref = test::read_reference("categorical.csv");
  const auto& xs = ref.column("x");
  test::require_matches(Entropy{}, xs, ref.column("entropy"), "Entropy()");
  test::require_matches(make(0.9), xs, ref.column("entropy_0.9"), "Entropy(0.9)");
  test::require_matches(make(0.5, 1e-3), xs, ref.column("entropy_0.5_1e-3"),
                        "Entropy(0.5, eps=1e-3)");
}

TEST_CASE("Entropy without fading is the plug-in Shannon entropy of the counts") {
  // Independent oracle: -sum p log p over the value counts (scipy.stats.entropy); the eps terms
  // make River's formula differ from it by O(eps log eps) per distinct value.
  const auto s = test::make_stream(3000, 4);
  Entropy entropy;
  std::map<double, double> counts;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    const double code = std::floor(std::fabs(s.x[i]) / 3.0);  // a few dozen categories
    entropy.update(code);
    counts[code] += 1.0;
    double h = 0.0;
    const double n = static_cast<double>(i + 1);
    for (const auto& [k, c] : counts) h -= c / n * std::log(c / n);
    if (std::fabs(entropy.get() - h) > 1e-5) {
      FAIL("step " << i << ": got " << entropy.get() << ", Shannon entropy " << h);
    }
  }
}

TEST_CASE("Entropy edge cases: empty, one value, constant stream") {
  Entropy entropy;
  CHECK(entropy.get() == 0.0);
  entropy.update(3.0);
  CHECK(std::fabs(entropy.get()) < 1e-6);
  for (int i = 0; i < 100; ++i) entropy.update(3.0);
  CHECK(std::fabs(entropy.get()) < 1e-6);
  CHECK(entropy.n() == 101);
}

TEST_CASE("Entropy rejects NaN and inf without changing state") {
  Entropy entropy;
  entropy.update(1.0);
  entropy.update(2.0);
  const Entropy before = entropy;
  CHECK_THROWS_WITH_AS(entropy.update(std::nan("")), doctest::Contains("Entropy: x must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(entropy.update(-INFINITY), streamwise::InvalidInput);
  CHECK(entropy == before);
}

TEST_CASE("Entropy validates its parameters") {
  for (double ff : {0.0, -0.5, 1.5, std::nan("")}) {
    CHECK_THROWS_WITH_AS(make(ff), "Entropy: fading_factor must be in (0, 1]",
                         std::invalid_argument);
  }
  CHECK_THROWS_WITH_AS(make(1.0, 0.0), "Entropy: eps must be finite and > 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(make(1.0, -1e-8), "Entropy: eps must be finite and > 0",
                       std::invalid_argument);
  CHECK_NOTHROW(make(1.0));
}

TEST_CASE("Entropy checkpoint round-trip keeps state and behaviour") {
  const auto ref = test::read_reference("categorical.csv");
  std::vector<double> xs(ref.column("x").begin(), ref.column("x").begin() + 1000);
  test::require_roundtrip(make(0.9), xs);
  CHECK(streamwise::to_json(streamwise::spec_of(Entropy{})) ==
        R"({"type":"Entropy","params":{"fading_factor":1.0,"eps":1e-08}})");
}
