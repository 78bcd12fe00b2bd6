#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "preprocessing/encoders_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/preprocessing/ordinal_encoder.hpp"
#include "support/checkpoint.hpp"

using streamwise::DenseView;
using streamwise::FeatureKind;
using streamwise::FeatureSpace;
using streamwise::preprocessing::OrdinalEncoder;
namespace test = streamwise::test;
namespace ref = streamwise::test::encoders;

static_assert(streamwise::Transformer<OrdinalEncoder>);
static_assert(OrdinalEncoder::accepts_nominal);

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();

using Outputs = std::map<std::string, std::string>;

Outputs produced(const OrdinalEncoder& enc, const FeatureSpace& space,
                 const std::vector<double>& out) {
  Outputs got;
  for (std::size_t i = 0; i < space.size(); ++i) {
    if (std::isnan(out[i])) continue;
    const auto code = static_cast<long long>(out[i]);
    CHECK(static_cast<double>(code) == out[i]);
    got[enc.output_name(static_cast<streamwise::FeatureId>(i))] = std::to_string(code);
  }
  return got;
}

void run_against_river(OrdinalEncoder enc, const std::string& file) {
  const auto stream = ref::load_stream();
  // step -> phase -> feature -> value ("None" when River outputs None: absent here).
  std::vector<std::map<std::string, Outputs>> expected(ref::n_steps);
  for (const auto& r : ref::read_csv(file)) {
    REQUIRE(r.size() == 4);
    if (r[3] != "None") expected.at(std::stoul(r[0]))[r[1]][r[2]] = r[3];
  }
  FeatureSpace space;
  enc.bind(&space);
  for (std::size_t t = 0; t < ref::n_steps; ++t) {
    const auto row = ref::make_row(space, stream[t]);
    std::vector<double> out(row.size() + 1);
    enc.transform_one(DenseView{row}, out);
    CHECK(std::isnan(out.back()));
    CHECK_MESSAGE(produced(enc, space, out) == expected[t]["before"], "step " << t << " before");
    enc.learn_one(DenseView{row});
    enc.transform_one(DenseView{row}, out);
    CHECK_MESSAGE(produced(enc, space, out) == expected[t]["after"], "step " << t << " after");
  }
}
}  // namespace

TEST_CASE("OrdinalEncoder matches River before and after each learn_one") {
  run_against_river(OrdinalEncoder(), "encoders_ordinal_default.csv");
}

TEST_CASE("OrdinalEncoder with unknown_value=None matches River") {
  run_against_river(OrdinalEncoder({.unknown_value = std::nullopt}),
                    "encoders_ordinal_unknown_none.csv");
}

TEST_CASE("OrdinalEncoder skips reserved codes like River") {
  run_against_river(OrdinalEncoder({.unknown_value = 2, .none_value = 0}),
                    "encoders_ordinal_reserved.csv");
}

TEST_CASE("OrdinalEncoder with negative special values matches River") {
  run_against_river(OrdinalEncoder({.unknown_value = -5, .none_value = -7}),
                    "encoders_ordinal_negative.csv");
}

TEST_CASE("OrdinalEncoder edge cases: empty sample, constant stream, in-place transform") {
  OrdinalEncoder enc;
  std::vector<double> out(3, 7.0);
  enc.transform_one(DenseView{}, out);
  CHECK(std::isnan(out[0]));
  enc.learn_one(DenseView{});
  std::vector<double> row{4.0, kNaN};
  for (int i = 0; i < 4; ++i) enc.learn_one(DenseView{row});
  CHECK(enc.n_values(0) == 1);
  CHECK(enc.code(0, 4.0) == 1);
  CHECK(!enc.code(1, 4.0));
  enc.transform_one(DenseView{row}, row);  // in place
  CHECK(row[0] == 1.0);
  CHECK(std::isnan(row[1]));
  row = {-0.0};  // the same value as 0.0, as in Python
  enc.learn_one(DenseView{row});
  row = {0.0};
  enc.learn_one(DenseView{row});
  CHECK(enc.n_values(0) == 2);
}

TEST_CASE("OrdinalEncoder rejects bad input without changing state") {
  OrdinalEncoder enc;
  std::vector<double> row{1.0, 2.0};
  enc.learn_one(DenseView{row});
  const OrdinalEncoder before = enc;
  row = {3.0, -INFINITY};
  CHECK_THROWS_WITH_AS(enc.learn_one(DenseView{row}),
                       "OrdinalEncoder: x[1] must be finite, got -inf", streamwise::InvalidInput);
  CHECK(enc == before);
  std::vector<double> small(1);
  row = {1.0, 2.0};
  CHECK_THROWS_WITH_AS(enc.transform_one(DenseView{row}, small),
                       "OrdinalEncoder: out has 1 slots, fewer than the 2 of the sample",
                       streamwise::InvalidInput);
}

TEST_CASE("OrdinalEncoder names outputs through the bound space") {
  OrdinalEncoder enc;
  CHECK_THROWS_WITH_AS((void)enc.output_name(0), "OrdinalEncoder: bind() a FeatureSpace first",
                       std::logic_error);
  FeatureSpace space;
  space.intern("country", FeatureKind::nominal);
  enc.bind(&space);
  CHECK(enc.output_name(0) == "country");
  CHECK(enc.n_outputs(DenseView{std::vector<double>{1.0, 2.0}}) == 2);
}

TEST_CASE("OrdinalEncoder parameters and spec") {
  const OrdinalEncoder enc;
  CHECK(streamwise::to_json(streamwise::spec_of(enc)) ==
        R"({"type":"OrdinalEncoder","params":{"unknown_value":0,"none_value":-1}})");
  const OrdinalEncoder none({.unknown_value = std::nullopt});
  CHECK(streamwise::to_json(streamwise::spec_of(none)) ==
        R"({"type":"OrdinalEncoder","params":{"unknown_value":null,"none_value":-1}})");
}

TEST_CASE("OrdinalEncoder checkpoint round-trip (encoder and space) keeps state and behaviour") {
  const auto stream = ref::load_stream();
  FeatureSpace space;
  OrdinalEncoder original({.unknown_value = 2, .none_value = 0});
  original.bind(&space);
  std::size_t t = 0;
  for (; t < 30; ++t) original.learn_one(DenseView{ref::make_row(space, stream[t])});
  FeatureSpace restored_space = ref::roundtrip_space(space);
  OrdinalEncoder restored = test::roundtrip(original);
  CHECK(restored == original);
  restored.bind(&restored_space);
  for (; t < ref::n_steps; ++t) {
    const auto row = ref::make_row(space, stream[t]);
    const auto row2 = ref::make_row(restored_space, stream[t]);
    std::vector<double> a(row.size()), b(row2.size());
    original.transform_one(DenseView{row}, a);
    restored.transform_one(DenseView{row2}, b);
    CHECK(produced(original, space, a) == produced(restored, restored_space, b));
    original.learn_one(DenseView{row});
    restored.learn_one(DenseView{row2});
  }
  CHECK(restored == original);
}
