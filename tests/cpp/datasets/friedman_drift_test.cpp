#include <doctest/doctest.h>

#include "datasets/datasets_reference.hpp"
#include "streamwise/datasets/friedman_drift.hpp"
#include "streamwise/datasets/stream.hpp"

using streamwise::datasets::Friedman;
using streamwise::datasets::FriedmanDrift;
namespace ref = streamwise::test::datasets;

static_assert(streamwise::datasets::RegressionStream<FriedmanDrift>);

TEST_CASE("FriedmanDrift reproduces River's samples for the three drift types") {
  FriedmanDrift lea({.drift_type = "lea", .position = {50, 100, 150}, .seed = 42});
  ref::check_reference(lea, "friedman_drift_lea_s42");
  FriedmanDrift gra({.drift_type = "gra", .position = {60, 120}, .seed = 7});
  ref::check_reference(gra, "friedman_drift_gra_s7");
  FriedmanDrift gsg(
      {.drift_type = "gsg", .position = {50, 120}, .transition_window = 30, .seed = 42});
  ref::check_reference(gsg, "friedman_drift_gsg_s42");
  FriedmanDrift abrupt(
      {.drift_type = "gsg", .position = {40, 100}, .transition_window = 0, .seed = 3});
  ref::check_reference(abrupt, "friedman_drift_gsg_s3_w0");
}

TEST_CASE("FriedmanDrift equals Friedman before the first change point") {
  FriedmanDrift drift({.seed = 5});
  Friedman plain({.seed = 5});
  for (int i = 0; i < 500; ++i) REQUIRE(drift.next() == plain.next());
  CHECK(drift.n_features() == 10);
  ref::check_reset(drift);
}

TEST_CASE("FriedmanDrift validates its parameters") {
  CHECK_THROWS_WITH_AS(FriedmanDrift({.drift_type = "abc"}),
                       R"(FriedmanDrift: drift_type must be one of "lea", "gra", "gsg")",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      FriedmanDrift({.drift_type = "lea", .position = {1, 2}}),
      R"(FriedmanDrift: position must be 3 increasing change points for drift_type "lea")",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      FriedmanDrift({.drift_type = "gra", .position = {1, 2, 3}}),
      R"(FriedmanDrift: position must be 2 increasing change points for drift_type "gra")",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(FriedmanDrift({.drift_type = "lea", .position = {1, 3, 2}}),
                       "FriedmanDrift: position must be increasing", std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      FriedmanDrift({.drift_type = "gsg", .position = {10, 20}, .transition_window = 11}),
      "FriedmanDrift: transition_window must be <= the gap between the change points",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      FriedmanDrift({.drift_type = "gra", .position = {10, 20}, .transition_window = -1}),
      "FriedmanDrift: transition_window must be >= 0", std::invalid_argument);
}

TEST_CASE("FriedmanDrift position travels as tuple text through the parameter system") {
  const FriedmanDrift gen({.drift_type = "gra", .position = {60, 120}, .seed = 7});
  CHECK(streamwise::to_json(streamwise::spec_of(gen)) ==
        R"j({"type":"FriedmanDrift","params":{"drift_type":"gra","position":"(60, 120)",)j"
        R"("transition_window":10000,"seed":7}})");
  const auto params = streamwise::params_from_list<FriedmanDrift::Params>(
      {{"drift_type", std::string("lea")}, {"position", std::string("(5, 10, 15)")}},
      "FriedmanDrift");
  CHECK(params.position == std::vector<std::int64_t>{5, 10, 15});
  CHECK_THROWS_WITH_AS(
      streamwise::params_from_list<FriedmanDrift::Params>({{"position", std::string("(5, x)")}},
                                                          "FriedmanDrift"),
      R"(FriedmanDrift: position must be 3 increasing change points for drift_type "lea")",
      std::invalid_argument);
}

TEST_CASE("FriedmanDrift checkpoint round-trip mid-stream, inside a gradual window") {
  ref::check_checkpoint(
      FriedmanDrift(
          {.drift_type = "gsg", .position = {50, 120}, .transition_window = 30, .seed = 9}),
      61, 120);
  ref::check_checkpoint(FriedmanDrift({.drift_type = "lea", .position = {10, 20, 30}, .seed = 1}),
                        15, 40);
}
