#include <doctest/doctest.h>

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "stats/river_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/ew_mean.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::EWMean;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<EWMean>);

namespace {
EWMean make_ewmean(double fading_factor) { return EWMean(EWMean::Params{fading_factor}); }

// The explicit weighted sum after values x[0..t]: the newest value has weight a, each older one
// (1 - a) times the weight of the next, and x[0] keeps the remaining (1 - a)^t. Terms are
// dropped once their weight is below 1e-30, where all older weights together (which sum to less
// than 1e-30 / a) cannot reach the 1e-9 tolerance.
long double explicit_ew_mean(const std::vector<double>& x, std::size_t t, long double a) {
  long double sum = 0, weight = a;
  for (std::size_t i = t; i > 0; --i) {
    if (a > 0 && weight < 1e-30L) return sum;
    sum += weight * x[i];
    weight *= 1 - a;
  }
  return sum + std::pow(1 - a, static_cast<long double>(t)) * x[0];
}
}  // namespace

TEST_CASE("EWMean matches the explicit weighted sum at every step") {
  const auto s = test::make_stream(10'000);
  for (double a : {0.5, 0.1, 0.9, 0.0, 1.0}) {
    CAPTURE(a);
    EWMean ewm = make_ewmean(a);
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      ewm.update(s.x[i]);
      const double expected = static_cast<double>(explicit_ew_mean(s.x, i, a));
      if (!test::close(ewm.get(), expected)) {
        FAIL("step " << i << ": got " << ewm.get() << ", expected " << expected);
      }
    }
  }
}

TEST_CASE("EWMean gives River's answers") {
  const test::RiverReference ref;
  EWMean ewm = make_ewmean(0.3);
  for (std::size_t i = 0; i < ref.rows(); ++i) {
    ewm.update(ref(i, ref.kX));
    CHECK(test::close(ewm.get(), ref(i, ref.kEWMean03)));
  }
}

TEST_CASE("EWMean follows River's documented example") {
  EWMean ewm;
  const double xs[] = {1, 3, 5, 4, 6, 8, 7, 9, 11};
  const double expected[] = {1.0, 2.0, 3.5, 3.75, 4.875, 6.4375, 6.71875, 7.859375, 9.4296875};
  for (int i = 0; i < 9; ++i) {
    ewm.update(xs[i]);
    CHECK(ewm.get() == expected[i]);
  }
}

TEST_CASE("EWMean edge cases: empty, a first value of 0, constant stream") {
  EWMean ewm;
  CHECK(ewm.get() == 0.0);
  ewm.update(0.0);  // the first value is taken as is, even 0 ...
  ewm.update(5.0);  // ... so the next one is averaged with it (River: 2.5)
  CHECK(ewm.get() == 2.5);
  EWMean constant = make_ewmean(0.7);
  for (int i = 0; i < 20; ++i) constant.update(-1.25);
  CHECK(constant.get() == -1.25);
}

TEST_CASE("EWMean rejects NaN and inf without changing state") {
  EWMean ewm;
  ewm.update(1.0);
  const EWMean before = ewm;
  CHECK_THROWS_WITH_AS(ewm.update(std::nan("")), "EWMean: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(ewm.update(INFINITY), streamwise::InvalidInput);
  CHECK(ewm == before);
}

TEST_CASE("EWMean validates fading_factor") {
  for (double bad : {-0.1, 1.5, std::nan(""), HUGE_VAL}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(make_ewmean(bad), "EWMean: fading_factor must be in [0, 1]",
                         std::invalid_argument);
  }
  CHECK(make_ewmean(0.0).params().fading_factor == 0.0);
  CHECK(make_ewmean(1.0).params().fading_factor == 1.0);
  CHECK(EWMean().params().fading_factor == 0.5);
}

TEST_CASE("EWMean checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(500, 3);
  EWMean original = make_ewmean(0.25);
  CHECK(test::roundtrip(original) == original);
  for (std::size_t i = 0; i < 250; ++i) original.update(s.x[i]);
  EWMean restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 250; i < 500; ++i) {
    original.update(s.x[i]);
    restored.update(s.x[i]);
  }
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"EWMean","params":{"fading_factor":0.25}})");
  CHECK(streamwise::repr(streamwise::spec_of(EWMean())) == "EWMean (\n  fading_factor=0.5\n)");
}

TEST_CASE("EWMean refuses a checkpoint payload with an invalid fading_factor") {
  EWMean good;
  good.update(1.0);
  std::string payload;
  {
    streamwise::io::PayloadOutputArchive ar(payload);
    ar(good);
  }
  const std::string half("\0\0\0\0\0\0\xe0\x3f", 8);  // 0.5, little-endian
  const std::string five("\0\0\0\0\0\0\x14\x40", 8);  // 5.0
  const std::size_t at = payload.find(half);
  REQUIRE(at != std::string::npos);
  payload.replace(at, 8, five);
  EWMean loaded;
  streamwise::io::PayloadInputArchive in(
      std::as_bytes(std::span<const char>(payload.data(), payload.size())));
  CHECK_THROWS_WITH_AS(in(loaded),
                       "checkpoint payload is damaged: EWMean: fading_factor must be in [0, 1]",
                       streamwise::CheckpointError);
}
