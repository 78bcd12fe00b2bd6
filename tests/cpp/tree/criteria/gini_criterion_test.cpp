#include <doctest/doctest.h>

#include <limits>

#include "streamwise/tree/criteria/gini_criterion.hpp"
#include "support/oracle.hpp"
#include "tree/criteria/criteria_cases.hpp"

using streamwise::tree::GiniCriterion;
namespace test = streamwise::test;
namespace ref = streamwise::test::tree;

TEST_CASE("GiniCriterion matches River on reference distributions") {
  CHECK(ref::check_criterion_cases(GiniCriterion{0.01}, "gini") == 6);
}

TEST_CASE("GiniCriterion equals one minus the weighted Gini impurity") {
  const auto pre = ref::dist({{0, 6.0}, {1, 4.0}});
  const streamwise::tree::detail::ClassDist post[] = {ref::dist({{0, 5.0}, {1, 1.0}}),
                                                      ref::dist({{0, 1.0}, {1, 3.0}})};
  const double g1 = 1.0 - (25.0 + 1.0) / 36.0;
  const double g2 = 1.0 - (1.0 + 9.0) / 16.0;
  CHECK(test::close(GiniCriterion{0.01}.merit_of_split(pre, post), 1.0 - (0.6 * g1 + 0.4 * g2),
                    1e-12));
  CHECK(GiniCriterion::range_of_merit(pre) == 1.0);
  CHECK(GiniCriterion::impurity(streamwise::tree::detail::ClassDist{}, 0.0) == 1.0);
  const streamwise::tree::detail::ClassDist lopsided[] = {ref::dist({{0, 6.0}, {1, 4.0}}),
                                                          ref::dist({})};
  CHECK(GiniCriterion{0.01}.merit_of_split(pre, lopsided) ==
        -std::numeric_limits<double>::infinity());
}
