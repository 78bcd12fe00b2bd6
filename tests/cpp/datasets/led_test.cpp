#include <doctest/doctest.h>

#include "datasets/datasets_reference.hpp"
#include "streamwise/datasets/led.hpp"
#include "streamwise/datasets/stream.hpp"

using streamwise::datasets::LED;
namespace ref = streamwise::test::datasets;

static_assert(streamwise::datasets::ClassificationStream<LED>);

TEST_CASE("LED reproduces River's samples bit for bit") {
  LED a({.seed = 42});
  ref::check_reference(a, "led_s42");
  LED b({.seed = 112, .noise_percentage = 0.28});
  ref::check_reference(b, "led_s112_n028");
  LED c({.seed = 7, .noise_percentage = 0.1, .irrelevant_features = true});
  ref::check_reference(c, "led_s7_n01_irr");
}

TEST_CASE("LED without noise shows the digit's segments") {
  LED gen({.seed = 1});
  CHECK(gen.n_features() == 7);
  CHECK(gen.n_classes() == 10);
  for (int i = 0; i < 100; ++i) {
    const auto s = gen.next();
    if (s.y == 8) CHECK(s.x == std::vector<double>(7, 1.0));
    if (s.y == 1) CHECK(s.x == std::vector<double>{0, 0, 1, 0, 0, 1, 0});
  }
  LED wide({.seed = 1, .irrelevant_features = true});
  CHECK(wide.n_features() == 24);
  CHECK(wide.feature_names().back() == "23");
  CHECK(wide.next().x.size() == 24);
  ref::check_reset(wide);
}

TEST_CASE("LED validates its parameters") {
  CHECK_THROWS_WITH_AS(LED({.noise_percentage = 1.1}), "LED: noise_percentage must be in [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(LED({.noise_percentage = -0.5}), "LED: noise_percentage must be in [0, 1]",
                       std::invalid_argument);
}

TEST_CASE("LED checkpoint round-trip mid-stream") {
  ref::check_checkpoint(LED({.seed = 6, .noise_percentage = 0.2, .irrelevant_features = true}));
  CHECK(streamwise::to_json(streamwise::spec_of(LED({.seed = 1}))) ==
        R"({"type":"LED","params":{"seed":1,"noise_percentage":0.0,"irrelevant_features":false}})");
}
