#include <doctest/doctest.h>

#include <cmath>

#include "stats/river_reference.hpp"
#include "stats/two_pass.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/kurtosis.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::Kurtosis;
namespace test = streamwise::test;

static_assert(streamwise::Statistic<Kurtosis>);

namespace {
Kurtosis make_kurtosis(bool bias) { return Kurtosis(Kurtosis::Params{bias}); }

// np.random.seed(42); np.random.normal(size=10), River's documented example.
const double kRiverX[] = {0.4967141530112327, -0.13826430117118466, 0.6476885381006925,
                          1.5230298564080254, -0.23415337472333597, -0.23413695694918055,
                          1.5792128155073915, 0.7674347291529088,   -0.4694743859349521,
                          0.5425600435859647};
}  // namespace

TEST_CASE("the two-pass kurtosis formulas reproduce scipy (tests/data/stats/skew_kurtosis.csv)") {
  const auto flat = test::read_doubles("stats/skew_kurtosis.csv");
  REQUIRE(flat.size() % 5 == 0);
  std::vector<double> xs;
  Kurtosis biased = make_kurtosis(true), unbiased;
  int checked = 0;
  for (std::size_t row = 0; row < flat.size() / 5; ++row) {
    xs.push_back(flat[row * 5]);
    biased.update(xs.back());
    unbiased.update(xs.back());
    const double scipy_g2 = flat[row * 5 + 3];
    const double scipy_G2 = flat[row * 5 + 4];
    if (std::isnan(scipy_g2)) {  // zero variance: scipy says nan, River and streamwise say -3
      CHECK(biased.get() == -3.0);
      CHECK(unbiased.get() == -3.0);
      continue;
    }
    const auto sums = test::central_sums(xs, {}, xs.size());
    CHECK(test::close(static_cast<double>(test::scipy_kurtosis(sums, true)), scipy_g2, 1e-12));
    CHECK(test::close(static_cast<double>(test::scipy_kurtosis(sums, false)), scipy_G2, 1e-12));
    CHECK(test::close(biased.get(), scipy_g2));
    CHECK(test::close(unbiased.get(), scipy_G2));
    ++checked;
  }
  CHECK(checked == 59);
}

TEST_CASE("Kurtosis matches the two-pass kurtosis at every step (bias true and false)") {
  const auto s = test::make_stream(10'000);
  Kurtosis biased = make_kurtosis(true), unbiased;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    biased.update(s.x[i]);
    unbiased.update(s.x[i]);
    const auto sums = test::central_sums(s.x, {}, i + 1);
    const double e_b = static_cast<double>(test::scipy_kurtosis(sums, true));
    const double e_u = static_cast<double>(test::scipy_kurtosis(sums, false));
    if (!test::close(biased.get(), e_b) || !test::close(unbiased.get(), e_u)) {
      FAIL("step " << i << ": got " << biased.get() << ", " << unbiased.get() << "; expected "
                   << e_b << ", " << e_u);
    }
  }
  CHECK(biased.n() == 10'000);
}

TEST_CASE("Kurtosis follows River's documented example") {
  const double unbiased_expected[] = {-3.0,
                                      -2.0,
                                      -1.5,
                                      1.4130027920707047,
                                      0.15367976585756438,
                                      0.46142633246812653,
                                      -1.620647789230658,
                                      -1.3540178492487054,
                                      -1.2310268787102745,
                                      -0.9490372374384453};
  const double biased_expected[] = {-3.0,
                                    -2.0,
                                    -1.5,
                                    -1.011599627723906,
                                    -0.9615800585356089,
                                    -0.6989395431537853,
                                    -1.4252699121794408,
                                    -1.311437071070812,
                                    -1.246289111322894,
                                    -1.082283689864171};
  Kurtosis unbiased, biased = make_kurtosis(true);
  for (int i = 0; i < 10; ++i) {
    unbiased.update(kRiverX[i]);
    biased.update(kRiverX[i]);
    CHECK(test::close(unbiased.get(), unbiased_expected[i], 1e-12));
    CHECK(test::close(biased.get(), biased_expected[i], 1e-12));
  }
}

TEST_CASE("Kurtosis edge cases: empty, one value, constant stream") {
  Kurtosis biased = make_kurtosis(true), unbiased;
  CHECK(biased.get() == -3.0);
  CHECK(unbiased.get() == -3.0);
  // River on a constant stream (bias=False): -3, -3, -3, then the adjusted formula with a zero
  // ratio, -3 (n - 1)^2 / ((n - 2)(n - 3)): -13.5, -8, -6.25.
  const double expected[] = {-3.0, -3.0, -3.0, -13.5, -8.0, -6.25};
  for (double e : expected) {
    biased.update(2.5);
    unbiased.update(2.5);
    CHECK(biased.get() == -3.0);
    CHECK(unbiased.get() == doctest::Approx(e));
  }
}

TEST_CASE("Kurtosis rejects NaN and inf without changing state") {
  Kurtosis kurtosis;
  kurtosis.update(1.0);
  kurtosis.update(4.0);
  const Kurtosis before = kurtosis;
  CHECK_THROWS_WITH_AS(kurtosis.update(std::nan("")), "Kurtosis: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(kurtosis.update(INFINITY), streamwise::InvalidInput);
  CHECK(kurtosis == before);
}

TEST_CASE("Kurtosis parameters") {
  CHECK(Kurtosis().params().bias == false);
  CHECK_NOTHROW(Kurtosis::Params{true}.validate());
  CHECK_THROWS_WITH_AS(
      streamwise::params_from_list<Kurtosis::Params>({{"biased", true}}, "Kurtosis"),
      "Kurtosis: unknown parameter biased", std::invalid_argument);
}

TEST_CASE("Kurtosis checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(500, 3);
  Kurtosis original;
  for (std::size_t i = 0; i < 250; ++i) original.update(s.x[i]);
  Kurtosis restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 250; i < 500; ++i) {
    original.update(s.x[i]);
    restored.update(s.x[i]);
  }
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"Kurtosis","params":{"bias":false}})");
}

TEST_CASE("Kurtosis gives River's answers") {
  const test::RiverReference ref;
  Kurtosis stat;
  for (std::size_t i = 0; i < ref.rows(); ++i) {
    stat.update(ref(i, ref.kX));
    CHECK(test::close(stat.get(), ref(i, ref.kKurtosis)));
  }
}
