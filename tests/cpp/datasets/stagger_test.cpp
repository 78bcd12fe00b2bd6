#include <doctest/doctest.h>

#include "datasets/datasets_reference.hpp"
#include "streamwise/datasets/stagger.hpp"
#include "streamwise/datasets/stream.hpp"

using streamwise::datasets::STAGGER;
namespace ref = streamwise::test::datasets;

static_assert(streamwise::datasets::ClassificationStream<STAGGER>);

TEST_CASE("STAGGER reproduces River's samples bit for bit") {
  STAGGER a({.classification_function = 0, .seed = 42});
  ref::check_reference(a, "stagger_f0_s42");
  STAGGER b({.classification_function = 1, .seed = 7, .balance_classes = true});
  ref::check_reference(b, "stagger_f1_s7_bal");
  STAGGER c({.classification_function = 2, .seed = 1, .balance_classes = true});
  ref::check_reference(c, "stagger_f2_s1_bal");
}

TEST_CASE("STAGGER generate_drift switches concept like River") {
  STAGGER gen({.classification_function = 0, .seed = 42});
  ref::check_reference(gen, "stagger_f0_s42_drift", 100);
  CHECK(gen.classification_function() != 0);
  CHECK(gen.params().classification_function == 0);
}

TEST_CASE("STAGGER describes its features; codes stay in {0, 1, 2}") {
  STAGGER gen({.seed = 5});
  CHECK(gen.n_features() == 3);
  CHECK(gen.n_classes() == 2);
  CHECK(gen.feature_names() == std::vector<std::string>{"size", "color", "shape"});
  for (int i = 0; i < 200; ++i) {
    const auto s = gen.next();
    for (double v : s.x) CHECK((v == 0.0 || v == 1.0 || v == 2.0));
    CHECK(s.y == ((s.x[0] == 0 && s.x[1] == 0) ? 1u : 0u));  // concept 0: small and red
  }
  ref::check_reset(gen);
}

TEST_CASE("STAGGER validates its parameters") {
  CHECK_THROWS_WITH_AS(STAGGER({.classification_function = 3}),
                       "STAGGER: classification_function must be 0, 1 or 2", std::invalid_argument);
  CHECK_THROWS_WITH_AS(STAGGER({.classification_function = -1}),
                       "STAGGER: classification_function must be 0, 1 or 2", std::invalid_argument);
}

TEST_CASE("STAGGER checkpoint round-trip mid-stream") {
  ref::check_checkpoint(
      STAGGER({.classification_function = 1, .seed = 8, .balance_classes = true}));
  CHECK(streamwise::to_json(streamwise::spec_of(STAGGER({.seed = 1}))) ==
        R"({"type":"STAGGER","params":{"classification_function":0,"seed":1,)"
        R"("balance_classes":false}})");
}
