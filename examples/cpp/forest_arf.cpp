// An adaptive random forest on a drifting Agrawal stream (function 0, seed 1, then function 2,
// seed 2; centre of the drift at 2,500, width 500, seed 3), scored by progressive validation
// (predict, then learn), on two threads. It prints the accuracy, the warnings and drifts the
// members detected, and checks that a checkpoint taken mid-stream continues identically.
//
// Usage: example_forest_arf [n_samples=5000]
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "streamwise/datasets/agrawal.hpp"
#include "streamwise/datasets/concept_drift_stream.hpp"
#include "streamwise/forest/arf_classifier.hpp"
#include "streamwise/io/checkpoint.hpp"

namespace sw = streamwise;

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 5000;
  sw::datasets::ConceptDriftStream<sw::datasets::Agrawal> gen(
      {.stream = sw::datasets::Agrawal({.classification_function = 0, .seed = 1}),
       .drift_stream = sw::datasets::Agrawal({.classification_function = 2, .seed = 2}),
       .position = 2500,
       .width = 500,
       .seed = 3});
  sw::forest::ARFClassifier model({.n_models = 10, .seed = 42});
  model.set_n_threads(2);  // same model for any thread count

  // Class ids must appear in order 0, 1, ...: map the generator's labels as they come.
  std::map<sw::ClassId, sw::ClassId> ids;
  long correct = 0;
  std::string saved;
  std::vector<std::pair<std::vector<double>, sw::ClassId>> rest;
  for (long i = 0; i < n; ++i) {
    const auto s = gen.next();
    const sw::ClassId y = ids.emplace(s.y, static_cast<sw::ClassId>(ids.size())).first->second;
    if (model.n_classes() > 0 && model.predict_one(s.view()) == y) ++correct;
    model.learn_one(s.view(), y);
    if (i == n / 2) saved = sw::io::to_checkpoint(model);
    if (i > n / 2) rest.emplace_back(s.x, y);
  }
  std::printf("accuracy %.2f%%, %lld warnings, %lld drifts, %zu bytes\n",
              100.0 * static_cast<double>(correct) / static_cast<double>(n),
              static_cast<long long>(model.n_warnings_detected()),
              static_cast<long long>(model.n_drifts_detected()), model.memory_size());

  auto restored = sw::io::from_checkpoint<sw::forest::ARFClassifier>(std::string_view(saved));
  for (const auto& [x, y] : rest) restored.learn_one(sw::DenseView{x}, y);
  const bool same = restored == model;
  std::printf("checkpoint from the middle of the stream continues identically: %s\n",
              same ? "yes" : "NO");
  return same ? 0 : 1;
}
