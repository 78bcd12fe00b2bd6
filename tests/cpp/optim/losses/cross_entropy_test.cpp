#include <doctest/doctest.h>

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "optim/optim_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/losses/cross_entropy.hpp"
#include "support/checkpoint.hpp"

using streamwise::ClassId;
using streamwise::optim::losses::CrossEntropy;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<CrossEntropy>);
static_assert(requires(const CrossEntropy l, std::span<const double> p, std::span<double> out) {
  { l.eval(ClassId{0}, p) } -> std::same_as<double>;
  l.gradient(ClassId{0}, p, out);
  l.mean_func(p, out);
});

TEST_CASE("CrossEntropy matches River's loss, gradient and softmax") {
  const test::CsvTable table("optim/losses_cross_entropy.csv");
  std::size_t mismatches = 0;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const auto n = static_cast<std::size_t>(table.num(r, "n"));
    const auto y = static_cast<ClassId>(table.num(r, "y_true"));
    const auto nw = static_cast<std::size_t>(table.num(r, "nw"));
    CrossEntropy::Params params;
    std::vector<double> p(n), x(n), out(n, -7.0), soft(n);
    for (std::size_t k = 0; k < nw; ++k) {
      params.class_weight.push_back(table.num(r, "w" + std::to_string(k)));
    }
    for (std::size_t k = 0; k < n; ++k) {
      p[k] = table.num(r, "p" + std::to_string(k));
      x[k] = table.num(r, "x" + std::to_string(k));
    }
    const CrossEntropy loss(params);
    bool ok = test::same(loss.eval(y, p), table.num(r, "eval"));
    if (table.text(r, "g0") == "error") {
      CHECK_THROWS_AS(loss.gradient(y, p, out), streamwise::InvalidInput);
      for (double v : out) ok = ok && v == -7.0;  // untouched
    } else {
      loss.gradient(y, p, out);
      for (std::size_t k = 0; k < n; ++k) {
        ok = ok && test::same(out[k], table.num(r, "g" + std::to_string(k)));
      }
    }
    loss.mean_func(x, soft);
    for (std::size_t k = 0; k < n; ++k) {
      ok = ok && test::same(soft[k], table.num(r, "s" + std::to_string(k)));
    }
    if (!ok && ++mismatches <= 10) MESSAGE("row " << r + 2 << " differs");
  }
  CHECK_MESSAGE(mismatches == 0, mismatches << " of " << table.rows() << " rows differ");
}

TEST_CASE("CrossEntropy follows River's documented example") {
  const CrossEntropy loss;
  const double p[] = {0.29450637, 0.34216758, 0.36332605};
  double g[3];
  loss.gradient(0, p, g);
  CHECK(g[0] == doctest::Approx(-0.70549363));
  CHECK(g[1] == doctest::Approx(0.34216758));
  CHECK(g[2] == doctest::Approx(0.36332605));
  CHECK(loss.eval(0, p) == doctest::Approx(1.222454).epsilon(1e-6));
}

TEST_CASE("CrossEntropy edge cases") {
  const CrossEntropy loss;
  // No classes yet: empty softmax, and a label without a probability costs -0.0, as River.
  std::vector<double> none;
  loss.mean_func(none, none);
  CHECK(loss.eval(0, none) == 0.0);
  CHECK(std::signbit(loss.eval(0, none)));
  // Probabilities are clamped to [1e-15, 1 - 1e-15].
  const double certain[] = {0.0, 1.0};
  CHECK(loss.eval(0, certain) == -std::log(1e-15));
  double g[2];
  loss.gradient(1, certain, g);
  CHECK(g[0] == 1e-15);
  CHECK(g[1] == (1.0 - 1e-15) - 1.0);
  // Weights past the end of class_weight are 1.
  const CrossEntropy weighted({.class_weight = {2.0}});
  CHECK(weighted.weight(0) == 2.0);
  CHECK(weighted.weight(5) == 1.0);
  // Softmax of huge scores does not overflow.
  const double scores[] = {1000.0, 1000.0};
  double s[2];
  loss.mean_func(scores, s);
  CHECK(s[0] == 0.5);
  CHECK(s[1] == 0.5);
}

TEST_CASE("CrossEntropy validates parameters and input") {
  CHECK_THROWS_WITH_AS(CrossEntropy({.class_weight = {1.0, -2.0}}),
                       "CrossEntropy: class_weight must be finite and >= 0", std::invalid_argument);
  const CrossEntropy loss;
  const double bad[] = {0.5, std::nan("")};
  double out[2] = {-7.0, -7.0};
  CHECK_THROWS_WITH_AS(loss.gradient(0, bad, out),
                       doctest::Contains("CrossEntropy: y_pred must be finite"),
                       streamwise::InvalidInput);
  CHECK(out[0] == -7.0);
  CHECK_THROWS_AS(loss.eval(0, bad), streamwise::InvalidInput);
  CHECK_THROWS_AS(loss.mean_func(bad, out), streamwise::InvalidInput);
  const double p[] = {0.5, 0.5};
  double small[1];
  CHECK_THROWS_WITH_AS(loss.gradient(0, p, small),
                       "CrossEntropy: gradient output has 1 slots for 2 classes",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(loss.gradient(2, p, out),
                       "CrossEntropy: y_true 2 has no probability among 2 classes",
                       streamwise::InvalidInput);
}

TEST_CASE("CrossEntropy checkpoint round-trip and spec") {
  const CrossEntropy loss({.class_weight = {0.5, 3.0}});
  const CrossEntropy restored = test::roundtrip(loss);
  CHECK(restored == loss);
  const double p[] = {0.2, 0.3, 0.5};
  double a[3], b[3];
  loss.gradient(1, p, a);
  restored.gradient(1, p, b);
  for (int k = 0; k < 3; ++k) CHECK(a[k] == b[k]);
  // class_weight is not a ParamValue yet, so the spec lists no parameter.
  CHECK(streamwise::to_json(streamwise::spec_of(loss)) == R"({"type":"CrossEntropy","params":{}})");
}
