#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "drift/binary/reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/drift/binary/fhddm.hpp"
#include "streamwise/io/archive.hpp"
#include "support/checkpoint.hpp"

using streamwise::drift::binary::FHDDM;
namespace test = streamwise::test;

static_assert(streamwise::WarningDriftDetector<FHDDM>);

TEST_CASE("FHDDM matches River's drift indices for every parameter set and stream") {
  CHECK(test::check_against_river<FHDDM>("fhddm") == 5 * 8);
}

TEST_CASE("FHDDM edge cases: warm-up, window of one, n_one") {
  FHDDM fhddm({.sliding_window_size = 10});
  CHECK_FALSE(fhddm.drift_detected());
  CHECK_FALSE(fhddm.warning_detected());
  for (int i = 0; i < 9; ++i) fhddm.update(1);
  CHECK(fhddm.n_one() == 9);
  fhddm.update(0);  // the window is full: tested, then its oldest bit leaves
  CHECK(fhddm.n_one() == 8);
  CHECK_FALSE(fhddm.drift_detected());
  // A rate of ones falling from 1 to 0 over a window of one bit: drift when 1 - 0 > epsilon.
  FHDDM single({.sliding_window_size = 1, .confidence_level = 0.5});
  single.update(1);
  CHECK_FALSE(single.drift_detected());
  single.update(0);
  CHECK(single.drift_detected());
  CHECK_FALSE(single.warning_detected());
  single.update(0);  // reset: u_max starts again from 0
  CHECK_FALSE(single.drift_detected());
  // Short window as long as the sliding window.
  FHDDM same({.sliding_window_size = 5, .short_window_size = 5});
  for (int i = 0; i < 20; ++i) same.update(i % 2);
  CHECK(same.n_one() <= 4);
}

TEST_CASE("FHDDM rejects anything but 0 and 1 without changing state") {
  FHDDM fhddm({.short_window_size = 20});
  const auto s3 = test::read_bit_stream("s3");
  for (std::size_t i = 0; i < 300; ++i) fhddm.update(s3[i]);
  const FHDDM before = fhddm;
  CHECK_THROWS_WITH_AS(fhddm.update(std::nan("")), doctest::Contains("FHDDM: x must be 0 or 1"),
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(fhddm.update(1.5), "FHDDM: x must be 0 or 1, got 1.500000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(fhddm.update(std::numeric_limits<double>::infinity()), streamwise::InvalidInput);
  CHECK(fhddm == before);
}

TEST_CASE("FHDDM validates its parameters") {
  CHECK_THROWS_WITH_AS(FHDDM({.sliding_window_size = 0}),
                       "FHDDM: sliding_window_size must be in [1, 2147483647]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(FHDDM({.confidence_level = 1.0}),
                       "FHDDM: confidence_level must be in (0, 1)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(FHDDM({.sliding_window_size = 10, .short_window_size = 11}),
                       "FHDDM: short_window_size must be None or in [1, sliding_window_size]",
                       std::invalid_argument);
  CHECK_THROWS_AS(FHDDM({.short_window_size = 0}), std::invalid_argument);
  const auto p = streamwise::params_from_list<FHDDM::Params>(
      {{"short_window_size", std::monostate{}}, {"sliding_window_size", std::int64_t{30}}},
      "FHDDM");
  CHECK_FALSE(p.short_window_size.has_value());
  CHECK(p.sliding_window_size == 30);
}

TEST_CASE("FHDDM checkpoint round-trip keeps state and behaviour") {
  const auto s3 = test::read_bit_stream("s3");
  test::check_roundtrip_midstream(FHDDM({.short_window_size = 20}), s3, 1000);
  test::check_roundtrip_midstream(FHDDM({.short_window_size = 20}), s3, 1043);  // reset pending
  test::check_roundtrip_midstream(FHDDM({.sliding_window_size = 30, .short_window_size = 30}), s3,
                                  777);
  CHECK(streamwise::to_json(streamwise::spec_of(FHDDM{})) ==
        R"({"type":"FHDDM","params":{"sliding_window_size":100,"confidence_level":1e-06,)"
        R"("short_window_size":null}})");
  CHECK(streamwise::to_json(streamwise::spec_of(FHDDM({.short_window_size = 20}))) ==
        R"({"type":"FHDDM","params":{"sliding_window_size":100,"confidence_level":1e-06,)"
        R"("short_window_size":20}})");
}

TEST_CASE("FHDDM refuses a checkpoint whose window disagrees with its counters") {
  FHDDM fhddm({.sliding_window_size = 8});
  for (int i = 0; i < 5; ++i) fhddm.update(1);
  std::string payload;
  {
    streamwise::io::PayloadOutputArchive archive(payload);
    archive(fhddm);
  }
  const std::string spec = streamwise::to_json(streamwise::spec_of(fhddm));
  CHECK_NOTHROW(streamwise::io::from_checkpoint<FHDDM>(
      std::string_view(streamwise::io::wrap_payload(spec, payload))));
  // Flip every byte in turn (checksums recomputed): loading either fails cleanly or yields a
  // detector that equals a consistent one; it never crashes.
  std::size_t refused = 0;
  for (std::size_t i = 0; i < payload.size(); ++i) {
    std::string bad = payload;
    bad[i] = static_cast<char>(bad[i] ^ 0x5A);
    try {
      FHDDM loaded = streamwise::io::from_checkpoint<FHDDM>(
          std::string_view(streamwise::io::wrap_payload(spec, bad)));
      loaded.update(1);
    } catch (const streamwise::CheckpointError&) {
      ++refused;
    }
  }
  CHECK(refused > 0);
}

TEST_CASE("FHDDM keeps a bounded state over a million updates") {
  CHECK(test::check_bounded_state(FHDDM({.short_window_size = 20})) > 0);
}
