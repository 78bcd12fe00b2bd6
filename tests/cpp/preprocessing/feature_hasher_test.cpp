#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "preprocessing/encoders_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/preprocessing/feature_hasher.hpp"
#include "support/checkpoint.hpp"

using streamwise::DenseView;
using streamwise::FeatureKind;
using streamwise::FeatureSpace;
using streamwise::preprocessing::FeatureHasher;
namespace test = streamwise::test;
namespace ref = streamwise::test::encoders;

static_assert(streamwise::Transformer<FeatureHasher>);
static_assert(FeatureHasher::accepts_nominal);

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();

using Buckets = std::map<std::size_t, double>;

Buckets produced(const std::vector<double>& out) {
  Buckets got;
  for (std::size_t b = 0; b < out.size(); ++b) {
    if (!std::isnan(out[b])) got[b] = out[b];
  }
  return got;
}

// `warm`: learn_one before transform_one (cached buckets); otherwise hashed on the fly.
void run_against_river(const FeatureHasher::Params& params, const std::string& file, bool warm) {
  const auto stream = ref::load_stream();
  std::vector<Buckets> expected(ref::n_steps);
  for (const auto& r : ref::read_csv(file)) {
    REQUIRE(r.size() == 3);
    expected.at(std::stoul(r[0]))[std::stoul(r[1])] = std::strtod(r[2].c_str(), nullptr);
  }
  FeatureSpace space;
  FeatureHasher hasher(params);
  hasher.bind(&space);
  std::vector<double> out(hasher.n_outputs() + 1);
  streamwise::SparseSample sparse;
  for (std::size_t t = 0; t < ref::n_steps; ++t) {
    const auto row = ref::make_row(space, stream[t]);
    if (warm) hasher.learn_one(DenseView{row});
    hasher.transform_one(DenseView{row}, out);
    CHECK(std::isnan(out.back()));
    hasher.transform_one(DenseView{row}, sparse);
    Buckets from_sparse;
    const auto view = sparse.view();
    for (std::size_t k = 0; k < view.size(); ++k) {
      if (k > 0) CHECK(view.ids[k - 1] < view.ids[k]);
      from_sparse[view.ids[k]] = view.values[k];
    }
    CHECK(from_sparse == expected[t]);
    out.pop_back();
    const auto got = produced(out);
    out.push_back(0.0);
    if (got != expected[t]) {
      std::string g, w;
      for (const auto& [k, v] : got) g += std::to_string(k) + "=" + std::to_string(v) + " ";
      for (const auto& [k, v] : expected[t]) w += std::to_string(k) + "=" + std::to_string(v) + " ";
      FAIL("step " << t << "\n got:  " << g << "\n want: " << w);
    }
  }
}
}  // namespace

TEST_CASE("FeatureHasher derives River's hash seed from seed") {
  for (const auto& r : ref::read_csv("encoders_hasher_seeds.csv")) {
    const FeatureHasher h({.seed = std::stoll(r[0])});
    CHECK(h.hash_seed() == std::stoul(r[1]));
  }
}

TEST_CASE("FeatureHasher matches River's documented example") {
  FeatureSpace space;
  FeatureHasher hasher({.n_features = 10, .seed = 42});
  hasher.bind(&space);
  std::vector<double> out(10);
  std::vector<double> row{1.0, 2.0, 4.0};  // dog, cat, elephant
  for (const char* f : {"dog", "cat", "elephant", "run"}) space.intern(f);
  hasher.transform_one(DenseView{row}, out);
  CHECK(produced(out) == Buckets{{5, -3.0}, {7, 2.0}});
  row = {2.0, kNaN, kNaN, 5.0};  // dog, run
  hasher.transform_one(DenseView{row}, out);
  CHECK(produced(out) == Buckets{{5, 2.0}, {9, -5.0}});
}

TEST_CASE("FeatureHasher matches River on the recorded stream (cached and uncached)") {
  for (bool warm : {true, false}) {
    CAPTURE(warm);
    run_against_river({.seed = 42}, "encoders_hasher_default_seed42.csv", warm);
    run_against_river({.n_features = 8, .seed = 0}, "encoders_hasher_n8_seed0.csv", warm);
    run_against_river({.n_features = 8, .seed = 0, .alternate_sign = false},
                      "encoders_hasher_n8_seed0_nosign.csv", warm);
    run_against_river({.n_features = 3, .seed = 7}, "encoders_hasher_n3_seed7.csv", warm);
  }
}

TEST_CASE("FeatureHasher buckets tokens like River") {
  const FeatureHasher h({.n_features = 10, .seed = 42});
  CHECK(h.bucket_of("dog").index == 5);
  CHECK(h.bucket_of("cat").index == 7);
  CHECK(!h.bucket_of("cat").negative);
  CHECK(h.output_name(7) == "7");
  CHECK_THROWS_AS((void)h.output_name(10), std::out_of_range);
  // MurmurHash3 x86_32 reference vectors (seed 0 and a fixed seed).
  using streamwise::preprocessing::detail::murmur3_32;
  CHECK(murmur3_32({""}, 0) == 0u);
  CHECK(murmur3_32({""}, 1) == 0x514E28B7u);
  CHECK(murmur3_32({"hello"}, 0) == 0x248BFA47u);
  CHECK(murmur3_32({"hel", "lo"}, 0) == 0x248BFA47u);
  CHECK(murmur3_32({"The quick brown fox jumps over the lazy dog"}, 0x9747b28cu) == 0x2FA826CDu);
}

TEST_CASE("FeatureHasher edge cases: empty sample, one bucket, seed None") {
  FeatureSpace space;
  space.intern("a");
  FeatureHasher one({.n_features = 1, .seed = 3, .alternate_sign = false});
  one.bind(&space);
  std::vector<double> out(2, 9.0);
  one.transform_one(DenseView{}, out);
  CHECK(std::isnan(out[0]));
  CHECK(std::isnan(out[1]));
  const std::vector<double> row{2.5};
  one.learn_one(DenseView{row});
  one.transform_one(DenseView{row}, out);
  CHECK(out[0] == 2.5);
  // seed None: a fresh hash seed each time (equal by chance with probability 2^-32 per pair).
  const FeatureHasher r1, r2, r3;
  CHECK((r1.hash_seed() != r2.hash_seed() || r2.hash_seed() != r3.hash_seed()));
  CHECK(test::roundtrip(r1).hash_seed() == r1.hash_seed());
}

TEST_CASE("FeatureHasher rejects bad input without changing state") {
  FeatureSpace space;
  const auto c = space.intern("c", FeatureKind::nominal);
  space.intern("n");
  FeatureHasher h({.n_features = 16, .seed = 1});
  std::vector<double> row{space.encode_nominal(c, "x"), 1.0}, out(16);
  CHECK_THROWS_WITH_AS(h.learn_one(DenseView{row}), "FeatureHasher: bind() a FeatureSpace first",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(h.transform_one(DenseView{row}, out),
                       "FeatureHasher: bind() a FeatureSpace first", std::logic_error);
  h.bind(&space);
  h.learn_one(DenseView{row});
  const FeatureHasher before = h;
  row = {0.0, INFINITY};
  CHECK_THROWS_WITH_AS(h.learn_one(DenseView{row}), "FeatureHasher: x[1] must be finite, got inf",
                       streamwise::InvalidInput);
  row = {4.0, 1.0};
  CHECK_THROWS_WITH_AS(h.transform_one(DenseView{row}, out),
                       "FeatureHasher: x[0] is not a nominal code of feature 'c'",
                       streamwise::InvalidInput);
  CHECK(h == before);
  std::vector<double> small(15);
  CHECK_THROWS_WITH_AS(h.transform_one(DenseView{}, small),
                       "FeatureHasher: out has 15 slots, fewer than n_features = 16",
                       streamwise::InvalidInput);
}

TEST_CASE("FeatureHasher validates its parameters") {
  CHECK_THROWS_WITH_AS(FeatureHasher({.n_features = 0, .seed = 1}),
                       "FeatureHasher: n_features must be in [1, 2147483648]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(FeatureHasher({.seed = -1}),
                       "FeatureHasher: seed must be None or in [0, 4294967295]",
                       std::invalid_argument);
  CHECK_THROWS_AS(FeatureHasher({.seed = 4294967296LL}), std::invalid_argument);
  CHECK_NOTHROW(FeatureHasher({.seed = 4294967295LL}));
  const FeatureHasher h({.seed = 42});
  CHECK(
      streamwise::to_json(streamwise::spec_of(h)) ==
      R"({"type":"FeatureHasher","params":{"n_features":1048576,"seed":42,"alternate_sign":true}})");
}

TEST_CASE("FeatureHasher checkpoint round-trip (hasher and space) keeps behaviour") {
  const auto stream = ref::load_stream();
  FeatureSpace space;
  FeatureHasher original({.n_features = 8, .seed = 0});
  original.bind(&space);
  std::size_t t = 0;
  for (; t < 30; ++t) original.learn_one(DenseView{ref::make_row(space, stream[t])});
  FeatureSpace restored_space = ref::roundtrip_space(space);
  FeatureHasher restored = test::roundtrip(original);
  CHECK(restored == original);
  restored.bind(&restored_space);
  std::vector<double> a(8), b(8);
  for (; t < ref::n_steps; ++t) {
    const auto row = ref::make_row(space, stream[t]);
    const auto row2 = ref::make_row(restored_space, stream[t]);
    original.learn_one(DenseView{row});
    restored.learn_one(DenseView{row2});
    original.transform_one(DenseView{row}, a);
    restored.transform_one(DenseView{row2}, b);
    CHECK(produced(a) == produced(b));
  }
}
