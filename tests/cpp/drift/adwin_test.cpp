#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "drift/drift_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/drift/adwin.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::drift::ADWIN;
namespace test = streamwise::test;
namespace ref = streamwise::test::drift;

static_assert(streamwise::DriftDetector<ADWIN>);

namespace {
ADWIN make(const streamwise::ParamList& list) {
  return ADWIN(streamwise::params_from_list<ADWIN::Params>(list, "ADWIN"));
}
}  // namespace

TEST_CASE("ADWIN flags River's indices on River's reference streams") {
  {
    ADWIN adwin;
    const auto s1 = ref::read_stream("s1");
    CHECK(ref::detections(adwin, s1) == std::vector<std::size_t>{1023});
  }
  {
    ADWIN adwin;
    const auto four = ref::read_stream("four_segment");
    CHECK(ref::detections(adwin, four) == std::vector<std::size_t>{1023, 2015, 3007});
  }
}

TEST_CASE("ADWIN matches River on every recorded stream and parameter set") {
  const auto cases = ref::read_expected("adwin_expected.csv");
  REQUIRE(cases.size() == 84);
  for (const auto& c : cases) {
    CAPTURE(c.stream);
    CAPTURE(c.params_text);
    ADWIN adwin = make(c.params);
    const auto stream = ref::read_stream(c.stream);
    CHECK(ref::detections(adwin, stream) == c.drift);
  }
}

TEST_CASE("ADWIN's window statistics match River after every update") {
  // ADWIN(clock=1) on the gauss_shift stream: width, total, variance, estimation, n_detections.
  const auto stream = ref::read_stream("gauss_shift");
  const auto rows = ref::read_table("adwin_state.csv");
  REQUIRE(rows.size() == stream.size());
  ADWIN::Params p;
  p.clock = 1;
  ADWIN adwin(p);
  std::size_t drifts = 0;
  for (std::size_t i = 0; i < stream.size(); ++i) {
    adwin.update(stream[i]);
    const auto& r = rows[i];
    CAPTURE(i);
    REQUIRE(adwin.width() == r[0]);
    REQUIRE(test::close(adwin.total(), r[1], 1e-9));
    REQUIRE(test::close(adwin.variance(), r[2], 1e-9));
    REQUIRE(test::close(adwin.estimation(), r[3], 1e-9));
    REQUIRE(static_cast<double>(adwin.n_detections()) == r[4]);
    REQUIRE(adwin.drift_detected() == (r[5] == 1.0));
    drifts += adwin.drift_detected();
  }
  CHECK(drifts >= 2);
}

TEST_CASE("ADWIN statistics agree with a two-pass computation before any cut") {
  ADWIN::Params p;
  p.clock = 1'000'000;  // never test: the window keeps everything
  ADWIN adwin(p);
  const auto s = test::make_stream(3000, 11);
  for (std::size_t i = 0; i < s.x.size(); ++i) adwin.update(s.x[i]);
  long double sum = 0;
  for (double x : s.x) sum += x;
  const long double mean = sum / s.x.size();
  long double m2 = 0;
  for (double x : s.x) m2 += (x - mean) * (x - mean);
  CHECK(adwin.width() == 3000.0);
  CHECK(test::close(adwin.total(), static_cast<double>(sum), 1e-9));
  CHECK(test::close(adwin.variance(), static_cast<double>(m2), 1e-9));
  CHECK(test::close(adwin.variance_in_window(), static_cast<double>(m2 / 3000), 1e-9));
  CHECK(test::close(adwin.estimation(), static_cast<double>(mean), 1e-9));
}

TEST_CASE("ADWIN edge cases: empty, one value, constant, grace period") {
  ADWIN adwin;
  CHECK(adwin.width() == 0.0);
  CHECK(adwin.estimation() == 0.0);
  CHECK_FALSE(adwin.drift_detected());
  adwin.update(42.0);
  CHECK(adwin.width() == 1.0);
  CHECK(adwin.total() == 42.0);
  CHECK(adwin.variance() == 0.0);
  CHECK(adwin.estimation() == 42.0);
  adwin.update(2.0);
  CHECK(adwin.estimation() == 22.0);
  CHECK(adwin.variance() == 800.0);

  ADWIN constant;
  for (int i = 0; i < 5000; ++i) {
    constant.update(1.0);
    REQUIRE_FALSE(constant.drift_detected());
  }
  CHECK(constant.width() == 5000.0);
  CHECK(constant.n_detections() == 0);

  // Grace period: no test while the window holds <= grace_period values, even on a jump.
  ADWIN::Params p;
  p.grace_period = 100;
  p.clock = 1;
  ADWIN graced(p);
  for (int i = 0; i < 50; ++i) graced.update(0.0);
  for (int i = 0; i < 50; ++i) graced.update(1000.0);
  CHECK(graced.n_detections() == 0);
  graced.update(1000.0);  // 101 values: now tested
  CHECK(graced.drift_detected());
}

TEST_CASE("ADWIN restarts from an empty window on the update after a drift, as River does") {
  ADWIN::Params p;
  p.clock = 1;
  ADWIN adwin(p);
  for (int i = 0; i < 500; ++i) adwin.update(0.0);
  bool found = false;
  for (int i = 0; i < 500 && !found; ++i) {
    adwin.update(100.0);
    found = adwin.drift_detected();
  }
  REQUIRE(found);
  CHECK(adwin.n_detections() == 1);
  CHECK(adwin.width() > 0.0);
  adwin.update(50.0);
  CHECK_FALSE(adwin.drift_detected());
  CHECK(adwin.width() == 1.0);
  CHECK(adwin.total() == 50.0);
  CHECK(adwin.n_detections() == 0);
  ADWIN fresh(p);
  fresh.update(50.0);
  CHECK(fresh == adwin);
}

TEST_CASE("ADWIN rejects NaN and inf without changing state") {
  ADWIN adwin;
  for (int i = 0; i < 40; ++i) adwin.update(i % 3);
  const ADWIN before = adwin;
  CHECK_THROWS_WITH_AS(adwin.update(std::nan("")), doctest::Contains("ADWIN: x must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(adwin.update(INFINITY), "ADWIN: x must be finite, got inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(adwin.update(-INFINITY), streamwise::InvalidInput);
  CHECK(adwin == before);
}

TEST_CASE("ADWIN validates its parameters") {
  auto with = [](auto change) {
    ADWIN::Params p;
    change(p);
    return p;
  };
  CHECK_THROWS_WITH_AS(ADWIN(with([](auto& p) { p.delta = 0.0; })),
                       "ADWIN: delta must be in (0, 1)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(ADWIN(with([](auto& p) { p.delta = 1.0; })),
                       "ADWIN: delta must be in (0, 1)", std::invalid_argument);
  CHECK_THROWS_AS(ADWIN(with([](auto& p) { p.delta = NAN; })), std::invalid_argument);
  CHECK_THROWS_WITH_AS(ADWIN(with([](auto& p) { p.clock = 0; })),
                       "ADWIN: clock must be in [1, 2147483647]", std::invalid_argument);
  CHECK_THROWS_WITH_AS(ADWIN(with([](auto& p) { p.max_buckets = 1; })),
                       "ADWIN: max_buckets must be in [2, 1000000]", std::invalid_argument);
  CHECK_THROWS_WITH_AS(ADWIN(with([](auto& p) { p.min_window_length = -1; })),
                       "ADWIN: min_window_length must be in [0, 2147483647]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(ADWIN(with([](auto& p) { p.grace_period = -1; })),
                       "ADWIN: grace_period must be in [0, 2147483647]", std::invalid_argument);
  CHECK_NOTHROW(ADWIN(with([](auto& p) { p.max_buckets = 2; })));
  CHECK_THROWS_WITH_AS(
      streamwise::params_from_list<ADWIN::Params>({{"clok", std::int64_t{3}}}, "ADWIN"),
      "ADWIN: unknown parameter clok", std::invalid_argument);
}

TEST_CASE("ADWIN checkpoint round-trip mid-stream flags the same later indices") {
  const auto stream = ref::read_stream("four_segment");
  ADWIN original;
  for (std::size_t i = 0; i < 1500; ++i) original.update(stream[i]);
  ADWIN restored = test::roundtrip(original);
  CHECK(restored == original);
  const auto a = ref::detections(original, stream, 1500);
  const auto b = ref::detections(restored, stream, 1500);
  CHECK(a == std::vector<std::size_t>{2015, 3007});
  CHECK(a == b);
  CHECK(restored == original);

  // Round-trip exactly on a drift step: the restored detector also resets next.
  ADWIN at_drift;
  for (std::size_t i = 0; i <= 1023; ++i) at_drift.update(stream[i]);
  REQUIRE(at_drift.drift_detected());
  ADWIN copy = test::roundtrip(at_drift);
  CHECK(copy == at_drift);
  copy.update(1.0);
  CHECK(copy.width() == 1.0);

  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"ADWIN","params":{"delta":0.002,"clock":32,"max_buckets":5,)"
        R"("min_window_length":5,"grace_period":10}})");
}

TEST_CASE("ADWIN rejects a damaged checkpoint") {
  ADWIN adwin;
  for (int i = 0; i < 300; ++i) adwin.update(i % 7);
  std::string bytes = streamwise::io::to_checkpoint(adwin);
  bytes[bytes.size() - 3] ^= 0x5A;
  CHECK_THROWS_AS(streamwise::io::from_checkpoint<ADWIN>(std::string_view(bytes)),
                  streamwise::CheckpointError);
}

TEST_CASE("ADWIN refuses a well-formed checkpoint whose buckets are inconsistent") {
  // Six values with max_buckets=5 leave two rows: counts {4, 1}, then 2 x 6 totals and
  // 2 x 6 variances at the end of the payload (uint64 size prefixes, little-endian).
  ADWIN::Params p;
  p.clock = 1'000'000;
  ADWIN adwin(p);
  for (int i = 0; i < 6; ++i) adwin.update(i);
  const std::string bytes = streamwise::io::to_checkpoint(adwin);
  const auto header = streamwise::io::read_header(streamwise::io::detail::as_bytes(bytes));
  const std::string spec = header.spec;
  std::string payload = bytes.substr(header.payload_offset);
  const std::size_t arrays = 2 * (8 + 12 * 8);
  const std::size_t last_count = payload.size() - arrays - 8;
  REQUIRE(static_cast<unsigned char>(payload[last_count]) == 1);  // counts_[1] == 1
  CHECK(streamwise::io::from_checkpoint<ADWIN>(streamwise::io::wrap_payload(spec, payload)) ==
        adwin);
  for (unsigned char bad : {0, 6, 200}) {
    std::string damaged = payload;
    damaged[last_count] = static_cast<char>(bad);
    CHECK_THROWS_AS(
        streamwise::io::from_checkpoint<ADWIN>(streamwise::io::wrap_payload(spec, damaged)),
        streamwise::CheckpointError);
  }
  std::string wrong_width = payload;
  wrong_width[last_count - 8] = 3;  // counts_[0]: 3 + 2 * 1 != 6
  CHECK_THROWS_WITH_AS(
      streamwise::io::from_checkpoint<ADWIN>(streamwise::io::wrap_payload(spec, wrong_width)),
      doctest::Contains("window width does not match its buckets"), streamwise::CheckpointError);
}

TEST_CASE("ADWIN handles a 100k-point stream") {
  streamwise::Rng rng(5);
  ADWIN adwin;
  std::size_t drifts = 0;
  for (int i = 0; i < 100'000; ++i) {
    adwin.update(rng.uniform() + (i >= 60'000 ? 0.5 : 0.0));
    drifts += adwin.drift_detected();
  }
  CHECK(drifts >= 1);
  CHECK(adwin.width() > 0.0);
  CHECK(adwin.estimation() > 0.5);
}
