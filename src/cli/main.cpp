// `streamwise`: eval | learn | monitor | inspect | generate (see docs/learner.md).

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "config.hpp"
#include "generate.hpp"
#include "learn_loop.hpp"
#include "learner.hpp"
#include "monitor_loop.hpp"
#include "state_topic.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/evaluate/progressive_val_score.hpp"
#include "streamwise/io/checkpoint.hpp"
#include "streamwise/metrics/accuracy.hpp"
#include "streamwise/metrics/mae.hpp"
#include "streamwise/metrics/rmse.hpp"
#include "streamwise/registry/registry.hpp"
#include "streamwise/version.hpp"

#ifdef STREAMWISE_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace {

using namespace streamwise;

// Splits a CSV header line into column names.
std::vector<std::string> split_header(std::string line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    std::string name = line.substr(start, comma == std::string::npos ? comma : comma - start);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    out.push_back(name);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// Opens a CSV (header line gives the columns unless they are configured) or JSONL file and sets
// the decoder's format from the extension.
std::ifstream open_data(const std::string& path, kafka::DecoderOptions& options) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot open " + path);
  const bool csv = path.size() >= 4 && path.substr(path.size() - 4) == ".csv";
  if (csv) {
    options.format = kafka::Format::csv;
    std::string header;
    std::getline(in, header);
    if (options.columns.empty()) options.columns = split_header(header);
  } else {
    options.format = kafka::Format::json;
  }
  return in;
}

// Regression score of `eval`: MAE (the score progressive_val_score returns) with RMSE alongside,
// both from the one pass.
struct MaeAndRmse {
  using Params = NoParams;
  static constexpr std::string_view name = "MAE";
  static constexpr bool bigger_is_better = false;
  const Params& params() const { return params_; }
  void update(double y_true, double y_pred, double w = 1.0) {
    mae.update(y_true, y_pred, w);
    rmse.update(y_true, y_pred, w);
  }
  double get() const { return mae.get(); }
  Params params_;
  metrics::MAE mae;
  metrics::RMSE rmse;
};

// `eval`: River's progressive_val_score over a file or a seeded synthetic stream, through the
// library's own evaluator (not the learner loop's code), so the two can be compared.
int run_eval(const kafka::LearnConfig& config, const std::string& data,
             const streamwise::cli::GenerateOptions* synthetic) {
  kafka::DecoderOptions options = config.learner.decoder;
  std::ifstream file;
  std::stringstream generated;
  if (synthetic != nullptr) {
    // The very JSON lines `generate` writes (and a topic fed by it holds).
    streamwise::cli::generate(*synthetic, generated);
    options.format = kafka::Format::json;
    if (options.label.empty()) options.label = synthetic->label;
  } else {
    file = open_data(data, options);
  }
  std::istream& in = synthetic != nullptr ? static_cast<std::istream&>(generated) : file;
  if (config.model_spec.empty()) throw std::invalid_argument("no model: set model.spec");
  const bool regression = kafka::is_regressor_spec(config.model_spec);
  options.numeric_label = regression;
  FeatureSpace space;
  kafka::Decoder decoder(options, &space);
  kafka::DecodedEvent event;
  std::string line;
  std::uint64_t lines = 0, invalid = 0, unlabelled = 0;
  // The next labelled row (rows that are invalid or unlabelled are counted and skipped).
  auto next_row = [&]() {
    while (std::getline(in, line)) {
      ++lines;
      if (line.empty()) continue;
      if (decoder.decode(line, event)) {
        ++invalid;
        continue;
      }
      if (!event.has_label) {
        ++unlabelled;
        continue;
      }
      return true;
    }
    return false;
  };
  if (regression) {
    auto model = registry::make_regressor_pipeline(config.model_spec);
    model.bind(&space);
    MaeAndRmse metric;
    auto next = [&](evaluate::LabelledSample<double>& s) {
      if (!next_row()) return false;
      s.x = DenseView{event.x};
      s.y = event.target;
      s.w = 1.0;
      return true;
    };
    const double mae = evaluate::progressive_val_score(next, model, metric);
    std::printf("mae=%.17g rmse=%.17g events=%llu invalid=%llu unlabelled=%llu\n", mae,
                metric.rmse.get(), (unsigned long long)lines, (unsigned long long)invalid,
                (unsigned long long)unlabelled);
    return 0;
  }
  auto model = registry::make_classifier_pipeline(config.model_spec);
  model.bind(&space);
  // As `learn` teaches them: a model with fixed classes (LogisticRegression's two) takes the
  // configured classes' ids, a model that grows its classes takes them in order of first sight.
  LabelEncoder<std::string> labels;
  if (model.n_classes() > 0) {
    for (const auto& c : config.learner.classes) labels.encode(c);
  }
  metrics::Accuracy accuracy;
  auto next = [&](evaluate::LabelledSample<ClassId>& s) {
    if (!next_row()) return false;
    s.x = DenseView{event.x};
    s.y = labels.encode(event.label);
    s.w = 1.0;
    return true;
  };
  const double score = evaluate::progressive_val_score(next, model, accuracy);
  std::printf("accuracy=%.17g events=%llu invalid=%llu unlabelled=%llu\n", score,
              (unsigned long long)lines, (unsigned long long)invalid,
              (unsigned long long)unlabelled);
  return 0;
}

// The newest checkpoint of state `key` in checkpoint topic `topic` that loads, as the learner
// would restore it (reasons for passed-over newer ones on stderr); `where` describes it. Throws
// CheckpointError when there is none.
std::string read_state_topic(const std::string& topic, const std::string& key,
                             const kafka::LearnConfig& config, std::string& where) {
  kafka::StateTopic state(topic, config.kafka, {}, config.checkpoint_chunk_bytes, false);
  state.keep_only(key + "#");
  const auto r = state.restore(
      key,
      [&](const std::string& bytes) {
        (void)kafka::Learner::from_checkpoint(bytes, config.learner);
      },
      [](const std::string& why) {
        std::fprintf(stderr, "streamwise inspect: %s\n", why.c_str());
      });
  if (r.checkpoint == nullptr) {
    throw CheckpointError("checkpoint topic " + topic + " has no checkpoint of '" + key + "'");
  }
  where = "topic " + topic + " key " + key + " #" + std::to_string(r.checkpoint->id);
  return r.checkpoint->bytes;
}

int run_inspect(const std::string& path, const std::string& probe, const std::string& from_topic,
                const kafka::LearnConfig& config) {
  std::string where = path;
  const std::string bytes = from_topic.empty()
                                ? io::read_file(path, (std::uint64_t{1} << 30) + (2u << 20))
                                : read_state_topic(from_topic, path, config, where);
  const auto header = io::read_header(io::detail::as_bytes(bytes));
  std::printf("file: %s (%zu bytes)\n", where.c_str(), bytes.size());
  std::printf("format_version: %u\nlibrary_version: %s\n", header.format_version,
              header.library_version.c_str());
  std::printf("spec: %s\n", header.spec.c_str());
  std::printf("payload_bytes: %llu\nchecksum: %08x\n", (unsigned long long)header.payload_size,
              header.checksum);
  kafka::LearnerOptions options = config.learner;
  options.decoder.require_label = false;
  kafka::Learner learner = kafka::Learner::from_checkpoint(bytes, options);
  const auto& c = learner.counters();
  std::printf(
      "events: %llu\npredicted: %llu\nlearned: %llu\nunlabelled: %llu\ndead_letters: %llu\n"
      "drifts: %llu\n",
      (unsigned long long)c.events, (unsigned long long)c.predicted, (unsigned long long)c.learned,
      (unsigned long long)c.unlabelled, (unsigned long long)c.dead_letters,
      (unsigned long long)c.drifts);
  std::printf("labels_consumed: %llu\nevicted: %llu\nevicted_labels: %llu\npending: %zu\n",
              (unsigned long long)c.labels, (unsigned long long)c.evicted,
              (unsigned long long)c.evicted_labels, learner.pending());
  if (learner.regression()) {
    std::printf("mae: %.17g\nrmse: %.17g\n", learner.mae(), learner.rmse());
  } else {
    std::printf("accuracy: %.17g\n", learner.accuracy());
  }
  std::printf("features: %zu\n", learner.space().size());
  std::printf("labels:");
  for (const auto& l : learner.labels().labels()) std::printf(" %s", l.c_str());
  std::printf("\n");
  for (const auto& [topic, parts] : learner.offsets()) {
    for (const auto& [p, next] : parts) {
      std::printf("offset: %s[%d] next=%lld\n", topic.c_str(), p, (long long)next);
    }
  }
  auto print_key_models = [](const auto& models) {
    if (models.empty()) return;
    std::printf("key_models: %zu\n", models.size());
    for (const auto& [key, model] : models) {
      std::string payload;
      {
        io::PayloadOutputArchive ar(payload);
        ar(model);
      }
      std::printf("key_model: %s %08x\n", key.c_str(), io::crc32c(io::detail::as_bytes(payload)));
    }
  };
  print_key_models(learner.key_models());
  print_key_models(learner.key_regressors());
  std::printf("model_digest: %08x\n", learner.model_digest());
  if (!probe.empty()) {
    kafka::DecoderOptions popts = options.decoder;
    std::ifstream in = open_data(probe, popts);
    // Decode probe rows through a copy of the model's feature space (same ids).
    FeatureSpace space = learner.space();
    kafka::Decoder decoder(popts, &space);
    kafka::DecodedEvent event;
    std::string line;
    std::size_t i = 0;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      if (auto err = decoder.decode(line, event)) {
        std::printf("probe %zu: invalid: %s\n", i++, err->c_str());
        continue;
      }
      std::printf("probe %zu:", i++);
      for (const auto& [label, p] : learner.predict_proba(event.x)) {
        std::printf(" %s=%.17g", label.c_str(), p);
      }
      const auto label = learner.predict_label(event.x);
      std::printf(" -> %s\n", label ? label->c_str() : "None");
    }
  }
  return 0;
}

// The allocator this process runs on: "mimalloc X.Y.Z" when the command line was linked with it
// and it serves malloc (checked on a live allocation), else "the C library's malloc".
std::string allocator_text() {
#ifdef STREAMWISE_WITH_MIMALLOC
  void* probe = std::calloc(1, 64);
  const bool serves_malloc = mi_is_in_heap_region(probe);
  std::free(probe);
  const int v = mi_version();
  return "mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." +
         std::to_string(v % 10) + (serves_malloc ? "" : " (linked, but malloc is not its own)");
#else
  return "the C library's malloc";
#endif
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"streamwise: online learning on streams (learn from Kafka, evaluate files)"};
  app.set_version_flag("--version", [] {
    return std::string(streamwise::version_string) + "\nallocator: " + allocator_text();
  });
  app.require_subcommand(1);

  std::string config_path;
  std::vector<std::string> overrides;
  auto add_config = [&](CLI::App* sub) {
    sub->add_option("-c,--config", config_path, "TOML config (learn.toml)");
    sub->add_option("--set", overrides,
                    "Override a config key: section.key=value (repeatable), e.g. "
                    "--set kafka.bootstrap.servers=127.0.0.1:9092");
  };

  std::string data, model_spec, checkpoint, probe;
  CLI::App* eval = app.add_subcommand("eval", "Progressive validation over a CSV or JSONL file");
  add_config(eval);
  eval->add_option("data", data, "CSV (with a header line) or JSONL file");
  eval->add_option("--model", model_spec, "Model spec JSON (overrides model.spec)");
  streamwise::cli::GenerateOptions eval_stream;
  eval->add_option("--stream", eval_stream.stream,
                   "Instead of a file: a seeded synthetic stream (as `generate` writes it)");
  eval->add_option("--seed", eval_stream.seed, "Synthetic stream: seed")->capture_default_str();
  eval->add_option("-n,--n", eval_stream.n, "Synthetic stream: rows")->capture_default_str();
  eval->add_option("--position", eval_stream.position, "agrawal-drift: drift centre")
      ->capture_default_str();
  eval->add_option("--width", eval_stream.width, "agrawal-drift: drift width")
      ->capture_default_str();

  CLI::App* learn = app.add_subcommand("learn", "Consume topics, predict, learn, checkpoint");
  add_config(learn);
  learn->add_option("--model", model_spec, "Model spec JSON (overrides model.spec)");
  learn->add_option("--checkpoint", checkpoint, "Checkpoint file (overrides checkpoint.path)");

  std::string inspect_path;
  CLI::App* inspect = app.add_subcommand("inspect", "Describe a learner checkpoint");
  add_config(inspect);
  std::string inspect_topic;
  inspect->add_option("checkpoint", inspect_path, "Checkpoint file (with --from-topic: state key)")
      ->required();
  inspect->add_option("--from-topic", inspect_topic,
                      "Read the newest intact checkpoint of the state key CHECKPOINT from this "
                      "checkpoint topic (kafka.bootstrap.servers from the config or --set)");
  inspect->add_option("--probe", probe, "CSV/JSONL rows to predict with the checkpoint's model");

  CLI::App* monitor = app.add_subcommand("monitor", "Drift detectors on numeric fields of topics");
  add_config(monitor);

  streamwise::cli::GenerateOptions gen;
  CLI::App* generate = app.add_subcommand(
      "generate", "Write a seeded synthetic stream as JSON lines (River's rows)");
  generate
      ->add_option("--stream", gen.stream,
                   "agrawal-drift (Agrawal 0 -> 2), agrawal, sea, hyperplane, stagger, friedman")
      ->capture_default_str();
  generate->add_option("--seed", gen.seed, "Generator seed")->capture_default_str();
  generate->add_option("-n,--n", gen.n, "Number of rows")->capture_default_str();
  generate->add_option("--position", gen.position, "agrawal-drift: drift centre")
      ->capture_default_str();
  generate->add_option("--width", gen.width, "agrawal-drift: drift width (1 = abrupt)")
      ->capture_default_str();
  generate->add_option("--label", gen.label, "Label field name")->capture_default_str();
  generate->add_option("--key", gen.key, "Also write a key field of this name (16 keys)");

  CLI11_PARSE(app, argc, argv);
  try {
    if (generate->parsed()) {
      std::ios::sync_with_stdio(false);
      streamwise::cli::generate(gen, std::cout);
      std::cout.flush();
      return 0;
    }
    if (monitor->parsed()) {
      return streamwise::kafka::run_monitor(
          streamwise::cli::load_monitor_config(config_path, overrides));
    }
    auto config = streamwise::cli::load_config(config_path, overrides);
    if (!model_spec.empty()) config.model_spec = model_spec;
    if (!checkpoint.empty()) config.checkpoint = checkpoint;
    if (eval->parsed()) {
      const bool synthetic = eval->count("--stream") > 0;
      if (synthetic == !data.empty()) {
        throw std::invalid_argument("eval: give a data file or --stream, not both or neither");
      }
      return run_eval(config, data, synthetic ? &eval_stream : nullptr);
    }
    if (learn->parsed()) return streamwise::kafka::run_learn(config);
    if (inspect->parsed()) return run_inspect(inspect_path, probe, inspect_topic, config);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "streamwise: %s\n", e.what());
    return 1;
  }
  return 0;
}
