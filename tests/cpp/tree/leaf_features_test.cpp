#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "streamwise/tree/hoeffding_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_tree_regressor.hpp"
#include "streamwise/tree/leaf_features.hpp"
#include "support/checkpoint.hpp"

using streamwise::DenseView;
using streamwise::FeatureId;
using streamwise::tree::AllFeatures;
using streamwise::tree::RandomFeatureSubset;

namespace {
std::vector<FeatureId> visited(RandomFeatureSubset& p, std::uint32_t leaf, DenseView x) {
  std::vector<FeatureId> out;
  p.for_each(leaf, x, [&](FeatureId f, double) { out.push_back(f); });
  return out;
}
}  // namespace

TEST_CASE("AllFeatures visits every present feature in id order") {
  AllFeatures p;
  const double x[] = {1.0, NAN, 3.0, 4.0};
  std::vector<FeatureId> seen;
  p.for_each(0, DenseView{x}, [&](FeatureId f, double v) {
    seen.push_back(f);
    CHECK(v == x[f]);
  });
  CHECK(seen == std::vector<FeatureId>{0, 2, 3});
  CHECK(p.memory_size() == 0);
}

TEST_CASE("RandomFeatureSubset draws like Python's random.sample over the sorted present ids") {
  // Oracle: Python 3, random.Random(42).sample([0, 1, 2, 4, 5], 2) == [0, 5].
  RandomFeatureSubset p(2, 42);
  const double x[] = {1.0, 2.0, 3.0, NAN, 5.0, 6.0};
  CHECK(visited(p, 0, DenseView{x}) == std::vector<FeatureId>{0, 5});
  // Kept for the leaf: no new draw, missing ones skipped.
  const double y[] = {1.0, 2.0, 3.0, 4.0, 5.0, NAN};
  CHECK(visited(p, 0, DenseView{y}) == std::vector<FeatureId>{0});
  CHECK(p.subset(0) == std::vector<FeatureId>{0, 5});

  // Oracle: r = random.Random(7); r.sample(range(30), 3) == [10, 4, 12], then [20, 1, 2].
  RandomFeatureSubset q(3, 7);
  std::vector<double> z(30, 0.5);
  CHECK(visited(q, 0, DenseView{z}) == std::vector<FeatureId>{10, 4, 12});
  CHECK(visited(q, 1, DenseView{z}) == std::vector<FeatureId>{20, 1, 2});
  // A reset leaf draws again; fewer features than max_features: all of them, no draw.
  q.reset_leaf(0);
  const double few[] = {1.0, NAN};
  const auto rng_before = q.rng();
  CHECK(visited(q, 0, DenseView{few}) == std::vector<FeatureId>{0});
  CHECK(q.rng() == rng_before);
  q.truncate(1);
  CHECK(q.subset(1).empty());
  CHECK(q.consistent(1));
  CHECK(RandomFeatureSubset(0, 1).max_features() == 1);
}

TEST_CASE("Trees with random leaf subsets learn only from their subsets and round-trip") {
  using Tree = streamwise::tree::HoeffdingTreeClassifier<
      streamwise::tree::GaussianSplitter, streamwise::tree::NamedCriterion, RandomFeatureSubset>;
  Tree t(Tree::Params{.grace_period = 50}, RandomFeatureSubset(1, 3));
  std::vector<double> x(4);
  for (int i = 0; i < 2000; ++i) {
    for (int f = 0; f < 4; ++f) x[f] = std::sin(i * (f + 1) * 0.37);
    t.learn_one(DenseView{x}, x[1] > 0.1 ? 1 : 0);
  }
  CHECK(t.features().max_features() == 1);
  CHECK(t.n_leaves() >= 1);
  Tree r = streamwise::test::roundtrip(t);
  CHECK(r == t);
  for (int i = 0; i < 300; ++i) {
    for (int f = 0; f < 4; ++f) x[f] = std::cos(i * (f + 2) * 0.11);
    REQUIRE(r.predict_one(DenseView{x}) == t.predict_one(DenseView{x}));
    t.learn_one(DenseView{x}, x[2] > 0 ? 1 : 0);
    r.learn_one(DenseView{x}, x[2] > 0 ? 1 : 0);
  }
  CHECK(r == t);
  // reserve_classes makes ids known without learning them.
  t.reserve_classes(5);
  CHECK(t.n_classes() == 5);
  t.reserve_classes(3);
  CHECK(t.n_classes() == 5);

  using Reg = streamwise::tree::HoeffdingTreeRegressor<streamwise::tree::TEBSTSplitter,
                                                       streamwise::linear_model::LinearRegression,
                                                       RandomFeatureSubset>;
  Reg g(Reg::Params{.grace_period = 50}, RandomFeatureSubset(2, 5));
  for (int i = 0; i < 1500; ++i) {
    for (int f = 0; f < 4; ++f) x[f] = std::sin(i * (f + 1) * 0.37);
    g.learn_one(DenseView{x}, 3.0 * x[0] + (x[2] > 0 ? 2.0 : -2.0));
  }
  Reg h = streamwise::test::roundtrip(g);
  CHECK(h == g);
  CHECK(h.features().consistent(h.n_leaves()));
}
