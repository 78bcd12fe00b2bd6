#pragma once
// River reference values for the regression splitters (tests/data/tree/reg_splitters.csv and
// reg_prune.csv, written by make_regressor_reference.py on the first 300 rows of
// regression_stream.csv).

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "streamwise/tree/criteria/variance_reduction_criterion.hpp"
#include "streamwise/tree/detail/target_var.hpp"
#include "support/oracle.hpp"
#include "tree/splitter_reference.hpp"

namespace streamwise::test::tree {

/// (x0, g, y) of the first 300 rows.
struct RegSample {
  double x0;
  double g;
  double y;
};
inline std::vector<RegSample> reg_samples() {
  std::vector<RegSample> out;
  for (const auto& r : read_rows("regression_stream.csv")) {
    if (out.size() == 300) break;
    out.push_back(RegSample{std::stod(r[0]), std::stod(r[5]), std::stod(r.back())});
  }
  return out;
}
/// Target statistics of those rows.
inline streamwise::tree::detail::TargetVar reg_pre() {
  streamwise::tree::detail::TargetVar pre;
  for (const auto& s : reg_samples()) pre.update(s.y, 1.0);
  return pre;
}

/// Checks a splitter against every reg_splitters.csv row for `name`; returns rows checked.
template <class Splitter>
int check_reg_best_splits(const Splitter& sp, const std::string& name) {
  const auto pre = reg_pre();
  int checked = 0;
  for (const auto& r : read_rows("reg_splitters.csv")) {
    if (r[0] != name) continue;
    CAPTURE(r[1]);
    CAPTURE(r[2]);
    const streamwise::tree::VarianceReductionCriterion crit{std::stod(r[1])};
    streamwise::tree::detail::RegSplitSuggestion best;
    sp.best_split(crit, pre, 3, r[2] == "1", best);
    CHECK(close(best.merit, std::stod(r[3]), 1e-10));
    const auto children = split(r[5], '|');
    REQUIRE(best.children.size() == children.size());
    for (std::size_t i = 0; i < children.size(); ++i) {
      const auto parts = split(children[i], ':');
      CHECK(best.children[i].n == std::stod(parts[0]));
      CHECK(close(best.children[i].mean, std::stod(parts[1]), 1e-10));
      CHECK(close(best.children[i].get(), std::stod(parts[2]), 1e-9));
    }
    if (best.kind == streamwise::tree::detail::SplitKind::nominal_multiway) {
      CHECK(best.values.size() == split(r[4], ';').size());
    } else {
      CHECK(best.value == std::stod(r[4]));
    }
    ++checked;
  }
  return checked;
}

}  // namespace streamwise::test::tree
