// A Hoeffding tree regressor (River's defaults: adaptive leaves, TEBSTSplitter, linear leaf
// models) on a seeded Friedman #1 stream, scored by progressive validation (predict, then
// learn) with the mean absolute error of its leaf means alone for comparison; then a checkpoint
// round-trip whose copy must predict exactly like the original.
//
// Usage: example_tree_regressor [n_samples=20000]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "streamwise/datasets/friedman.hpp"
#include "streamwise/io/checkpoint.hpp"
#include "streamwise/tree/hoeffding_tree_regressor.hpp"

namespace sw = streamwise;

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 20000;
  sw::datasets::Friedman gen({.seed = 42});
  using Tree = sw::tree::HoeffdingTreeRegressor<>;
  Tree adaptive;
  Tree means(Tree::Params{.leaf_prediction = "mean"});
  double err_adaptive = 0.0, err_mean = 0.0;
  std::vector<std::vector<double>> probes;
  for (long i = 0; i < n; ++i) {
    const auto s = gen.next();
    err_adaptive += std::fabs(adaptive.predict_one(s.view()) - s.y);
    err_mean += std::fabs(means.predict_one(s.view()) - s.y);
    adaptive.learn_one(s.view(), s.y);
    means.learn_one(s.view(), s.y);
    if (i % 1000 == 0) probes.push_back(s.x);
  }
  const auto summary = adaptive.summary();
  std::printf("MAE adaptive leaves %.4f, mean leaves %.4f over %ld samples\n",
              err_adaptive / static_cast<double>(n), err_mean / static_cast<double>(n), n);
  std::printf("nodes %zu, leaves %zu, height %zu\n", summary.n_nodes, summary.n_leaves,
              summary.height);

  const std::string bytes = sw::io::to_checkpoint(adaptive);
  const Tree restored = sw::io::from_checkpoint<Tree>(std::string_view(bytes));
  for (const auto& x : probes) {
    if (restored.predict_one(sw::DenseView{x}) != adaptive.predict_one(sw::DenseView{x})) {
      std::fprintf(stderr, "restored model disagrees\n");
      return 1;
    }
  }
  std::printf("checkpoint: %zu bytes, restored copy agrees\n", bytes.size());
  return 0;
}
