#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "drift/binary/reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/drift/binary/hddm_a.hpp"
#include "support/checkpoint.hpp"

using streamwise::drift::binary::HDDMA;
namespace test = streamwise::test;

static_assert(streamwise::WarningDriftDetector<HDDMA>);

TEST_CASE("HDDMA flags River's indices on River's reference streams") {
  HDDMA one_sided;
  CHECK(test::replay(one_sided, test::read_bit_stream("s2")).drifts ==
        std::vector<std::size_t>{1047});
  HDDMA two_sided({.two_sided_test = true});
  CHECK(test::replay(two_sided, test::read_bit_stream("s3")).drifts ==
        std::vector<std::size_t>{531, 1015, 1545});
}

TEST_CASE("HDDMA matches River's drift and warning indices for every parameter set and stream") {
  CHECK(test::check_against_river<HDDMA>("hddm_a") == 4 * 8);
}

TEST_CASE("HDDMA edge cases: fresh, one value, constant streams, decreases") {
  HDDMA hddm;
  CHECK_FALSE(hddm.drift_detected());
  CHECK_FALSE(hddm.warning_detected());
  hddm.update(1);
  CHECK_FALSE(hddm.drift_detected());
  for (double bit : {0.0, 1.0}) {
    HDDMA constant({.two_sided_test = true});
    for (int i = 0; i < 5000; ++i) {
      constant.update(bit);
      CHECK_FALSE(constant.drift_detected());
      CHECK_FALSE(constant.warning_detected());
    }
  }
  // A fall of the error rate is only a drift for the two-sided test.
  std::vector<double> falling(2000, 1.0);
  for (std::size_t i = 1000; i < falling.size(); ++i) falling[i] = 0.0;
  HDDMA one;
  HDDMA two({.two_sided_test = true});
  CHECK(test::replay(one, falling).drifts.empty());
  CHECK_FALSE(test::replay(two, falling).drifts.empty());
}

TEST_CASE("HDDMA rejects anything but 0 and 1 without changing state") {
  HDDMA hddm;
  const auto s2 = test::read_bit_stream("s2");
  for (std::size_t i = 0; i < 1040; ++i) hddm.update(s2[i]);
  const HDDMA before = hddm;
  CHECK_THROWS_WITH_AS(hddm.update(std::nan("")), doctest::Contains("HDDMA: x must be 0 or 1"),
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(hddm.update(0.25), "HDDMA: x must be 0 or 1, got 0.250000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(hddm.update(std::numeric_limits<double>::infinity()), streamwise::InvalidInput);
  CHECK(hddm == before);
}

TEST_CASE("HDDMA validates its parameters") {
  CHECK_THROWS_WITH_AS(HDDMA({.drift_confidence = 0.0}),
                       "HDDMA: drift_confidence must be in (0, 1)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(HDDMA({.drift_confidence = 1.0}),
                       "HDDMA: drift_confidence must be in (0, 1)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(HDDMA({.warning_confidence = std::nan("")}),
                       "HDDMA: warning_confidence must be in (0, 1)", std::invalid_argument);
}

TEST_CASE("HDDMA checkpoint round-trip keeps state and behaviour") {
  const auto s3 = test::read_bit_stream("s3");
  test::check_roundtrip_midstream(HDDMA({.two_sided_test = true}), s3, 700);
  test::check_roundtrip_midstream(HDDMA({.two_sided_test = true}), s3, 532);  // reset pending
  CHECK(streamwise::to_json(streamwise::spec_of(HDDMA{})) ==
        R"({"type":"HDDMA","params":{"drift_confidence":0.001,"warning_confidence":0.005,)"
        R"("two_sided_test":false}})");
}

TEST_CASE("HDDMA keeps a bounded state over a million updates") {
  CHECK(test::check_bounded_state(HDDMA({.two_sided_test = true})) > 0);
}
