#include <doctest/doctest.h>

#include <cmath>

#include "stats/river_reference.hpp"
#include "stats/two_pass.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/cov.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::Cov;
namespace test = streamwise::test;

static_assert(streamwise::BivariateStatistic<Cov>);

namespace {
Cov make_cov(int ddof) { return Cov(Cov::Params{ddof}); }

// A weighted (x, y) stream: x and w from make_stream, y = 0.5 x + independent noise.
struct PairStream {
  std::vector<double> x, y, w;
};
PairStream make_pairs(std::size_t n, std::uint64_t seed) {
  const auto s = test::make_stream(n, seed);
  const auto noise = test::make_stream(n, seed + 1000);
  PairStream p{s.x, {}, s.w};
  for (std::size_t i = 0; i < n; ++i) p.y.push_back(0.5 * s.x[i] + noise.x[i]);
  return p;
}

double two_pass_cov(const PairStream& p, std::size_t begin, std::size_t end, int ddof,
                    bool weighted = true) {
  long double n = 0;
  const long double c =
      test::co_moment(p.x, p.y, weighted ? p.w : std::vector<double>{}, begin, end, &n);
  return n > ddof ? static_cast<double>(c / (n - ddof)) : 0.0;
}
}  // namespace

TEST_CASE("Cov matches a two-pass weighted covariance at every step (ddof 0, 1, 2)") {
  const auto p = make_pairs(10'000, 42);
  Cov c0 = make_cov(0), c1, c2 = make_cov(2);
  for (std::size_t i = 0; i < p.x.size(); ++i) {
    c0.update(p.x[i], p.y[i], p.w[i]);
    c1.update(p.x[i], p.y[i], p.w[i]);
    c2.update(p.x[i], p.y[i], p.w[i]);
    long double n = 0;
    const long double c = test::co_moment(p.x, p.y, p.w, 0, i + 1, &n);
    const double e0 = static_cast<double>(c / n);
    const double e1 = n > 1 ? static_cast<double>(c / (n - 1)) : 0.0;
    const double e2 = n > 2 ? static_cast<double>(c / (n - 2)) : 0.0;
    if (!test::close(c0.get(), e0) || !test::close(c1.get(), e1) || !test::close(c2.get(), e2)) {
      FAIL("step " << i << ": got " << c0.get() << ", " << c1.get() << ", " << c2.get()
                   << "; expected " << e0 << ", " << e1 << ", " << e2);
    }
  }
  CHECK(test::close(c1.n(), static_cast<double>(test::central_sums(p.x, p.w, p.x.size()).n)));
}

TEST_CASE("Cov gives River's answers (integer weights, and ddof=0 unweighted)") {
  const test::RiverReference ref;
  Cov weighted, pop = make_cov(0);
  for (std::size_t i = 0; i < ref.rows(); ++i) {
    weighted.update(ref(i, ref.kX), ref(i, ref.kY), ref(i, ref.kW));
    pop.update(ref(i, ref.kX), ref(i, ref.kY));
    CHECK(test::close(weighted.get(), ref(i, ref.kCov)));
    CHECK(test::close(pop.get(), ref(i, ref.kCovDdof0)));
  }
}

TEST_CASE("Cov follows River's documented examples, including Rolling(Cov, 3) via revert") {
  const double xs[] = {-2.1, -1, 4.3, 1, -2.1, -1, 4.3};
  const double ys[] = {3, 1.1, .12, 1, 3, 1.1, .12};
  Cov cov;
  const double expected[] = {0.0, -1.045, -4.286};
  for (int i = 0; i < 3; ++i) {
    cov.update(xs[i], ys[i]);
    CHECK(cov.get() == doctest::Approx(expected[i]).epsilon(1e-12));
  }
  Cov window;
  // River 0.26's actual values (its docstring rounds them).
  const double rolling[] = {0.0, -1.045, -4.286, -1.383, -4.589333333333334, -1.415, -4.286};
  for (int i = 0; i < 7; ++i) {
    window.update(xs[i], ys[i]);
    if (i >= 3) window.revert(xs[i - 3], ys[i - 3]);
    CHECK(window.get() == doctest::Approx(rolling[i]).epsilon(1e-9));
  }
}

TEST_CASE("Cov edge cases: empty, one pair, constant x, zero weights, weight below ddof") {
  Cov cov;
  CHECK(cov.get() == 0.0);
  cov.update(1.0, 2.0);
  CHECK(cov.get() == 0.0);
  for (int i = 0; i < 10; ++i) cov.update(1.0, static_cast<double>(i));
  CHECK(cov.get() == 0.0);  // x constant
  const Cov before = cov;
  cov.update(100.0, -100.0, 0.0);
  CHECK(cov == before);
  Cov light;
  light.update(1.0, 1.0, 0.25);
  light.update(3.0, 2.0, 0.5);
  CHECK(light.get() == 0.0);  // total weight 0.75 <= ddof
  light.update(-1.0, 4.0, 0.5);
  const PairStream p{{1.0, 3.0, -1.0}, {1.0, 2.0, 4.0}, {0.25, 0.5, 0.5}};
  CHECK(test::close(light.get(), two_pass_cov(p, 0, 3, 1)));
}

TEST_CASE("Cov revert undoes update, down to empty") {
  const auto p = make_pairs(400, 9);
  Cov cov;
  for (std::size_t i = 0; i < p.x.size(); ++i) cov.update(p.x[i], p.y[i], p.w[i]);
  for (std::size_t i = p.x.size(); i-- > 150;) cov.revert(p.x[i], p.y[i], p.w[i]);
  CHECK(test::close(cov.get(), two_pass_cov(p, 0, 150, 1)));
  for (std::size_t i = 150; i-- > 0;) cov.revert(p.x[i], p.y[i], p.w[i]);
  CHECK(cov == Cov());  // fractional weights: the last revert absorbs the rounding residue
  Cov one;
  one.update(2.0, 3.0, 1.5);
  one.revert(2.0, 3.0, 1.5);
  CHECK(one == Cov());
  CHECK_THROWS_WITH_AS(one.revert(2.0, 3.0), "Cov: cannot revert below a total weight of 0",
                       streamwise::InvalidInput);
  CHECK(one == Cov());
}

TEST_CASE("Cov merges and un-merges like River (A + B == all, (A + B) - B == A)") {
  for (int ddof : {0, 1, 2}) {
    CAPTURE(ddof);
    const auto p = make_pairs(1'500, 21);
    Cov a = make_cov(ddof), b = make_cov(ddof), all = make_cov(ddof);
    for (std::size_t i = 0; i < p.x.size(); ++i) {
      (i % 2 == 0 ? a : b).update(p.x[i], p.y[i], p.w[i]);
      all.update(p.x[i], p.y[i], p.w[i]);
      if (i % 53 == 0) {
        const double expected = two_pass_cov(p, 0, i + 1, ddof);
        if (!test::close((a + b).get(), expected)) {
          FAIL("merge at " << i << ": got " << (a + b).get() << ", expected " << expected);
        }
      }
    }
    const Cov merged = a + b;
    CHECK(test::close(merged.get(), all.get()));
    CHECK(test::close(merged.n(), all.n()));
    Cov in_place = a;
    in_place += b;
    CHECK(in_place == merged);
    const Cov recovered = merged - b;
    CHECK(test::close(recovered.get(), a.get()));
    CHECK(test::close(recovered.mean_x().get(), a.mean_x().get()));
    CHECK(test::close(recovered.mean_y().get(), a.mean_y().get()));
    Cov in_place_sub = merged;
    in_place_sub -= b;
    CHECK(in_place_sub == recovered);
  }
  // River's test_sub_cov: the whole stream minus a growing prefix is the remaining suffix.
  const auto p = make_pairs(60, 4);
  Cov whole, prefix;
  for (std::size_t i = 0; i < p.x.size(); ++i) whole.update(p.x[i], p.y[i]);
  for (std::size_t i = 0; i + 3 < p.x.size(); ++i) {
    prefix.update(p.x[i], p.y[i]);
    CHECK(test::close((whole - prefix).get(), two_pass_cov(p, i + 1, p.x.size(), 1, false)));
  }
  CHECK((whole - whole) == Cov());
  CHECK((Cov() + Cov()) == Cov());
}

TEST_CASE("Cov rejects bad input without changing state") {
  Cov cov;
  cov.update(1.0, 2.0);
  cov.update(2.0, 5.0);
  const Cov before = cov;
  CHECK_THROWS_WITH_AS(cov.update(std::nan(""), 1.0), "Cov: x must be finite, got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(cov.update(1.0, INFINITY), "Cov: y must be finite, got inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(cov.update(1.0, 1.0, -1.0),
                       "Cov: weight w must be finite and >= 0, got -1.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(cov.revert(1.0, NAN), streamwise::InvalidInput);
  CHECK_THROWS_AS(cov.revert(1.0, 2.0, 10.0), streamwise::InvalidInput);
  CHECK(cov == before);
}

TEST_CASE("Cov validates its parameters") {
  CHECK_THROWS_WITH_AS(make_cov(-2), "Cov: ddof must be >= 0", std::invalid_argument);
  CHECK(Cov().params().ddof == 1);
}

TEST_CASE("Cov checkpoint round-trip keeps state and behaviour") {
  const auto p = make_pairs(500, 3);
  Cov original = make_cov(0);
  for (std::size_t i = 0; i < 250; ++i) original.update(p.x[i], p.y[i], p.w[i]);
  Cov restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 250; i < 500; ++i) {
    original.update(p.x[i], p.y[i], p.w[i]);
    restored.update(p.x[i], p.y[i], p.w[i]);
  }
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"Cov","params":{"ddof":0}})");
  CHECK(streamwise::repr(streamwise::spec_of(Cov())) == "Cov (\n  ddof=1\n)");
}
