#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "compose/compose_reference.hpp"
#include "streamwise/compose/any_transformer.hpp"
#include "streamwise/compose/select.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::compose::AnyTransformer;
using streamwise::compose::Select;
using streamwise::preprocessing::MinMaxScaler;
using streamwise::preprocessing::StandardScaler;
namespace test = streamwise::test;
namespace ref = streamwise::test::compose;

static_assert(streamwise::Transformer<AnyTransformer>);

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

TEST_CASE("AnyTransformer behaves as the transformer it wraps") {
  AnyTransformer any{StandardScaler{}};
  StandardScaler plain;
  std::vector<double> a(ref::n_features), b(ref::n_features);
  for (const auto& row : ref::stream()) {
    any.learn_one(row.view());
    plain.learn_one(row.view());
    REQUIRE(any.n_outputs(row.view()) == ref::n_features);
    any.transform_one(row.view(), a);
    plain.transform_one(row.view(), b);
    for (std::size_t i = 0; i < a.size(); ++i) CHECK(test::close(a[i], b[i], 0.0));
  }
  REQUIRE(any.target<StandardScaler>() != nullptr);
  CHECK(*any.target<StandardScaler>() == plain);
  CHECK(any.target<MinMaxScaler>() == nullptr);
  CHECK(any.type_name() == "StandardScaler");
  CHECK_FALSE(any.accepts_nominal());
  CHECK_FALSE(any.names_outputs());
  CHECK_THROWS_WITH_AS(any.output_name(0), "StandardScaler: bind() a FeatureSpace first",
                       std::logic_error);
  CHECK(any.output_name(2, ref::feature_space()) == "x2");

  // Value semantics: a copy is independent.
  AnyTransformer copy = any;
  CHECK(copy == any);
  copy.learn_one(ref::stream()[0].view());
  CHECK_FALSE(copy == any);
  CHECK(any.clone() == any);
  CHECK_FALSE(AnyTransformer{MinMaxScaler{}} == AnyTransformer{StandardScaler{}});
}

TEST_CASE("bind reaches the wrapped transformer; names from a naming transformer") {
  AnyTransformer select{Select({.keys = {"x1"}})};
  CHECK(select.names_outputs());
  select.bind(ref::feature_space());
  std::vector<double> out(ref::n_features);
  select.transform_one(ref::stream()[0].view(), out);
  CHECK(std::isnan(out[0]));
  CHECK(out[1] == ref::stream()[0].x[1]);
  CHECK(select.output_name(1) == "x1");
}

TEST_CASE("an empty AnyTransformer refuses every use; bad input passes through unchanged") {
  AnyTransformer empty;
  CHECK_FALSE(empty.has_value());
  CHECK_THROWS_WITH_AS(empty.learn_one(DenseView{}), "AnyTransformer: empty (holds no estimator)",
                       std::logic_error);
  CHECK(empty == AnyTransformer{});

  AnyTransformer any{StandardScaler{}};
  any.learn_one(ref::stream()[0].view());
  const AnyTransformer before = any;
  const double bad[] = {kInf};
  CHECK_THROWS_WITH_AS(any.learn_one(DenseView{bad}),
                       "StandardScaler: x[0] must be finite, got inf", streamwise::InvalidInput);
  CHECK(any == before);
}

TEST_CASE("AnyTransformer spec and checkpoints") {
  AnyTransformer any{StandardScaler({.with_std = false})};
  CHECK(streamwise::to_json(any.spec()) ==
        "{\"type\":\"StandardScaler\",\"params\":{\"with_std\":false,\"window_size\":null}}");
  CHECK(streamwise::to_json(streamwise::spec_of(any)) ==
        "{\"type\":\"AnyTransformer\",\"params\":{\"StandardScaler\":{\"type\":"
        "\"StandardScaler\",\"params\":{\"with_std\":false,\"window_size\":null}}}}");
  for (std::size_t r = 0; r < 50; ++r) any.learn_one(ref::stream()[r].view());
  AnyTransformer restored =
      ref::roundtrip_into(any, AnyTransformer{StandardScaler({.with_std = false})});
  CHECK(restored == any);
  std::vector<double> a(4), b(4);
  for (std::size_t r = 50; r < ref::n_rows; ++r) {
    any.learn_one(ref::stream()[r].view());
    restored.learn_one(ref::stream()[r].view());
    any.transform_one(ref::stream()[r].view(), a);
    restored.transform_one(ref::stream()[r].view(), b);
    for (std::size_t i = 0; i < 4; ++i) CHECK(test::close(a[i], b[i], 0.0));
  }
  CHECK(restored == any);
  // Another wrapped type, or an empty wrapper, cannot take the checkpoint.
  CHECK_THROWS_WITH_AS(ref::roundtrip_into(any, AnyTransformer{MinMaxScaler{}}),
                       "AnyTransformer: checkpoint holds a StandardScaler, not a MinMaxScaler",
                       streamwise::CheckpointError);
  const auto bytes = streamwise::io::to_checkpoint(any);
  CHECK_THROWS_WITH_AS(
      streamwise::io::from_checkpoint<AnyTransformer>(std::string_view(bytes)),
      "AnyTransformer: cannot load a StandardScaler into an empty wrapper; build it from its "
      "spec first",
      streamwise::CheckpointError);
}
