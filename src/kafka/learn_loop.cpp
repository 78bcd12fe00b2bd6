#include "learn_loop.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "state_topic.hpp"
#include "streamwise/core/errors.hpp"

namespace streamwise::kafka {

namespace {

volatile std::sig_atomic_t g_stop = 0;

// Most messages one librdkafka call hands over.
constexpr std::size_t batch_size = 1024;

extern "C" void on_signal(int /*sig*/) { g_stop = 1; }

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Figures the /metrics endpoint serves, written by the loop and read by the HTTP thread.
struct Gauges {
  std::atomic<std::uint64_t> events{0}, learned{0}, predicted{0}, dead_letters{0}, drifts{0},
      delivery_failures{0}, checkpoints{0};
  std::atomic<double> accuracy{0.0}, mae{0.0}, rmse{0.0}, events_per_second{0.0};
  std::atomic<bool> regression{false};
  std::atomic<std::int64_t> lag{0};
};

std::string prometheus_text(const Gauges& g) {
  std::string out;
  auto line = [&out](const char* name, const char* type, const char* help, const std::string& v) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
           name + " " + v + "\n";
  };
  auto num = [](double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return std::string(buf);
  };
  line("streamwise_events_total", "counter", "Messages consumed.", std::to_string(g.events));
  line("streamwise_predictions_total", "counter", "Prediction records produced.",
       std::to_string(g.predicted));
  line("streamwise_learned_total", "counter", "Samples learnt.", std::to_string(g.learned));
  line("streamwise_dead_letters_total", "counter", "Messages sent to the dead-letter topic.",
       std::to_string(g.dead_letters));
  line("streamwise_drifts_total", "counter", "Drifts flagged by the detector.",
       std::to_string(g.drifts));
  line("streamwise_delivery_failures_total", "counter", "Records the producer failed to deliver.",
       std::to_string(g.delivery_failures));
  line("streamwise_checkpoints_total", "counter", "Checkpoints written.",
       std::to_string(g.checkpoints));
  if (g.regression) {
    line("streamwise_mae", "gauge", "Progressive mean absolute error.", num(g.mae));
    line("streamwise_rmse", "gauge", "Progressive root mean squared error.", num(g.rmse));
  } else {
    line("streamwise_accuracy", "gauge", "Progressive accuracy.", num(g.accuracy));
  }
  line("streamwise_events_per_second", "gauge", "Recent throughput.", num(g.events_per_second));
  line("streamwise_lag", "gauge", "Messages behind the high watermark, all partitions.",
       std::to_string(g.lag));
  return out;
}

class Loop {
 public:
  explicit Loop(const LearnConfig& config) : config_(config) {
    if (!config.checkpoint_topic.empty()) {
      if (!config.checkpoint.empty()) {
        throw std::invalid_argument(
            "set checkpoint.path (files) or checkpoint.topic (a Kafka topic), not both");
      }
      // The consumer group names the states: kafka.* then kafka_consumer.* (the last wins).
      for (const Settings* s : {&config.kafka, &config.kafka_consumer}) {
        for (const auto& [k, v] : *s) {
          if (k == "group.id") group_ = v;
        }
      }
      learner_key_ = config.checkpoint_key.empty() ? group_ + "/learner" : config.checkpoint_key;
      store_ = std::make_unique<StateTopic>(config.checkpoint_topic, config.kafka,
                                            config.kafka_producer, config.checkpoint_chunk_bytes);
      store_->ensure();
      // Only this group's states (per partition), or this learner's, are kept while reading.
      store_->keep_only(config.checkpoint_per_partition ? group_ + "/" : learner_key_ + "#");
    }
    if (!config.checkpoint_per_partition) {
      single_.emplace(restore(config));
      regression_ = single_->regression();
      return;
    }
    if (config.checkpoint.empty() && !store_) {
      throw std::invalid_argument(
          "checkpoint.per_partition needs checkpoint.path (a directory) or checkpoint.topic");
    }
    if (!config.learner.labels.topic.empty() && config.topics.size() != 1) {
      throw std::invalid_argument(
          "checkpoint.per_partition with labels.topic needs exactly one input topic (its "
          "partitions pair with the labels topic's partitions of the same number)");
    }
    if (config.model_spec.empty()) throw std::invalid_argument("no model: set model.spec");
    regression_ = is_regressor_spec(config.model_spec);
    if (!store_) std::filesystem::create_directories(config.checkpoint);
  }

  int run();

 private:
  Learner restore(const LearnConfig& config) {
    if (store_) {
      if (auto l = load_state(learner_key_)) return std::move(*l);
    } else if (!config.checkpoint.empty() && std::filesystem::exists(config.checkpoint)) {
      Learner l = Learner::load(config.checkpoint, config.learner);
      std::fprintf(stderr,
                   "streamwise learn: restored %s (%llu events, %llu learnt, model version "
                   "%llu)\n",
                   config.checkpoint.c_str(), (unsigned long long)l.counters().events,
                   (unsigned long long)l.counters().learned,
                   (unsigned long long)l.counters().learned);
      return l;
    }
    if (config.model_spec.empty()) {
      throw std::invalid_argument("no model: set model.spec (or an existing checkpoint.path)");
    }
    return Learner(config.learner, config.model_spec);
  }

  static void rebalance_cb(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* parts, void* opaque) {
    static_cast<Loop*>(opaque)->rebalance(rk, err, parts);
  }
  static void delivery_cb(rd_kafka_t* /*rk*/, const rd_kafka_message_t* m, void* opaque) {
    if (m->err) {
      auto* self = static_cast<Loop*>(opaque);
      ++self->gauges_.delivery_failures;
      std::fprintf(stderr, "streamwise learn: delivery to %s failed: %s\n",
                   rd_kafka_topic_name(m->rkt), rd_kafka_err2str(m->err));
    }
  }

  void rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts);
  // The newest intact checkpoint of `key` in the checkpoint topic (falling back to the one before
  // when the newest is damaged or incomplete); nullopt when the topic has none; CheckpointError
  // when it has some and none is intact.
  std::optional<Learner> load_state(const std::string& key);
  void produce(rd_kafka_topic_t* topic, const void* key, std::size_t key_len,
               std::string_view value,
               const std::vector<std::pair<std::string, std::string>>& headers = {});
  // Prediction records are gathered over one batch of consumed messages and handed to librdkafka
  // in one call (one clock read and one topic lock per batch instead of per record); produced
  // before every checkpoint, so a checkpoint still follows the outputs of the events it holds.
  void queue_prediction(const void* key, std::size_t key_len, std::string_view value);
  void flush_predictions();
  // A producer topic handle for `name` ("": none, null).
  rd_kafka_topic_t* output_topic(const std::string& name) {
    if (name.empty()) return nullptr;
    rd_kafka_topic_t* t = rd_kafka_topic_new(producer_.get(), name.c_str(), nullptr);
    if (t == nullptr) {
      throw KafkaError("cannot use topic " + name + ": " + rd_kafka_err2str(rd_kafka_last_error()));
    }
    topics_.emplace_back(t);
    return t;
  }
  void checkpoint(const char* why);
  void commit(bool sync);
  std::int64_t lag() const;
  void report(bool final_line);

  const LearnConfig& config_;
  using TopicPartition = std::pair<std::string, std::int32_t>;
  // One learner for everything, or (checkpoint_per_partition) one per assigned partition.
  std::optional<Learner> single_;
  bool regression_ = false;
  std::map<TopicPartition, Learner, std::less<>> parts_;

  std::filesystem::path part_path(const std::string& topic, std::int32_t partition) const {
    return config_.checkpoint / (topic + "-" + std::to_string(partition) + ".ckpt");
  }
  // Checkpoint topic: where states live, and their keys.
  std::unique_ptr<StateTopic> store_;
  std::string group_ = "streamwise-learner";
  std::string learner_key_;
  std::string part_key(const std::string& topic, std::int32_t partition) const {
    return group_ + "/" + topic + "-" + std::to_string(partition);
  }
  // Per partition in the topic: the counters of each state when it was last written or loaded
  // (an unchanged state is not written again).
  std::map<TopicPartition, std::pair<std::uint64_t, std::uint64_t>> stored_;
  static std::pair<std::uint64_t, std::uint64_t> signature(const Learner& l) {
    return {l.counters().events, l.counters().labels};
  }
  Learner* find(std::string_view topic, std::int32_t partition) {
    if (single_) return &*single_;
    // Per partition with late labels: labels partition p is part of events partition p's state.
    if (!config_.learner.labels.topic.empty() && topic == config_.learner.labels.topic) {
      topic = config_.topics.front();
    }
    const auto it = parts_.find(TopicPartition(std::string(topic), partition));
    return it == parts_.end() ? nullptr : &it->second;
  }
  const Learner* find(std::string_view topic, std::int32_t partition) const {
    return const_cast<Loop*>(this)->find(topic, partition);
  }
  template <class F>
  void for_each_learner(F&& f) const {
    if (single_) f(*single_);
    for (const auto& [tp, l] : parts_) f(l);
  }
  Counters totals() const {
    Counters t;
    for_each_learner([&t](const Learner& l) {
      const Counters& c = l.counters();
      t.events += c.events;
      t.predicted += c.predicted;
      t.learned += c.learned;
      t.unlabelled += c.unlabelled;
      t.dead_letters += c.dead_letters;
      t.drifts += c.drifts;
      t.labels += c.labels;
      t.evicted += c.evicted;
      t.evicted_labels += c.evicted_labels;
    });
    return t;
  }
  // Scores over all learners: each partition's accuracy (or MAE, mean squared error) weighted by
  // its samples learnt (exact for models that predict from the first sample on, as
  // LogisticRegression and the regressors do).
  Scores scores() const {
    if (single_) return single_->scores();
    Scores s;
    s.regression = regression_;
    double acc = 0.0, mae = 0.0, mse = 0.0, n = 0.0;
    for_each_learner([&](const Learner& l) {
      const double w = static_cast<double>(l.counters().learned);
      acc += l.accuracy() * w;
      mae += l.mae() * w;
      mse += l.rmse() * l.rmse() * w;
      n += w;
    });
    if (n > 0) {
      s.accuracy = acc / n;
      s.mae = mae / n;
      s.rmse = std::sqrt(mse / n);
    }
    return s;
  }
  // The scores as the stderr/stdout lines show them.
  std::string scores_text(const char* format) const {
    const Scores s = scores();
    char buf[128];
    if (s.regression) {
      std::snprintf(buf, sizeof buf, (std::string("mae=") + format + " rmse=" + format).c_str(),
                    s.mae, s.rmse);
    } else {
      std::snprintf(buf, sizeof buf, (std::string("accuracy=") + format).c_str(), s.accuracy);
    }
    return buf;
  }
  std::size_t pending() const {
    std::size_t n = 0;
    for_each_learner([&n](const Learner& l) { n += l.pending(); });
    return n;
  }
  Handle producer_;
  Handle consumer_;
  struct TopicDeleter {
    void operator()(rd_kafka_topic_t* t) const { rd_kafka_topic_destroy(t); }
  };
  // Output topic handles (destroyed before the producer: declared after it).
  std::vector<std::unique_ptr<rd_kafka_topic_t, TopicDeleter>> topics_;
  rd_kafka_topic_t* predictions_ = nullptr;
  rd_kafka_topic_t* alerts_ = nullptr;
  rd_kafka_topic_t* metrics_ = nullptr;
  rd_kafka_topic_t* dead_letters_ = nullptr;
  struct QueuedRecord {
    std::size_t key_at = 0, key_len = 0, value_at = 0, value_len = 0;
    bool has_key = false;
  };
  std::string queued_bytes_;  // keys and values of the queued prediction records, back to back
  std::vector<QueuedRecord> queued_;
  std::vector<rd_kafka_message_t> queued_messages_;  // scratch of flush_predictions
  // The partition of the last message, and what the loop needs to know about it (refreshed when
  // the partition changes or a rebalance happens).
  struct PartitionCache {
    rd_kafka_topic_t* rkt = nullptr;
    std::int32_t partition = -1;
    std::uint64_t generation = 0;
    Learner* learner = nullptr;
    bool labels = false;
    std::string topic;  // its name (no strlen per message)
  } cache_;
  std::uint64_t generation_ = 1;  // bumped by every rebalance
  Gauges gauges_;
  std::set<std::pair<std::string, std::int32_t>> assigned_;
  std::set<std::pair<std::string, std::int32_t>> at_eof_;
  std::uint64_t since_checkpoint_ = 0;
  bool dirty_ = false;  // state changed since the last checkpoint
  Clock::time_point last_checkpoint_ = Clock::now();
  Clock::time_point last_metrics_ = Clock::now();
  Clock::time_point last_progress_ = Clock::now();
  Clock::time_point started_ = Clock::now();
  std::uint64_t events_at_progress_ = 0;
  std::uint64_t events_this_run_ = 0;
  Clock::time_point last_processed_{};              // clock at the last tick that saw new events
  std::uint64_t events_at_tick_ = 0;                // events_this_run_ then
  Clock::time_point first_event_{}, last_event_{};  // this run's first and last event
  double rate_ = 0.0;
};

void Loop::rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                     rd_kafka_topic_partition_list_t* parts) {
  ++generation_;  // learners may come and go: forget the cached partition
  const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    // Seek every partition the checkpoint knows to its next offset: the model already holds
    // everything before it, and nothing after it.
    const std::string& labels_topic = config_.learner.labels.topic;
    for (int i = 0; i < parts->cnt && !single_; ++i) {
      // This partition's state: its checkpoint if any learner of the group wrote one. A labels
      // partition belongs to the state of the events partition with its number.
      auto& p = parts->elems[i];
      if (!labels_topic.empty() && labels_topic == p.topic) continue;
      const TopicPartition tp(p.topic, p.partition);
      std::optional<Learner> loaded;
      std::string from;
      if (store_) {
        const std::string key = part_key(p.topic, p.partition);
        loaded = load_state(key);
        from = "checkpoint topic " + config_.checkpoint_topic + " key " + key;
        if (loaded) stored_[tp] = signature(*loaded);
      } else {
        const auto path = part_path(p.topic, p.partition);
        if (std::filesystem::exists(path)) loaded.emplace(Learner::load(path, config_.learner));
        from = path.string();
      }
      if (loaded) {
        std::fprintf(stderr,
                     "streamwise learn: loaded the state of %s[%d] from %s (%llu learnt, %zu "
                     "pending)\n",
                     p.topic, p.partition, from.c_str(),
                     (unsigned long long)loaded->counters().learned, loaded->pending());
      }
      parts_.insert_or_assign(
          tp, loaded ? std::move(*loaded) : Learner(config_.learner, config_.model_spec));
    }
    for (int i = 0; i < parts->cnt; ++i) {
      auto& p = parts->elems[i];
      const Learner* l = find(p.topic, p.partition);
      if (l == nullptr) {
        std::fprintf(stderr,
                     "streamwise learn: %s[%d] came without events partition %d: its labels are "
                     "not consumed here (labels must be co-partitioned with the events and "
                     "assigned with them: partition.assignment.strategy=range)\n",
                     p.topic, p.partition, p.partition);
      } else if (auto next = l->next_offset(p.topic, p.partition)) {
        p.offset = *next;
      }
      assigned_.emplace(p.topic, p.partition);
      std::fprintf(stderr, "streamwise learn: assigned %s[%d] from %s\n", p.topic, p.partition,
                   p.offset >= 0 ? std::to_string(p.offset).c_str() : "the committed offset");
    }
    if (cooperative) {
      if (auto* e = rd_kafka_incremental_assign(rk, parts)) rd_kafka_error_destroy(e);
    } else {
      rd_kafka_assign(rk, parts);
    }
  } else {
    // Make the state durable and commit before the partitions go to another consumer.
    checkpoint("rebalance");
    for (int i = 0; i < parts->cnt; ++i) {
      assigned_.erase({parts->elems[i].topic, parts->elems[i].partition});
      at_eof_.erase({parts->elems[i].topic, parts->elems[i].partition});
      parts_.erase(TopicPartition(parts->elems[i].topic, parts->elems[i].partition));
      stored_.erase(TopicPartition(parts->elems[i].topic, parts->elems[i].partition));
    }
    if (cooperative) {
      if (auto* e = rd_kafka_incremental_unassign(rk, parts)) rd_kafka_error_destroy(e);
    } else {
      rd_kafka_assign(rk, nullptr);
    }
  }
}

void Loop::produce(rd_kafka_topic_t* topic, const void* key, std::size_t key_len,
                   std::string_view value,
                   const std::vector<std::pair<std::string, std::string>>& headers) {
  if (topic == nullptr) return;
  while (true) {
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
    rd_kafka_headers_t* hdrs = nullptr;
    if (headers.empty()) {
      // The plain call, through the topic handle: no name lookup, no varargs, per record.
      if (rd_kafka_produce(topic, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
                           const_cast<char*>(value.data()), value.size(), key, key_len,
                           nullptr) != 0) {
        err = rd_kafka_last_error();
      }
    } else {
      hdrs = rd_kafka_headers_new(headers.size());
      for (const auto& [name, v] : headers) {
        rd_kafka_header_add(hdrs, name.data(), static_cast<ssize_t>(name.size()), v.data(),
                            static_cast<ssize_t>(v.size()));
      }
      err = rd_kafka_producev(producer_.get(), RD_KAFKA_V_RKT(topic),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                              RD_KAFKA_V_KEY(const_cast<void*>(key), key_len),
                              RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                              RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_END);
    }
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
    if (hdrs) rd_kafka_headers_destroy(hdrs);  // not taken over on failure
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_poll(producer_.get(), 100);  // wait for deliveries (a slow or absent broker)
      continue;
    }
    ++gauges_.delivery_failures;
    std::fprintf(stderr, "streamwise learn: cannot produce to %s: %s\n", rd_kafka_topic_name(topic),
                 rd_kafka_err2str(err));
    return;
  }
}

void Loop::queue_prediction(const void* key, std::size_t key_len, std::string_view value) {
  if (predictions_ == nullptr) return;
  QueuedRecord r;
  r.has_key = key != nullptr;
  r.key_at = queued_bytes_.size();
  r.key_len = key_len;
  if (key_len > 0) queued_bytes_.append(static_cast<const char*>(key), key_len);
  r.value_at = queued_bytes_.size();
  r.value_len = value.size();
  queued_bytes_.append(value);
  queued_.push_back(r);
}

void Loop::flush_predictions() {
  if (queued_.empty()) return;
  queued_messages_.assign(queued_.size(), rd_kafka_message_t{});
  char* bytes = queued_bytes_.data();
  for (std::size_t i = 0; i < queued_.size(); ++i) {
    const QueuedRecord& r = queued_[i];
    rd_kafka_message_t& m = queued_messages_[i];
    m.payload = bytes + r.value_at;
    m.len = r.value_len;
    m.key = r.has_key ? bytes + r.key_at : nullptr;
    m.key_len = r.key_len;
  }
  const int n = static_cast<int>(queued_messages_.size());
  if (rd_kafka_produce_batch(predictions_, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
                             queued_messages_.data(), n) != n) {
    // A full queue refuses the rest of the batch from the first refused record on: those go
    // one by one, in order, through produce() (which waits for room and reports other errors).
    for (const rd_kafka_message_t& m : queued_messages_) {
      if (m.err == RD_KAFKA_RESP_ERR_NO_ERROR) continue;
      produce(predictions_, m.key, m.key_len,
              std::string_view(static_cast<const char*>(m.payload), m.len));
    }
  }
  queued_.clear();
  queued_bytes_.clear();
}

std::optional<Learner> Loop::load_state(const std::string& key) {
  std::optional<Learner> loaded;
  const StateTopic::Restored r = store_->restore(
      key,
      [&](const std::string& bytes) {
        loaded.emplace(Learner::from_checkpoint(bytes, config_.learner));
      },
      [&](const std::string& why) {
        std::fprintf(stderr, "streamwise learn: checkpoint topic %s: %s\n",
                     config_.checkpoint_topic.c_str(), why.c_str());
      });
  if (r.checkpoint == nullptr) return std::nullopt;
  std::fprintf(stderr,
               "streamwise learn: restored checkpoint #%llu of '%s' from topic %s (%zu bytes; %llu "
               "events, %llu learnt)%s\n",
               (unsigned long long)r.checkpoint->id, key.c_str(), config_.checkpoint_topic.c_str(),
               r.checkpoint->bytes.size(), (unsigned long long)loaded->counters().events,
               (unsigned long long)loaded->counters().learned,
               r.newest ? "" : " (the previous intact one)");
  return loaded;
}

void Loop::checkpoint(const char* why) {
  // 1. Outputs of every processed event are delivered first (at-least-once outputs).
  flush_predictions();
  const auto flush_start = Clock::now();
  while (rd_kafka_outq_len(producer_.get()) > 0) {
    if (rd_kafka_flush(producer_.get(), 1000) == RD_KAFKA_RESP_ERR_NO_ERROR) break;
    std::fprintf(stderr,
                 "streamwise learn: waiting for the broker to take %d pending records (%.0f s)\n",
                 rd_kafka_outq_len(producer_.get()), seconds_since(flush_start));
  }
  // 2. The state, with the offsets it covers, is made durable: a file by atomic rename + fsync;
  // in the checkpoint topic, every chunk acknowledged by the broker with acks=all (write()
  // returns only then, and throws otherwise, so that nothing below is committed).
  if (dirty_ && store_) {
    if (single_) {
      store_->write(learner_key_, single_->to_checkpoint());
    } else {
      for (const auto& [tp, l] : parts_) {
        const auto sig = signature(l);
        const auto it = stored_.find(tp);
        if (it != stored_.end() ? it->second == sig : sig == decltype(sig){0, 0}) continue;
        store_->write(part_key(tp.first, tp.second), l.to_checkpoint());
        stored_[tp] = sig;
      }
    }
    ++gauges_.checkpoints;
  } else if (dirty_ && !config_.checkpoint.empty()) {
    if (single_) {
      single_->save(config_.checkpoint);
    } else {
      for (const auto& [tp, l] : parts_) l.save(part_path(tp.first, tp.second));
    }
    ++gauges_.checkpoints;
  }
  dirty_ = false;
  since_checkpoint_ = 0;
  last_checkpoint_ = Clock::now();
  // 3. Only then are the consumer offsets committed (waiting for the broker at shutdown and on
  // revocation, in the background otherwise).
  commit(std::strcmp(why, "periodic") != 0);
  (void)why;
}

void Loop::commit(bool sync) {
  PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(assigned_.size())));
  for (const auto& [topic, partition] : assigned_) {
    const Learner* l = find(topic, partition);
    if (auto next = l ? l->next_offset(topic, partition) : std::nullopt) {
      rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), partition)->offset = *next;
    }
  }
  if (list->cnt == 0) return;
  const rd_kafka_resp_err_t err = rd_kafka_commit(consumer_.get(), list.get(), sync ? 0 : 1);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
    std::fprintf(stderr, "streamwise learn: offset commit failed (the checkpoint has them): %s\n",
                 rd_kafka_err2str(err));
  }
}

std::int64_t Loop::lag() const {
  std::int64_t total = 0;
  for (const auto& [topic, partition] : assigned_) {
    std::int64_t lo = 0, hi = 0;
    if (rd_kafka_get_watermark_offsets(consumer_.get(), topic.c_str(), partition, &lo, &hi) !=
            RD_KAFKA_RESP_ERR_NO_ERROR ||
        hi < 0) {
      continue;
    }
    const Learner* l = find(topic, partition);
    const std::int64_t next = (l ? l->next_offset(topic, partition) : std::nullopt).value_or(lo);
    if (hi > next) total += hi - next;
  }
  return total;
}

void Loop::report(bool final_line) {
  const double dt = seconds_since(last_progress_);
  const Counters c = totals();
  const std::uint64_t events = c.events;
  if (dt > 0) rate_ = static_cast<double>(events - events_at_progress_) / dt;
  events_at_progress_ = events;
  last_progress_ = Clock::now();
  gauges_.events = c.events;
  gauges_.learned = c.learned;
  gauges_.predicted = c.predicted;
  gauges_.dead_letters = c.dead_letters;
  gauges_.drifts = c.drifts;
  const Scores sc = scores();
  gauges_.regression = sc.regression;
  gauges_.accuracy = sc.accuracy;
  gauges_.mae = sc.mae;
  gauges_.rmse = sc.rmse;
  gauges_.events_per_second = rate_;
  const std::int64_t l = consumer_ ? lag() : 0;
  gauges_.lag = l;
  if (config_.progress_every_seconds > 0 || final_line) {
    std::fprintf(stderr,
                 "streamwise learn: events=%llu learned=%llu %s dead_letters=%llu "
                 "drifts=%llu events/s=%.0f lag=%lld%s\n",
                 (unsigned long long)c.events, (unsigned long long)c.learned,
                 scores_text("%.6f").c_str(), (unsigned long long)c.dead_letters,
                 (unsigned long long)c.drifts, rate_, (long long)l, final_line ? " (final)" : "");
  }
}

int Loop::run() {
  // Producer: kafka.* then kafka_producer.* verbatim.
  {
    Settings s = config_.kafka;
    s.insert(s.end(), config_.kafka_producer.begin(), config_.kafka_producer.end());
    // Throughput defaults (each overridable): the loop counts failed deliveries only.
    if (!has_setting(s, "linger.ms")) s.emplace_back("linger.ms", "5");
    if (!has_setting(s, "delivery.report.only.error")) {
      s.emplace_back("delivery.report.only.error", "true");
    }
    Conf conf = make_conf(s);
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &Loop::delivery_cb);
    rd_kafka_conf_set_opaque(conf.get(), this);
    producer_ = make_handle(RD_KAFKA_PRODUCER, std::move(conf));
    predictions_ = output_topic(config_.predictions_topic);
    alerts_ = output_topic(config_.alerts_topic);
    metrics_ = output_topic(config_.metrics_topic);
    dead_letters_ = output_topic(config_.dead_letter_topic);
  }
  // Consumer: offsets are stored and committed by the loop only, after a checkpoint.
  {
    Settings s = config_.kafka;
    s.insert(s.end(), config_.kafka_consumer.begin(), config_.kafka_consumer.end());
    if (!has_setting(s, "group.id")) s.emplace_back("group.id", "streamwise-learner");
    if (!has_setting(s, "auto.offset.reset")) s.emplace_back("auto.offset.reset", "earliest");
    // Throughput defaults (each overridable): large fetches and a deep prefetch queue, so that a
    // backlog on one partition arrives in few broker round trips.
    for (const auto& [key, value] :
         {std::pair<const char*, const char*>{"max.partition.fetch.bytes", "8388608"},
          {"queued.min.messages", "1000000"}}) {
      if (!has_setting(s, key)) s.emplace_back(key, value);
    }
    s.emplace_back("enable.auto.commit", "false");
    s.emplace_back("enable.auto.offset.store", "false");
    if (config_.stop_at_eof) s.emplace_back("enable.partition.eof", "true");
    if (config_.checkpoint_per_partition && !config_.learner.labels.topic.empty() &&
        !has_setting(s, "partition.assignment.strategy")) {
      // Events partition p and labels partition p must go to the same learner.
      s.emplace_back("partition.assignment.strategy", "range");
    }
    Conf conf = make_conf(s);
    rd_kafka_conf_set_rebalance_cb(conf.get(), &Loop::rebalance_cb);
    rd_kafka_conf_set_opaque(conf.get(), this);
    consumer_ = make_handle(RD_KAFKA_CONSUMER, std::move(conf));
    rd_kafka_poll_set_consumer(consumer_.get());
  }
  if (config_.topics.empty()) throw std::invalid_argument("input.topics is empty");
  const std::string& labels_topic = config_.learner.labels.topic;
  {
    PartitionList topics(
        rd_kafka_topic_partition_list_new(static_cast<int>(config_.topics.size())));
    for (const auto& t : config_.topics) {
      rd_kafka_topic_partition_list_add(topics.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
    }
    if (!labels_topic.empty()) {
      rd_kafka_topic_partition_list_add(topics.get(), labels_topic.c_str(), RD_KAFKA_PARTITION_UA);
    }
    if (auto err = rd_kafka_subscribe(consumer_.get(), topics.get())) {
      throw KafkaError(std::string("cannot subscribe: ") + rd_kafka_err2str(err));
    }
  }

  // Prometheus endpoint.
  std::unique_ptr<httplib::Server> http;
  std::thread http_thread;
  if (config_.metrics_port > 0) {
    http = std::make_unique<httplib::Server>();
    http->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(prometheus_text(gauges_), "text/plain; version=0.0.4");
    });
    if (!http->bind_to_port(config_.metrics_host, config_.metrics_port)) {
      throw std::invalid_argument("cannot listen on " + config_.metrics_host + ":" +
                                  std::to_string(config_.metrics_port));
    }
    http_thread = std::thread([&http] { http->listen_after_bind(); });
  }

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  started_ = last_progress_ = last_checkpoint_ = last_metrics_ = Clock::now();
  Clock::time_point last_error_log{};
  std::string dlq_value;
  std::vector<std::pair<std::string, std::string>> dlq_headers(4);

  // Messages are taken in batches of what the consumer queue holds (one librdkafka call per
  // batch, not per message); when it is empty, one blocking poll waits for the next message.
  std::unique_ptr<rd_kafka_queue_t, void (*)(rd_kafka_queue_t*)> queue(
      rd_kafka_queue_get_consumer(consumer_.get()), &rd_kafka_queue_destroy);
  std::vector<rd_kafka_message_t*> batch(batch_size);
  bool stop = false;
  while (!g_stop && !stop) {
    ssize_t n = rd_kafka_consume_batch_queue(queue.get(), 0, batch.data(), batch.size());
    if (n <= 0) {
      n = 0;
      if (rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer_.get(), 100)) {
        batch[0] = m;
        n = 1;
      }
    }
    for (ssize_t i = 0; i < n; ++i) {
      Message msg(batch[static_cast<std::size_t>(i)]);
      if (stop || g_stop) continue;  // not processed: consumed again by the next run
      if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        at_eof_.emplace(rd_kafka_topic_name(msg->rkt), msg->partition);
        if (config_.stop_at_eof && !assigned_.empty() && at_eof_.size() >= assigned_.size()) {
          stop = true;
        }
        continue;
      }
      if (msg->err) {
        // Broker outages and the like: librdkafka retries; say so now and then.
        if (seconds_since(last_error_log) > 5.0) {
          std::fprintf(stderr, "streamwise learn: consumer: %s (waiting)\n",
                       rd_kafka_message_errstr(msg.get()));
          last_error_log = Clock::now();
        }
        continue;
      }
      if (msg->rkt != cache_.rkt || msg->partition != cache_.partition ||
          cache_.generation != generation_) {
        const std::string topic = rd_kafka_topic_name(msg->rkt);
        cache_.rkt = msg->rkt;
        cache_.partition = msg->partition;
        cache_.generation = generation_;
        cache_.learner = find(topic, msg->partition);
        cache_.labels = !labels_topic.empty() && topic == labels_topic;
        cache_.topic = topic;
      }
      if (!at_eof_.empty()) at_eof_.erase({cache_.topic, msg->partition});
      Learner* learner = cache_.learner;
      if (learner == nullptr) continue;
      const Source source{cache_.topic, msg->partition, msg->offset};
      if (!learner->accepts(source)) continue;  // already covered by the checkpoint
      const std::string_view value(static_cast<const char*>(msg->payload), msg->len);
      const std::string_view key(static_cast<const char*>(msg->key), msg->key_len);
      const Outcome outcome =
          cache_.labels ? learner->process_label(value, key) : learner->process(value, key, source);
      if (outcome.dead_letter) {
        dlq_value.assign(value.substr(0, config_.dead_letter_max_bytes));
        dlq_headers[0] = {"streamwise.reason", outcome.reason};
        dlq_headers[1] = {"streamwise.topic", std::string(source.topic)};
        dlq_headers[2] = {"streamwise.partition", std::to_string(source.partition)};
        dlq_headers[3] = {"streamwise.offset", std::to_string(source.offset)};
        produce(dead_letters_, msg->key, msg->key_len, dlq_value, dlq_headers);
      }
      if (outcome.predicted) {
        queue_prediction(msg->key, msg->key_len, learner->prediction());
      }
      if (outcome.drift) {
        const std::string alert = learner->alert_json(source);
        if (config_.progress_every_seconds > 0) {
          std::fprintf(stderr, "streamwise learn: drift: %s\n", alert.c_str());
        }
        produce(alerts_, msg->key, msg->key_len, alert);
      }
      learner->mark_done(source);
      if (events_this_run_ == 0) first_event_ = Clock::now();
      dirty_ = true;
      ++since_checkpoint_;
      ++events_this_run_;
      if (since_checkpoint_ >= config_.checkpoint_every_events) checkpoint("periodic");
      if (config_.max_events > 0 && events_this_run_ >= config_.max_events) stop = true;
      if (config_.rate_limit > 0) {
        const double ahead =
            static_cast<double>(events_this_run_) / config_.rate_limit - seconds_since(started_);
        if (ahead > 0) {
          flush_predictions();  // what is ready goes out before the pause
          std::this_thread::sleep_for(std::chrono::duration<double>(ahead));
        }
      }
    }
    flush_predictions();
    // Timers once per batch (and when idle): clock reads are not free at 10^5 events/s.
    rd_kafka_poll(producer_.get(), 0);  // delivery reports
    if (events_this_run_ != events_at_tick_) {
      last_processed_ = Clock::now();
      events_at_tick_ = events_this_run_;
    }
    if (dirty_ && (since_checkpoint_ >= config_.checkpoint_every_events ||
                   seconds_since(last_checkpoint_) >= config_.checkpoint_every_seconds)) {
      checkpoint("periodic");
    }
    if (seconds_since(last_progress_) >=
        (config_.progress_every_seconds > 0 ? config_.progress_every_seconds : 1.0)) {
      report(false);  // gauges every second at least; the stderr line when enabled
    }
    if (!config_.metrics_topic.empty() &&
        seconds_since(last_metrics_) >= config_.metrics_every_seconds) {
      produce(metrics_, nullptr, 0, metrics_record(totals(), scores(), rate_, gauges_.lag));
      last_metrics_ = Clock::now();
    }
  }

  queue.reset();  // before the consumer is closed and destroyed
  last_event_ = last_processed_;
  // Clean shutdown: final checkpoint, commit, leave the group, deliver everything.
  dirty_ = true;
  checkpoint("shutdown");
  report(true);  // while the consumer still knows its partitions (lag)
  if (!config_.metrics_topic.empty()) {
    produce(metrics_, nullptr, 0, metrics_record(totals(), scores(), rate_, gauges_.lag));
  }
  // The summary figures: the state held at the end (closing revokes per-partition states).
  const Counters c = totals();
  const std::string scores_line = scores_text("%.17g");
  const std::size_t pending_at_end = pending();
  rd_kafka_consumer_close(consumer_.get());
  assigned_.clear();
  consumer_.reset();
  rd_kafka_flush(producer_.get(), 30000);
  if (http) {
    http->stop();
    http_thread.join();
  }
  // Throughput of this run from its first to its last event (group join and shutdown excluded).
  const double busy = std::chrono::duration<double>(last_event_ - first_event_).count();
  const double throughput =
      busy > 0 && events_at_tick_ > 1 ? static_cast<double>(events_at_tick_ - 1) / busy : 0.0;
  std::printf(
      "events=%llu predicted=%llu learned=%llu dead_letters=%llu drifts=%llu %s "
      "seconds=%.3f run_events=%llu run_events_per_second=%.0f labels=%llu pending=%zu "
      "evicted=%llu evicted_labels=%llu\n",
      (unsigned long long)c.events, (unsigned long long)c.predicted, (unsigned long long)c.learned,
      (unsigned long long)c.dead_letters, (unsigned long long)c.drifts, scores_line.c_str(),
      seconds_since(started_), (unsigned long long)events_this_run_, throughput,
      (unsigned long long)c.labels, pending_at_end, (unsigned long long)c.evicted,
      (unsigned long long)c.evicted_labels);
  return 0;
}

}  // namespace

int run_learn(const LearnConfig& config) {
  g_stop = 0;
  Loop loop(config);
  return loop.run();
}

}  // namespace streamwise::kafka
