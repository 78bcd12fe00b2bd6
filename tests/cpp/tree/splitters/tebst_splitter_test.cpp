#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "streamwise/core/rng.hpp"

#include "streamwise/core/concepts.hpp"
#include "streamwise/tree/splitters/tebst_splitter.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"
#include "tree/reg_splitter_reference.hpp"

using streamwise::tree::TEBSTSplitter;
namespace test = streamwise::test;
namespace ref = streamwise::test::tree;

static_assert(streamwise::Estimator<TEBSTSplitter>);

namespace {
TEBSTSplitter fed(TEBSTSplitter sp) {
  for (const auto& s : ref::reg_samples()) sp.update(s.x0, s.y, 1.0);
  return sp;
}
}  // namespace

TEST_CASE("TEBSTSplitter's best split matches River") {
  CHECK(ref::check_reg_best_splits(fed(TEBSTSplitter{}), "tebst") == 4);
  CHECK(ref::check_reg_best_splits(fed(TEBSTSplitter({.digits = 2})), "tebst2") == 4);
}

TEST_CASE("TEBSTSplitter rounds like Python and prunes like River") {
  const TEBSTSplitter sp;
  // Python: round(0.25, 1) == 0.2, round(0.35, 1) == 0.3 (binary value below .35), round(2.675, 2)
  // == 2.67, round(-0.05, 1) == -0.1.
  CHECK(sp.round_value(0.25) == 0.2);
  CHECK(sp.round_value(0.35) == 0.3);
  CHECK(TEBSTSplitter({.digits = 2}).round_value(2.675) == 2.67);
  CHECK(sp.round_value(-0.05) == -0.1);
  CHECK(TEBSTSplitter({.digits = 0}).round_value(2.5) == 2.0);
  const streamwise::tree::VarianceReductionCriterion crit{5};
  for (const auto& r : ref::read_rows("reg_prune.csv")) {
    if (r[0] != "tebst") continue;
    TEBSTSplitter s = fed(TEBSTSplitter{});
    CHECK(s.tree().nodes().size() == std::stoul(r[4]));
    s.remove_bad_splits(crit, std::stod(r[1]), std::stod(r[2]), std::stod(r[3]), ref::reg_pre());
    CHECK(s.tree().nodes().size() == std::stoul(r[5]));
  }
}

TEST_CASE("TEBSTSplitter validation, bad input and checkpoints") {
  CHECK_THROWS_WITH_AS(TEBSTSplitter({.digits = -1}), "TEBSTSplitter: digits must be in [0, 15]",
                       std::invalid_argument);
  TEBSTSplitter sp = fed(TEBSTSplitter({.digits = 2}));
  const TEBSTSplitter before = sp;
  CHECK_THROWS_WITH_AS(sp.update(std::nan(""), 1.0, 1.0),
                       "TEBSTSplitter: x must be finite, got nan", streamwise::InvalidInput);
  CHECK(sp == before);
  TEBSTSplitter copy = test::roundtrip(sp);
  CHECK(copy == sp);
  CHECK(streamwise::to_json(streamwise::spec_of(sp)) ==
        R"({"type":"TEBSTSplitter","params":{"digits":2}})");
}

TEST_CASE("TEBSTSplitter's fast rounding agrees with the correctly rounded decimal") {
  // Oracle: the C library's correctly rounded "%.*f" (what Python's round uses), on many values.
  streamwise::Rng rng(12);
  for (int digits : {0, 1, 2, 3, 6}) {
    const TEBSTSplitter sp({.digits = digits});
    for (int i = 0; i < 20000; ++i) {
      double x = rng.normal(0.0, std::pow(10.0, static_cast<double>(i % 7) - 3.0));
      if (i % 5 == 0) x = std::round(x * 1000.0) / 1000.0 + 0.0005;  // near ties
      char buf[512];
      std::snprintf(buf, sizeof buf, "%.*f", digits, x);
      const double expected = std::strtod(buf, nullptr);
      if (sp.round_value(x) != expected) {
        FAIL_CHECK("digits " << digits << ": round(" << x << ") = " << sp.round_value(x)
                             << ", expected " << expected);
        break;
      }
    }
  }
}
