#include <doctest/doctest.h>

#include <cmath>
#include <span>
#include <string>

#include "stats/river_reference.hpp"
#include "stats/two_pass.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/io/checkpoint.hpp"
#include "streamwise/stats/auto_corr.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::AutoCorr;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<AutoCorr>);

namespace {
AutoCorr make_auto_corr(std::int64_t lag) { return AutoCorr(AutoCorr::Params{lag}); }

// Two-pass correlation between x[lag..t] and x[0..t-lag]; 0 with fewer than two pairs or a
// zero variance (River's convention).
double two_pass_auto_corr(const std::vector<double>& x, std::size_t t, std::size_t lag) {
  if (t < lag) return 0.0;
  const std::vector<double> now(x.begin() + static_cast<std::ptrdiff_t>(lag),
                                x.begin() + static_cast<std::ptrdiff_t>(t + 1));
  const std::vector<double> before(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(t + 1 - lag));
  long double n = 0;
  const long double sxy = test::co_moment(now, before, {}, 0, now.size(), &n);
  const long double sxx = test::co_moment(now, now, {}, 0, now.size());
  const long double syy = test::co_moment(before, before, {}, 0, now.size());
  if (!(n > 1) || sxx == 0 || syy == 0) return 0.0;
  return static_cast<double>(sxy / std::sqrt(sxx * syy));
}
}  // namespace

TEST_CASE("AutoCorr matches a two-pass lagged correlation at every step (lag 1, 2, 7)") {
  const auto s = test::make_stream(10'000);
  AutoCorr a1, a2 = make_auto_corr(2), a7 = make_auto_corr(7);
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    a1.update(s.x[i]);
    a2.update(s.x[i]);
    a7.update(s.x[i]);
    const double e1 = two_pass_auto_corr(s.x, i, 1);
    const double e2 = two_pass_auto_corr(s.x, i, 2);
    const double e7 = two_pass_auto_corr(s.x, i, 7);
    if (!test::close(a1.get(), e1) || !test::close(a2.get(), e2) || !test::close(a7.get(), e7)) {
      FAIL("step " << i << ": got " << a1.get() << ", " << a2.get() << ", " << a7.get()
                   << "; expected " << e1 << ", " << e2 << ", " << e7);
    }
  }
}

TEST_CASE("AutoCorr gives River's answers") {
  const test::RiverReference ref;
  AutoCorr auto_corr = make_auto_corr(3);
  for (std::size_t i = 0; i < ref.rows(); ++i) {
    auto_corr.update(ref(i, ref.kX));
    CHECK(test::close(auto_corr.get(), ref(i, ref.kAutoCorrLag3)));
  }
}

TEST_CASE("AutoCorr follows River's documented examples") {
  const double xs[] = {0.25, 0.5, 0.2, -0.05};
  const double lag1[] = {0, 0, -1.0, 0.1035526330902406};
  const double lag2[] = {0, 0, 0, -1.0};
  AutoCorr a1 = make_auto_corr(1), a2 = make_auto_corr(2), constant = make_auto_corr(1);
  const double ys[] = {1, 0, 0, 0};
  for (int i = 0; i < 4; ++i) {
    a1.update(xs[i]);
    a2.update(xs[i]);
    constant.update(ys[i]);
    CHECK(test::close(a1.get(), lag1[i], 1e-12));
    CHECK(test::close(a2.get(), lag2[i], 1e-12));
    CHECK(constant.get() == 0.0);
  }
}

TEST_CASE("AutoCorr edge cases: empty, fewer values than the lag, lag larger than the stream") {
  AutoCorr a = make_auto_corr(5);
  CHECK(a.get() == 0.0);
  for (int i = 0; i < 5; ++i) a.update(static_cast<double>(i * i));
  CHECK(a.get() == 0.0);
  CHECK(a.pearson().n() == 0.0);  // nothing paired yet
  a.update(1.0);
  CHECK(a.pearson().n() == 1.0);
}

TEST_CASE("AutoCorr rejects NaN and inf without changing state") {
  AutoCorr a = make_auto_corr(2);
  for (double x : {1.0, 3.0, 2.0}) a.update(x);
  const AutoCorr before = a;
  CHECK_THROWS_WITH_AS(a.update(std::nan("")), "AutoCorr: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(a.update(INFINITY), streamwise::InvalidInput);
  CHECK(a == before);
}

TEST_CASE("AutoCorr validates lag") {
  CHECK_THROWS_WITH_AS(make_auto_corr(0), "AutoCorr: lag must be >= 1", std::invalid_argument);
  CHECK_THROWS_WITH_AS(make_auto_corr(-3), "AutoCorr: lag must be >= 1", std::invalid_argument);
  CHECK(AutoCorr().params().lag == 1);  // River has no default; ours is 1
}

TEST_CASE("AutoCorr checkpoint round-trip keeps state and behaviour, and rejects a bad window") {
  const auto s = test::make_stream(500, 3);
  for (std::size_t stop : {0u, 2u, 3u, 250u}) {  // empty, partly filled, just full, wrapped
    CAPTURE(stop);
    AutoCorr original = make_auto_corr(3);
    for (std::size_t i = 0; i < stop; ++i) original.update(s.x[i]);
    AutoCorr restored = test::roundtrip(original);
    CHECK(restored == original);
    for (std::size_t i = stop; i < 500; ++i) {
      original.update(s.x[i]);
      restored.update(s.x[i]);
    }
    CHECK(restored == original);
  }
  CHECK(streamwise::to_json(streamwise::spec_of(make_auto_corr(3))) ==
        R"({"type":"AutoCorr","params":{"lag":3}})");

  // A payload whose window does not match its lag is refused: lag 3 in the spec and params, but
  // the state of a lag-2 estimator.
  AutoCorr lag2 = make_auto_corr(2);
  lag2.update(1.0);
  std::string payload;
  {
    streamwise::io::PayloadOutputArchive ar(payload);
    ar(lag2);
  }
  // Rewrite the lag field (the first 8 bytes after cereal's class-version prefix) to 3.
  const std::string three("\x03\0\0\0\0\0\0\0", 8);  // payloads are little-endian
  const std::size_t at = payload.find(std::string("\x02\0\0\0\0\0\0\0", 8));
  REQUIRE(at != std::string::npos);
  payload.replace(at, 8, three);
  AutoCorr loaded;
  streamwise::io::PayloadInputArchive in(
      std::as_bytes(std::span<const char>(payload.data(), payload.size())));
  CHECK_THROWS_WITH_AS(in(loaded), "checkpoint payload is damaged: AutoCorr window is inconsistent",
                       streamwise::CheckpointError);
}
