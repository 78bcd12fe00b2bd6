#include <doctest/doctest.h>

#include <vector>

#include "streamwise/tree/criteria/variance_reduction_criterion.hpp"
#include "support/oracle.hpp"

using streamwise::tree::VarianceReductionCriterion;
using streamwise::tree::detail::TargetVar;
namespace test = streamwise::test;

namespace {
TargetVar of(std::vector<double> ys) {
  TargetVar v;
  for (double y : ys) v.update(y, 1.0);
  return v;
}
double sample_var(std::vector<double> ys) {
  double m = 0;
  for (double y : ys) m += y;
  m /= static_cast<double>(ys.size());
  double s = 0;
  for (double y : ys) s += (y - m) * (y - m);
  return s / static_cast<double>(ys.size() - 1);
}
}  // namespace

TEST_CASE("VarianceReductionCriterion is the variance minus the weighted branch variances") {
  const std::vector<double> left{1, 2, 3, 2, 1, 2}, right{7, 8, 9, 8, 7};
  std::vector<double> all = left;
  all.insert(all.end(), right.begin(), right.end());
  const TargetVar post[] = {of(left), of(right)};
  const double expected =
      sample_var(all) - 6.0 / 11.0 * sample_var(left) - 5.0 / 11.0 * sample_var(right);
  CHECK(test::close(VarianceReductionCriterion{5}.merit_of_split(of(all), post), expected, 1e-12));
  // A branch below min_samples_split makes the merit 0.
  CHECK(VarianceReductionCriterion{6}.merit_of_split(of(all), post) == 0.0);
  CHECK(VarianceReductionCriterion::range_of_merit(of(all)) == 1.0);
}

TEST_CASE("TargetVar merges and removes as River's Var") {
  const TargetVar a = of({1, 4, 2}), b = of({8, 5});
  TargetVar merged = a;
  merged += b;
  CHECK(test::close(merged.get(), sample_var({1, 4, 2, 8, 5}), 1e-12));
  merged -= b;
  CHECK(merged.n == 3.0);
  CHECK(test::close(merged.mean, 7.0 / 3.0, 1e-12));
  CHECK(test::close(merged.get(), sample_var({1, 4, 2}), 1e-12));
}
