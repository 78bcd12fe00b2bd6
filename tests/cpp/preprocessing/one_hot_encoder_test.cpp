#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "preprocessing/encoders_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/preprocessing/one_hot_encoder.hpp"
#include "support/checkpoint.hpp"

using streamwise::DenseView;
using streamwise::FeatureKind;
using streamwise::FeatureSpace;
using streamwise::preprocessing::OneHotEncoder;
namespace test = streamwise::test;
namespace ref = streamwise::test::encoders;

static_assert(streamwise::Transformer<OneHotEncoder>);
static_assert(OneHotEncoder::accepts_nominal);

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();

// Produced outputs as name -> value text ("1" / "0", as River's ints print).
std::map<std::string, std::string> produced(const OneHotEncoder& enc,
                                            const std::vector<double>& out) {
  std::map<std::string, std::string> got;
  for (std::size_t o = 0; o < enc.n_outputs(); ++o) {
    if (std::isnan(out[o])) continue;
    got[enc.output_name(static_cast<streamwise::FeatureId>(o))] = out[o] == 1.0 ? "1" : "0";
  }
  return got;
}

// Runs the recorded stream; from `start` on, learns and transforms `enc` (bound to `space`).
void run_against_river(OneHotEncoder enc, const std::string& file) {
  const auto stream = ref::load_stream();
  const auto expected = ref::load_named(file);
  FeatureSpace space;
  enc.bind(&space);
  for (std::size_t t = 0; t < ref::n_steps; ++t) {
    const auto row = ref::make_row(space, stream[t]);
    enc.learn_one(DenseView{row});
    std::vector<double> out(enc.n_outputs(DenseView{row}) + 2);
    enc.transform_one(DenseView{row}, out);
    CHECK(std::isnan(out[out.size() - 1]));
    auto want = expected[t];
    if (want.count("__error__")) {
      // River raises on drop_first with nothing to drop; streamwise produces nothing.
      want.clear();
    }
    const auto got = produced(enc, out);
    if (got != want) {
      std::string g, w;
      for (const auto& [k, v] : got) g += k + "=" + v + " ";
      for (const auto& [k, v] : want) w += k + "=" + v + " ";
      FAIL("step " << t << "\n got:  " << g << "\n want: " << w);
    }
  }
}
}  // namespace

TEST_CASE("OneHotEncoder matches River at every step") {
  run_against_river(OneHotEncoder(), "encoders_one_hot_default.csv");
}

TEST_CASE("OneHotEncoder drop_zeros matches River at every step") {
  run_against_river(OneHotEncoder({.drop_zeros = true}), "encoders_one_hot_drop_zeros.csv");
}

TEST_CASE("OneHotEncoder drop_first matches River at every step") {
  run_against_river(OneHotEncoder({.drop_first = true}), "encoders_one_hot_drop_first.csv");
}

TEST_CASE("OneHotEncoder drop_zeros and drop_first match River at every step") {
  run_against_river(OneHotEncoder({.drop_zeros = true, .drop_first = true}),
                    "encoders_one_hot_drop_both.csv");
}

TEST_CASE("OneHotEncoder names numeric values like Python and ids follow first appearance") {
  FeatureSpace space;
  const auto a = space.intern("a", FeatureKind::nominal);
  const auto b = space.intern("b");
  OneHotEncoder enc;
  enc.bind(&space);
  std::vector<double> row{space.encode_nominal(a, "x"), 1.0};
  enc.learn_one(DenseView{row});
  row = {kNaN, 1e-7};
  enc.learn_one(DenseView{row});
  row = {space.encode_nominal(a, "y"), 1.0};
  enc.learn_one(DenseView{row});
  REQUIRE(enc.n_outputs() == 4);
  CHECK(enc.output_name(0) == "a_x");
  CHECK(enc.output_name(1) == "b_1.0");
  CHECK(enc.output_name(2) == "b_1e-07");
  CHECK(enc.output_name(3) == "a_y");
  CHECK(enc.output_feature(2) == b);
  CHECK(enc.output_value(2) == 1e-7);
  std::vector<double> out(4);
  enc.transform_one(DenseView{row}, out);
  CHECK(out == std::vector<double>{0.0, 1.0, 0.0, 1.0});
  // A value never learnt produces no output (River would emit a new key).
  row = {kNaN, 2.0};
  enc.transform_one(DenseView{row}, out);
  CHECK(out == std::vector<double>{0.0, 0.0, 0.0, 0.0});
  // -0.0 is the same value as 0.0, as in Python's sets.
  row = {kNaN, 0.0};
  enc.learn_one(DenseView{row});
  row = {kNaN, -0.0};
  enc.learn_one(DenseView{row});
  CHECK(enc.n_outputs() == 5);
  CHECK(enc.output_name(4) == "b_0.0");
}

TEST_CASE("OneHotEncoder edge cases: empty encoder, empty sample, constant stream") {
  FeatureSpace space;
  space.intern("a");
  OneHotEncoder enc({.drop_first = true});
  enc.bind(&space);
  std::vector<double> out(2, 5.0);
  enc.transform_one(DenseView{}, out);  // nothing learnt: every slot absent
  CHECK(std::isnan(out[0]));
  CHECK(std::isnan(out[1]));
  CHECK(enc.n_outputs() == 0);
  enc.learn_one(DenseView{});
  CHECK(enc.n_outputs() == 0);
  const std::vector<double> row{3.0};
  for (int i = 0; i < 5; ++i) enc.learn_one(DenseView{row});
  CHECK(enc.n_outputs() == 1);
  enc.transform_one(DenseView{row}, out);
  CHECK(std::isnan(out[0]));  // the only output is the first: dropped
}

TEST_CASE("OneHotEncoder rejects bad input without changing state") {
  FeatureSpace space;
  const auto a = space.intern("a", FeatureKind::nominal);
  space.intern("b");
  OneHotEncoder enc;
  enc.bind(&space);
  std::vector<double> row{space.encode_nominal(a, "x"), 2.0};
  enc.learn_one(DenseView{row});
  const OneHotEncoder before = enc;
  row = {0.0, INFINITY};
  CHECK_THROWS_WITH_AS(enc.learn_one(DenseView{row}), "OneHotEncoder: x[1] must be finite, got inf",
                       streamwise::InvalidInput);
  row = {3.0, 1.0};
  CHECK_THROWS_WITH_AS(enc.learn_one(DenseView{row}),
                       "OneHotEncoder: x[0] is not a nominal code of feature 'a'",
                       streamwise::InvalidInput);
  row = {0.5, 1.0};
  CHECK_THROWS_AS(enc.learn_one(DenseView{row}), streamwise::InvalidInput);
  row = {0.0, 1.0, 4.0};
  CHECK_THROWS_WITH_AS(enc.learn_one(DenseView{row}),
                       "OneHotEncoder: feature id 2 is not in the bound FeatureSpace (2 features)",
                       streamwise::InvalidInput);
  CHECK(enc == before);
  std::vector<double> small(1);
  CHECK_THROWS_WITH_AS(enc.transform_one(DenseView{row}, small),
                       "OneHotEncoder: out has 1 slots, fewer than the 2 outputs",
                       streamwise::InvalidInput);
}

TEST_CASE("OneHotEncoder needs a bound FeatureSpace to learn") {
  OneHotEncoder enc;
  const std::vector<double> row{1.0};
  CHECK_THROWS_WITH_AS(enc.learn_one(DenseView{row}), "OneHotEncoder: bind() a FeatureSpace first",
                       std::logic_error);
  CHECK(enc == OneHotEncoder());
  std::vector<double> out(1);
  enc.transform_one(DenseView{row}, out);  // transforming needs no names
  CHECK(std::isnan(out[0]));
}

TEST_CASE("OneHotEncoder has no invalid parameters and reports its spec") {
  OneHotEncoder enc({.drop_zeros = true, .drop_first = false});
  CHECK(enc.params().drop_zeros);
  CHECK(streamwise::to_json(streamwise::spec_of(enc)) ==
        R"({"type":"OneHotEncoder","params":{"drop_zeros":true,"drop_first":false}})");
}

TEST_CASE("OneHotEncoder checkpoint round-trip (encoder and space) keeps state and behaviour") {
  const auto stream = ref::load_stream();
  FeatureSpace space;
  OneHotEncoder original({.drop_first = true});
  original.bind(&space);
  std::size_t t = 0;
  for (; t < 30; ++t) original.learn_one(DenseView{ref::make_row(space, stream[t])});
  // The owner saves the space next to the encoder.
  FeatureSpace restored_space = ref::roundtrip_space(space);
  OneHotEncoder restored = test::roundtrip(original);
  CHECK(restored == original);
  CHECK(restored.space() == nullptr);
  restored.bind(&restored_space);
  for (; t < ref::n_steps; ++t) {
    const auto row = ref::make_row(space, stream[t]);
    const auto row2 = ref::make_row(restored_space, stream[t]);
    CHECK(row2.size() == row.size());
    original.learn_one(DenseView{row});
    restored.learn_one(DenseView{row2});
    std::vector<double> a(original.n_outputs()), b(restored.n_outputs());
    original.transform_one(DenseView{row}, a);
    restored.transform_one(DenseView{row2}, b);
    CHECK(produced(original, a) == produced(restored, b));
  }
  CHECK(restored == original);
}
