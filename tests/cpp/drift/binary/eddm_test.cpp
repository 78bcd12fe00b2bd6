#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "drift/binary/reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/drift/binary/eddm.hpp"
#include "support/checkpoint.hpp"

using streamwise::drift::binary::EDDM;
namespace test = streamwise::test;

static_assert(streamwise::WarningDriftDetector<EDDM>);

TEST_CASE("EDDM flags River's indices on River's reference stream") {
  EDDM eddm({.alpha = 0.9, .beta = 0.8});
  CHECK(test::replay(eddm, test::read_bit_stream("s2")).drifts == std::vector<std::size_t>{1059});
}

TEST_CASE("EDDM matches River's drift and warning indices for every parameter set and stream") {
  CHECK(test::check_against_river<EDDM>("eddm") == 4 * 8);
}

TEST_CASE("EDDM edge cases: fresh, no errors, errors only, warning kept on drift") {
  EDDM eddm;
  CHECK_FALSE(eddm.drift_detected());
  CHECK_FALSE(eddm.warning_detected());
  for (int i = 0; i < 1000; ++i) eddm.update(0);  // successes never move EDDM
  CHECK_FALSE(eddm.drift_detected());
  EDDM ones;
  for (int i = 0; i < 1000; ++i) {
    ones.update(1);  // constant distance 1: the ratio stays at 1
    CHECK_FALSE(ones.drift_detected());
    CHECK_FALSE(ones.warning_detected());
  }
  // River leaves the warning flag as it was when a drift fires. Find such a step on a noisy
  // stream with tight levels and check the flags agree with that rule.
  const auto s2 = test::read_bit_stream("s2");
  EDDM tight({.warm_start = 5, .alpha = 0.97, .beta = 0.93});
  bool prev_warning = false;
  std::size_t drifts = 0;
  for (double x : s2) {
    tight.update(x);
    if (tight.drift_detected()) {
      ++drifts;
      CHECK(tight.warning_detected() == prev_warning);
    }
    prev_warning = tight.warning_detected();
  }
  CHECK(drifts > 10);
}

TEST_CASE("EDDM rejects anything but 0 and 1 without changing state") {
  EDDM eddm;
  const auto s2 = test::read_bit_stream("s2");
  for (std::size_t i = 0; i < 700; ++i) eddm.update(s2[i]);
  const EDDM before = eddm;
  CHECK_THROWS_WITH_AS(eddm.update(std::nan("")), doctest::Contains("EDDM: x must be 0 or 1"),
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(eddm.update(3.0), "EDDM: x must be 0 or 1, got 3.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(eddm.update(-std::numeric_limits<double>::infinity()), streamwise::InvalidInput);
  CHECK(eddm == before);
}

TEST_CASE("EDDM validates its parameters") {
  CHECK_THROWS_WITH_AS(EDDM({.alpha = 0.8, .beta = 0.9}), "EDDM: alpha must be >= beta",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(EDDM({.warm_start = -3}), "EDDM: warm_start must be >= 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(EDDM({.alpha = 1.5}), "EDDM: alpha must be in (0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(EDDM({.beta = 0.0}), "EDDM: beta must be in (0, 1]", std::invalid_argument);
  CHECK_NOTHROW(EDDM({.alpha = 0.9, .beta = 0.9}));
}

TEST_CASE("EDDM checkpoint round-trip keeps state and behaviour") {
  const auto s2 = test::read_bit_stream("s2");
  test::check_roundtrip_midstream(EDDM{}, s2, 700);
  test::check_roundtrip_midstream(EDDM({.alpha = 0.9, .beta = 0.8}), s2, 1060);  // reset pending
  CHECK(streamwise::to_json(streamwise::spec_of(EDDM{})) ==
        R"({"type":"EDDM","params":{"warm_start":30,"alpha":0.95,"beta":0.9}})");
}

TEST_CASE("EDDM keeps a bounded state over a million updates") {
  CHECK(test::check_bounded_state(EDDM{}) > 0);
}
