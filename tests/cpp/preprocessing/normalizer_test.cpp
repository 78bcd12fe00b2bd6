#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "preprocessing/preprocessing_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/preprocessing/normalizer.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::preprocessing::Normalizer;
namespace test = streamwise::test;

static_assert(streamwise::Transformer<Normalizer>);
static_assert(!Normalizer::accepts_nominal);

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("Normalizer matches River (numpy norms) at every step") {
  test::check_against_river(Normalizer(), "normalizer.csv");
  test::check_against_river(Normalizer({.order = 1}), "normalizer_order1.csv");
  test::check_against_river(Normalizer({.order = 0}), "normalizer_order0.csv");
  test::check_against_river(Normalizer({.order = 3}), "normalizer_order3.csv");
  test::check_against_river(Normalizer({.order = 0.5}), "normalizer_order0_5.csv");
  test::check_against_river(Normalizer({.order = kInf}), "normalizer_order_inf.csv");
}

TEST_CASE("Normalizer follows River's documented example and other orders") {
  const Normalizer l2;
  const std::vector<std::vector<double>> rows{{4, 1, 2, 2}, {1, 3, 9, 3}, {5, 7, 5, 1}};
  const std::vector<std::vector<double>> expected{
      {0.8, 0.2, 0.4, 0.4}, {0.1, 0.3, 0.9, 0.3}, {0.5, 0.7, 0.5, 0.1}};
  std::vector<double> out(4);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    l2.transform_one(DenseView{rows[r]}, out);
    for (std::size_t i = 0; i < 4; ++i) CHECK(test::close(out[i], expected[r][i], 1e-15));
  }
  const std::vector<double> row{-3.0, kNaN, 4.0};
  CHECK(l2.norm(DenseView{row}) == 5.0);
  CHECK(Normalizer({.order = 1}).norm(DenseView{row}) == 7.0);
  CHECK(Normalizer({.order = kInf}).norm(DenseView{row}) == 4.0);
  CHECK(Normalizer({.order = -kInf}).norm(DenseView{row}) == 3.0);
  CHECK(Normalizer({.order = 0}).norm(DenseView{row}) == 2.0);
  // (1/3 + 1/4)^-1 = 12/7, as numpy gives for ord=-1
  CHECK(test::close(Normalizer({.order = -1}).norm(DenseView{row}), 12.0 / 7.0, 1e-15));
  std::vector<double> out3(3);
  Normalizer({.order = -kInf}).transform_one(DenseView{row}, out3);
  CHECK(out3[0] == -1.0);
  CHECK(std::isnan(out3[1]));
  CHECK(test::close(out3[2], 4.0 / 3.0, 1e-15));
}

TEST_CASE("Normalizer edge cases: empty samples, one value, zero norm, learning is a no-op") {
  const Normalizer n;
  std::vector<double> out(3, 42.0);
  n.transform_one(DenseView{}, out);  // River: {} -> {}
  CHECK(std::isnan(out[0]));
  CHECK(std::isnan(out[2]));
  const std::vector<double> absent{kNaN, kNaN};
  n.transform_one(DenseView{absent}, out);
  CHECK(std::isnan(out[0]));
  const std::vector<double> one{kNaN, -2.5};
  n.transform_one(DenseView{one}, out);
  CHECK(out[1] == -1.0);
  const std::vector<double> zeros{0.0, kNaN, 0.0};
  std::vector<double> untouched(3, 42.0);
  CHECK_THROWS_WITH_AS(n.transform_one(DenseView{zeros}, untouched),
                       "Normalizer: cannot normalise a sample whose norm is 0",
                       streamwise::InvalidInput);
  CHECK(untouched[0] == 42.0);
  const std::vector<double> has_zero{0.0, 2.0};
  CHECK_THROWS_AS(Normalizer({.order = -1}).transform_one(DenseView{has_zero}, out),
                  streamwise::InvalidInput);  // numpy: (inf)^-1 = 0
  Normalizer learner;
  learner.learn_one(DenseView{one});
  CHECK(learner == Normalizer());
}

TEST_CASE("Normalizer rejects infinite values") {
  Normalizer n;
  const std::vector<double> bad{1.0, kInf};
  CHECK_THROWS_WITH_AS(n.learn_one(DenseView{bad}), "Normalizer: x[1] must be finite, got inf",
                       streamwise::InvalidInput);
  std::vector<double> out(2, 42.0);
  CHECK_THROWS_AS(n.transform_one(DenseView{bad}, out), streamwise::InvalidInput);
  CHECK(out[0] == 42.0);
  CHECK(n == Normalizer());
}

TEST_CASE("Normalizer validates its parameters") {
  CHECK_THROWS_WITH_AS(Normalizer({.order = kNaN}), "Normalizer: order must be a number (not NaN)",
                       std::invalid_argument);
  CHECK_NOTHROW(Normalizer({.order = -kInf}));
}

TEST_CASE("Normalizer checkpoint round-trip keeps parameters") {
  const Normalizer original({.order = 3});
  const Normalizer restored = test::roundtrip(original);
  CHECK(restored == original);
  const std::vector<double> row{1.0, 2.0, 3.0};
  std::vector<double> a(3), b(3);
  original.transform_one(DenseView{row}, a);
  restored.transform_one(DenseView{row}, b);
  CHECK(a == b);
  CHECK(streamwise::to_json(streamwise::spec_of(Normalizer())) ==
        R"({"type":"Normalizer","params":{"order":2.0}})");
}
