#include "generate.hpp"

#include <charconv>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "streamwise/datasets/agrawal.hpp"
#include "streamwise/datasets/concept_drift_stream.hpp"
#include "streamwise/datasets/friedman.hpp"
#include "streamwise/datasets/hyperplane.hpp"
#include "streamwise/datasets/sea.hpp"
#include "streamwise/datasets/stagger.hpp"

namespace streamwise::cli {

namespace {

// One JSON line per sample. Numbers in the shortest form that reads back to the same double,
// feature names quoted as River's keys (none of them needs escaping).
template <class Stream>
void write_rows(Stream& stream, const GenerateOptions& options, std::ostream& out) {
  const std::vector<std::string> names = stream.feature_names();
  typename Stream::Sample sample;
  std::string line;
  char number[32];
  for (std::int64_t i = 0; i < options.n; ++i) {
    stream.next(sample);
    line.clear();
    line += '{';
    if (!options.key.empty()) {
      line += '"' + options.key + "\":\"k" + std::to_string(i % 16) + "\",";
    }
    for (std::size_t j = 0; j < names.size(); ++j) {
      line += '"';
      line += names[j];
      line += "\":";
      const auto [end, ec] = std::to_chars(number, number + sizeof number, sample.x[j]);
      line.append(number, end);
      line += ',';
    }
    line += '"' + options.label + "\":";
    if constexpr (std::is_floating_point_v<decltype(sample.y)>) {
      const auto [end, ec] = std::to_chars(number, number + sizeof number, sample.y);
      line.append(number, end);
    } else {
      line += std::to_string(sample.y);
    }
    line += "}\n";
    out << line;
  }
}

}  // namespace

void generate(const GenerateOptions& options, std::ostream& out) {
  if (options.n < 0) throw std::invalid_argument("generate: n must be >= 0");
  const std::int64_t seed = options.seed;
  if (options.stream == "agrawal-drift") {
    // River: synth.ConceptDriftStream(stream=Agrawal(seed=s), drift_stream=Agrawal(
    //   classification_function=2, seed=s), position, width, seed=s).
    using Drift = datasets::ConceptDriftStream<datasets::Agrawal, datasets::Agrawal>;
    Drift::Params p;
    p.stream = datasets::Agrawal({.classification_function = 0, .seed = seed});
    p.drift_stream = datasets::Agrawal({.classification_function = 2, .seed = seed});
    p.position = options.position;
    p.width = options.width;
    p.seed = seed;
    Drift stream(p);
    write_rows(stream, options, out);
  } else if (options.stream == "agrawal") {
    datasets::Agrawal stream({.seed = seed});
    write_rows(stream, options, out);
  } else if (options.stream == "sea") {
    datasets::SEA stream({.seed = seed});
    write_rows(stream, options, out);
  } else if (options.stream == "hyperplane") {
    datasets::Hyperplane stream({.seed = seed});
    write_rows(stream, options, out);
  } else if (options.stream == "stagger") {
    datasets::STAGGER stream({.seed = seed});
    write_rows(stream, options, out);
  } else if (options.stream == "friedman") {
    // Regression: River's synth.Friedman(seed=s); the label is the real-valued target.
    datasets::Friedman stream({.seed = seed});
    write_rows(stream, options, out);
  } else {
    throw std::invalid_argument("generate: unknown stream '" + options.stream +
                                "' (agrawal-drift, agrawal, sea, hyperplane, stagger, friedman)");
  }
}

}  // namespace streamwise::cli
