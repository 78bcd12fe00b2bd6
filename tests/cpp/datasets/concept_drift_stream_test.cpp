#include <doctest/doctest.h>

#include "datasets/datasets_reference.hpp"
#include "streamwise/datasets/concept_drift_stream.hpp"
#include "streamwise/datasets/friedman.hpp"
#include "streamwise/datasets/hyperplane.hpp"
#include "streamwise/datasets/sea.hpp"
#include "streamwise/datasets/stream.hpp"

using streamwise::datasets::Agrawal;
using streamwise::datasets::ConceptDriftStream;
using streamwise::datasets::Friedman;
using streamwise::datasets::SEA;
namespace ref = streamwise::test::datasets;

static_assert(streamwise::datasets::ClassificationStream<ConceptDriftStream<>>);
static_assert(streamwise::datasets::ClassificationStream<ConceptDriftStream<SEA>>);
static_assert(streamwise::datasets::RegressionStream<ConceptDriftStream<Friedman>>);

TEST_CASE("ConceptDriftStream with River's default Agrawal streams") {
  ConceptDriftStream<> gen({.position = 100, .width = 50, .seed = 42});
  ref::check_reference(gen, "cds_agrawal_s42");
}

TEST_CASE("ConceptDriftStream of two SEA streams, by width and by alpha") {
  ConceptDriftStream<SEA> a({.stream = SEA({.variant = 0, .seed = 1}),
                             .drift_stream = SEA({.variant = 3, .noise = 0.1, .seed = 2}),
                             .position = 50,
                             .width = 10,
                             .seed = 7});
  ref::check_reference(a, "cds_sea_s7");
  ConceptDriftStream<SEA> b({.stream = SEA({.variant = 0, .seed = 1}),
                             .drift_stream = SEA({.variant = 1, .seed = 1}),
                             .position = 100,
                             .seed = 3,
                             .alpha = 45.0});
  CHECK(b.effective_width() == 1.0);
  ref::check_reference(b, "cds_sea_alpha45");
  ConceptDriftStream<SEA> c({.stream = SEA({.variant = 0, .seed = 1}),
                             .drift_stream = SEA({.variant = 1, .seed = 1}),
                             .position = 100,
                             .seed = 3,
                             .alpha = 1.0});
  CHECK(c.effective_width() == 57.0);
  ref::check_reference(c, "cds_sea_alpha1");
}

TEST_CASE("ConceptDriftStream nests, and blends regression streams") {
  using Inner = ConceptDriftStream<SEA>;
  ConceptDriftStream<Inner, SEA> nested(
      {.stream = Inner({.stream = SEA({.variant = 0, .seed = 1}),
                        .drift_stream = SEA({.variant = 1, .seed = 2}),
                        .position = 50,
                        .width = 10,
                        .seed = 1}),
       .drift_stream = SEA({.variant = 2, .seed = 3}),
       .position = 120,
       .width = 20,
       .seed = 2});
  ref::check_reference(nested, "cds_nested");
  ConceptDriftStream<Friedman> reg({.stream = Friedman({.seed = 1}),
                                    .drift_stream = Friedman({.seed = 2}),
                                    .position = 100,
                                    .width = 30,
                                    .seed = 3});
  ref::check_reference(reg, "cds_friedman");
}

TEST_CASE("ConceptDriftStream restarts its sub-streams from their seeds") {
  SEA used({.seed = 1});
  for (int i = 0; i < 10; ++i) used.next();  // River's iter() restarts it anyway
  ConceptDriftStream<SEA> a({.stream = used,
                             .drift_stream = SEA({.variant = 1, .seed = 2}),
                             .position = 20,
                             .width = 5,
                             .seed = 3});
  ConceptDriftStream<SEA> b({.stream = SEA({.seed = 1}),
                             .drift_stream = SEA({.variant = 1, .seed = 2}),
                             .position = 20,
                             .width = 5,
                             .seed = 3});
  for (int i = 0; i < 50; ++i) REQUIRE(a.next() == b.next());
  CHECK(a.n_samples() == 50);
  CHECK(a.n_features() == 3);
  CHECK(a.n_classes() == 2);
  CHECK(a.feature_names() == std::vector<std::string>{"0", "1", "2"});
  ref::check_reset(a);
}

TEST_CASE("ConceptDriftStream far before a sharp drift: River overflows, we give probability 0") {
  // -4 (1 - 5000) / 1 = 19996: math.exp raises OverflowError in River.
  ConceptDriftStream<SEA> gen({.stream = SEA({.seed = 1}),
                               .drift_stream = SEA({.variant = 1, .seed = 2}),
                               .position = 5000,
                               .width = 1,
                               .seed = 3});
  SEA plain({.seed = 1});
  for (int i = 0; i < 100; ++i) REQUIRE(gen.next() == plain.next());
}

TEST_CASE("ConceptDriftStream validates its parameters") {
  using streamwise::datasets::Hyperplane;
  CHECK_THROWS_WITH_AS(ConceptDriftStream<>({.width = 0}), "ConceptDriftStream: width must be >= 1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(ConceptDriftStream<>({.alpha = 0.0}),
                       "ConceptDriftStream: alpha must be in (0, 90]", std::invalid_argument);
  CHECK_THROWS_WITH_AS(ConceptDriftStream<>({.alpha = 90.5}),
                       "ConceptDriftStream: alpha must be in (0, 90]", std::invalid_argument);
  CHECK_NOTHROW(ConceptDriftStream<>({.width = 0, .alpha = 90.0}));  // alpha overrides width
  ConceptDriftStream<SEA> unset;  // unset non-Agrawal streams: default (unseeded) generators
  CHECK(unset.next().x.size() == 3);
  CHECK_THROWS_WITH_AS(
      (ConceptDriftStream<Hyperplane>({.stream = Hyperplane({.n_features = 3}),
                                       .drift_stream = Hyperplane({.n_features = 4})})),
      "ConceptDriftStream: drift_stream must be as wide as stream (3 features), not 4",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      (ConceptDriftStream<Hyperplane>({.stream = Hyperplane({.n_features = 3})})),
      "ConceptDriftStream: drift_stream must be as wide as stream (3 features), not 10",
      std::invalid_argument);
}

TEST_CASE("ConceptDriftStream checkpoint round-trip mid-stream, across the drift") {
  ref::check_checkpoint(ConceptDriftStream<>({.position = 100, .width = 30, .seed = 5}), 90, 60);
  ref::check_checkpoint(ConceptDriftStream<Friedman>({.stream = Friedman({.seed = 1}),
                                                      .drift_stream = Friedman({.seed = 2}),
                                                      .position = 100,
                                                      .width = 30,
                                                      .seed = 3}),
                        97, 60);
  CHECK(streamwise::to_json(streamwise::spec_of(
            ConceptDriftStream<SEA>({.stream = SEA({.seed = 1}),
                                     .drift_stream = SEA({.variant = 1, .seed = 2}),
                                     .position = 10,
                                     .width = 5,
                                     .seed = 3}))) ==
        R"({"type":"ConceptDriftStream","params":{)"
        R"("stream":{"type":"SEA","params":{"variant":0,"noise":0.0,"seed":1}},)"
        R"("drift_stream":{"type":"SEA","params":{"variant":1,"noise":0.0,"seed":2}},)"
        R"("position":10,"width":5,"seed":3,"alpha":null}})");
}
