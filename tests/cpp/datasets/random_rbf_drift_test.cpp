#include <doctest/doctest.h>

#include "datasets/datasets_reference.hpp"
#include "streamwise/datasets/random_rbf.hpp"
#include "streamwise/datasets/random_rbf_drift.hpp"
#include "streamwise/datasets/stream.hpp"

using streamwise::datasets::RandomRBF;
using streamwise::datasets::RandomRBFDrift;
namespace ref = streamwise::test::datasets;

static_assert(streamwise::datasets::ClassificationStream<RandomRBFDrift>);

TEST_CASE("RandomRBFDrift reproduces River's samples bit for bit") {
  RandomRBFDrift a({.seed_model = 42,
                    .seed_sample = 42,
                    .n_classes = 4,
                    .n_features = 4,
                    .n_centroids = 20,
                    .change_speed = 0.87,
                    .n_drift_centroids = 10});
  ref::check_reference(a, "rbf_drift_doc");
  RandomRBFDrift b({.seed_model = 1, .seed_sample = 2, .change_speed = 0.1});
  ref::check_reference(b, "rbf_drift_s1_s2");
  RandomRBFDrift c({.seed_model = 3,
                    .seed_sample = 4,
                    .n_features = 3,
                    .n_centroids = 5,
                    .change_speed = 0.3,
                    .n_drift_centroids = 60});  // more than n_centroids: all of them move
  ref::check_reference(c, "rbf_drift_clamped");
}

TEST_CASE("RandomRBFDrift without speed is RandomRBF; centres stay in the unit cube") {
  RandomRBFDrift still({.seed_model = 5, .seed_sample = 6});
  RandomRBF plain({.seed_model = 5, .seed_sample = 6});
  for (int i = 0; i < 300; ++i) REQUIRE(still.next() == plain.next());
  RandomRBFDrift fast({.seed_model = 5, .seed_sample = 6, .change_speed = 0.4});
  for (int i = 0; i < 300; ++i) fast.next();
  for (double c : fast.centres()) CHECK((c >= 0.0 && c <= 1.0));
  CHECK(fast.n_features() == 10);
  CHECK(fast.n_classes() == 2);
  ref::check_reset(fast);
}

TEST_CASE("RandomRBFDrift validates its parameters") {
  CHECK_THROWS_WITH_AS(RandomRBFDrift({.n_classes = 0}), "RandomRBFDrift: n_classes must be >= 1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(RandomRBFDrift({.n_features = 0}), "RandomRBFDrift: n_features must be >= 1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(RandomRBFDrift({.n_centroids = 0}),
                       "RandomRBFDrift: n_centroids must be >= 1", std::invalid_argument);
  CHECK_THROWS_WITH_AS(RandomRBFDrift({.change_speed = INFINITY}),
                       "RandomRBFDrift: change_speed must be finite", std::invalid_argument);
  CHECK_THROWS_WITH_AS(RandomRBFDrift({.n_drift_centroids = -1}),
                       "RandomRBFDrift: n_drift_centroids must be >= 0", std::invalid_argument);
}

TEST_CASE("RandomRBFDrift checkpoint round-trip mid-stream") {
  ref::check_checkpoint(RandomRBFDrift({.seed_model = 3,
                                        .seed_sample = 4,
                                        .n_classes = 3,
                                        .n_centroids = 12,
                                        .change_speed = 0.05,
                                        .n_drift_centroids = 6}));
  CHECK(streamwise::to_json(streamwise::spec_of(RandomRBFDrift({.seed_model = 1}))) ==
        R"({"type":"RandomRBFDrift","params":{"seed_model":1,"seed_sample":null,"n_classes":2,)"
        R"("n_features":10,"n_centroids":50,"change_speed":0.0,"n_drift_centroids":50}})");
}
