#include <doctest/doctest.h>

#include "datasets/datasets_reference.hpp"
#include "streamwise/datasets/random_rbf.hpp"
#include "streamwise/datasets/stream.hpp"

using streamwise::datasets::RandomRBF;
namespace ref = streamwise::test::datasets;

static_assert(streamwise::datasets::ClassificationStream<RandomRBF>);

TEST_CASE("RandomRBF reproduces River's samples bit for bit") {
  RandomRBF a({.seed_model = 42, .seed_sample = 42});
  ref::check_reference(a, "rbf_s42_s42");
  RandomRBF b(
      {.seed_model = 42, .seed_sample = 7, .n_classes = 4, .n_features = 4, .n_centroids = 20});
  ref::check_reference(b, "rbf_s42_s7_c4");
  RandomRBF c(
      {.seed_model = 1, .seed_sample = 2, .n_classes = 3, .n_features = 2, .n_centroids = 1});
  ref::check_reference(c, "rbf_s1_s2_one");
}

TEST_CASE("RandomRBF centroids come from seed_model alone") {
  RandomRBF a({.seed_model = 5, .seed_sample = 1});
  RandomRBF b({.seed_model = 5, .seed_sample = 2});
  CHECK(a.centres() == b.centres());
  CHECK(a.centroid_labels() == b.centroid_labels());
  CHECK(a.centroid_weights() == b.centroid_weights());
  CHECK(a.centroid_std_devs() == b.centroid_std_devs());
  CHECK(a.centres().size() == 50 * 10);
  CHECK(a.next() != b.next());
  CHECK(a.n_classes() == 2);
  CHECK(a.n_features() == 10);
  ref::check_reset(a);
}

TEST_CASE("RandomRBF validates its parameters") {
  CHECK_THROWS_WITH_AS(RandomRBF({.n_classes = 0}), "RandomRBF: n_classes must be >= 1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(RandomRBF({.n_features = 0}), "RandomRBF: n_features must be >= 1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(RandomRBF({.n_centroids = 0}), "RandomRBF: n_centroids must be >= 1",
                       std::invalid_argument);
}

TEST_CASE("RandomRBF checkpoint round-trip mid-stream (odd count: a cached Gaussian)") {
  ref::check_checkpoint(RandomRBF({.seed_model = 3, .seed_sample = 4, .n_classes = 3}), 97);
  ref::check_checkpoint(RandomRBF({.seed_model = 3, .seed_sample = 4, .n_classes = 3}), 96);
  CHECK(streamwise::to_json(streamwise::spec_of(RandomRBF({.seed_model = 1}))) ==
        R"({"type":"RandomRBF","params":{"seed_model":1,"seed_sample":null,"n_classes":2,)"
        R"("n_features":10,"n_centroids":50}})");
}
