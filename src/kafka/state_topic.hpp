#pragma once
/// @file
/// Checkpoints in a compacted Kafka topic (`checkpoint.topic`, see docs/learner.md): the chunk
/// codec (pure, no broker: `encode_chunks`, `ChunkAssembler`) and `StateTopic`, which writes a
/// checkpoint as chunks with an idempotent acks=all producer and reads the topic back.
///
/// A checkpoint (the bytes of io/checkpoint.hpp's container) is cut into chunks of at most
/// `chunk_bytes` bytes. Each chunk is one record whose value is self-describing:
///
///     "SWCHUNK1" | u32 key length | key | u64 id | u32 index | u32 count | u64 total size |
///     u32 CRC-32C of the whole checkpoint | u32 CRC-32C of this chunk (everything before it,
///     then the data) | data
///
/// (integers little-endian). `id` numbers the checkpoints of one key (1, 2, ...). The record key
/// is `<key>#<id % 2>#<index>`: compaction keeps the newest record of each record key, so the
/// topic keeps the newest checkpoint of each state key and the one before it (two slots), and a
/// reader can fall back to the previous one when the newest is incomplete or damaged. A writer
/// always numbers its checkpoint so that it goes to the slot *not* holding the newest intact one.
///
/// Usage:
/// @code
///   ChunkAssembler a;
///   for (const auto& v : encode_chunks("g/learner", 1, bytes, 512 * 1024)) a.add("", v);
///   const auto* state = a.find("g/learner");  // state->complete.front().bytes == bytes
/// @endcode

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rdkafka.hpp"

namespace streamwise::kafka {

/// The header of one chunk record.
struct ChunkHeader {
  std::string key;               ///< State key (`<group>/<topic>-<partition>`, `<group>/learner`).
  std::uint64_t id = 0;          ///< Checkpoint number for this key (1, 2, ...).
  std::uint32_t index = 0;       ///< Chunk number, 0-based.
  std::uint32_t count = 0;       ///< Chunks in this checkpoint.
  std::uint64_t total_size = 0;  ///< Bytes of the whole checkpoint.
  std::uint32_t total_crc = 0;   ///< CRC-32C of the whole checkpoint.
  std::string_view data;         ///< This chunk's bytes (a view into the record value).
};

/// The chunk records of one checkpoint (values; see the file comment for the layout). Every
/// chunk but the last holds `chunk_bytes` bytes; an empty checkpoint gives one empty chunk.
std::vector<std::string> encode_chunks(std::string_view key, std::uint64_t id,
                                       std::string_view bytes, std::size_t chunk_bytes);

/// The record key of a chunk: `<key>#<id % 2>#<index>` (two compaction slots per state key).
std::string chunk_record_key(std::string_view key, std::uint64_t id, std::uint32_t index);

/// Parses a chunk record value; throws `CheckpointError` (with the reason) when it is not an
/// intact chunk (bad magic, truncated, inconsistent header, chunk checksum mismatch).
ChunkHeader decode_chunk(std::string_view value);

/// Reassembles checkpoints from chunk records read in any order (a topic read from the start).
/// A checkpoint is accepted only when all its chunks are present, consistent and checksum-valid
/// and the reassembled bytes have the announced size and checksum; for each key the two newest
/// accepted checkpoints are kept (the newest first), so a reader can fall back to the previous
/// one. Sets that are damaged or incomplete and newer than the newest accepted one are reported.
class ChunkAssembler {
 public:
  /// A reassembled checkpoint.
  struct Complete {
    std::uint64_t id = 0;  ///< Its number.
    std::string bytes;     ///< The checkpoint container bytes.
  };
  /// What is known about one state key.
  struct KeyState {
    std::vector<Complete> complete;  ///< Accepted checkpoints, newest first (at most two).
    std::uint64_t max_id = 0;        ///< Highest checkpoint number seen (accepted or not).
  };

  /// Takes one record (`record_key` is used in messages about an unreadable record).
  void add(std::string_view record_key, std::string_view value);
  /// The state of `key`, or null when no readable chunk of it was seen.
  const KeyState* find(std::string_view key) const;
  /// Why checkpoints of `key` newer than its newest accepted one were not accepted (damaged or
  /// incomplete sets), newest first; empty when the newest checkpoint seen is intact.
  std::vector<std::string> problems(std::string_view key) const;
  /// Records that could not even be attributed to a key (unreadable headers).
  const std::vector<std::string>& unreadable() const { return unreadable_; }

 private:
  struct Partial {
    std::uint32_t count = 0;
    std::uint64_t total_size = 0;
    std::uint32_t total_crc = 0;
    std::map<std::uint32_t, std::string> chunks;
    std::string damaged;  // why the set is refused ("" while it may still complete)
  };
  struct Entry {
    KeyState state;
    std::map<std::uint64_t, Partial> partial;           // by id
    std::map<std::uint64_t, std::string> damaged_next;  // slot -> why its next set is refused
  };
  void complete_set(Entry& e, std::uint64_t id, Partial& p);
  std::map<std::string, Entry, std::less<>> keys_;
  std::vector<std::string> unreadable_;
};

/// A compacted topic of chunked checkpoints: `ensure()` creates it (or refuses a topic that is
/// not compacted), `write()` produces a checkpoint and waits until the broker acknowledged every
/// chunk (idempotent producer, acks=all), `catch_up()` reads what was written since the last call
/// (the first call: from the beginning) up to the high watermark.
class StateTopic {
 public:
  /// `settings`: the `kafka.*` client settings (bootstrap, security); `producer_settings`:
  /// `kafka_producer.*` added for the writer. With `writer == false` no producer is made.
  StateTopic(std::string topic, const Settings& settings, const Settings& producer_settings,
             std::size_t chunk_bytes, bool writer = true);
  ~StateTopic();
  StateTopic(const StateTopic&) = delete;
  StateTopic& operator=(const StateTopic&) = delete;

  /// Creates the topic (one partition, cleanup.policy=compact) when it is missing; throws
  /// `std::invalid_argument` when it exists and is not compacted, `KafkaError` when the broker
  /// does not answer.
  void ensure();
  /// Reads every record added since the last call up to the current high watermark.
  void catch_up();
  /// Produces `bytes` as the next checkpoint of `key` and returns once the broker acknowledged
  /// all its chunks (acks=all); returns its id. Throws `KafkaError` when a chunk is not
  /// delivered (the checkpoint is then not durable and nothing may be committed).
  std::uint64_t write(const std::string& key, std::string_view bytes);
  /// Keep only records whose record key starts with `prefix` (the states this process may need,
  /// e.g. `<group>/`; others are skipped while reading). Call before the first `catch_up()`.
  void keep_only(std::string prefix) { prefix_ = std::move(prefix); }
  /// What `restore()` found.
  struct Restored {
    const ChunkAssembler::Complete* checkpoint = nullptr;  ///< Null: the topic has none of key.
    bool newest = true;  ///< False when newer checkpoints were passed over (their reasons given).
  };
  /// Reads the topic up to its high watermark (`catch_up()`) and returns the newest intact
  /// checkpoint of `key` that `accept` takes (it throws `CheckpointError` to refuse one: then
  /// the one before is tried). `report` receives every reason a newer checkpoint was passed
  /// over. Throws `CheckpointError` (with all the reasons) when the topic has checkpoints of
  /// `key` and none is taken.
  Restored restore(const std::string& key,
                   const std::function<void(const std::string& bytes)>& accept,
                   const std::function<void(const std::string& why)>& report);
  /// What has been read.
  const ChunkAssembler& assembler() const { return assembler_; }
  /// The topic name.
  const std::string& name() const { return topic_; }

 private:
  std::string topic_;
  std::size_t chunk_bytes_;
  Handle producer_;
  Handle reader_;
  bool reading_ = false;       // the reader is assigned
  std::int64_t position_ = 0;  // next offset to read
  ChunkAssembler assembler_;
  std::string prefix_;                                         // keep_only()
  std::map<std::string, std::uint64_t, std::less<>> written_;  // key -> last id written
};

}  // namespace streamwise::kafka
