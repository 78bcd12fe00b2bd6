#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "streamwise/tree/criteria/info_gain_criterion.hpp"
#include "support/oracle.hpp"
#include "tree/criteria/criteria_cases.hpp"
#include "tree/splitter_reference.hpp"

using streamwise::tree::InfoGainCriterion;
namespace test = streamwise::test;
namespace ref = streamwise::test::tree;

TEST_CASE("InfoGainCriterion matches River on reference distributions") {
  CHECK(ref::check_criterion_cases(InfoGainCriterion{0.01}, "info_gain") == 6);
  CHECK(ref::check_criterion_cases(InfoGainCriterion{0.3}, "info_gain_frac") == 6);
}

TEST_CASE("InfoGainCriterion equals entropy before minus weighted entropy after") {
  // Two-pass oracle with natural logs converted to bits.
  auto h = [](std::vector<double> w) {
    double t = 0, e = 0;
    for (double v : w) t += v;
    for (double v : w) {
      if (v > 0) e -= v / t * std::log(v / t) / std::log(2.0);
    }
    return e;
  };
  const auto pre = ref::dist({{0, 6.0}, {1, 4.0}, {2, 5.0}});
  const streamwise::tree::detail::ClassDist post[] = {ref::dist({{0, 5.0}, {1, 1.0}}),
                                                      ref::dist({{0, 1.0}, {1, 3.0}, {2, 5.0}})};
  const double expected = h({6, 4, 5}) - (6.0 / 15.0) * h({5, 1}) - (9.0 / 15.0) * h({1, 3, 5});
  CHECK(test::close(InfoGainCriterion{0.01}.merit_of_split(pre, post), expected, 1e-12));
  CHECK(InfoGainCriterion::range_of_merit(pre) == std::log2(3.0));
  CHECK(InfoGainCriterion::range_of_merit(ref::dist({{0, 1.0}})) == 1.0);  // at least 2 classes
  CHECK(InfoGainCriterion::entropy(streamwise::tree::detail::ClassDist{}) == 0.0);
}

TEST_CASE("InfoGainCriterion: a split with one heavy branch is worth -inf") {
  const auto pre = ref::dist({{0, 10.0}, {1, 10.0}});
  const streamwise::tree::detail::ClassDist post[] = {ref::dist({{0, 10.0}, {1, 9.95}}),
                                                      ref::dist({{1, 0.05}})};
  CHECK(InfoGainCriterion{0.01}.merit_of_split(pre, post) ==
        -std::numeric_limits<double>::infinity());
  CHECK(InfoGainCriterion{0.001}.merit_of_split(pre, post) > 0.0);
}
