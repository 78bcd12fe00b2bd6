#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "streamwise/core/concepts.hpp"
#include "streamwise/tree/splitters/ebst_splitter.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"
#include "tree/reg_splitter_reference.hpp"

using streamwise::tree::EBSTSplitter;
namespace test = streamwise::test;
namespace ref = streamwise::test::tree;

static_assert(streamwise::Estimator<EBSTSplitter>);

namespace {
EBSTSplitter fed() {
  EBSTSplitter sp;
  for (const auto& s : ref::reg_samples()) sp.update(s.x0, s.y, 1.0);
  return sp;
}
}  // namespace

TEST_CASE("EBSTSplitter's best split matches River") {
  CHECK(ref::check_reg_best_splits(fed(), "ebst") == 4);
}

TEST_CASE("EBSTSplitter's best split is the brute-force best variance reduction") {
  const auto samples = ref::reg_samples();
  const auto pre = ref::reg_pre();
  const streamwise::tree::VarianceReductionCriterion crit{5};
  double best = -std::numeric_limits<double>::infinity();
  for (const auto& cand : samples) {
    streamwise::tree::detail::TargetVar post[2];
    for (const auto& s : samples) post[s.x0 <= cand.x0 ? 0 : 1].update(s.y, 1.0);
    best = std::max(best, crit.merit_of_split(pre, post));
  }
  streamwise::tree::detail::RegSplitSuggestion got;
  fed().best_split(crit, pre, 0, false, got);
  CHECK(test::close(got.merit, best, 1e-9));
}

TEST_CASE("EBSTSplitter's pruning matches River") {
  const streamwise::tree::VarianceReductionCriterion crit{5};
  int checked = 0;
  for (const auto& r : ref::read_rows("reg_prune.csv")) {
    if (r[0] != "ebst") continue;
    EBSTSplitter sp = fed();
    CHECK(sp.tree().nodes().size() == std::stoul(r[4]));
    sp.remove_bad_splits(crit, std::stod(r[1]), std::stod(r[2]), std::stod(r[3]), ref::reg_pre());
    CHECK(sp.tree().nodes().size() == std::stoul(r[5]));
    ++checked;
  }
  CHECK(checked == 3);
}

TEST_CASE("EBSTSplitter edge cases, bad input and checkpoints") {
  EBSTSplitter sp;
  streamwise::tree::detail::RegSplitSuggestion best;
  sp.best_split({5}, ref::reg_pre(), 0, false, best);
  CHECK(best.kind == streamwise::tree::detail::SplitKind::none);
  sp.update(1.0, 2.0, 1.0);
  sp.update(1.0, 4.0, 1.0);  // same value: same node
  CHECK(sp.tree().nodes().size() == 1);
  const EBSTSplitter before = sp;
  CHECK_THROWS_WITH_AS(sp.update(std::nan(""), 1.0, 1.0), "EBSTSplitter: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(sp.update(1.0, std::numeric_limits<double>::infinity(), 1.0),
                       "EBSTSplitter: y must be finite, got inf", streamwise::InvalidInput);
  CHECK_THROWS_AS(sp.update(1.0, 1.0, -1.0), streamwise::InvalidInput);
  sp.update(3.0, 1.0, 0.0);
  CHECK(sp == before);
  EBSTSplitter full = fed();
  EBSTSplitter copy = test::roundtrip(full);
  CHECK(copy == full);
  CHECK(streamwise::to_json(streamwise::spec_of(full)) == R"({"type":"EBSTSplitter","params":{}})");
}
