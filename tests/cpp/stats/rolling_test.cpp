#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#include "stats/rolling_test_support.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/entropy.hpp"
#include "streamwise/stats/iqr.hpp"
#include "streamwise/stats/mean.hpp"
#include "streamwise/stats/mode.hpp"
#include "streamwise/stats/quantile.hpp"
#include "streamwise/stats/rolling.hpp"
#include "streamwise/stats/rolling_abs_max.hpp"
#include "streamwise/stats/rolling_iqr.hpp"
#include "streamwise/stats/rolling_max.hpp"
#include "streamwise/stats/rolling_min.hpp"
#include "streamwise/stats/rolling_mode.hpp"
#include "streamwise/stats/rolling_peak_to_peak.hpp"
#include "streamwise/stats/rolling_quantile.hpp"
#include "streamwise/stats/var.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::Mean;
using streamwise::stats::Rolling;
using streamwise::stats::RollingMean;
using streamwise::stats::RollingVar;
using streamwise::stats::Var;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<RollingMean>);
static_assert(streamwise::WeightedStatistic<RollingMean>);
static_assert(streamwise::Statistic<RollingVar>);
static_assert(RollingMean::weighted && RollingVar::weighted);

// Counts heap allocations in this test binary, to prove that full windows allocate nothing.
namespace {
std::atomic<long> g_allocations{0};
}  // namespace
void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

// Two-pass weighted mean and variance of xs[lo, hi) in long double.
struct Moments {
  double mean;
  double var;
};
Moments window_moments(const std::vector<double>& xs, const std::vector<double>* ws, std::size_t lo,
                       std::size_t hi, int ddof) {
  long double sw = 0, swx = 0;
  for (std::size_t j = lo; j < hi; ++j) {
    const long double w = ws ? (*ws)[j] : 1.0L;
    sw += w;
    swx += w * xs[j];
  }
  const long double mean = swx / sw;
  long double ss = 0;
  for (std::size_t j = lo; j < hi; ++j) {
    const long double w = ws ? (*ws)[j] : 1.0L;
    ss += w * (xs[j] - mean) * (xs[j] - mean);
  }
  const long double var = sw > ddof ? ss / (sw - ddof) : 0.0L;
  return {static_cast<double>(mean), static_cast<double>(var)};
}

RollingMean rolling_mean(std::size_t w) { return RollingMean(RollingMean::Params{{}, w}); }
RollingVar rolling_var(std::size_t w, int ddof = 1) {
  return RollingVar(RollingVar::Params{Var(Var::Params{.ddof = ddof}), w});
}

}  // namespace

TEST_CASE("Rolling<Mean> matches a two-pass mean of the window at every step") {
  const auto s = test::make_stream(10'000);
  for (std::size_t w : {1u, 2u, 10u, 100u}) {
    RollingMean plain = rolling_mean(w), weighted = rolling_mean(w);
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      plain.update(s.x[i]);
      weighted.update(s.x[i], s.w[i]);
      const std::size_t lo = i + 1 > w ? i + 1 - w : 0;
      const double expected = window_moments(s.x, nullptr, lo, i + 1, 1).mean;
      const double expected_w = window_moments(s.x, &s.w, lo, i + 1, 1).mean;
      if (!test::close(plain.get(), expected) || !test::close(weighted.get(), expected_w)) {
        FAIL("window " << w << ", step " << i << ": got " << plain.get() << " / " << weighted.get()
                       << ", expected " << expected << " / " << expected_w);
      }
    }
    CHECK(plain.size() == w);
  }
}

TEST_CASE("Rolling<Var> matches a two-pass variance of the window at every step") {
  const auto s = test::make_stream(10'000, 8);
  for (int ddof : {0, 1}) {
    for (std::size_t w : {1u, 3u, 50u, 500u}) {
      RollingVar plain = rolling_var(w, ddof), weighted = rolling_var(w, ddof);
      for (std::size_t i = 0; i < s.x.size(); ++i) {
        plain.update(s.x[i]);
        weighted.update(s.x[i], s.w[i]);
        const std::size_t lo = i + 1 > w ? i + 1 - w : 0;
        const double expected = window_moments(s.x, nullptr, lo, i + 1, ddof).var;
        const double expected_w = window_moments(s.x, &s.w, lo, i + 1, ddof).var;
        // Reverting leaves rounding residue of the order of the largest squared deviation seen
        // times machine epsilon, so the check is relative to the stream's scale (~100).
        if (!test::close(plain.get(), expected, 1e-9) ||
            !test::close(weighted.get(), expected_w, 1e-9)) {
          FAIL("ddof " << ddof << ", window " << w << ", step " << i << ": got " << plain.get()
                       << " / " << weighted.get() << ", expected " << expected << " / "
                       << expected_w);
        }
      }
    }
  }
}

TEST_CASE("Rolling follows River's documented example") {
  RollingMean rmean = rolling_mean(3);
  const std::vector<double> expected = {1.0, 2.0, 3.0, 5.0};
  int i = 0;
  for (double x : {1.0, 3.0, 5.0, 7.0}) {
    rmean.update(x);
    CHECK(rmean.get() == doctest::Approx(expected[i++]));
  }
  // The (statistic, window_size) constructor, like River's deprecated instance form.
  Rolling<Mean> other(Mean{}, 3);
  for (double x : {1.0, 3.0, 5.0, 7.0}) other.update(x);
  CHECK(other == rmean);
}

TEST_CASE("Rolling edge cases: empty, window of one, constant stream, zero weights") {
  RollingMean rmean = rolling_mean(4);
  CHECK(rmean.get() == 0.0);  // Mean's value before any update, as in River
  CHECK(rmean.size() == 0);
  RollingVar one = rolling_var(1);
  for (double x : {3.0, -1.0, 8.0}) {
    one.update(x);
    CHECK(one.get() == 0.0);
  }
  RollingVar constant = rolling_var(5);
  for (int i = 0; i < 50; ++i) constant.update(2.5);
  CHECK(constant.get() == doctest::Approx(0.0));
  RollingMean zero = rolling_mean(2);
  zero.update(1.0, 1.0);
  zero.update(9.0, 0.0);
  CHECK(zero.get() == 1.0);
  zero.update(5.0, 1.0);  // window is now {9 (w=0), 5}
  CHECK(zero.get() == 5.0);
}

TEST_CASE("Rolling rejects NaN, inf and bad weights before reverting anything") {
  RollingMean rmean = rolling_mean(2);
  rmean.update(1.0);
  rmean.update(2.0);  // full: the next update would revert 1.0 first
  const RollingMean before = rmean;
  CHECK_THROWS_WITH_AS(rmean.update(std::nan("")), doctest::Contains("Rolling: x must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(rmean.update(INFINITY), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(rmean.update(1.0, -2.0),
                       doctest::Contains("Rolling: weight w must be finite and >= 0"),
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(rmean.update(1.0, std::nan("")), streamwise::InvalidInput);
  CHECK(rmean == before);
}

TEST_CASE("Rolling validates window_size") {
  CHECK_THROWS_WITH_AS(rolling_mean(0), "Rolling: window_size must be >= 1", std::invalid_argument);
  CHECK_NOTHROW(rolling_mean(1));
}

TEST_CASE("Rolling checkpoint round-trip keeps state and behaviour; spec nests the statistic") {
  const auto s = test::make_stream(800, 21);
  test::require_roundtrip(rolling_mean(30), s.x);
  test::require_roundtrip(rolling_var(7, 0), s.x);
  {
    // Weighted updates round-trip too.
    RollingVar original = rolling_var(13);
    for (std::size_t i = 0; i < 400; ++i) original.update(s.x[i], s.w[i]);
    RollingVar restored = test::roundtrip(original);
    CHECK(restored == original);
    for (std::size_t i = 400; i < 800; ++i) {
      original.update(s.x[i], s.w[i]);
      restored.update(s.x[i], s.w[i]);
    }
    CHECK(restored == original);
  }
  CHECK(streamwise::to_json(streamwise::spec_of(rolling_mean(3))) ==
        R"({"type":"Rolling","params":{"cls":{"type":"Mean","params":{}},"window_size":3}})");
  CHECK(
      streamwise::to_json(streamwise::spec_of(rolling_var(5, 0))) ==
      R"({"type":"Rolling","params":{"cls":{"type":"Var","params":{"ddof":0}},"window_size":5}})");
  CHECK(streamwise::repr(streamwise::spec_of(rolling_mean(3))) ==
        "Rolling (\n  cls=Mean ()\n  window_size=3\n)");
}

namespace {
// Fills the window, then counts allocations over many more updates (and gets).
template <class S>
long allocations_once_full(S stat, std::size_t window_size, bool adversarial) {
  const auto s = test::make_stream(window_size + 5000, 99);
  std::vector<double> codes;
  for (double x : s.x) codes.push_back(std::floor(std::fabs(x)));
  if (adversarial) {
    // Increasing while filling (one max candidate), then all-new decreasing values (a full
    // deque of candidates, and as many distinct values as the window holds).
    for (std::size_t i = 0; i < codes.size(); ++i) {
      codes[i] = i < window_size ? static_cast<double>(i) : 1e6 - static_cast<double>(i);
    }
  }
  for (std::size_t i = 0; i < window_size; ++i) stat.update(codes[i]);
  const long before = g_allocations.load();
  double sink = 0.0;
  for (std::size_t i = window_size; i < codes.size(); ++i) {
    stat.update(codes[i]);
    sink += stat.get();
  }
  const long after = g_allocations.load();
  CHECK(std::isfinite(sink));
  return after - before;
}
}  // namespace

TEST_CASE("Rolling windows allocate nothing per update once full") {
  using namespace streamwise::stats;
  for (std::size_t w : {1u, 10u, 1000u}) {
    for (bool adversarial : {false, true}) {
      CAPTURE(w);
      CAPTURE(adversarial);
      const bool a = adversarial;
      CHECK(allocations_once_full(rolling_mean(w), w, a) == 0);
      CHECK(allocations_once_full(rolling_var(w), w, a) == 0);
      CHECK(allocations_once_full(RollingMin({.window_size = w}), w, a) == 0);
      CHECK(allocations_once_full(RollingMax({.window_size = w}), w, a) == 0);
      CHECK(allocations_once_full(RollingAbsMax({.window_size = w}), w, a) == 0);
      CHECK(allocations_once_full(RollingPeakToPeak({.window_size = w}), w, a) == 0);
      CHECK(allocations_once_full(RollingQuantile({.q = 0.3, .window_size = w}), w, a) == 0);
      CHECK(allocations_once_full(RollingIQR({.window_size = w}), w, a) == 0);
      CHECK(allocations_once_full(RollingMode({.window_size = w}), w, a) == 0);
    }
  }
}

namespace {
// Damages every byte of a valid payload in turn (re-sealed with a correct checksum, so only the
// class's own load checks stand in the way): loading must either succeed or throw
// CheckpointError, and whatever loads must keep working (or fail cleanly).
template <class S>
void require_damage_is_caught(S stat, std::size_t n_updates) {
  const auto s = test::make_stream(n_updates + 50, 5);
  for (std::size_t i = 0; i < n_updates; ++i) stat.update(std::floor(s.x[i]));
  const std::string bytes = streamwise::io::to_checkpoint(stat);
  const auto header = streamwise::io::read_header(streamwise::io::detail::as_bytes(bytes));
  const std::string spec = header.spec;
  const std::string payload = bytes.substr(header.payload_offset);
  std::size_t rejected = 0;
  for (std::size_t i = 0; i < payload.size(); ++i) {
    for (unsigned char mask : {0x01, 0x80, 0xFF}) {
      std::string damaged = payload;
      damaged[i] = static_cast<char>(static_cast<unsigned char>(damaged[i]) ^ mask);
      const std::string file = streamwise::io::wrap_payload(spec, damaged);
      try {
        S loaded = streamwise::io::from_checkpoint<S>(std::string_view(file));
        for (std::size_t j = n_updates; j < n_updates + 50; ++j) {
          loaded.update(std::floor(s.x[j]));
          (void)loaded.get();
        }
      } catch (const streamwise::CheckpointError&) {
        ++rejected;
      } catch (const streamwise::InvalidInput&) {
        // A wrapped statistic whose own state was damaged (e.g. Mean's weight) may refuse a
        // later revert: a clean error, not a crash.
      }
    }
  }
  CHECK(rejected > 0);
  // Truncation is always caught.
  const std::string cut = streamwise::io::wrap_payload(spec, payload.substr(0, payload.size() - 1));
  CHECK_THROWS_AS(streamwise::io::from_checkpoint<S>(std::string_view(cut)),
                  streamwise::CheckpointError);
}
}  // namespace

TEST_CASE("Damaged checkpoints of quantile, mode, entropy and rolling classes never crash") {
  using namespace streamwise::stats;
  require_damage_is_caught(Quantile{}, 4);
  require_damage_is_caught(Quantile{}, 30);
  require_damage_is_caught(IQR{}, 30);
  require_damage_is_caught(Mode(Mode::Params{.k = 3}), 40);
  require_damage_is_caught(Entropy{}, 40);
  require_damage_is_caught(rolling_mean(6), 20);
  require_damage_is_caught(rolling_var(6), 3);
  require_damage_is_caught(RollingMin({.window_size = 5}), 20);
  require_damage_is_caught(RollingMax({.window_size = 5}), 3);
  require_damage_is_caught(RollingAbsMax({.window_size = 5}), 20);
  require_damage_is_caught(RollingPeakToPeak({.window_size = 5}), 20);
  require_damage_is_caught(RollingQuantile({.q = 0.4, .window_size = 6}), 20);
  require_damage_is_caught(RollingIQR({.window_size = 6}), 4);
  require_damage_is_caught(RollingMode({.window_size = 6}), 20);
}
