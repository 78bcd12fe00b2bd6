#include <doctest/doctest.h>

#include <cmath>

#include "stats/river_reference.hpp"
#include "stats/two_pass.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/skew.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::Skew;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<Skew>);

namespace {
Skew make_skew(bool bias) { return Skew(Skew::Params{bias}); }

// np.random.seed(42); np.random.normal(size=10), River's documented example.
const double kRiverX[] = {0.4967141530112327, -0.13826430117118466, 0.6476885381006925,
                          1.5230298564080254, -0.23415337472333597, -0.23413695694918055,
                          1.5792128155073915, 0.7674347291529088,   -0.4694743859349521,
                          0.5425600435859647};
}  // namespace

TEST_CASE("the two-pass skew formulas reproduce scipy (tests/data/stats/skew_kurtosis.csv)") {
  const auto flat = test::read_doubles("stats/skew_kurtosis.csv");
  REQUIRE(flat.size() % 5 == 0);
  std::vector<double> xs;
  Skew biased = make_skew(true), unbiased;
  int checked = 0;
  for (std::size_t row = 0; row < flat.size() / 5; ++row) {
    xs.push_back(flat[row * 5]);
    biased.update(xs.back());
    unbiased.update(xs.back());
    const double scipy_g1 = flat[row * 5 + 1];
    const double scipy_G1 = flat[row * 5 + 2];
    if (std::isnan(scipy_g1)) {  // zero variance: scipy says nan, River and streamwise say 0
      CHECK(biased.get() == 0.0);
      CHECK(unbiased.get() == 0.0);
      continue;
    }
    const auto sums = test::central_sums(xs, {}, xs.size());
    CHECK(test::close(static_cast<double>(test::scipy_skew(sums, true)), scipy_g1, 1e-12));
    CHECK(test::close(static_cast<double>(test::scipy_skew(sums, false)), scipy_G1, 1e-12));
    CHECK(test::close(biased.get(), scipy_g1));
    CHECK(test::close(unbiased.get(), scipy_G1));
    ++checked;
  }
  CHECK(checked == 59);
}

TEST_CASE("Skew matches the two-pass skewness at every step (bias true and false)") {
  const auto s = test::make_stream(10'000);
  Skew biased = make_skew(true), unbiased;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    biased.update(s.x[i]);
    unbiased.update(s.x[i]);
    const auto sums = test::central_sums(s.x, {}, i + 1);
    const double e_b = static_cast<double>(test::scipy_skew(sums, true));
    const double e_u = static_cast<double>(test::scipy_skew(sums, false));
    if (!test::close(biased.get(), e_b) || !test::close(unbiased.get(), e_u)) {
      FAIL("step " << i << ": got " << biased.get() << ", " << unbiased.get() << "; expected "
                   << e_b << ", " << e_u);
    }
  }
  CHECK(biased.n() == 10'000);
}

TEST_CASE("Skew follows River's documented example") {
  const double unbiased_expected[] = {0.0,
                                      0.0,
                                      -1.4802398132849872,
                                      0.5127437186677888,
                                      0.7803466510704751,
                                      1.056115628922055,
                                      0.5057840774320389,
                                      0.3478402420400934,
                                      0.4536710660918703,
                                      0.41230701974932277};
  const double biased_expected[] = {0.0,
                                    0.0,
                                    -0.6043053732501439,
                                    0.2960327239981376,
                                    0.5234724473423674,
                                    0.7712778043924866,
                                    0.39022088752624845,
                                    0.278892645224261,
                                    0.3742595351386406,
                                    0.34768780738236965};
  Skew unbiased, biased = make_skew(true);
  for (int i = 0; i < 10; ++i) {
    unbiased.update(kRiverX[i]);
    biased.update(kRiverX[i]);
    CHECK(test::close(unbiased.get(), unbiased_expected[i], 1e-12));
    CHECK(test::close(biased.get(), biased_expected[i], 1e-12));
  }
}

TEST_CASE("Skew edge cases: empty, one value, constant stream") {
  Skew skew;
  CHECK(skew.get() == 0.0);
  skew.update(2.5);
  CHECK(skew.get() == 0.0);
  for (int i = 0; i < 50; ++i) skew.update(2.5);
  CHECK(skew.get() == 0.0);  // zero variance: River's 0, not scipy's nan
  Skew two = make_skew(true);
  two.update(1.0);
  two.update(3.0);
  CHECK(two.get() == 0.0);
  two.update(3.0);  // {1, 3, 3}: g1 = -0.7071...
  CHECK(test::close(two.get(), -1.0 / std::sqrt(2.0), 1e-12));
}

TEST_CASE("Skew rejects NaN and inf without changing state") {
  Skew skew;
  skew.update(1.0);
  skew.update(4.0);
  const Skew before = skew;
  CHECK_THROWS_WITH_AS(skew.update(std::nan("")), "Skew: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(skew.update(-INFINITY), "Skew: x must be finite, got -inf",
                       streamwise::InvalidInput);
  CHECK(skew == before);
}

TEST_CASE("Skew parameters") {
  CHECK(Skew().params().bias == false);
  CHECK(make_skew(true).params().bias == true);
  CHECK_NOTHROW(Skew::Params{true}.validate());
  CHECK(streamwise::params_from_list<Skew::Params>({{"bias", true}}, "Skew").bias);
  CHECK_THROWS_WITH_AS(streamwise::params_from_list<Skew::Params>({{"bias", 1.5}}, "Skew"),
                       "Skew: parameter bias has the wrong type", std::invalid_argument);
}

TEST_CASE("Skew checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(500, 3);
  Skew original = make_skew(true);
  for (std::size_t i = 0; i < 250; ++i) original.update(s.x[i]);
  Skew restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 250; i < 500; ++i) {
    original.update(s.x[i]);
    restored.update(s.x[i]);
  }
  CHECK(restored == original);
  CHECK(restored.get() == original.get());
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"Skew","params":{"bias":true}})");
  CHECK(streamwise::repr(streamwise::spec_of(Skew())) == "Skew (\n  bias=False\n)");
}

TEST_CASE("Skew gives River's answers") {
  const test::RiverReference ref;
  Skew stat;
  for (std::size_t i = 0; i < ref.rows(); ++i) {
    stat.update(ref(i, ref.kX));
    CHECK(test::close(stat.get(), ref(i, ref.kSkew)));
  }
}
