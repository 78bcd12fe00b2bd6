#include <doctest/doctest.h>

#include <cmath>

#include "stats/river_reference.hpp"
#include "stats/two_pass.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/stats/var.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::stats::Var;
namespace test = streamwise::test;

static_assert(streamwise::WeightedStatistic<Var>);
static_assert(streamwise::RevertibleStatistic<Var>);

namespace {
Var make_var(int ddof) {
  Var::Params p;
  p.ddof = ddof;
  return Var(p);
}
}  // namespace

TEST_CASE("Var matches a two-pass weighted variance at every step (ddof 0, 1, 2)") {
  const auto s = test::make_stream(10'000);
  Var v0 = make_var(0), v1, v2 = make_var(2);
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    v0.update(s.x[i], s.w[i]);
    v1.update(s.x[i], s.w[i]);
    v2.update(s.x[i], s.w[i]);
    const auto sums = test::central_sums(s.x, s.w, i + 1);
    const double e0 = static_cast<double>(test::two_pass_var(sums, 0));
    const double e1 = static_cast<double>(test::two_pass_var(sums, 1));
    const double e2 = static_cast<double>(test::two_pass_var(sums, 2));
    if (!test::close(v0.get(), e0) || !test::close(v1.get(), e1) || !test::close(v2.get(), e2)) {
      FAIL("step " << i << ": got " << v0.get() << ", " << v1.get() << ", " << v2.get()
                   << "; expected " << e0 << ", " << e1 << ", " << e2);
    }
    if (!test::close(v1.n(), static_cast<double>(sums.n)) ||
        !test::close(v1.mean().get(), static_cast<double>(sums.mean))) {
      FAIL("step " << i << ": n or mean differs");
    }
  }
}

TEST_CASE("Var follows River's documented example") {
  Var var;
  const double xs[] = {3, 5, 4, 7, 10, 12};
  const double expected[] = {0.0, 2.0, 1.0, 2.9166666666666665, 7.7, 12.566666666666666};
  for (int i = 0; i < 6; ++i) {
    var.update(xs[i]);
    CHECK(var.get() == doctest::Approx(expected[i]).epsilon(1e-12));
  }
}

TEST_CASE("Var edge cases: empty, one value, constant stream, zero weights") {
  Var var;
  CHECK(var.get() == 0.0);
  CHECK(var.n() == 0.0);
  var.update(4.0);
  CHECK(var.get() == 0.0);  // n == ddof
  Var pop = make_var(0);
  pop.update(4.0);
  CHECK(pop.get() == 0.0);
  for (int i = 0; i < 100; ++i) var.update(4.0);
  CHECK(var.get() == 0.0);
  const Var before = var;
  var.update(1e6, 0.0);
  CHECK(var == before);
  // Total weight below ddof: still 0, as in River.
  Var light;
  light.update(1.0, 0.3);
  light.update(5.0, 0.4);
  CHECK(light.get() == 0.0);
  light.update(9.0, 0.5);  // n = 1.2 > 1
  const auto sums = test::central_sums({1.0, 5.0, 9.0}, {0.3, 0.4, 0.5}, 3);
  CHECK(test::close(light.get(), static_cast<double>(sums.m2 / (sums.n - 1))));
}

TEST_CASE("Var revert undoes update") {
  const auto s = test::make_stream(300, 11);
  Var var;
  for (std::size_t i = 0; i < s.x.size(); ++i) var.update(s.x[i], s.w[i]);
  for (std::size_t i = s.x.size(); i-- > 100;) var.revert(s.x[i], s.w[i]);
  const auto sums = test::central_sums(s.x, s.w, 100);
  CHECK(test::close(var.get(), static_cast<double>(test::two_pass_var(sums, 1))));
  CHECK(test::close(var.n(), static_cast<double>(sums.n)));
  // Rolling-window style: add one, remove the oldest, compare with the window's two-pass value.
  Var window;
  const std::size_t size = 10;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    window.update(s.x[i]);
    if (i >= size) window.revert(s.x[i - size]);
    const std::size_t begin = i >= size ? i - size + 1 : 0;
    const std::vector<double> tail(s.x.begin() + static_cast<std::ptrdiff_t>(begin),
                                   s.x.begin() + static_cast<std::ptrdiff_t>(i + 1));
    const double expected =
        static_cast<double>(test::two_pass_var(test::central_sums(tail, {}, tail.size()), 1));
    if (!test::close(window.get(), expected)) {
      FAIL("window ending at " << i << ": got " << window.get() << ", expected " << expected);
    }
  }
  Var all;  // fractional weights, reverted down to nothing: no spurious error, exactly empty
  for (std::size_t i = 0; i < s.x.size(); ++i) all.update(s.x[i], s.w[i]);
  for (std::size_t i = s.x.size(); i-- > 0;) all.revert(s.x[i], s.w[i]);
  CHECK(all == Var());
  Var one;
  one.update(3.0, 2.0);
  one.revert(3.0, 2.0);
  CHECK(one.get() == 0.0);
  CHECK(one.n() == 0.0);
  CHECK(one == Var());
  const Var snapshot = one;
  CHECK_THROWS_WITH_AS(one.revert(1.0), "Var: cannot revert below a total weight of 0",
                       streamwise::InvalidInput);
  CHECK(one == snapshot);
}

TEST_CASE("Var merges and un-merges like River (A + B == all, (A + B) - B == A)") {
  for (int ddof : {0, 1, 2}) {
    CAPTURE(ddof);
    const auto s = test::make_stream(2'000, 7);
    Var a = make_var(ddof), b = make_var(ddof), all = make_var(ddof);
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      (i < 1200 ? a : b).update(s.x[i], s.w[i]);
      all.update(s.x[i], s.w[i]);
      if (i % 97 == 0 && i >= 1200) {  // merge at many prefixes, against the two-pass value
        const Var merged = a + b;
        const auto sums = test::central_sums(s.x, s.w, i + 1);
        CHECK(test::close(merged.get(), static_cast<double>(test::two_pass_var(sums, ddof))));
      }
    }
    const Var merged = a + b;
    CHECK(test::close(merged.get(), all.get()));
    CHECK(test::close(merged.n(), all.n()));
    Var in_place = a;
    in_place += b;
    CHECK(in_place == merged);
    const Var recovered = merged - b;
    CHECK(test::close(recovered.get(), a.get()));
    CHECK(test::close(recovered.mean().get(), a.mean().get()));
    Var in_place_sub = merged;
    in_place_sub -= b;
    CHECK(in_place_sub == recovered);
    CHECK((a - a).get() == 0.0);
    CHECK((a - a).n() == 0.0);
  }
  Var empty;
  CHECK((empty + empty) == Var());
  CHECK((empty - empty) == Var());
  Var one;
  one.update(2.5);
  CHECK((empty + one).get() == 0.0);
  CHECK((one - one) == Var());  // River's test_sub_back_to_zero
}

TEST_CASE("Var rejects NaN, inf and bad weights without changing state") {
  Var var;
  var.update(2.0);
  var.update(3.0);
  const Var before = var;
  CHECK_THROWS_WITH_AS(var.update(std::nan("")), doctest::Contains("Var: x must be finite"),
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(var.update(INFINITY), "Var: x must be finite, got inf",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(var.update(1.0, -1.0),
                       "Var: weight w must be finite and >= 0, got -1.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(var.update(1.0, NAN), streamwise::InvalidInput);
  CHECK_THROWS_AS(var.revert(NAN), streamwise::InvalidInput);
  CHECK_THROWS_AS(var.revert(1.0, -2.0), streamwise::InvalidInput);
  CHECK_THROWS_AS(var.revert(1.0, 5.0), streamwise::InvalidInput);
  CHECK(var == before);
}

TEST_CASE("Var validates its parameters") {
  Var::Params p;
  p.ddof = -1;
  CHECK_THROWS_WITH_AS(Var{p}, "Var: ddof must be >= 0", std::invalid_argument);
  p.ddof = 3;
  CHECK(Var(p).params().ddof == 3);
  CHECK(Var().params().ddof == 1);
}

TEST_CASE("Var checkpoint round-trip keeps state and behaviour") {
  const auto s = test::make_stream(500, 3);
  Var original = make_var(2);
  for (std::size_t i = 0; i < 250; ++i) original.update(s.x[i], s.w[i]);
  Var restored = test::roundtrip(original);
  CHECK(restored == original);
  CHECK(restored.params().ddof == 2);
  for (std::size_t i = 250; i < 500; ++i) {
    original.update(s.x[i], s.w[i]);
    restored.update(s.x[i], s.w[i]);
  }
  CHECK(restored == original);
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"Var","params":{"ddof":2}})");
  CHECK(streamwise::repr(streamwise::spec_of(Var())) == "Var (\n  ddof=1\n)");
}

TEST_CASE("Var gives River's answers (integer weights)") {
  const test::RiverReference ref;
  Var var;
  for (std::size_t i = 0; i < ref.rows(); ++i) {
    var.update(ref(i, ref.kX), ref(i, ref.kW));
    CHECK(test::close(var.get(), ref(i, ref.kVar)));
  }
}
