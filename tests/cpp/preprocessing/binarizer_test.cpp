#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "preprocessing/preprocessing_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/preprocessing/binarizer.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::preprocessing::Binarizer;
namespace test = streamwise::test;

static_assert(streamwise::Transformer<Binarizer>);
static_assert(!Binarizer::accepts_nominal);

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("Binarizer matches River at every step") {
  test::check_against_river(Binarizer(), "binarizer.csv");
  test::check_against_river(Binarizer({.threshold = 4.2}), "binarizer_threshold4_2.csv");
}

TEST_CASE("Binarizer thresholds strictly, keeps absent features absent") {
  const Binarizer b({.threshold = 1.0});
  const std::vector<double> row{1.0, 1.0000001, kNaN, -5.0};
  std::vector<double> out(5, 42.0);
  b.transform_one(DenseView{row}, out);
  CHECK(out[0] == 0.0);  // not strictly above
  CHECK(out[1] == 1.0);
  CHECK(std::isnan(out[2]));
  CHECK(out[3] == 0.0);
  CHECK(std::isnan(out[4]));  // past the end of the sample
  Binarizer().transform_one(DenseView{}, out);
  CHECK(std::isnan(out[0]));
  Binarizer learner;
  learner.learn_one(DenseView{row});
  CHECK(learner == Binarizer());
}

TEST_CASE("Binarizer rejects infinite values") {
  Binarizer b;
  const std::vector<double> bad{kInf};
  CHECK_THROWS_WITH_AS(b.learn_one(DenseView{bad}), "Binarizer: x[0] must be finite, got inf",
                       streamwise::InvalidInput);
  std::vector<double> out(1);
  CHECK_THROWS_AS(b.transform_one(DenseView{bad}, out), streamwise::InvalidInput);
  CHECK(b == Binarizer());
}

TEST_CASE("Binarizer validates its parameters") {
  CHECK_THROWS_WITH_AS(Binarizer({.threshold = kNaN}),
                       "Binarizer: threshold must be a number (not NaN)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(Binarizer({.dtype = "str"}),
                       "Binarizer: dtype must be one of bool, int, float", std::invalid_argument);
  CHECK_NOTHROW(Binarizer({.threshold = -kInf, .dtype = "float"}));
}

TEST_CASE("Binarizer checkpoint round-trip keeps parameters") {
  const Binarizer original({.threshold = 0.5, .dtype = "int"});
  const Binarizer restored = test::roundtrip(original);
  CHECK(restored == original);
  CHECK(restored.params().dtype == "int");
  CHECK(streamwise::to_json(streamwise::spec_of(Binarizer())) ==
        R"({"type":"Binarizer","params":{"threshold":0.0,"dtype":"bool"}})");
  CHECK(streamwise::repr(streamwise::spec_of(Binarizer())) ==
        "Binarizer (\n  threshold=0.\n  dtype=\"bool\"\n)");
}
