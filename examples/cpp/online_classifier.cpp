// Online classification in C++: a StandardScaler | LogisticRegression pipeline scored by
// progressive validation (test-then-train, River's semantics) on a seeded SEA-style stream with
// an abrupt concept drift, with and without a label delay; then the trained model is
// checkpointed and restored, and the copy must predict exactly like the original.
//
// Usage: example_online_classifier [n_samples=100000] [seed=7]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/evaluate/progressive_val_score.hpp"
#include "streamwise/io/checkpoint.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/metrics/accuracy.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"

namespace sw = streamwise;

namespace {

// SEA concepts: three features uniform in [0, 10]; the class is x0 + x1 <= threshold, with 10%
// label noise. The threshold changes halfway (an abrupt drift).
std::vector<std::pair<std::vector<double>, sw::ClassId>> sea_stream(std::size_t n,
                                                                    std::uint64_t seed) {
  sw::Rng rng(seed);
  std::vector<std::pair<std::vector<double>, sw::ClassId>> data;
  data.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> x{rng.uniform(0, 10), rng.uniform(0, 10), rng.uniform(0, 10)};
    const double threshold = i < n / 2 ? 8.0 : 9.5;
    bool label = x[0] + x[1] <= threshold;
    if (rng.uniform() < 0.1) label = !label;
    data.emplace_back(std::move(x), label ? sw::ClassId{1} : sw::ClassId{0});
  }
  return data;
}

using Model =
    sw::compose::Pipeline<sw::preprocessing::StandardScaler, sw::linear_model::LogisticRegression>;

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 7;
  const auto data = sea_stream(n, seed);

  Model model;
  sw::metrics::Accuracy accuracy;
  sw::evaluate::ProgressiveOptions every;
  every.print_every = n / 4;
  const double score = sw::evaluate::progressive_val_score(
      data, model, accuracy, every, [](std::uint64_t step, const sw::metrics::Accuracy& m) {
        std::printf("  [%llu] Accuracy: %.2f%%\n", static_cast<unsigned long long>(step),
                    100.0 * m.get());
      });
  std::printf("StandardScaler | LogisticRegression, %zu samples: accuracy %.2f%%\n", n,
              100.0 * score);

  // The same with labels arriving 500 samples late, as in a fraud or pricing system.
  Model delayed;
  sw::metrics::Accuracy delayed_accuracy;
  sw::evaluate::ProgressiveOptions late;
  late.delay = 500;
  const double delayed_score =
      sw::evaluate::progressive_val_score(data, delayed, delayed_accuracy, late);
  std::printf("same, labels 500 samples late:               accuracy %.2f%%\n",
              100.0 * delayed_score);

  // Checkpoint and restore: the copy must answer exactly like the original.
  const std::string bytes = sw::io::to_checkpoint(model);
  const Model restored = sw::io::from_checkpoint<Model>(std::string_view(bytes));
  std::size_t disagreements = 0;
  std::vector<double> p1(2), p2(2);
  for (std::size_t i = 0; i < 1000; ++i) {
    const sw::DenseView x{data[i].first};
    model.predict_proba_one(x, p1);
    restored.predict_proba_one(x, p2);
    disagreements += p1 != p2;
  }
  std::printf("checkpoint: %zu bytes; restored model disagrees on %zu of 1000 probes\n",
              bytes.size(), disagreements);
  return disagreements == 0 && score > 0.7 ? 0 : 1;
}
