// Decoding one message value in `streamwise learn` (simdjson, then the feature space): the
// Electricity rows as the JSON lines of bench/kafka_loop_throughput.sh, and as CSV lines.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "decoder.hpp"

namespace {

struct ElecLines {
  std::vector<std::string> columns;  // the CSV header
  std::vector<std::string> csv;      // the rows as they are
  std::vector<std::string> json;     // the rows as JSON objects: numbers keep their text
};

const ElecLines& elec_lines() {
  static const ElecLines lines = [] {
    ElecLines out;
    const char* env = std::getenv("STREAMWISE_ELEC_CSV");
    std::ifstream in(env != nullptr ? env : STREAMWISE_SHARED_DATASETS_DIR "/elec.csv");
    std::string line, cell;
    if (!std::getline(in, line)) return out;
    for (std::stringstream ss(line); std::getline(ss, cell, ',');) out.columns.push_back(cell);
    while (std::getline(in, line)) {
      out.csv.push_back(line);
      std::string json = "{";
      std::stringstream ss(line);
      for (std::size_t i = 0; std::getline(ss, cell, ','); ++i) {
        const bool label = i + 1 == out.columns.size();
        json += (i ? ",\"" : "\"") + out.columns[i] + "\":" + (label ? "\"" + cell + "\"" : cell);
      }
      out.json.push_back(json + "}");
    }
    return out;
  }();
  return lines;
}

void decode_lines(benchmark::State& state, streamwise::kafka::Format format) {
  const ElecLines& elec = elec_lines();
  const auto& lines = format == streamwise::kafka::Format::json ? elec.json : elec.csv;
  if (lines.empty()) {
    state.SkipWithError("elec.csv not found (set STREAMWISE_ELEC_CSV)");
    return;
  }
  streamwise::FeatureSpace space;
  streamwise::kafka::DecoderOptions options;
  options.format = format;
  options.columns = elec.columns;
  streamwise::kafka::Decoder decoder(options, &space);
  streamwise::kafka::DecodedEvent event;
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& v = lines[i];
    if (decoder.decode(v, event)) state.SkipWithError("a line did not decode");
    benchmark::DoNotOptimize(event.x.data());
    bytes += v.size();
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_decode_elec_json(benchmark::State& state) {
  decode_lines(state, streamwise::kafka::Format::json);
}
BENCHMARK(BM_decode_elec_json);

void BM_decode_elec_csv(benchmark::State& state) {
  decode_lines(state, streamwise::kafka::Format::csv);
}
BENCHMARK(BM_decode_elec_csv);

}  // namespace
