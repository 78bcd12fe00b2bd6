#include <doctest/doctest.h>

#include <cmath>

#include "datasets/datasets_reference.hpp"
#include "streamwise/datasets/friedman.hpp"
#include "streamwise/datasets/stream.hpp"

using streamwise::datasets::Friedman;
namespace ref = streamwise::test::datasets;

static_assert(streamwise::datasets::RegressionStream<Friedman>);

TEST_CASE("Friedman reproduces River's samples bit for bit") {
  Friedman a({.seed = 42});
  ref::check_reference(a, "friedman_s42");
  Friedman b({.seed = 7});
  ref::check_reference(b, "friedman_s7");
  Friedman c({.seed = 0});
  ref::check_reference(c, "friedman_s0");
}

TEST_CASE("Friedman's noise is centred on the Friedman #1 function") {
  Friedman gen({.seed = 1});
  double sum = 0.0, sum_sq = 0.0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const auto s = gen.next();
    const double f = 10 * std::sin(M_PI * s.x[0] * s.x[1]) + 20 * (s.x[2] - 0.5) * (s.x[2] - 0.5) +
                     10 * s.x[3] + 5 * s.x[4];
    sum += s.y - f;
    sum_sq += (s.y - f) * (s.y - f);
  }
  CHECK(std::fabs(sum / n) < 0.05);
  CHECK(sum_sq / n == doctest::Approx(1.0).epsilon(0.05));
  CHECK(gen.n_features() == 10);
  CHECK(gen.feature_names()[9] == "9");
  ref::check_reset(gen);
}

TEST_CASE("Friedman checkpoint round-trip mid-stream, with and without a cached Gaussian") {
  ref::check_checkpoint(Friedman({.seed = 3}), 97);
  ref::check_checkpoint(Friedman({.seed = 3}), 98);
  CHECK(streamwise::to_json(streamwise::spec_of(Friedman({.seed = 3}))) ==
        R"({"type":"Friedman","params":{"seed":3}})");
}
