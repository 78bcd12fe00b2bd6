#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "streamwise/core/concepts.hpp"
#include "streamwise/tree/splitters/nominal_splitter.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"
#include "tree/splitter_reference.hpp"

using streamwise::tree::NominalSplitter;
namespace test = streamwise::test;
namespace ref = streamwise::test::tree;

static_assert(streamwise::Estimator<NominalSplitter>);

namespace {
NominalSplitter fed() {
  NominalSplitter sp;
  for (const auto& s : ref::splitter_stream()) sp.update(s.nominal, s.y, s.w);
  return sp;
}
}  // namespace

TEST_CASE("NominalSplitter's multiway and binary splits match River") {
  // binary_only = 0 rows: multiway unless a one-vs-rest split is strictly better.
  CHECK(ref::check_best_splits(fed(), "nominal", ref::criterion_named) == 8);
}

TEST_CASE("NominalSplitter's conditional probabilities match River and counting") {
  const NominalSplitter sp = fed();
  int checked = 0;
  for (const auto& r : ref::read_rows("cond.csv")) {
    if (r[0] != "nominal") continue;
    const double v = std::stod(r[1]);
    const auto c = static_cast<streamwise::ClassId>(std::stoul(r[2]));
    CHECK(test::close(sp.cond_proba(v, c), ref::parse_double(r[3]), 1e-12));
    ++checked;
  }
  CHECK(checked == 20);
  // Counting directly: P(value 2 | class 1).
  double all = 0, two = 0;
  for (const auto& s : ref::splitter_stream()) {
    if (s.y != 1) continue;
    all += s.w;
    if (s.nominal == 2.0) two += s.w;
  }
  CHECK(test::close(sp.cond_proba(2.0, 1), two / all, 1e-12));
  CHECK(sp.values().size() == 4);
}

TEST_CASE("NominalSplitter edge cases: empty, single value, touch") {
  NominalSplitter sp;
  streamwise::tree::detail::ClassDist pre;
  pre.append(0, 2.0);
  const auto crit = ref::criterion_named("gini");
  streamwise::tree::detail::SplitSuggestion best;
  sp.best_split(crit, pre, 3, false, best);
  // No value yet: River still returns the (empty) multiway suggestion with merit -inf.
  CHECK(best.kind == streamwise::tree::detail::SplitKind::nominal_multiway);
  CHECK(best.merit == -std::numeric_limits<double>::infinity());
  streamwise::tree::detail::SplitSuggestion binary;
  sp.best_split(crit, pre, 3, true, binary);
  CHECK(binary.kind == streamwise::tree::detail::SplitKind::none);
  sp.update(4.0, 0, 2.0);
  CHECK(sp.cond_proba(4.0, 0) == 1.0);
  CHECK(sp.cond_proba(5.0, 0) == 0.0);
  CHECK(sp.cond_proba(4.0, 1) == 0.0);
  sp.touch(1);  // registered with no values, as River's defaultdict lookup does
  CHECK(sp.classes().size() == 2);
  CHECK(sp.cond_proba(4.0, 1) == 0.0);
  const NominalSplitter before = sp;
  sp.update(4.0, 1, 0.0);
  CHECK(sp == before);
}

TEST_CASE("NominalSplitter rejects bad input") {
  NominalSplitter sp;
  sp.update(1.0, 0, 1.0);
  const NominalSplitter before = sp;
  CHECK_THROWS_WITH_AS(sp.update(std::nan(""), 0, 1.0),
                       "NominalSplitterClassif: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(sp.update(1.0, 0, std::numeric_limits<double>::infinity()),
                  streamwise::InvalidInput);
  CHECK(sp == before);
}

TEST_CASE("NominalSplitter checkpoint round-trip") {
  NominalSplitter sp = fed();
  NominalSplitter copy = test::roundtrip(sp);
  CHECK(copy == sp);
  copy.update(9.0, 2, 1.0);
  sp.update(9.0, 2, 1.0);
  CHECK(copy == sp);
  CHECK(streamwise::to_json(streamwise::spec_of(sp)) ==
        R"({"type":"NominalSplitterClassif","params":{}})");
}
