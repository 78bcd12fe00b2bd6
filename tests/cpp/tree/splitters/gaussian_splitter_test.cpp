#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "streamwise/core/concepts.hpp"
#include "streamwise/tree/splitters/gaussian_splitter.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"
#include "tree/splitter_reference.hpp"

using streamwise::tree::GaussianSplitter;
namespace test = streamwise::test;
namespace ref = streamwise::test::tree;

static_assert(streamwise::Estimator<GaussianSplitter>);

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

GaussianSplitter fed(GaussianSplitter sp) {
  for (const auto& s : ref::splitter_stream()) sp.update(s.x, s.y, s.w);
  return sp;
}
}  // namespace

TEST_CASE("GaussianSplitter's best split matches River for every criterion") {
  CHECK(ref::check_best_splits(fed(GaussianSplitter{}), "gaussian", ref::criterion_named) == 8);
  CHECK(ref::check_best_splits(fed(GaussianSplitter({.n_splits = 4})), "gaussian:4",
                               ref::criterion_named) == 8);
}

TEST_CASE("GaussianSplitter's densities match River and a two-pass computation") {
  const GaussianSplitter sp = fed(GaussianSplitter{});
  int checked = 0;
  for (const auto& r : ref::read_rows("cond.csv")) {
    if (r[0] != "gaussian") continue;
    const double x = std::stod(r[1]);
    const auto c = static_cast<streamwise::ClassId>(std::stoul(r[2]));
    CHECK(test::close(sp.cond_proba(x, c), ref::parse_double(r[3]), 1e-12));
    const double lp = ref::parse_double(r[4]);
    if (std::isinf(lp)) {
      CHECK(sp.cond_log_proba(x, c) == lp);
    } else {
      CHECK(test::close(sp.cond_log_proba(x, c), lp, 1e-12));
    }
    ++checked;
  }
  CHECK(checked == 24);
  // Two passes over class 1's weighted values: mean, then the sample variance (ddof = 1).
  double n = 0, sum = 0;
  for (const auto& s : ref::splitter_stream()) {
    if (s.y == 1) n += s.w, sum += s.w * s.x;
  }
  const double mean = sum / n;
  double ss = 0, lo = kInf, hi = -kInf;
  for (const auto& s : ref::splitter_stream()) {
    if (s.y == 1)
      ss += s.w * (s.x - mean) * (s.x - mean), lo = std::min(lo, s.x), hi = std::max(hi, s.x);
  }
  const double var = ss / (n - 1.0);
  const auto& g = sp.classes()[1];
  CHECK(g.cls == 1);
  CHECK(test::close(g.n, n, 1e-12));
  CHECK(test::close(g.mean, mean, 1e-12));
  CHECK(test::close(g.variance, var, 1e-10));
  CHECK(g.min == lo);
  CHECK(g.max == hi);
  const double x = 0.4;
  const double expected =
      -0.5 * std::log(2 * std::numbers::pi * var) - (x - mean) * (x - mean) / (2 * var);
  CHECK(test::close(sp.cond_log_proba(x, 1), expected, 1e-10));
}

TEST_CASE("GaussianSplitter edge cases: empty, one value, constant feature") {
  GaussianSplitter sp;
  streamwise::tree::detail::ClassDist pre;
  pre.append(0, 1.0);
  const auto crit = ref::criterion_named("info_gain");
  streamwise::tree::detail::SplitSuggestion best;
  sp.best_split(crit, pre, 0, false, best);
  CHECK(best.kind == streamwise::tree::detail::SplitKind::none);
  CHECK(sp.cond_log_proba(1.0, 0) == -kInf);
  sp.update(2.0, 0, 1.0);
  CHECK(sp.cond_log_proba(2.0, 0) == -kInf);  // one value: no variance yet
  CHECK(sp.cond_proba(2.0, 0) == 0.0);
  for (int i = 0; i < 10; ++i) sp.update(2.0, i % 2 ? 1 : 0, 1.0);  // constant
  sp.best_split(crit, pre, 0, false, best);
  CHECK(best.kind == streamwise::tree::detail::SplitKind::none);  // no threshold inside [2, 2]
  // Zero weight changes nothing.
  const GaussianSplitter before = sp;
  sp.update(5.0, 3, 0.0);
  CHECK(sp == before);
}

TEST_CASE("GaussianSplitter rejects bad input and parameters") {
  GaussianSplitter sp;
  sp.update(1.0, 0, 1.0);
  const GaussianSplitter before = sp;
  CHECK_THROWS_WITH_AS(sp.update(kInf, 0, 1.0), "GaussianSplitter: x must be finite, got inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(sp.update(1.0, 0, -2.0),
                       "GaussianSplitter: weight w must be finite and >= 0, got -2.000000",
                       streamwise::InvalidInput);
  CHECK(sp == before);
  CHECK_THROWS_WITH_AS(GaussianSplitter({.n_splits = 0}),
                       "GaussianSplitter: n_splits must be in [1, 1048576]", std::invalid_argument);
  CHECK_THROWS_WITH_AS(GaussianSplitter({.n_splits = (1 << 20) + 1}),
                       "GaussianSplitter: n_splits must be in [1, 1048576]", std::invalid_argument);
  CHECK_NOTHROW(GaussianSplitter({.n_splits = 1 << 20}));
}

TEST_CASE("GaussianSplitter checkpoint round-trip") {
  GaussianSplitter sp = fed(GaussianSplitter({.n_splits = 4}));
  GaussianSplitter copy = test::roundtrip(sp);
  CHECK(copy == sp);
  copy.update(0.5, 2, 1.0);
  sp.update(0.5, 2, 1.0);
  CHECK(copy == sp);
  CHECK(streamwise::to_json(streamwise::spec_of(sp)) ==
        R"({"type":"GaussianSplitter","params":{"n_splits":4}})");
}
