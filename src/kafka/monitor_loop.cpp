#include "monitor_loop.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::kafka {

namespace {

volatile std::sig_atomic_t g_stop_monitor = 0;
extern "C" void on_monitor_signal(int /*sig*/) { g_stop_monitor = 1; }

using Clock = std::chrono::steady_clock;

}  // namespace

int run_monitor(const MonitorConfig& config) {
  if (config.topics.empty()) throw std::invalid_argument("input.topics is empty");
  if (config.fields.empty()) throw std::invalid_argument("monitor.fields is empty");
  config.drift.validate();

  Settings ps = config.kafka;
  ps.insert(ps.end(), config.kafka_producer.begin(), config.kafka_producer.end());
  Handle producer = make_handle(RD_KAFKA_PRODUCER, make_conf(ps));

  Settings cs = config.kafka;
  cs.insert(cs.end(), config.kafka_consumer.begin(), config.kafka_consumer.end());
  if (!has_setting(cs, "group.id")) cs.emplace_back("group.id", "streamwise-monitor");
  if (!has_setting(cs, "auto.offset.reset")) cs.emplace_back("auto.offset.reset", "earliest");
  if (config.stop_at_eof) cs.emplace_back("enable.partition.eof", "true");
  Handle consumer = make_handle(RD_KAFKA_CONSUMER, make_conf(cs));
  rd_kafka_poll_set_consumer(consumer.get());
  {
    PartitionList topics(rd_kafka_topic_partition_list_new(static_cast<int>(config.topics.size())));
    for (const auto& t : config.topics) {
      rd_kafka_topic_partition_list_add(topics.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
    }
    if (auto err = rd_kafka_subscribe(consumer.get(), topics.get())) {
      throw KafkaError(std::string("cannot subscribe: ") + rd_kafka_err2str(err));
    }
  }

  FeatureSpace space;
  DecoderOptions dopt = config.decoder;
  dopt.require_label = false;
  Decoder decoder(dopt, &space);
  DecodedEvent event;
  // Detectors by (key, field); the key is "" unless per_key.
  std::map<std::pair<std::string, std::string>, drift::ADWIN> detectors;
  std::uint64_t events = 0, invalid = 0, alerts = 0;
  std::set<std::pair<std::string, std::int32_t>> at_eof;
  std::string alert;

  std::signal(SIGINT, on_monitor_signal);
  std::signal(SIGTERM, on_monitor_signal);
  g_stop_monitor = 0;
  auto last_progress = Clock::now();
  const auto started = Clock::now();
  while (!g_stop_monitor) {
    Message msg(rd_kafka_consumer_poll(consumer.get(), 100));
    if (msg) {
      if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        at_eof.emplace(rd_kafka_topic_name(msg->rkt), msg->partition);
        rd_kafka_topic_partition_list_t* assigned = nullptr;
        if (config.stop_at_eof && rd_kafka_assignment(consumer.get(), &assigned) == 0) {
          const bool done =
              assigned->cnt > 0 && at_eof.size() >= static_cast<size_t>(assigned->cnt);
          rd_kafka_topic_partition_list_destroy(assigned);
          if (done) break;
        }
      } else if (msg->err) {
        std::fprintf(stderr, "streamwise monitor: consumer: %s\n",
                     rd_kafka_message_errstr(msg.get()));
      } else {
        ++events;
        const std::string topic = rd_kafka_topic_name(msg->rkt);
        at_eof.erase({topic, msg->partition});
        const std::string_view value(static_cast<const char*>(msg->payload), msg->len);
        if (decoder.decode(value, event)) {
          ++invalid;
        } else {
          std::string key;
          if (config.per_key) {
            key = msg->key_len ? std::string(static_cast<const char*>(msg->key), msg->key_len)
                               : event.key;
          }
          for (const auto& field : config.fields) {
            const auto id = space.find(field);
            if (!id || *id >= event.x.size() || is_missing(event.x[*id])) continue;
            auto it = detectors.find({key, field});
            if (it == detectors.end()) {
              it = detectors.emplace(std::make_pair(key, field), drift::ADWIN(config.drift)).first;
            }
            it->second.update(event.x[*id]);
            if (!it->second.drift_detected()) continue;
            ++alerts;
            alert = "{\"alert\":\"drift\",\"detector\":\"ADWIN\",\"field\":";
            streamwise::detail::append_json_string(alert, field);
            alert += ",\"key\":";
            if (config.per_key) {
              streamwise::detail::append_json_string(alert, key);
            } else {
              alert += "null";
            }
            alert += ",\"topic\":";
            streamwise::detail::append_json_string(alert, topic);
            alert +=
                ",\"partition\":" + std::to_string(msg->partition) +
                ",\"offset\":" + std::to_string(msg->offset) +
                ",\"value\":" + streamwise::detail::format_double(event.x[*id]) +
                ",\"window_mean\":" + streamwise::detail::format_double(it->second.estimation()) +
                "}";
            std::fprintf(stderr, "streamwise monitor: drift: %s\n", alert.c_str());
            if (!config.alerts_topic.empty()) {
              rd_kafka_producev(producer.get(), RD_KAFKA_V_TOPIC(config.alerts_topic.c_str()),
                                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                RD_KAFKA_V_KEY(key.data(), key.size()),
                                RD_KAFKA_V_VALUE(alert.data(), alert.size()), RD_KAFKA_V_END);
            }
          }
        }
      }
    }
    rd_kafka_poll(producer.get(), 0);
    if (config.progress_every_seconds > 0 &&
        std::chrono::duration<double>(Clock::now() - last_progress).count() >=
            config.progress_every_seconds) {
      std::fprintf(stderr, "streamwise monitor: events=%llu invalid=%llu alerts=%llu\n",
                   (unsigned long long)events, (unsigned long long)invalid,
                   (unsigned long long)alerts);
      last_progress = Clock::now();
    }
  }
  rd_kafka_consumer_close(consumer.get());
  rd_kafka_flush(producer.get(), 30000);
  std::printf("events=%llu invalid=%llu alerts=%llu detectors=%zu seconds=%.3f\n",
              (unsigned long long)events, (unsigned long long)invalid, (unsigned long long)alerts,
              detectors.size(), std::chrono::duration<double>(Clock::now() - started).count());
  return 0;
}

}  // namespace streamwise::kafka
