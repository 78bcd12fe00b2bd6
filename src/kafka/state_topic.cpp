#include "state_topic.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <thread>
#include <utility>

#include "streamwise/core/errors.hpp"
#include "streamwise/io/checkpoint.hpp"

namespace streamwise::kafka {

namespace {

constexpr std::string_view chunk_magic{"SWCHUNK1", 8};
// Largest state key accepted in a chunk header.
constexpr std::uint32_t max_key_bytes = 1u << 16;

std::uint32_t crc(std::string_view s, std::uint32_t seed = 0) {
  return io::crc32c(io::detail::as_bytes(s), seed);
}

// Little-endian reader over a record value; throws CheckpointError naming what is missing.
struct Cursor {
  std::string_view s;
  std::size_t pos = 0;
  std::uint64_t uint(int bytes, const char* what) {
    if (s.size() - pos < static_cast<std::size_t>(bytes)) {
      throw CheckpointError(std::string("checkpoint chunk is truncated in ") + what);
    }
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) {
      v |= std::uint64_t{static_cast<unsigned char>(s[pos + static_cast<std::size_t>(i)])}
           << (8 * i);
    }
    pos += static_cast<std::size_t>(bytes);
    return v;
  }
};

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Delivery outcome of one checkpoint's chunks (the record opaque points to it).
struct Delivery {
  std::size_t acked = 0;
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
};

extern "C" void state_delivery_cb(rd_kafka_t* /*rk*/, const rd_kafka_message_t* m,
                                  void* /*opaque*/) {
  auto* d = static_cast<Delivery*>(m->_private);
  if (d == nullptr) return;
  if (m->err) {
    d->err = m->err;
  } else {
    ++d->acked;
  }
}

struct EventDeleter {
  void operator()(rd_kafka_event_t* e) const { rd_kafka_event_destroy(e); }
};
using Event = std::unique_ptr<rd_kafka_event_t, EventDeleter>;
struct QueueDeleter {
  void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};

}  // namespace

std::string chunk_record_key(std::string_view key, std::uint64_t id, std::uint32_t index) {
  std::string out(key);
  out += '#';
  out += std::to_string(id % 2);
  out += '#';
  out += std::to_string(index);
  return out;
}

std::vector<std::string> encode_chunks(std::string_view key, std::uint64_t id,
                                       std::string_view bytes, std::size_t chunk_bytes) {
  if (chunk_bytes == 0) throw std::invalid_argument("checkpoint chunk size must be > 0");
  const std::size_t count = bytes.empty() ? 1 : (bytes.size() + chunk_bytes - 1) / chunk_bytes;
  const std::uint32_t total_crc = crc(bytes);
  std::vector<std::string> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view data = bytes.substr(i * chunk_bytes, chunk_bytes);
    std::string v(chunk_magic);
    io::detail::put_u32(v, static_cast<std::uint32_t>(key.size()));
    v.append(key);
    io::detail::put_u64(v, id);
    io::detail::put_u32(v, static_cast<std::uint32_t>(i));
    io::detail::put_u32(v, static_cast<std::uint32_t>(count));
    io::detail::put_u64(v, bytes.size());
    io::detail::put_u32(v, total_crc);
    io::detail::put_u32(v, crc(data, crc(v)));
    v.append(data);
    out.push_back(std::move(v));
  }
  return out;
}

namespace {

// Parses a chunk; `error` is set when it is not intact. Returns the header when at least the
// header could be read (then `error` may still report a damaged data part).
std::optional<ChunkHeader> parse_chunk(std::string_view value, std::string& error) {
  error.clear();
  try {
    if (value.substr(0, chunk_magic.size()) != chunk_magic) {
      throw CheckpointError("not a streamwise checkpoint chunk: bad magic bytes");
    }
    Cursor c{value, chunk_magic.size()};
    ChunkHeader h;
    const auto key_len = static_cast<std::uint32_t>(c.uint(4, "the key length"));
    if (key_len > max_key_bytes || value.size() - c.pos < key_len) {
      throw CheckpointError("checkpoint chunk is damaged: bad key length");
    }
    h.key.assign(value.substr(c.pos, key_len));
    c.pos += key_len;
    h.id = c.uint(8, "the checkpoint id");
    h.index = static_cast<std::uint32_t>(c.uint(4, "the chunk index"));
    h.count = static_cast<std::uint32_t>(c.uint(4, "the chunk count"));
    h.total_size = c.uint(8, "the total size");
    h.total_crc = static_cast<std::uint32_t>(c.uint(4, "the checksum"));
    const std::size_t crc_at = c.pos;
    const auto chunk_crc = static_cast<std::uint32_t>(c.uint(4, "the chunk checksum"));
    h.data = value.substr(c.pos);
    if (crc(h.data, crc(value.substr(0, crc_at))) != chunk_crc) {
      error = "chunk " + std::to_string(h.index) + " of " + std::to_string(h.count) +
              " is damaged (chunk checksum mismatch)";
    } else if (h.count == 0 || h.index >= h.count || h.data.size() > h.total_size) {
      error = "chunk " + std::to_string(h.index) + " of " + std::to_string(h.count) +
              " is inconsistent";
    }
    return h;
  } catch (const CheckpointError& e) {
    error = e.what();
    return std::nullopt;
  }
}

}  // namespace

ChunkHeader decode_chunk(std::string_view value) {
  std::string error;
  auto h = parse_chunk(value, error);
  if (!error.empty()) {
    if (h) {
      throw CheckpointError("checkpoint #" + std::to_string(h->id) + " of '" + h->key +
                            "': " + error);
    }
    throw CheckpointError(error);
  }
  return std::move(*h);
}

void ChunkAssembler::add(std::string_view record_key, std::string_view value) {
  std::string error;
  std::optional<ChunkHeader> parsed = parse_chunk(value, error);
  if (!parsed) {
    // Not even the header is readable: attribute the record through its key
    // (<state key>#<slot>#<index>) to the set being written in that slot.
    unreadable_.push_back("record '" + std::string(record_key) + "': " + error);
    const std::size_t last = record_key.rfind('#');
    const std::size_t mid =
        last == std::string_view::npos || last == 0 ? last : record_key.rfind('#', last - 1);
    if (mid == std::string_view::npos) return;
    const std::string key(record_key.substr(0, mid));
    const std::string_view slot_text = record_key.substr(mid + 1, last - mid - 1);
    const std::uint64_t slot = slot_text == "1" ? 1 : 0;
    Entry& e = keys_[key];
    const std::string why = "a record of it is unreadable (" + error + ")";
    for (auto it = e.partial.rbegin(); it != e.partial.rend(); ++it) {
      if (it->first % 2 == slot) {
        if (it->second.damaged.empty()) it->second.damaged = why;
        return;
      }
    }
    e.damaged_next[slot] = why;  // its first readable chunk comes later
    return;
  }
  ChunkHeader& h = *parsed;
  auto it = keys_.find(h.key);
  if (it == keys_.end()) it = keys_.emplace(h.key, Entry{}).first;
  Entry& e = it->second;
  e.state.max_id = std::max(e.state.max_id, h.id);
  // Older than the kept accepted checkpoints, or one of them: of no use.
  if (e.state.complete.size() == 2 && h.id < e.state.complete.back().id) return;
  for (const auto& c : e.state.complete) {
    if (c.id == h.id) return;
  }
  auto [pit, fresh] = e.partial.try_emplace(h.id);
  Partial& p = pit->second;
  if (fresh) {
    p.count = h.count;
    p.total_size = h.total_size;
    p.total_crc = h.total_crc;
    if (auto d = e.damaged_next.find(h.id % 2); d != e.damaged_next.end()) {
      p.damaged = d->second;
      e.damaged_next.erase(d);
    }
  }
  if (!error.empty()) {
    if (p.damaged.empty()) p.damaged = error;
    return;
  }
  if (p.count != h.count || p.total_size != h.total_size || p.total_crc != h.total_crc) {
    if (p.damaged.empty()) {
      p.damaged = "chunk " + std::to_string(h.index) + " disagrees with the other chunks";
    }
    return;
  }
  if (auto c = p.chunks.find(h.index); c != p.chunks.end()) {
    if (c->second != h.data && p.damaged.empty()) {
      p.damaged = "chunk " + std::to_string(h.index) + " seen twice with different bytes";
    }
    return;  // an identical duplicate (a retried produce) is harmless
  }
  p.chunks.emplace(h.index, std::string(h.data));
  if (p.chunks.size() == p.count && p.damaged.empty()) complete_set(e, h.id, p);
}

void ChunkAssembler::complete_set(Entry& e, std::uint64_t id, Partial& p) {
  std::string bytes;
  bytes.reserve(p.total_size);
  for (const auto& [i, data] : p.chunks) bytes += data;
  if (bytes.size() != p.total_size) {
    p.damaged = "reassembled " + std::to_string(bytes.size()) + " bytes, the header announces " +
                std::to_string(p.total_size);
    return;
  }
  if (crc(bytes) != p.total_crc) {
    p.damaged = "checksum of the reassembled checkpoint does not match";
    return;
  }
  auto& complete = e.state.complete;
  complete.push_back(Complete{id, std::move(bytes)});
  std::sort(complete.begin(), complete.end(),
            [](const Complete& a, const Complete& b) { return a.id > b.id; });
  if (complete.size() > 2) complete.resize(2);
  // Sets older than the oldest kept accepted one are of no further use.
  const std::uint64_t oldest = complete.back().id;
  for (auto it = e.partial.begin(); it != e.partial.end();) {
    it = it->first <= oldest || it->first == id ? e.partial.erase(it) : std::next(it);
  }
}

const ChunkAssembler::KeyState* ChunkAssembler::find(std::string_view key) const {
  const auto it = keys_.find(key);
  return it == keys_.end() ? nullptr : &it->second.state;
}

std::vector<std::string> ChunkAssembler::problems(std::string_view key) const {
  std::vector<std::string> out;
  const auto it = keys_.find(key);
  if (it == keys_.end()) return out;
  const Entry& e = it->second;
  const std::uint64_t newest = e.state.complete.empty() ? 0 : e.state.complete.front().id;
  for (auto p = e.partial.rbegin(); p != e.partial.rend(); ++p) {
    if (p->first <= newest) continue;
    const Partial& s = p->second;
    std::string why =
        "checkpoint #" + std::to_string(p->first) + " of '" + std::string(key) + "' refused: ";
    if (!s.damaged.empty()) {
      why += s.damaged;
    } else {
      why += "incomplete (" + std::to_string(s.chunks.size()) + " of " + std::to_string(s.count) +
             " chunks)";
    }
    out.push_back(std::move(why));
  }
  return out;
}

// ----------------------------------------------------------------------------------------------

StateTopic::StateTopic(std::string topic, const Settings& settings,
                       const Settings& producer_settings, std::size_t chunk_bytes, bool writer)
    : topic_(std::move(topic)), chunk_bytes_(chunk_bytes) {
  if (topic_.empty()) throw std::invalid_argument("checkpoint.topic is empty");
  if (chunk_bytes_ < 1024) throw std::invalid_argument("checkpoint.chunk_bytes must be >= 1024");
  if (writer) {
    Settings s = settings;
    s.insert(s.end(), producer_settings.begin(), producer_settings.end());
    // Durability is not negotiable here: every chunk acknowledged by all in-sync replicas, no
    // duplicates or reordering on retries, a delivery report for every chunk.
    s.emplace_back("enable.idempotence", "true");
    s.emplace_back("acks", "all");
    s.emplace_back("delivery.report.only.error", "false");
    if (!has_setting(s, "message.max.bytes")) {
      s.emplace_back("message.max.bytes",
                     std::to_string(std::max<std::size_t>(1000000, chunk_bytes_ + (1u << 17))));
    }
    Conf conf = make_conf(s);
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &state_delivery_cb);
    producer_ = make_handle(RD_KAFKA_PRODUCER, std::move(conf));
  }
  Settings s = settings;
  s.emplace_back("group.id", "streamwise-state-reader");  // never joins: partitions are assigned
  s.emplace_back("enable.auto.commit", "false");
  s.emplace_back("enable.partition.eof", "true");
  s.emplace_back("auto.offset.reset", "earliest");
  s.emplace_back("allow.auto.create.topics", "false");
  reader_ = make_handle(RD_KAFKA_CONSUMER, make_conf(s));
  rd_kafka_poll_set_consumer(reader_.get());
}

StateTopic::~StateTopic() {
  if (reader_) {
    if (reading_) rd_kafka_assign(reader_.get(), nullptr);
    rd_kafka_consumer_close(reader_.get());
  }
}

void StateTopic::ensure() {
  if (!producer_) throw std::logic_error("StateTopic::ensure needs a writer");
  rd_kafka_t* rk = producer_.get();
  std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(rd_kafka_queue_new(rk));
  const int timeout_ms = 30000;
  for (int attempt = 0; attempt < 3; ++attempt) {
    // 1. Does it exist, and is it compacted?
    rd_kafka_ConfigResource_t* res =
        rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic_.c_str());
    rd_kafka_DescribeConfigs(rk, &res, 1, nullptr, queue.get());
    rd_kafka_ConfigResource_destroy(res);
    Event ev(rd_kafka_queue_poll(queue.get(), timeout_ms));
    if (!ev) throw KafkaError("checkpoint.topic " + topic_ + ": no answer from the broker");
    if (rd_kafka_event_error(ev.get())) {
      throw KafkaError("checkpoint.topic " + topic_ + ": " + rd_kafka_event_error_string(ev.get()));
    }
    const rd_kafka_DescribeConfigs_result_t* result =
        rd_kafka_event_DescribeConfigs_result(ev.get());
    std::size_t n = 0;
    const rd_kafka_ConfigResource_t** resources =
        rd_kafka_DescribeConfigs_result_resources(result, &n);
    if (n != 1) throw KafkaError("checkpoint.topic " + topic_ + ": unexpected admin answer");
    const rd_kafka_resp_err_t err = rd_kafka_ConfigResource_error(resources[0]);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      std::size_t m = 0;
      const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(resources[0], &m);
      for (std::size_t i = 0; i < m; ++i) {
        if (std::strcmp(rd_kafka_ConfigEntry_name(entries[i]), "cleanup.policy") != 0) continue;
        const char* v = rd_kafka_ConfigEntry_value(entries[i]);
        if (v == nullptr || std::strstr(v, "compact") == nullptr) {
          throw std::invalid_argument(
              "checkpoint.topic " + topic_ + " exists with cleanup.policy=" + (v ? v : "") +
              ": a checkpoint topic must be compacted (cleanup.policy=compact), or its "
              "checkpoints would be deleted by retention; use another topic or change its policy");
        }
        return;
      }
      throw std::invalid_argument("checkpoint.topic " + topic_ +
                                  ": the broker did not report its cleanup.policy");
    }
    if (err != RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
      throw KafkaError("checkpoint.topic " + topic_ + ": " +
                       rd_kafka_ConfigResource_error_string(resources[0]));
    }
    // 2. Missing: create it, compacted, one partition, the broker's replication factor.
    char errstr[512];
    rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(topic_.c_str(), 1, -1, errstr, sizeof errstr);
    if (nt == nullptr) throw KafkaError("checkpoint.topic " + topic_ + ": " + errstr);
    rd_kafka_NewTopic_set_config(nt, "cleanup.policy", "compact");
    rd_kafka_CreateTopics(rk, &nt, 1, nullptr, queue.get());
    rd_kafka_NewTopic_destroy(nt);
    Event cev(rd_kafka_queue_poll(queue.get(), timeout_ms));
    if (!cev) throw KafkaError("checkpoint.topic " + topic_ + ": no answer from the broker");
    const rd_kafka_CreateTopics_result_t* cres = rd_kafka_event_CreateTopics_result(cev.get());
    std::size_t k = 0;
    const rd_kafka_topic_result_t** topics =
        cres ? rd_kafka_CreateTopics_result_topics(cres, &k) : nullptr;
    const rd_kafka_resp_err_t cerr =
        rd_kafka_event_error(cev.get())
            ? rd_kafka_event_error(cev.get())
            : (k == 1 ? rd_kafka_topic_result_error(topics[0]) : RD_KAFKA_RESP_ERR_UNKNOWN);
    if (cerr == RD_KAFKA_RESP_ERR_NO_ERROR) {
      std::fprintf(stderr,
                   "streamwise learn: created the checkpoint topic %s (cleanup.policy=compact)\n",
                   topic_.c_str());
      return;
    }
    if (cerr != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
      throw KafkaError("checkpoint.topic " + topic_ +
                       ": cannot create it: " + rd_kafka_err2str(cerr));
    }
    // Created meanwhile by someone else: check its policy again.
  }
  throw KafkaError("checkpoint.topic " + topic_ + ": cannot create or describe it");
}

void StateTopic::catch_up() {
  std::int64_t lo = 0, hi = 0;
  // A topic created a moment ago may not be in this client's metadata yet ("Local: Unknown
  // partition"), or its partition may not have a leader yet ("Broker: Not leader for
  // partition"): ask again for up to 30 s before giving up (returning early could miss a
  // checkpoint that is there).
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    err = rd_kafka_query_watermark_offsets(reader_.get(), topic_.c_str(), 0, &lo, &hi, 30000);
    const bool not_known_yet = err == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION ||
                               err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC ||
                               err == RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION ||
                               err == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE;
    if (!not_known_yet || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) return;  // nothing written yet
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError("checkpoint.topic " + topic_ +
                     ": cannot read its offsets: " + rd_kafka_err2str(err));
  }
  if (hi <= std::max(lo, position_)) return;
  if (!reading_) {
    PartitionList list(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(list.get(), topic_.c_str(), 0)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
    if (auto e = rd_kafka_assign(reader_.get(), list.get())) {
      throw KafkaError("checkpoint.topic " + topic_ + ": " + rd_kafka_err2str(e));
    }
    reading_ = true;
  }
  const auto start = Clock::now();
  auto last_log = start;
  while (position_ < hi) {
    Message m(rd_kafka_consumer_poll(reader_.get(), 500));
    if (seconds_since(last_log) > 10.0) {
      std::fprintf(stderr, "streamwise learn: reading checkpoint topic %s: at %lld of %lld\n",
                   topic_.c_str(), (long long)position_, (long long)hi);
      last_log = Clock::now();
    }
    if (seconds_since(start) > 300.0) {
      throw KafkaError("checkpoint.topic " + topic_ + ": could not read up to offset " +
                       std::to_string(hi) + " in 300 s");
    }
    if (!m) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      position_ = std::max(position_, m->offset);
      continue;
    }
    if (m->err) continue;  // transient; librdkafka retries
    position_ = std::max(position_, m->offset + 1);
    const std::string_view record_key(static_cast<const char*>(m->key), m->key_len);
    if (record_key.substr(0, prefix_.size()) != prefix_) continue;  // another group's state
    assembler_.add(record_key, std::string_view(static_cast<const char*>(m->payload), m->len));
  }
}

std::uint64_t StateTopic::write(const std::string& key, std::string_view bytes) {
  if (!producer_) throw std::logic_error("StateTopic::write needs a writer");
  // The next number, in the slot that does not hold the newest intact checkpoint (ours, or the
  // newest read): a write that does not complete can then never overwrite, after compaction, the
  // checkpoint a restart falls back to. Numbers stay increasing (and may skip one).
  std::uint64_t id = 0, intact = 0;
  if (const auto* s = assembler_.find(key)) {
    id = s->max_id;
    if (!s->complete.empty()) intact = s->complete.front().id;
  }
  if (auto it = written_.find(key); it != written_.end()) {
    id = std::max(id, it->second);
    intact = std::max(intact, it->second);
  }
  ++id;
  if (intact != 0 && id % 2 == intact % 2) ++id;
  const std::vector<std::string> chunks = encode_chunks(key, id, bytes, chunk_bytes_);
  Delivery d;
  rd_kafka_t* rk = producer_.get();
  for (std::uint32_t i = 0; i < chunks.size(); ++i) {
    const std::string rkey = chunk_record_key(key, id, i);
    while (true) {
      const rd_kafka_resp_err_t err =
          rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic_.c_str()), RD_KAFKA_V_PARTITION(0),
                            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                            RD_KAFKA_V_KEY(const_cast<char*>(rkey.data()), rkey.size()),
                            RD_KAFKA_V_VALUE(const_cast<char*>(chunks[i].data()), chunks[i].size()),
                            RD_KAFKA_V_OPAQUE(&d), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_poll(rk, 100);
        continue;
      }
      rd_kafka_flush(rk, 60000);  // `d` must outlive the chunks already queued
      throw KafkaError("checkpoint.topic " + topic_ + ": cannot produce a chunk of '" + key +
                       "': " + rd_kafka_err2str(err));
    }
  }
  // Durable = every chunk acknowledged (acks=all). Wait as long as librdkafka retries
  // (delivery.timeout.ms), saying so every second.
  const auto start = Clock::now();
  while (rd_kafka_outq_len(rk) > 0) {
    if (rd_kafka_flush(rk, 1000) == RD_KAFKA_RESP_ERR_NO_ERROR) break;
    std::fprintf(stderr,
                 "streamwise learn: waiting for the broker to acknowledge checkpoint #%llu of "
                 "'%s' (%.0f s)\n",
                 (unsigned long long)id, key.c_str(), seconds_since(start));
  }
  if (d.err != RD_KAFKA_RESP_ERR_NO_ERROR || d.acked != chunks.size()) {
    throw KafkaError("checkpoint.topic " + topic_ + ": checkpoint #" + std::to_string(id) +
                     " of '" + key + "' was not acknowledged (" + std::to_string(d.acked) + " of " +
                     std::to_string(chunks.size()) + " chunks): " + rd_kafka_err2str(d.err) +
                     "; offsets are not committed");
  }
  written_[key] = id;
  return id;
}

StateTopic::Restored StateTopic::restore(
    const std::string& key, const std::function<void(const std::string& bytes)>& accept,
    const std::function<void(const std::string& why)>& report) {
  catch_up();
  std::vector<std::string> problems = assembler_.problems(key);
  for (const auto& why : problems) report(why);
  Restored r;
  r.newest = problems.empty();
  if (const auto* state = assembler_.find(key)) {
    for (const auto& c : state->complete) {
      try {
        accept(c.bytes);
        r.checkpoint = &c;
        return r;
      } catch (const CheckpointError& e) {
        problems.push_back("checkpoint #" + std::to_string(c.id) + " of '" + key +
                           "' refused: " + e.what());
        report(problems.back());
        r.newest = false;
      }
    }
  }
  if (!problems.empty()) {
    std::string all;
    for (const auto& why : problems) all += (all.empty() ? "" : "; ") + why;
    throw CheckpointError("checkpoint topic " + topic_ + ": no intact checkpoint of '" + key +
                          "' (" + all + ")");
  }
  return r;
}

}  // namespace streamwise::kafka
