#include <doctest/doctest.h>

#include "datasets/datasets_reference.hpp"
#include "streamwise/datasets/led.hpp"
#include "streamwise/datasets/led_drift.hpp"
#include "streamwise/datasets/stream.hpp"

using streamwise::datasets::LED;
using streamwise::datasets::LEDDrift;
namespace ref = streamwise::test::datasets;

static_assert(streamwise::datasets::ClassificationStream<LEDDrift>);

TEST_CASE("LEDDrift reproduces River's samples bit for bit") {
  LEDDrift a(
      {.seed = 112, .noise_percentage = 0.28, .irrelevant_features = true, .n_drift_features = 4});
  ref::check_reference(a, "led_drift_s112_n028_d4");
  // More swaps than segments: some positions are never written and keep River's -1.
  LEDDrift b({.seed = 7, .irrelevant_features = true, .n_drift_features = 10});
  ref::check_reference(b, "led_drift_s7_d10");
  LEDDrift c({.seed = 1, .noise_percentage = 0.1, .n_drift_features = 3});
  ref::check_reference(c, "led_drift_s1_noirr_d3");
}

TEST_CASE("LEDDrift without swaps is LED") {
  LEDDrift drift({.seed = 9, .noise_percentage = 0.1, .irrelevant_features = true});
  LED plain({.seed = 9, .noise_percentage = 0.1, .irrelevant_features = true});
  for (int i = 0; i < 300; ++i) REQUIRE(drift.next() == plain.next());
  CHECK(drift.n_features() == 24);
  CHECK(drift.n_classes() == 10);
  CHECK(drift.feature_names()[23] == "23");
  LEDDrift swapped({.seed = 9, .irrelevant_features = true, .n_drift_features = 2});
  int moved = 0;
  for (std::size_t i = 0; i < 24; ++i) moved += swapped.attribute_positions()[i] != i;
  CHECK(moved == 4);
  ref::check_reset(swapped);
}

TEST_CASE("LEDDrift validates its parameters") {
  CHECK_THROWS_WITH_AS(LEDDrift({.noise_percentage = 2.0}),
                       "LEDDrift: noise_percentage must be in [0, 1]", std::invalid_argument);
  CHECK_THROWS_WITH_AS(LEDDrift({.n_drift_features = -1}),
                       "LEDDrift: n_drift_features must be >= 0", std::invalid_argument);
}

TEST_CASE("LEDDrift checkpoint round-trip mid-stream") {
  ref::check_checkpoint(LEDDrift(
      {.seed = 6, .noise_percentage = 0.2, .irrelevant_features = true, .n_drift_features = 5}));
  CHECK(streamwise::to_json(streamwise::spec_of(LEDDrift({.seed = 1}))) ==
        R"({"type":"LEDDrift","params":{"seed":1,"noise_percentage":0.0,)"
        R"("irrelevant_features":false,"n_drift_features":0}})");
}
