#pragma once
/// @file
/// `streamwise monitor`: drift detectors on numeric fields of live topics (optionally one per
/// key), alerts as JSON records and log lines.

#include <cstdint>
#include <string>
#include <vector>

#include "decoder.hpp"
#include "rdkafka.hpp"
#include "streamwise/drift/adwin.hpp"

namespace streamwise::kafka {

/// Everything `monitor` needs.
struct MonitorConfig {
  DecoderOptions decoder;               ///< Value layout (no label: every field is a feature).
  std::vector<std::string> topics;      ///< Topics to watch.
  std::vector<std::string> fields;      ///< Numeric fields to watch.
  bool per_key = false;                 ///< One detector per (key, field) instead of per field.
  drift::ADWIN::Params drift{};         ///< Detector parameters.
  std::string alerts_topic;             ///< Where alerts go ("": log lines only).
  bool stop_at_eof = false;             ///< Stop once every assigned partition is consumed.
  double progress_every_seconds = 2.0;  ///< Progress line period (0: off).
  Settings kafka;                       ///< `kafka.*`, both clients.
  Settings kafka_consumer;              ///< `kafka_consumer.*`.
  Settings kafka_producer;              ///< `kafka_producer.*`.
};

/// Runs until SIGINT/SIGTERM (or `stop_at_eof`); returns the exit code.
int run_monitor(const MonitorConfig& config);

}  // namespace streamwise::kafka
