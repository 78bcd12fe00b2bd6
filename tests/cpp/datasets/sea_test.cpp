#include <doctest/doctest.h>

#include "datasets/datasets_reference.hpp"
#include "streamwise/datasets/sea.hpp"
#include "streamwise/datasets/stream.hpp"

using streamwise::datasets::SEA;
namespace ref = streamwise::test::datasets;

static_assert(streamwise::datasets::ClassificationStream<SEA>);

TEST_CASE("SEA reproduces River's samples bit for bit") {
  SEA a({.variant = 0, .seed = 42});
  ref::check_reference(a, "sea_v0_s42");
  SEA b({.variant = 1, .seed = 7});
  ref::check_reference(b, "sea_v1_s7");
  SEA c({.variant = 2, .noise = 0.1, .seed = 42});
  ref::check_reference(c, "sea_v2_s42_n01");
  SEA d({.variant = 3, .noise = 0.3, .seed = 123});
  ref::check_reference(d, "sea_v3_s123_n03");
}

TEST_CASE("SEA describes its features and follows River's documented first sample") {
  SEA sea({.seed = 42});
  CHECK(sea.n_features() == 3);
  CHECK(sea.n_classes() == 2);
  CHECK(sea.feature_names() == std::vector<std::string>{"0", "1", "2"});
  const auto s = sea.next();
  CHECK(s.x[0] == doctest::Approx(6.39426).epsilon(1e-5));
  CHECK(s.y == 0);
  CHECK(s.view().size() == 3);
}

TEST_CASE("SEA validates its parameters") {
  CHECK_THROWS_WITH_AS(SEA({.variant = 4}), "SEA: variant must be 0, 1, 2 or 3",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(SEA({.variant = -1}), "SEA: variant must be 0, 1, 2 or 3",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(SEA({.noise = 1.5}), "SEA: noise must be in [0, 1]", std::invalid_argument);
  CHECK_THROWS_WITH_AS(SEA({.noise = std::nan("")}), "SEA: noise must be in [0, 1]",
                       std::invalid_argument);
}

TEST_CASE("SEA restarts, reuses the caller's sample, and is unreproducible without a seed") {
  ref::check_reset(SEA({.seed = 3}));
  SEA sea({.seed = 3});
  SEA::Sample s;
  sea.next(s);
  const double* data = s.x.data();
  for (int i = 0; i < 10; ++i) sea.next(s);
  CHECK(s.x.data() == data);  // no reallocation
  SEA u1, u2;                 // seed None: OS entropy
  CHECK(u1.next() != u2.next());
}

TEST_CASE("SEA checkpoint round-trip mid-stream") {
  ref::check_checkpoint(SEA({.variant = 2, .noise = 0.2, .seed = 9}));
  CHECK(streamwise::to_json(streamwise::spec_of(SEA({.variant = 1, .seed = 5}))) ==
        R"({"type":"SEA","params":{"variant":1,"noise":0.0,"seed":5}})");
  CHECK(streamwise::to_json(streamwise::spec_of(SEA())) ==
        R"({"type":"SEA","params":{"variant":0,"noise":0.0,"seed":null}})");
}
