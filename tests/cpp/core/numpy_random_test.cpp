#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "optim/optim_reference.hpp"
#include "streamwise/core/numpy_random.hpp"
#include "support/checkpoint.hpp"

using streamwise::NumpyRandomState;
namespace test = streamwise::test;

TEST_CASE("NumpyRandomState seeds and advances its state like numpy's legacy RandomState") {
  const test::CsvTable table("optim/numpy_random_state.csv");
  // Key words (and the position, word -1) after seeding and `draws` random_sample() calls.
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const auto seed = static_cast<std::uint32_t>(table.num(r, "seed"));
    const auto draws = static_cast<int>(table.num(r, "draws"));
    const auto word = static_cast<int>(table.num(r, "word"));
    const auto expected = static_cast<std::uint64_t>(table.num(r, "value"));
    NumpyRandomState rng(seed);
    for (int i = 0; i < draws; ++i) rng.random_sample();
    const std::uint64_t got = word < 0 ? rng.position() : rng.key()[static_cast<std::size_t>(word)];
    REQUIRE_MESSAGE(got == expected, "seed " << seed << " draws " << draws << " word " << word);
  }
}

TEST_CASE("NumpyRandomState random_sample matches numpy") {
  const test::CsvTable table("optim/numpy_random_sample.csv");
  NumpyRandomState rng;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (table.num(r, "index") == 0.0)
      rng.seed_int(static_cast<std::uint32_t>(table.num(r, "seed")));
    REQUIRE(rng.random_sample() == table.num(r, "value"));
  }
}

TEST_CASE("NumpyRandomState gauss matches numpy's legacy standard_normal") {
  const test::CsvTable table("optim/numpy_standard_normal.csv");
  NumpyRandomState rng;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (table.num(r, "index") == 0.0)
      rng.seed_int(static_cast<std::uint32_t>(table.num(r, "seed")));
    REQUIRE(rng.gauss() == table.num(r, "value"));
  }
}

TEST_CASE("NumpyRandomState re-seeding drops the cached Gaussian") {
  NumpyRandomState a(3), b(3);
  a.gauss();  // leaves a cached value
  a.seed_int(3);
  CHECK(a == b);
  CHECK(a.gauss() == b.gauss());
}

TEST_CASE("NumpyRandomState entropy seeding differs between instances") {
  NumpyRandomState a, b;
  a.seed_entropy();
  b.seed_entropy();
  CHECK_FALSE(a == b);
}

TEST_CASE("NumpyRandomState checkpoint keeps the stream, cached Gaussian included") {
  NumpyRandomState rng(2024);
  rng.gauss();
  const NumpyRandomState restored = test::payload_roundtrip(rng);
  CHECK(restored == rng);
  NumpyRandomState copy = restored;
  for (int i = 0; i < 2000; ++i) REQUIRE(copy.gauss() == rng.gauss());
}
