#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "compose/compose_reference.hpp"
#include "streamwise/compose/discard.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::FeatureSpace;
using streamwise::compose::Discard;
using streamwise::compose::Pipeline;
namespace test = streamwise::test;
namespace ref = streamwise::test::compose;

static_assert(streamwise::Transformer<Discard>);

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("Discard('x1') | MinMaxScaler | GaussianNB matches River") {
  using Model = Pipeline<Discard, streamwise::preprocessing::MinMaxScaler,
                         streamwise::naive_bayes::GaussianNB>;
  Model model(Discard({.keys = {"x1"}}), {}, {});
  model.bind(ref::feature_space());
  ref::check_classifier_with_checkpoint(model, "discard_gnb.csv", ref::feature_space());
}

TEST_CASE("Discard drops the named features, ids unchanged, and follows a growing space") {
  FeatureSpace space;
  space.intern("a");
  Discard discard({.keys = {"c", "nope"}});
  const double x[] = {1.0, 2.0, 3.0};
  std::vector<double> out(4, 0.0);
  CHECK_THROWS_WITH_AS(discard.transform_one(DenseView{x}, out),
                       "Discard: bind() a FeatureSpace first", std::logic_error);
  discard.bind(&space);
  discard.transform_one(DenseView{x}, out);
  CHECK(out[0] == 1.0);
  CHECK(out[1] == 2.0);
  CHECK(out[2] == 3.0);  // "c" is not a feature yet
  CHECK(std::isnan(out[3]));
  space.intern("b");
  space.intern("c");
  discard.transform_one(DenseView{x}, out);
  CHECK(std::isnan(out[2]));
  CHECK(discard.output_name(1) == "b");
  const double y[] = {kNaN, 5.0};
  discard.transform_one(DenseView{y}, out);
  CHECK(std::isnan(out[0]));
  CHECK(out[1] == 5.0);
  std::vector<double> small(1);
  CHECK_THROWS_WITH_AS(discard.transform_one(DenseView{x}, small),
                       "Discard: out has 1 slots, fewer than the 3 of the sample",
                       streamwise::InvalidInput);
  Discard none;  // no keys: everything passes
  none.bind(&space);
  none.transform_one(DenseView{x}, out);
  CHECK(out[2] == 3.0);
}

TEST_CASE("Discard params, spec and checkpoint") {
  Discard discard({.keys = {"x1"}});
  CHECK(streamwise::to_json(streamwise::spec_of(discard)) ==
        "{\"type\":\"Discard\",\"params\":{\"keys\":\"x1\"}}");
  Discard restored = test::roundtrip(discard);
  CHECK(restored == discard);
  CHECK_THROWS_AS(restored.output_name(0), std::logic_error);  // bind again after loading
}
