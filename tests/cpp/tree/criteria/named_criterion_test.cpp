#include <doctest/doctest.h>

#include <stdexcept>

#include "streamwise/tree/criteria/named_criterion.hpp"
#include "support/oracle.hpp"
#include "tree/criteria/criteria_cases.hpp"

using streamwise::tree::NamedCriterion;
namespace ref = streamwise::test::tree;

TEST_CASE("NamedCriterion dispatches to the criterion it names") {
  CHECK(ref::check_criterion_cases(NamedCriterion::from_name("info_gain", 0.01), "info_gain") == 6);
  CHECK(ref::check_criterion_cases(NamedCriterion::from_name("info_gain", 0.3), "info_gain_frac") ==
        6);
  CHECK(ref::check_criterion_cases(NamedCriterion::from_name("gini", 0.01), "gini") == 6);
  CHECK(ref::check_criterion_cases(NamedCriterion::from_name("hellinger", 0.01), "hellinger") == 6);
}

TEST_CASE("NamedCriterion rejects unknown names") {
  CHECK(NamedCriterion::known("gini"));
  CHECK_FALSE(NamedCriterion::known("entropy"));
  CHECK_THROWS_WITH_AS(NamedCriterion::from_name("entropy", 0.01),
                       "unknown split criterion entropy", std::invalid_argument);
}
