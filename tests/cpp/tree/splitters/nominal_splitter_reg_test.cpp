#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "streamwise/core/concepts.hpp"
#include "streamwise/tree/splitters/nominal_splitter_reg.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"
#include "tree/reg_splitter_reference.hpp"

using streamwise::tree::NominalSplitterReg;
namespace test = streamwise::test;
namespace ref = streamwise::test::tree;

static_assert(streamwise::Estimator<NominalSplitterReg>);

TEST_CASE("NominalSplitterReg's multiway and binary splits match River") {
  NominalSplitterReg sp;
  for (const auto& s : ref::reg_samples()) sp.update(s.g, s.y, 1.0);
  CHECK(ref::check_reg_best_splits(sp, "nominal") == 4);
  // Two-pass check of one value's statistics.
  double n = 0, sum = 0;
  for (const auto& s : ref::reg_samples()) {
    if (s.g == 2.0) n += 1, sum += s.y;
  }
  double ss = 0;
  for (const auto& s : ref::reg_samples()) {
    if (s.g == 2.0) ss += (s.y - sum / n) * (s.y - sum / n);
  }
  const auto& v = sp.values()[2];
  CHECK(v.value == 2.0);
  CHECK(v.stats.n == n);
  CHECK(test::close(v.stats.mean, sum / n, 1e-12));
  CHECK(test::close(v.stats.get(), ss / (n - 1), 1e-10));
}

TEST_CASE("NominalSplitterReg edge cases, bad input and checkpoints") {
  NominalSplitterReg sp;
  streamwise::tree::detail::RegSplitSuggestion best;
  sp.best_split({5}, ref::reg_pre(), 0, false, best);
  CHECK(best.kind == streamwise::tree::detail::SplitKind::none);
  sp.update(1.0, 3.0, 1.0);
  sp.update(0.0, 1.0, 1.0);
  // Two values: no multiway split (River needs more than two), only one-vs-rest candidates.
  sp.best_split({0}, ref::reg_pre(), 0, false, best);
  CHECK(best.kind == streamwise::tree::detail::SplitKind::nominal_binary);
  const NominalSplitterReg before = sp;
  CHECK_THROWS_AS(sp.update(std::nan(""), 1.0, 1.0), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(sp.update(1.0, 1.0, -2.0),
                       "NominalSplitterReg: weight w must be finite and >= 0, got -2.000000",
                       streamwise::InvalidInput);
  CHECK(sp == before);
  CHECK(test::roundtrip(sp) == sp);
  CHECK(streamwise::to_json(streamwise::spec_of(sp)) ==
        R"({"type":"NominalSplitterReg","params":{}})");
}
