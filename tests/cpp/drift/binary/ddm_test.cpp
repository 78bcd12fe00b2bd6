#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "drift/binary/reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/drift/binary/ddm.hpp"
#include "support/checkpoint.hpp"

using streamwise::drift::binary::DDM;
namespace test = streamwise::test;

static_assert(streamwise::WarningDriftDetector<DDM>);

TEST_CASE("DDM flags River's indices on River's reference streams") {
  DDM on_s2;
  CHECK(test::replay(on_s2, test::read_bit_stream("s2")).drifts == std::vector<std::size_t>{1049});
  DDM on_ones;
  CHECK(test::replay(on_ones, test::read_bit_stream("ones")).drifts.empty());
}

TEST_CASE("DDM matches River's drift and warning indices for every parameter set and stream") {
  CHECK(test::check_against_river<DDM>("ddm") == 4 * 8);
}

TEST_CASE("DDM edge cases: fresh, warm-up, constant streams") {
  DDM ddm;
  CHECK_FALSE(ddm.drift_detected());
  CHECK_FALSE(ddm.warning_detected());
  ddm.update(1);
  CHECK_FALSE(ddm.drift_detected());
  // Nothing can fire during the warm-up, whatever the bits.
  DDM warm({.warm_start = 50});
  for (int i = 0; i < 50; ++i) {
    warm.update(i % 3 == 0 ? 0.0 : 1.0);
    CHECK_FALSE(warm.drift_detected());
    CHECK_FALSE(warm.warning_detected());
  }
  // All zeros: p = s = 0, never a drift; one error after that is an infinite-sigma jump (River
  // flags it too: s_min = 0).
  DDM zeros;
  for (int i = 0; i < 100; ++i) zeros.update(0);
  CHECK_FALSE(zeros.drift_detected());
  zeros.update(1);
  CHECK(zeros.drift_detected());
  CHECK_FALSE(zeros.warning_detected());
  // The next update starts afresh (warm-up again).
  zeros.update(1);
  CHECK_FALSE(zeros.drift_detected());
  CHECK(zeros == [] {
    DDM fresh;
    fresh.update(1);
    return fresh;
  }());
  // bool input is accepted as 0/1
  DDM b;
  b.update(true);
  b.update(false);
}

TEST_CASE("DDM rejects anything but 0 and 1 without changing state") {
  DDM ddm;
  for (int i = 0; i < 100; ++i) ddm.update(0);
  ddm.update(1);
  REQUIRE(ddm.drift_detected());  // a pending reset must not happen on bad input either
  const DDM before = ddm;
  CHECK_THROWS_WITH_AS(ddm.update(std::nan("")), doctest::Contains("DDM: x must be 0 or 1, got"),
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(ddm.update(0.5), "DDM: x must be 0 or 1, got 0.500000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(ddm.update(2.0), streamwise::InvalidInput);
  CHECK_THROWS_AS(ddm.update(-1.0), streamwise::InvalidInput);
  CHECK_THROWS_AS(ddm.update(std::numeric_limits<double>::infinity()), streamwise::InvalidInput);
  CHECK(ddm == before);
  CHECK(ddm.drift_detected());
}

TEST_CASE("DDM validates its parameters") {
  CHECK_THROWS_WITH_AS(DDM({.warm_start = -1}), "DDM: warm_start must be >= 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(DDM({.warning_threshold = -0.5}),
                       "DDM: warning_threshold must be finite and >= 0", std::invalid_argument);
  CHECK_THROWS_WITH_AS(DDM({.drift_threshold = std::nan("")}),
                       "DDM: drift_threshold must be finite and >= 0", std::invalid_argument);
  CHECK_NOTHROW(DDM({.warm_start = 0, .warning_threshold = 0.0, .drift_threshold = 0.0}));
  CHECK_THROWS_WITH_AS(streamwise::params_from_list<DDM::Params>({{"delta", 0.1}}, "DDM"),
                       "DDM: unknown parameter delta", std::invalid_argument);
}

TEST_CASE("DDM checkpoint round-trip keeps state and behaviour") {
  const auto s2 = test::read_bit_stream("s2");
  test::check_roundtrip_midstream(DDM{}, s2, 1020);  // inside the warning zone
  test::check_roundtrip_midstream(DDM{}, s2, 1050);  // right after the drift (reset pending)
  const auto multi = test::read_bit_stream("multi");
  test::check_roundtrip_midstream(DDM({.warning_threshold = 1.5, .drift_threshold = 2.5}), multi,
                                  2500);
  CHECK(
      streamwise::to_json(streamwise::spec_of(DDM{})) ==
      R"({"type":"DDM","params":{"warm_start":30,"warning_threshold":2.0,"drift_threshold":3.0}})");
}

TEST_CASE("DDM keeps a bounded state over a million updates") {
  CHECK(test::check_bounded_state(DDM{}) > 0);
}
