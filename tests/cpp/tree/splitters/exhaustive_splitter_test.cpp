#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "streamwise/core/concepts.hpp"
#include "streamwise/tree/splitters/exhaustive_splitter.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"
#include "tree/criteria/criteria_cases.hpp"
#include "tree/splitter_reference.hpp"

using streamwise::tree::ExhaustiveSplitter;
namespace test = streamwise::test;
namespace ref = streamwise::test::tree;

static_assert(streamwise::Estimator<ExhaustiveSplitter>);

namespace {
ExhaustiveSplitter fed() {
  ExhaustiveSplitter sp;
  for (const auto& s : ref::splitter_stream()) sp.update(s.x, s.y, s.w);
  return sp;
}
}  // namespace

TEST_CASE("ExhaustiveSplitter's best split matches River for every criterion") {
  CHECK(ref::check_best_splits(fed(), "exhaustive", ref::criterion_named) == 8);
}

TEST_CASE("ExhaustiveSplitter keeps River's stale counts when a class runs out") {
  // Values 1, 2 (class 0) and 3, 4 (class 1) in that order form a chain of right children.
  // River derives each candidate's right side by Counter subtraction and dict.update, so a
  // class whose count drops to 0 keeps its previous value: at threshold 2 the right side is
  // {0: 1, 1: 2} rather than {1: 2}. Worked by hand, that candidate has the best gain:
  // 1 - (3/5) H(1/3, 2/3).
  ExhaustiveSplitter sp;
  sp.update(1.0, 0, 1.0);
  sp.update(2.0, 0, 1.0);
  sp.update(3.0, 1, 1.0);
  sp.update(4.0, 1, 1.0);
  const auto pre = ref::dist({{0, 2.0}, {1, 2.0}});
  streamwise::tree::detail::SplitSuggestion best;
  sp.best_split(streamwise::tree::InfoGainCriterion{0.01}, pre, 0, false, best);
  const double h = -(1.0 / 3.0) * std::log2(1.0 / 3.0) - (2.0 / 3.0) * std::log2(2.0 / 3.0);
  CHECK(best.value == 2.0);
  CHECK(test::close(best.merit, 1.0 - 0.6 * h, 1e-12));
  REQUIRE(best.children.size() == 2);
  CHECK(ref::same_dist(best.children[0], ref::dist({{0, 2.0}})));
  CHECK(ref::same_dist(best.children[1], ref::dist({{0, 1.0}, {1, 2.0}})));
}

TEST_CASE("ExhaustiveSplitter edge cases and densities") {
  ExhaustiveSplitter sp;
  streamwise::tree::detail::ClassDist pre;
  pre.append(0, 1.0);
  streamwise::tree::detail::SplitSuggestion best;
  sp.best_split(ref::criterion_named("gini"), pre, 0, false, best);
  CHECK(best.kind == streamwise::tree::detail::SplitKind::none);
  sp.update(1.0, 0, 1.0);
  sp.update(1.0, 1, 2.0);
  CHECK(sp.nodes().size() == 1);  // repeated value: same node
  CHECK(sp.cond_proba(1.0, 0) == 0.0);
  CHECK(sp.cond_log_proba(1.0, 0) == -std::numeric_limits<double>::infinity());
  for (const auto& r : ref::read_rows("cond.csv")) {
    if (r[0] == "exhaustive") CHECK(ref::parse_double(r[3]) == 0.0);  // River: always 0
  }
  const ExhaustiveSplitter before = sp;
  CHECK_THROWS_WITH_AS(sp.update(std::nan(""), 0, 1.0),
                       "ExhaustiveSplitter: x must be finite, got nan", streamwise::InvalidInput);
  CHECK_THROWS_AS(sp.update(1.0, 0, -1.0), streamwise::InvalidInput);
  sp.update(3.0, 0, 0.0);
  CHECK(sp == before);
}

TEST_CASE("ExhaustiveSplitter checkpoint round-trip") {
  ExhaustiveSplitter sp = fed();
  ExhaustiveSplitter copy = test::roundtrip(sp);
  CHECK(copy == sp);
  copy.update(0.25, 2, 1.0);
  sp.update(0.25, 2, 1.0);
  CHECK(copy == sp);
  CHECK(streamwise::to_json(streamwise::spec_of(sp)) ==
        R"({"type":"ExhaustiveSplitter","params":{}})");
}
