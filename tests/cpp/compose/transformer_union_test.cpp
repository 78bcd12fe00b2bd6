#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "compose/compose_reference.hpp"
#include "streamwise/compose/discard.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/compose/transformer_union.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/linear_model/bayesian_linear_regression.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::compose::Discard;
using streamwise::compose::make_union;
using streamwise::compose::Pipeline;
using streamwise::compose::TransformerUnion;
using streamwise::linear_model::BayesianLinearRegression;
using streamwise::naive_bayes::GaussianNB;
using streamwise::preprocessing::MinMaxScaler;
using streamwise::preprocessing::StandardScaler;
namespace test = streamwise::test;
namespace ref = streamwise::test::compose;

using Scalers = TransformerUnion<StandardScaler, MinMaxScaler>;
using DiscardParts =
    TransformerUnion<Pipeline<Discard, StandardScaler>, Pipeline<Discard, MinMaxScaler>>;

static_assert(streamwise::Transformer<Scalers>);
static_assert(streamwise::Transformer<DiscardParts>);
static_assert(streamwise::Classifier<Pipeline<Scalers, GaussianNB>>);
static_assert(!Scalers::accepts_nominal);

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

DiscardParts discard_parts() {
  return DiscardParts(Pipeline<Discard, StandardScaler>(Discard({.keys = {"x2", "x3"}}), {}),
                      Pipeline<Discard, MinMaxScaler>(Discard({.keys = {"x0", "x1"}}), {}));
}
}  // namespace

TEST_CASE("(StandardScaler + MinMaxScaler) | GaussianNB matches River with prefixed parts") {
  ref::check_classifier_with_checkpoint(Pipeline<Scalers, GaussianNB>{}, "union_gnb.csv");
}

TEST_CASE("union of Discard pipelines | BayesianLinearRegression matches River") {
  Pipeline<DiscardParts, BayesianLinearRegression> model(discard_parts(), {});
  model.bind(ref::feature_space());
  ref::check_regressor_with_checkpoint(model, "union_discard_blr.csv", ref::feature_space());
}

TEST_CASE("outputs are interleaved: output j of part k is id j * n_parts + k") {
  Scalers both;
  StandardScaler a;
  MinMaxScaler b;
  std::vector<double> out, ea(ref::n_features), eb(ref::n_features);
  for (const auto& row : ref::stream()) {
    both.learn_one(row.view());
    a.learn_one(row.view());
    b.learn_one(row.view());
    REQUIRE(both.n_outputs(row.view()) == 2 * ref::n_features);
    out.assign(2 * ref::n_features + 1, 0.0);
    both.transform_one(row.view(), out);
    a.transform_one(row.view(), ea);
    b.transform_one(row.view(), eb);
    for (std::size_t j = 0; j < ref::n_features; ++j) {
      CHECK(test::close(out[2 * j], ea[j], 0.0));
      CHECK(test::close(out[2 * j + 1], eb[j], 0.0));
    }
    CHECK(std::isnan(out.back()));
  }
  // Parts of different widths: the narrow part's missing slots are absent.
  const double x[] = {1.0, 2.0, 3.0};
  TransformerUnion<StandardScaler> one;
  CHECK(one.n_outputs(DenseView{x}) == 3);
  CHECK(both.n_outputs(DenseView{}) == 0);
  std::vector<double> none;
  both.transform_one(DenseView{}, none);

  std::vector<double> small(3);
  CHECK_THROWS_WITH_AS(both.transform_one(DenseView{x}, small),
                       "TransformerUnion: out has 3 slots, fewer than the 6 outputs",
                       streamwise::InvalidInput);
}

TEST_CASE("output names come from the parts, or from the bound space for id-keeping parts") {
  Scalers both;
  CHECK_THROWS_WITH_AS(both.output_name(0), "TransformerUnion: bind() a FeatureSpace first",
                       std::logic_error);
  both.bind(ref::feature_space());
  CHECK(both.output_name(0) == "x0");  // StandardScaler's x0
  CHECK(both.output_name(1) == "x0");  // MinMaxScaler's x0 (River would need a Prefixer)
  CHECK(both.output_name(5) == "x2");
  auto parts = discard_parts();
  parts.bind(ref::feature_space());
  CHECK(parts.output_name(7) == "x3");
}

TEST_CASE("bad input leaves every part unchanged; params; checkpoint") {
  Scalers both;
  for (std::size_t r = 0; r < 20; ++r) both.learn_one(ref::stream()[r].view());
  const Scalers before = both;
  const double bad[] = {1.0, kNaN, kInf};
  CHECK_THROWS_WITH_AS(both.learn_one(DenseView{bad}),
                       "TransformerUnion: x[2] must be finite, got inf", streamwise::InvalidInput);
  CHECK(both == before);

  CHECK(streamwise::to_json(streamwise::spec_of(both)) ==
        "{\"type\":\"TransformerUnion\",\"params\":{"
        "\"StandardScaler\":{\"type\":\"StandardScaler\",\"params\":{\"with_std\":true,"
        "\"window_size\":null}},"
        "\"MinMaxScaler\":{\"type\":\"MinMaxScaler\",\"params\":{\"window_size\":null}}}}");
  const auto twice = make_union(StandardScaler{}, StandardScaler({.with_std = false}));
  CHECK(twice.params().names == std::vector<std::string>{"StandardScaler", "StandardScaler1"});

  Scalers restored = test::roundtrip(both);
  CHECK(restored == both);
  std::vector<double> o1(8), o2(8);
  for (std::size_t r = 20; r < ref::n_rows; ++r) {
    both.learn_one(ref::stream()[r].view());
    restored.learn_one(ref::stream()[r].view());
    both.transform_one(ref::stream()[r].view(), o1);
    restored.transform_one(ref::stream()[r].view(), o2);
    for (std::size_t i = 0; i < 8; ++i) CHECK(test::close(o1[i], o2[i], 0.0));
  }
  CHECK(restored == both);
}
