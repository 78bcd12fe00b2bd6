#include <doctest/doctest.h>

#include "datasets/datasets_reference.hpp"
#include "streamwise/datasets/hyperplane.hpp"
#include "streamwise/datasets/stream.hpp"

using streamwise::datasets::Hyperplane;
namespace ref = streamwise::test::datasets;

static_assert(streamwise::datasets::ClassificationStream<Hyperplane>);

TEST_CASE("Hyperplane reproduces River's samples bit for bit") {
  Hyperplane a({.seed = 42});
  ref::check_reference(a, "hyperplane_s42");
  Hyperplane b({.seed = 7,
                .n_features = 3,
                .n_drift_features = 3,
                .mag_change = 0.1,
                .noise_percentage = 0.2,
                .sigma = 0.3});
  ref::check_reference(b, "hyperplane_s7_d3");
  Hyperplane c({.seed = 1, .n_features = 2, .n_drift_features = 0, .noise_percentage = 0.0});
  ref::check_reference(c, "hyperplane_s1_d2");
}

TEST_CASE("Hyperplane weights drift only on the drifting features") {
  Hyperplane gen({.seed = 3, .n_features = 4, .n_drift_features = 2, .mag_change = 0.5});
  const auto w0 = gen.weights();
  for (int i = 0; i < 10; ++i) gen.next();
  CHECK(gen.weights()[0] != w0[0]);
  CHECK(gen.weights()[2] == w0[2]);
  CHECK(gen.weights()[3] == w0[3]);
  CHECK(gen.n_features() == 4);
  CHECK(gen.feature_names() == std::vector<std::string>{"0", "1", "2", "3"});
  ref::check_reset(gen);
}

TEST_CASE("Hyperplane validates its parameters") {
  CHECK_THROWS_WITH_AS(Hyperplane({.n_features = 0}), "Hyperplane: n_features must be >= 1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(Hyperplane({.n_features = 3, .n_drift_features = 4}),
                       "Hyperplane: n_drift_features must be in [0, n_features]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(Hyperplane({.mag_change = 1.5}), "Hyperplane: mag_change must be in [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(Hyperplane({.noise_percentage = -0.1}),
                       "Hyperplane: noise_percentage must be in [0, 1]", std::invalid_argument);
  CHECK_THROWS_WITH_AS(Hyperplane({.sigma = 2.0}), "Hyperplane: sigma must be in [0, 1]",
                       std::invalid_argument);
}

TEST_CASE("Hyperplane checkpoint round-trip mid-stream") {
  ref::check_checkpoint(Hyperplane(
      {.seed = 2, .n_features = 5, .n_drift_features = 3, .mag_change = 0.2, .sigma = 0.4}));
  CHECK(streamwise::to_json(streamwise::spec_of(Hyperplane({.seed = 1}))) ==
        R"({"type":"Hyperplane","params":{"seed":1,"n_features":10,"n_drift_features":2,)"
        R"("mag_change":0.0,"noise_percentage":0.05,"sigma":0.1}})");
}
