#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "drift/binary/reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/drift/binary/hddm_w.hpp"
#include "support/checkpoint.hpp"

using streamwise::drift::binary::HDDMW;
namespace test = streamwise::test;

static_assert(streamwise::WarningDriftDetector<HDDMW>);

TEST_CASE("HDDMW flags River's indices on River's reference streams") {
  HDDMW one_sided;
  CHECK(test::replay(one_sided, test::read_bit_stream("s2")).drifts ==
        std::vector<std::size_t>{1018});
  HDDMW two_sided({.two_sided_test = true});
  CHECK(test::replay(two_sided, test::read_bit_stream("s3")).drifts ==
        std::vector<std::size_t>{507, 1032, 1508});
}

TEST_CASE("HDDMW matches River's drift and warning indices for every parameter set and stream") {
  CHECK(test::check_against_river<HDDMW>("hddm_w") == 5 * 8);
}

TEST_CASE("HDDMW edge cases: fresh, one value, constant streams, decreases") {
  HDDMW hddm;
  CHECK_FALSE(hddm.drift_detected());
  CHECK_FALSE(hddm.warning_detected());
  hddm.update(0);
  CHECK_FALSE(hddm.drift_detected());
  for (double bit : {0.0, 1.0}) {
    HDDMW constant({.two_sided_test = true});
    for (int i = 0; i < 5000; ++i) {
      constant.update(bit);
      CHECK_FALSE(constant.drift_detected());
      CHECK_FALSE(constant.warning_detected());
    }
  }
  std::vector<double> falling(2000, 1.0);
  for (std::size_t i = 1000; i < falling.size(); ++i) falling[i] = 0.0;
  HDDMW one;
  HDDMW two({.two_sided_test = true});
  CHECK(test::replay(one, falling).drifts.empty());
  CHECK_FALSE(test::replay(two, falling).drifts.empty());
  // lambda_val = 0: the averages never move from their first bit.
  HDDMW frozen({.lambda_val = 0.0, .two_sided_test = true});
  CHECK_NOTHROW(test::replay(frozen, test::read_bit_stream("s2")));
}

TEST_CASE("HDDMW rejects anything but 0 and 1 without changing state") {
  HDDMW hddm;
  const auto s2 = test::read_bit_stream("s2");
  for (std::size_t i = 0; i < 1010; ++i) hddm.update(s2[i]);
  const HDDMW before = hddm;
  CHECK_THROWS_WITH_AS(hddm.update(std::nan("")), doctest::Contains("HDDMW: x must be 0 or 1"),
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(hddm.update(-1.0), "HDDMW: x must be 0 or 1, got -1.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(hddm.update(std::numeric_limits<double>::infinity()), streamwise::InvalidInput);
  CHECK(hddm == before);
}

TEST_CASE("HDDMW validates its parameters") {
  CHECK_THROWS_WITH_AS(HDDMW({.drift_confidence = -0.1}),
                       "HDDMW: drift_confidence must be in (0, 1)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(HDDMW({.warning_confidence = 1.0}),
                       "HDDMW: warning_confidence must be in (0, 1)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(HDDMW({.lambda_val = 1.1}), "HDDMW: lambda_val must be in [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(HDDMW({.lambda_val = std::nan("")}), "HDDMW: lambda_val must be in [0, 1]",
                       std::invalid_argument);
  CHECK_NOTHROW(HDDMW({.lambda_val = 1.0}));
}

TEST_CASE("HDDMW checkpoint round-trip keeps state and behaviour") {
  const auto s3 = test::read_bit_stream("s3");
  test::check_roundtrip_midstream(HDDMW({.two_sided_test = true}), s3, 800);
  test::check_roundtrip_midstream(HDDMW({.two_sided_test = true}), s3, 508);  // reset pending
  CHECK(streamwise::to_json(streamwise::spec_of(HDDMW{})) ==
        R"({"type":"HDDMW","params":{"drift_confidence":0.001,"warning_confidence":0.005,)"
        R"("lambda_val":0.05,"two_sided_test":false}})");
}

TEST_CASE("HDDMW keeps a bounded state over a million updates") {
  CHECK(test::check_bounded_state(HDDMW({.two_sided_test = true})) > 0);
}
