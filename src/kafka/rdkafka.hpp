#pragma once
/// @file
/// Small RAII owners for librdkafka's C handles, and config helpers. Errors from librdkafka
/// calls that configure things are thrown as `KafkaError`; per-record errors stay values.

#include <librdkafka/rdkafka.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace streamwise::kafka {

/// A librdkafka call failed.
class KafkaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
struct ConfDeleter {
  void operator()(rd_kafka_conf_t* c) const { rd_kafka_conf_destroy(c); }
};
struct HandleDeleter {
  void operator()(rd_kafka_t* k) const { rd_kafka_destroy(k); }
};
struct MessageDeleter {
  void operator()(rd_kafka_message_t* m) const { rd_kafka_message_destroy(m); }
};
struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const {
    rd_kafka_topic_partition_list_destroy(l);
  }
};
}  // namespace detail

/// Owns an `rd_kafka_conf_t` until it is handed to `rd_kafka_new`.
using Conf = std::unique_ptr<rd_kafka_conf_t, detail::ConfDeleter>;
/// Owns an `rd_kafka_t` (a consumer must be closed before it is destroyed).
using Handle = std::unique_ptr<rd_kafka_t, detail::HandleDeleter>;
/// Owns a consumed message.
using Message = std::unique_ptr<rd_kafka_message_t, detail::MessageDeleter>;
/// Owns a topic-partition list.
using PartitionList =
    std::unique_ptr<rd_kafka_topic_partition_list_t, detail::PartitionListDeleter>;

/// Key/value settings passed to librdkafka verbatim.
using Settings = std::vector<std::pair<std::string, std::string>>;

/// A new configuration with `settings` applied in order; throws `KafkaError` naming the key.
inline Conf make_conf(const Settings& settings) {
  Conf conf(rd_kafka_conf_new());
  char err[512];
  for (const auto& [key, value] : settings) {
    if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), err, sizeof err) !=
        RD_KAFKA_CONF_OK) {
      throw KafkaError("kafka." + key + ": " + err);
    }
  }
  return conf;
}

/// Whether `settings` sets `key`.
inline bool has_setting(const Settings& settings, const std::string& key) {
  for (const auto& kv : settings) {
    if (kv.first == key) return true;
  }
  return false;
}

/// Creates a producer or consumer from `conf` (which it takes over); throws `KafkaError`.
inline Handle make_handle(rd_kafka_type_t type, Conf conf) {
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(type, conf.get(), err, sizeof err);
  if (rk == nullptr) throw KafkaError(std::string("cannot create the Kafka client: ") + err);
  conf.release();  // owned by rk now
  return Handle(rk);
}

}  // namespace streamwise::kafka
