#pragma once
/// @file
/// `streamwise learn`: the Kafka consumer loop around `Learner` (see docs/learner.md).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "learner.hpp"
#include "rdkafka.hpp"

namespace streamwise::kafka {

/// Everything `learn` needs (the parsed learn.toml plus command-line overrides).
struct LearnConfig {
  LearnerOptions learner;            ///< Decoding, classes, drift detector.
  std::string model_spec;            ///< Model spec JSON (used when there is no checkpoint).
  std::filesystem::path checkpoint;  ///< Checkpoint file; restored when it exists.
  /// State per source partition: `checkpoint` is a directory holding `<topic>-<partition>.ckpt`,
  /// loaded when the partition is assigned and saved when it is revoked, so a partition's state
  /// (its per-key models) moves with it between the learners of a consumer group.
  bool checkpoint_per_partition = false;
  /// Checkpoints in this compacted Kafka topic instead of files (`checkpoint.topic`): each state
  /// is a chunked record set keyed `<group>/<topic>-<partition>` (per partition) or
  /// `checkpoint_key` (default `<group>/learner`), durable once acknowledged with acks=all.
  std::string checkpoint_topic;
  std::string checkpoint_key;                       ///< Whole-learner state key ("": default).
  std::size_t checkpoint_chunk_bytes = 512 * 1024;  ///< Largest chunk of a checkpoint record.
  std::uint64_t checkpoint_every_events = 100000;   ///< Checkpoint after this many events...
  double checkpoint_every_seconds = 5.0;            ///< ...or this many seconds.
  std::vector<std::string> topics;                  ///< Topics to consume.
  std::string predictions_topic;                    ///< Where prediction records go ("": none).
  std::string alerts_topic;                         ///< Drift alerts ("": none).
  std::string metrics_topic;                        ///< Periodic metrics records ("": none).
  std::string dead_letter_topic;                    ///< Invalid messages ("": dropped, counted).
  double metrics_every_seconds = 10.0;              ///< Period of metrics records.
  int metrics_port = 0;                             ///< Prometheus /metrics port (0: off).
  std::string metrics_host = "127.0.0.1";           ///< Address the endpoint binds.
  double progress_every_seconds = 2.0;              ///< Progress line period on stderr (0: off).
  bool stop_at_eof = false;      ///< Stop once every assigned partition is fully consumed.
  std::uint64_t max_events = 0;  ///< Stop after this many events in this run (0: never).
  double rate_limit = 0.0;       ///< At most this many events per second (0: unlimited).
  std::size_t dead_letter_max_bytes = 64 * 1024;  ///< Dead-letter values are cut to this.
  Settings kafka;                                 ///< `kafka.*`: both clients, verbatim.
  Settings kafka_consumer;                        ///< `kafka_consumer.*`: the consumer only.
  Settings kafka_producer;                        ///< `kafka_producer.*`: the producer only.
};

/// Runs the loop until SIGINT/SIGTERM (or `stop_at_eof` / `max_events`); returns the process
/// exit code. Throws `KafkaError` / `CheckpointError` / `std::invalid_argument` on bad config.
int run_learn(const LearnConfig& config);

}  // namespace streamwise::kafka
