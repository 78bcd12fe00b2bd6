// A Hoeffding adaptive tree on a stream with an abrupt concept drift: River's Agrawal generator
// switches from labelling function 0 to function 2 around sample 5,000 (ConceptDriftStream,
// width 50). Progressive validation (predict, then learn) is printed per 1,000 samples, so the
// accuracy dip at the drift and the recovery are visible, together with the adaptive tree's
// alternate-subtree counters. The model is then checkpointed and restored.
//
// Usage: example_tree_adaptive_classifier [n_samples=10000]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "streamwise/core/labels.hpp"
#include "streamwise/datasets/agrawal.hpp"
#include "streamwise/datasets/concept_drift_stream.hpp"
#include "streamwise/io/checkpoint.hpp"
#include "streamwise/tree/hoeffding_adaptive_tree_classifier.hpp"

namespace sw = streamwise;

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 10000;
  using sw::datasets::Agrawal;
  sw::datasets::ConceptDriftStream<Agrawal> gen(
      {.stream = Agrawal({.classification_function = 0, .seed = 1}),
       .drift_stream = Agrawal({.classification_function = 2, .seed = 2}),
       .position = 5000,
       .width = 50,
       .seed = 3});

  using Hat = sw::tree::HoeffdingAdaptiveTreeClassifier<>;
  Hat model(Hat::Params{.grace_period = 100, .seed = 42});

  // Class ids must appear in order 0, 1, ...: a LabelEncoder maps the generator's labels.
  sw::LabelEncoder<sw::ClassId> labels;
  long correct = 0, seen = 0;
  sw::datasets::ClassificationSample s;
  for (long i = 1; i <= n; ++i) {
    gen.next(s);
    if (model.n_classes() > 0) {
      const sw::ClassId guess = model.predict_one(s.view());
      correct += guess < labels.size() && labels.decode(guess) == s.y;
      ++seen;
    }
    model.learn_one(s.view(), labels.encode(s.y));
    if (i % 1000 == 0) {
      std::printf(
          "samples %6ld  window accuracy %5.1f%%  nodes %3zu  alternates started %lld, "
          "switched %lld, pruned %lld\n",
          i, seen ? 100.0 * static_cast<double>(correct) / static_cast<double>(seen) : 0.0,
          model.n_nodes(), static_cast<long long>(model.n_alternate_trees()),
          static_cast<long long>(model.n_switch_alternate_trees()),
          static_cast<long long>(model.n_pruned_alternate_trees()));
      correct = 0;
      seen = 0;
    }
  }

  // Checkpoint and restore: the copy predicts exactly like the original.
  const std::string bytes = sw::io::to_checkpoint(model);
  const Hat restored = sw::io::from_checkpoint<Hat>(std::string_view(bytes));
  bool same = restored == model;
  for (int i = 0; i < 200 && same; ++i) {
    gen.next(s);
    same = restored.predict_one(s.view()) == model.predict_one(s.view());
  }
  std::printf("checkpoint: %zu bytes, restored copy %s\n", bytes.size(),
              same ? "predicts identically" : "DIFFERS");
  return same ? 0 : 1;
}
