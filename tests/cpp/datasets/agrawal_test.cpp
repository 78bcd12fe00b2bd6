#include <doctest/doctest.h>

#include <string>

#include "datasets/datasets_reference.hpp"
#include "streamwise/datasets/agrawal.hpp"
#include "streamwise/datasets/stream.hpp"

using streamwise::datasets::Agrawal;
namespace ref = streamwise::test::datasets;

static_assert(streamwise::datasets::ClassificationStream<Agrawal>);

TEST_CASE("Agrawal reproduces River's samples for every classification function") {
  for (std::int64_t f = 0; f < 10; ++f) {
    Agrawal gen({.classification_function = f, .seed = 42});
    ref::check_reference(gen, "agrawal_f" + std::to_string(f) + "_s42");
  }
}

TEST_CASE("Agrawal reproduces River with balancing, perturbation and a negative seed") {
  Agrawal balanced({.classification_function = 2, .seed = 7, .balance_classes = true});
  ref::check_reference(balanced, "agrawal_f2_s7_bal");
  Agrawal perturbed({.classification_function = 5, .seed = 42, .perturbation = 0.2});
  ref::check_reference(perturbed, "agrawal_f5_s42_p02");
  Agrawal both(
      {.classification_function = 9, .seed = 1, .balance_classes = true, .perturbation = 0.5});
  ref::check_reference(both, "agrawal_f9_s1_bal_p05");
  Agrawal negative({.classification_function = 3, .seed = -5});
  ref::check_reference(negative, "agrawal_f3_sm5");
}

TEST_CASE("Agrawal generate_drift switches function like River, and reset undoes it") {
  Agrawal gen({.classification_function = 0, .seed = 42});
  ref::check_reference(gen, "agrawal_f0_s42_drift", 100);
  CHECK(gen.classification_function() != 0);
  CHECK(gen.params().classification_function == 0);
  gen.reset();
  CHECK(gen.classification_function() == 0);
  Agrawal fresh({.classification_function = 0, .seed = 42});
  CHECK(gen == fresh);
}

TEST_CASE("Agrawal balanced classes alternate 1, 0, 1, ...") {
  Agrawal gen({.classification_function = 4, .seed = 3, .balance_classes = true});
  for (int i = 0; i < 100; ++i) CHECK(gen.next().y == static_cast<unsigned>(i % 2 == 0 ? 1 : 0));
}

TEST_CASE("Agrawal describes its features") {
  Agrawal gen({.seed = 42});
  CHECK(gen.n_features() == 9);
  CHECK(gen.n_classes() == 2);
  CHECK(gen.feature_names() == std::vector<std::string>{"salary", "commission", "age", "elevel",
                                                        "car", "zipcode", "hvalue", "hyears",
                                                        "loan"});
  ref::check_reset(gen);
}

TEST_CASE("Agrawal validates its parameters") {
  CHECK_THROWS_WITH_AS(Agrawal({.classification_function = 10}),
                       "Agrawal: classification_function must be in 0..9", std::invalid_argument);
  CHECK_THROWS_WITH_AS(Agrawal({.classification_function = -1}),
                       "Agrawal: classification_function must be in 0..9", std::invalid_argument);
  CHECK_THROWS_WITH_AS(Agrawal({.perturbation = 1.01}), "Agrawal: perturbation must be in [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(Agrawal({.perturbation = -0.1}), "Agrawal: perturbation must be in [0, 1]",
                       std::invalid_argument);
}

TEST_CASE("Agrawal checkpoint round-trip mid-stream, after a drift too") {
  ref::check_checkpoint(Agrawal(
      {.classification_function = 9, .seed = 11, .balance_classes = true, .perturbation = 0.3}));
  Agrawal drifted({.seed = 4});
  drifted.generate_drift();
  ref::check_checkpoint(drifted);
  CHECK(streamwise::to_json(
            streamwise::spec_of(Agrawal({.classification_function = 2, .seed = 1}))) ==
        R"({"type":"Agrawal","params":{"classification_function":2,"seed":1,)"
        R"("balance_classes":false,"perturbation":0.0}})");
}
