#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "streamwise/tree/criteria/hellinger_criterion.hpp"
#include "support/oracle.hpp"
#include "tree/criteria/criteria_cases.hpp"

using streamwise::tree::HellingerCriterion;
namespace test = streamwise::test;
namespace ref = streamwise::test::tree;

TEST_CASE("HellingerCriterion matches River on reference distributions") {
  CHECK(ref::check_criterion_cases(HellingerCriterion{0.01}, "hellinger") == 6);
}

TEST_CASE("HellingerCriterion is the Hellinger distance of the two class-conditional splits") {
  // P(branch | class 0) = (0.8, 0.2), P(branch | class 1) = (0.2, 0.8).
  const auto pre = ref::dist({{0, 10.0}, {1, 10.0}});
  const streamwise::tree::detail::ClassDist post[] = {ref::dist({{0, 8.0}, {1, 2.0}}),
                                                      ref::dist({{0, 2.0}, {1, 8.0}})};
  const double a = std::sqrt(0.8) - std::sqrt(0.2);
  CHECK(test::close(HellingerCriterion{0.01}.merit_of_split(pre, post), std::sqrt(2.0 * a * a),
                    1e-12));
  // A branch without both classes 0 and 1 is worth 0, as in River.
  const streamwise::tree::detail::ClassDist partial[] = {ref::dist({{0, 8.0}}),
                                                         ref::dist({{0, 2.0}, {1, 10.0}})};
  CHECK(HellingerCriterion{0.01}.merit_of_split(pre, partial) == 0.0);
  CHECK(HellingerCriterion::range_of_merit(ref::dist({{0, 1.0}, {1, 1.0}, {2, 1.0}, {3, 1.0}})) ==
        2.0);
}
