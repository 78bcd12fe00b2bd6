// The chunk codec of the checkpoint topic (src/kafka/state_topic.hpp) without a broker:
// round trips of small and large checkpoints, and the edge cases a reader of a compacted topic
// meets (missing, reordered, duplicate and damaged chunks; stale chunks of older checkpoints;
// falling back to the previous intact checkpoint). The expected bytes are the input bytes.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "learner.hpp"
#include "state_topic.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/rng.hpp"

using namespace streamwise;
using kafka::chunk_record_key;
using kafka::ChunkAssembler;
using kafka::decode_chunk;
using kafka::encode_chunks;
using kafka::Learner;

namespace {

// Deterministic pseudo-random bytes (every byte value occurs).
std::string bytes_of(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng.next_u64() & 0xFFu);
  return s;
}

// Feeds the chunks of one checkpoint in the given order (indexes into `chunks`).
void feed(ChunkAssembler& a, const std::string& key, std::uint64_t id,
          const std::vector<std::string>& chunks, const std::vector<std::size_t>& order) {
  for (const std::size_t i : order) {
    a.add(chunk_record_key(key, id, static_cast<std::uint32_t>(i)), chunks[i]);
  }
}

std::vector<std::size_t> in_order(std::size_t n) {
  std::vector<std::size_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

}  // namespace

TEST_CASE("chunks: layout, record keys, and a round trip at every size around the chunk size") {
  const std::string key = "g/elec-3";
  CHECK(chunk_record_key(key, 7, 2) == "g/elec-3#1#2");
  CHECK(chunk_record_key(key, 8, 0) == "g/elec-3#0#0");
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{1023}, std::size_t{1024},
                              std::size_t{1025}, std::size_t{5000}}) {
    const std::string bytes = bytes_of(n, n + 1);
    const auto chunks = encode_chunks(key, 1, bytes, 1024);
    CHECK(chunks.size() == std::max<std::size_t>(1, (n + 1023) / 1024));
    std::string joined;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
      const auto h = decode_chunk(chunks[i]);
      CHECK(h.key == key);
      CHECK(h.id == 1);
      CHECK(h.index == i);
      CHECK(h.count == chunks.size());
      CHECK(h.total_size == n);
      CHECK(h.data.size() <= 1024);
      joined += h.data;
    }
    CHECK(joined == bytes);
    ChunkAssembler a;
    feed(a, key, 1, chunks, in_order(chunks.size()));
    const auto* s = a.find(key);
    REQUIRE(s != nullptr);
    REQUIRE(s->complete.size() == 1);
    CHECK(s->complete.front().id == 1);
    CHECK(s->complete.front().bytes == bytes);
    CHECK(a.problems(key).empty());
  }
}

TEST_CASE("chunks: a checkpoint larger than Kafka's 1 MB message limit, in 512 KiB chunks") {
  const std::string bytes = bytes_of(3'500'000, 9);
  const auto chunks = encode_chunks("g/learner", 4, bytes, 512 * 1024);
  CHECK(chunks.size() == 7);
  for (const auto& c : chunks) CHECK(c.size() < 1'000'000);
  ChunkAssembler a;
  feed(a, "g/learner", 4, chunks, {6, 0, 5, 1, 4, 2, 3});  // reordered
  REQUIRE(a.find("g/learner") != nullptr);
  CHECK(a.find("g/learner")->complete.front().bytes == bytes);
}

TEST_CASE("chunks: missing, duplicate, reordered and damaged chunks") {
  const std::string key = "g/t-0";
  const std::string old_bytes = bytes_of(3000, 1), new_bytes = bytes_of(2500, 2);
  const auto old_chunks = encode_chunks(key, 1, old_bytes, 1024);
  const auto new_chunks = encode_chunks(key, 2, new_bytes, 1024);

  SUBCASE("a missing chunk: the set is incomplete, the previous checkpoint is used") {
    ChunkAssembler a;
    feed(a, key, 1, old_chunks, {0, 1, 2});
    feed(a, key, 2, new_chunks, {0, 2});
    const auto* s = a.find(key);
    REQUIRE(s->complete.size() == 1);
    CHECK(s->complete.front().id == 1);
    CHECK(s->complete.front().bytes == old_bytes);
    CHECK(s->max_id == 2);
    REQUIRE(a.problems(key).size() == 1);
    CHECK(a.problems(key)[0] == "checkpoint #2 of 'g/t-0' refused: incomplete (2 of 3 chunks)");
  }
  SUBCASE("reordered and interleaved sets both complete; newest first") {
    ChunkAssembler a;
    a.add("", new_chunks[2]);
    a.add("", old_chunks[1]);
    a.add("", new_chunks[0]);
    a.add("", old_chunks[2]);
    a.add("", old_chunks[0]);
    a.add("", new_chunks[1]);
    const auto* s = a.find(key);
    REQUIRE(s->complete.size() == 2);
    CHECK(s->complete[0].id == 2);
    CHECK(s->complete[0].bytes == new_bytes);
    CHECK(s->complete[1].bytes == old_bytes);
    CHECK(a.problems(key).empty());
  }
  SUBCASE("an identical duplicate (a retried produce) is harmless") {
    ChunkAssembler a;
    feed(a, key, 2, new_chunks, {0, 0, 1, 1, 2, 2, 0});
    CHECK(a.find(key)->complete.front().bytes == new_bytes);
    CHECK(a.problems(key).empty());
  }
  SUBCASE("a duplicate index with other bytes refuses the set") {
    ChunkAssembler a;
    feed(a, key, 1, old_chunks, {0, 1, 2});
    // Chunk 1 of checkpoint 2 re-encoded from other bytes, with the same header fields.
    std::string other = new_bytes;
    other[1500] = static_cast<char>(other[1500] ^ 0x01);
    const auto forged = encode_chunks(key, 2, other, 1024);
    a.add("", new_chunks[0]);
    a.add("", forged[1]);  // header differs (total checksum): disagrees with chunk 0
    a.add("", new_chunks[1]);
    a.add("", new_chunks[2]);
    CHECK(a.find(key)->complete.front().id == 1);
    REQUIRE(a.problems(key).size() == 1);
    CHECK(a.problems(key)[0] ==
          "checkpoint #2 of 'g/t-0' refused: chunk 1 disagrees with the other chunks");
  }
  SUBCASE("a damaged data byte: chunk checksum mismatch, the set is refused") {
    std::string bad = new_chunks[1];
    bad[bad.size() - 10] = static_cast<char>(bad[bad.size() - 10] ^ 0x40);
    CHECK_THROWS_WITH_AS(decode_chunk(bad),
                         "checkpoint #2 of 'g/t-0': chunk 1 of 3 is damaged (chunk checksum "
                         "mismatch)",
                         CheckpointError);
    ChunkAssembler a;
    feed(a, key, 1, old_chunks, {0, 1, 2});
    a.add(chunk_record_key(key, 2, 0), new_chunks[0]);
    a.add(chunk_record_key(key, 2, 1), bad);
    a.add(chunk_record_key(key, 2, 2), new_chunks[2]);
    CHECK(a.find(key)->complete.size() == 1);
    CHECK(a.find(key)->complete.front().bytes == old_bytes);
    REQUIRE(a.problems(key).size() == 1);
    CHECK(a.problems(key)[0] ==
          "checkpoint #2 of 'g/t-0' refused: chunk 1 of 3 is damaged (chunk checksum mismatch)");
  }
  SUBCASE("an unreadable header refuses the set written in its slot") {
    ChunkAssembler a;
    feed(a, key, 1, old_chunks, {0, 1, 2});
    std::string bad = new_chunks[0];
    bad[0] = 'X';  // bad magic: key and id unknown, the record key names the slot
    a.add(chunk_record_key(key, 2, 0), bad);
    a.add(chunk_record_key(key, 2, 1), new_chunks[1]);
    a.add(chunk_record_key(key, 2, 2), new_chunks[2]);
    CHECK(a.find(key)->complete.front().id == 1);
    REQUIRE(a.unreadable().size() == 1);
    CHECK(a.unreadable()[0] ==
          "record 'g/t-0#0#0': not a streamwise checkpoint chunk: bad magic bytes");
    REQUIRE(a.problems(key).size() == 1);
    CHECK(a.problems(key)[0] ==
          "checkpoint #2 of 'g/t-0' refused: a record of it is unreadable (not a streamwise "
          "checkpoint chunk: bad magic bytes)");
  }
  SUBCASE("truncated chunks are refused with the field that is missing") {
    CHECK_THROWS_WITH_AS(decode_chunk(new_chunks[0].substr(0, 20)),
                         "checkpoint chunk is truncated in the checkpoint id", CheckpointError);
    CHECK_THROWS_WITH_AS(decode_chunk(""), "not a streamwise checkpoint chunk: bad magic bytes",
                         CheckpointError);
    // Data cut short: the chunk checksum no longer matches.
    CHECK_THROWS_AS(decode_chunk(new_chunks[0].substr(0, new_chunks[0].size() - 1)),
                    CheckpointError);
  }
  SUBCASE("stale chunks of an older, larger checkpoint left by compaction are ignored") {
    // Slot 1 held checkpoint #1 (3 chunks); #3 (2 chunks) overwrote chunks 0 and 1 of the slot;
    // compaction leaves #1's chunk 2 and #2 (slot 0) and #3.
    const auto third = encode_chunks(key, 3, bytes_of(2000, 3), 1024);
    ChunkAssembler a;
    a.add("", old_chunks[2]);
    feed(a, key, 2, new_chunks, {0, 1, 2});
    feed(a, key, 3, third, {0, 1});
    const auto* s = a.find(key);
    REQUIRE(s->complete.size() == 2);
    CHECK(s->complete[0].id == 3);
    CHECK(s->complete[1].id == 2);
    CHECK(a.problems(key).empty());  // #1 is older than the newest intact one
  }
  SUBCASE("keys are independent") {
    ChunkAssembler a;
    feed(a, key, 2, new_chunks, {0, 1, 2});
    const auto other = encode_chunks("g/t-1", 1, old_bytes, 1024);
    feed(a, "g/t-1", 1, other, {1, 0});
    CHECK(a.find(key)->complete.front().bytes == new_bytes);
    CHECK((a.find("g/t-1") == nullptr || a.find("g/t-1")->complete.empty()));
    REQUIRE(a.problems("g/t-1").size() == 1);
    CHECK(a.problems("g/t-1")[0] == "checkpoint #1 of 'g/t-1' refused: incomplete (2 of 3 chunks)");
    CHECK(a.find("nobody") == nullptr);
  }
}

TEST_CASE("chunks: a learner checkpoint round-trips through chunks") {
  kafka::LearnerOptions options;
  options.classes = {"0", "1"};
  Learner l(options, R"([{"type":"StandardScaler"},{"type":"LogisticRegression"}])");
  for (int i = 0; i < 200; ++i) {
    const std::string v =
        "{\"x\":" + std::to_string(i % 17) + ",\"class\":\"" + std::to_string(i % 3 == 0) + "\"}";
    l.process(v, "", kafka::Source{"t", 0, i});
    l.mark_done(kafka::Source{"t", 0, i});
  }
  const std::string bytes = l.to_checkpoint();
  ChunkAssembler a;
  for (const auto& c : encode_chunks("g/learner", 1, bytes, 1024)) a.add("", c);
  const Learner back =
      Learner::from_checkpoint(a.find("g/learner")->complete.front().bytes, options);
  CHECK(back.model_digest() == l.model_digest());
  CHECK(back.counters() == l.counters());
  CHECK(back.next_offset("t", 0) == std::optional<std::int64_t>(200));
  std::string damaged = bytes;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 1);
  CHECK_THROWS_WITH_AS(Learner::from_checkpoint(damaged, options),
                       "checkpoint is damaged: checksum mismatch", CheckpointError);
}
