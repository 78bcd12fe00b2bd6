#pragma once
// The criteria.csv reference cases (make_reference.py): pre-split and post-split distributions
// with River's merit and range for each criterion.

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "streamwise/tree/detail/class_dist.hpp"
#include "support/oracle.hpp"
#include "tree/splitter_reference.hpp"

namespace streamwise::test::tree {

/// A ClassDist from (class, weight) pairs in order.
inline streamwise::tree::detail::ClassDist dist(
    std::initializer_list<std::pair<ClassId, double>> entries) {
  streamwise::tree::detail::ClassDist d;
  for (const auto& [c, w] : entries) d.append(c, w);
  return d;
}

/// The six cases, as written by make_reference.py.
struct CriterionCase {
  streamwise::tree::detail::ClassDist pre;
  std::vector<streamwise::tree::detail::ClassDist> post;
};
inline std::vector<CriterionCase> criterion_cases() {
  return {
      {dist({{0, 10.0}, {1, 10.0}}), {dist({{0, 8.0}, {1, 2.0}}), dist({{0, 2.0}, {1, 8.0}})}},
      {dist({{0, 5.0}, {1, 3.0}, {2, 2.0}}), {dist({{0, 5.0}}), dist({{1, 3.0}, {2, 2.0}})}},
      {dist({{0, 4.0}, {1, 4.0}}), {dist({{0, 4.0}, {1, 4.0}}), dist({})}},
      {dist({{1, 6.0}, {0, 2.0}}), {dist({{1, 1.0}, {0, 2.0}}), dist({{1, 5.0}})}},
      {dist({{0, 3.0}, {1, 3.0}, {2, 3.0}}),
       {dist({{0, 3.0}, {1, 0.5}}), dist({{1, 2.5}}), dist({{2, 3.0}})}},
      {dist({{0, 1.0}, {1, 99.0}}), {dist({{0, 1.0}, {1, 0.5}}), dist({{1, 98.5}})}},
  };
}

/// Checks `criterion` against every criteria.csv row named `name`; returns the rows checked.
template <class Criterion>
int check_criterion_cases(const Criterion& criterion, const std::string& name) {
  const auto cases = criterion_cases();
  int checked = 0;
  for (const auto& r : read_rows("criteria.csv")) {
    if (r[1] != name) continue;
    const auto& c = cases.at(std::stoul(r[0]));
    CAPTURE(r[0]);
    const double merit = parse_double(r[2]);
    const double got = criterion.merit_of_split(c.pre, c.post);
    if (std::isinf(merit)) {
      CHECK(got == merit);
    } else {
      CHECK(close(got, merit, 1e-12));
    }
    CHECK(close(criterion.range_of_merit(c.pre), parse_double(r[3]), 1e-15));
    ++checked;
  }
  return checked;
}

}  // namespace streamwise::test::tree
