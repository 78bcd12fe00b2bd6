// Bagging ensembles in C++: one StandardScaler | LogisticRegression against online bagging and
// leveraging bagging of ten of them, test-then-train on a seeded SEA-style stream with an
// abrupt concept drift; then the leveraging ensemble is checkpointed mid-stream, and the
// restored copy must keep predicting and learning exactly like the original.
//
// Usage: example_ensemble_bagging [n_samples=20000] [seed=7]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/ensemble/bagging_classifier.hpp"
#include "streamwise/ensemble/leveraging_bagging_classifier.hpp"
#include "streamwise/io/checkpoint.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
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
    const double threshold = i < n / 2 ? 8.0 : 13.0;
    bool label = x[0] + x[1] <= threshold;
    if (rng.uniform() < 0.1) label = !label;
    data.emplace_back(std::move(x), label ? sw::ClassId{1} : sw::ClassId{0});
  }
  return data;
}

using Member =
    sw::compose::Pipeline<sw::preprocessing::StandardScaler, sw::linear_model::LogisticRegression>;

// Progressive validation over rows [begin, end): the number of correct predictions.
template <class Model>
std::size_t correct(Model& model, const std::vector<std::pair<std::vector<double>, sw::ClassId>>& d,
                    std::size_t begin, std::size_t end) {
  std::size_t hits = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const sw::DenseView x{d[i].first};
    hits += model.predict_one(x) == d[i].second ? 1 : 0;
    model.learn_one(x, d[i].second);
  }
  return hits;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20000;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 7;
  const auto data = sea_stream(n, seed);

  Member single;
  sw::ensemble::BaggingClassifier<Member> bagging(Member{}, 10, 42);
  sw::ensemble::LeveragingBaggingClassifier<Member>::Params params;
  params.seed = 42;
  sw::ensemble::LeveragingBaggingClassifier<Member> leveraging(Member{}, params);

  const auto pct = [n](std::size_t hits) { return 100.0 * static_cast<double>(hits) / n; };
  std::printf("StandardScaler | LogisticRegression      accuracy %.2f%%\n",
              pct(correct(single, data, 0, n)));
  std::printf("BaggingClassifier (10 members)           accuracy %.2f%%\n",
              pct(correct(bagging, data, 0, n)));

  // Leveraging bagging, checkpointed at three quarters of the stream.
  const std::size_t cut = 3 * n / 4;
  std::size_t hits = correct(leveraging, data, 0, cut);
  const std::string bytes = sw::io::to_checkpoint(leveraging);
  auto restored = sw::io::from_checkpoint<decltype(leveraging)>(std::string_view(bytes));
  const std::size_t hits_original = correct(leveraging, data, cut, n);
  const std::size_t hits_restored = correct(restored, data, cut, n);
  std::printf("LeveragingBaggingClassifier (10 members) accuracy %.2f%% (%lld changes detected)\n",
              pct(hits + hits_original), static_cast<long long>(leveraging.n_detected_changes()));
  std::printf("checkpoint: %zu bytes; restored copy %s\n", bytes.size(),
              hits_restored == hits_original && restored == leveraging ? "identical" : "DIFFERS");
  return hits_restored == hits_original && restored == leveraging ? 0 : 1;
}
