#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "streamwise/core/concepts.hpp"
#include "streamwise/tree/splitters/histogram_splitter.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"
#include "tree/splitter_reference.hpp"

using streamwise::tree::HistogramSplitter;
namespace test = streamwise::test;
namespace ref = streamwise::test::tree;

static_assert(streamwise::Estimator<HistogramSplitter>);

namespace {
HistogramSplitter fed(HistogramSplitter sp) {
  for (const auto& s : ref::splitter_stream()) sp.update(s.x, s.y, s.w);
  return sp;
}
}  // namespace

TEST_CASE("HistogramSplitter's best split matches River for every criterion") {
  CHECK(ref::check_best_splits(fed(HistogramSplitter{}), "histogram", ref::criterion_named) == 8);
  CHECK(ref::check_best_splits(fed(HistogramSplitter({.n_bins = 8, .n_splits = 4})),
                               "histogram:8:4", ref::criterion_named) == 8);
}

TEST_CASE("HistogramSplitter's conditional probabilities match River") {
  for (const char* name : {"histogram", "histogram:8:4"}) {
    const HistogramSplitter sp = std::string(name) == "histogram"
                                     ? fed(HistogramSplitter{})
                                     : fed(HistogramSplitter({.n_bins = 8, .n_splits = 4}));
    int checked = 0;
    for (const auto& r : ref::read_rows("cond.csv")) {
      if (r[0] != name) continue;
      const double x = std::stod(r[1]);
      const auto c = static_cast<streamwise::ClassId>(std::stoul(r[2]));
      CHECK(test::close(sp.cond_proba(x, c), ref::parse_double(r[3]), 1e-12));
      ++checked;
    }
    CHECK(checked == 24);
  }
}

TEST_CASE("HistogramSplitter keeps counts, merges bins, truncates weights") {
  HistogramSplitter sp({.n_bins = 3, .n_splits = 2});
  for (double v : {1.0, 2.0, 3.0, 10.0}) sp.update(v, 0, 1.0);
  const auto& h = sp.classes()[0];
  CHECK(h.n == 4.0);
  REQUIRE(h.bins.size() == 3);  // 1 and 2 (closest right edges) merged
  CHECK(h.bins[0].left == 1.0);
  CHECK(h.bins[0].right == 2.0);
  CHECK(h.bins[0].count == 2.0);
  double total = 0;
  for (const auto& b : h.bins) total += b.count;
  CHECK(total == h.n);
  sp.update(5.0, 0, 0.5);  // int(0.5) = 0: ignored, as in River
  CHECK(sp.classes()[0].n == 4.0);
  sp.update(5.0, 0, 2.0);  // counted twice
  CHECK(sp.classes()[0].n == 6.0);
  // Empty splitter and single-class edge cases.
  HistogramSplitter empty;
  streamwise::tree::detail::ClassDist pre;
  pre.append(0, 1.0);
  streamwise::tree::detail::SplitSuggestion best;
  empty.best_split(ref::criterion_named("info_gain"), pre, 0, false, best);
  CHECK(best.kind == streamwise::tree::detail::SplitKind::none);
  CHECK(empty.cond_proba(1.0, 0) == 0.0);
  const HistogramSplitter before = sp;
  CHECK_THROWS_WITH_AS(sp.update(-std::numeric_limits<double>::infinity(), 0, 1.0),
                       "HistogramSplitter: x must be finite, got -inf", streamwise::InvalidInput);
  CHECK_THROWS_AS(sp.update(1.0, 0, std::nan("")), streamwise::InvalidInput);
  CHECK(sp == before);
  CHECK_THROWS_WITH_AS(HistogramSplitter({.n_bins = 0}),
                       "HistogramSplitter: n_bins must be in [1, 1048576]", std::invalid_argument);
  CHECK_THROWS_WITH_AS(HistogramSplitter({.n_splits = -1}),
                       "HistogramSplitter: n_splits must be in [1, 1048576]",
                       std::invalid_argument);
}

TEST_CASE("HistogramSplitter checkpoint round-trip") {
  HistogramSplitter sp = fed(HistogramSplitter({.n_bins = 8, .n_splits = 4}));
  HistogramSplitter copy = test::roundtrip(sp);
  CHECK(copy == sp);
  copy.update(0.25, 2, 1.0);
  sp.update(0.25, 2, 1.0);
  CHECK(copy == sp);
  CHECK(streamwise::to_json(streamwise::spec_of(sp)) ==
        R"({"type":"HistogramSplitter","params":{"n_bins":8,"n_splits":4}})");
}
