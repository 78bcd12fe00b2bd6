#pragma once
/// @file
/// An insertion-ordered counter of double-valued keys (nominal values arrive as codes), with the
/// semantics of a Python dict of counts: a key keeps its place until it is removed, and a key
/// added again goes to the end. Used by Mode, RollingMode and Entropy.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/stats/detail/ring_deque.hpp"

namespace streamwise::stats::detail {

/// Counts per key in an open-addressing table (linear probing, backward-shift deletion) over a
/// pool of entries. Each key carries the stamp of its (latest) insertion, which orders ties the
/// way a Python dict's iteration order does. After `reserve(n)`, up to `n` distinct keys never
/// allocate, whatever the sequence of increments and decrements.
class ValueCounts {
 public:
  /// What `increment` reports about the key it touched.
  struct Touched {
    std::uint64_t count;  ///< The key's new count.
    std::uint64_t stamp;  ///< When the key was (last) inserted.
  };

  /// Number of distinct keys with a positive count.
  std::size_t size() const { return live_; }

  /// Count of `key` (0 when absent).
  std::uint64_t count(double key) const {
    if (table_.empty()) return 0;
    const std::size_t slot = find_slot(normalise(key));
    return table_[slot] == 0 ? 0 : entries_[table_[slot] - 1].count;
  }
  /// True if `key` has a positive count.
  bool contains(double key) const { return count(key) > 0; }

  /// Adds one to `key`'s count, inserting it last when absent.
  Touched increment(double key) {
    key = normalise(key);
    if ((live_ + 1) * 2 > table_.size()) rehash(std::max<std::size_t>(16, table_.size() * 2));
    const std::size_t slot = find_slot(key);
    if (table_[slot] != 0) {
      Entry& e = entries_[table_[slot] - 1];
      ++e.count;
      return {e.count, e.stamp};
    }
    std::uint32_t index = 0;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
      entries_[index] = Entry{key, 1, next_stamp_};
    } else {
      index = static_cast<std::uint32_t>(entries_.size());
      entries_.push_back(Entry{key, 1, next_stamp_});
    }
    ++next_stamp_;
    table_[slot] = index + 1;
    ++live_;
    return {1, entries_[index].stamp};
  }

  /// Subtracts one from `key`'s count and forgets the key at 0. The key must be present.
  void decrement(double key) {
    if (table_.empty()) return;
    std::size_t slot = find_slot(normalise(key));
    if (table_[slot] == 0) return;
    const std::uint32_t index = table_[slot] - 1;
    if (--entries_[index].count > 0) return;
    free_.push_back(index);
    --live_;
    // Backward-shift deletion keeps every probe chain unbroken without tombstones.
    std::size_t next = slot;
    for (;;) {
      table_[slot] = 0;
      for (;;) {
        next = (next + 1) & mask();
        if (table_[next] == 0) return;
        const std::size_t home = hash(entries_[table_[next] - 1].key) & mask();
        const bool stays =
            slot <= next ? (slot < home && home <= next) : (slot < home || home <= next);
        if (!stays) break;
      }
      table_[slot] = table_[next];
      slot = next;
    }
  }

  /// The key with the largest count, the earliest-inserted one on ties (Python's
  /// `max(counts, key=counts.get)`); NaN when empty. O(number of keys).
  double mode() const {
    const Entry* best = nullptr;
    for (const Entry& e : entries_) {
      if (e.count == 0) continue;
      if (best == nullptr || e.count > best->count ||
          (e.count == best->count && e.stamp < best->stamp)) {
        best = &e;
      }
    }
    return best == nullptr ? std::numeric_limits<double>::quiet_NaN() : best->key;
  }

  /// Makes room for `n` distinct keys.
  void reserve(std::size_t n) {
    std::size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    if (cap > table_.size()) rehash(cap);
    entries_.reserve(n);
    free_.reserve(n);
  }

  /// (key, count) pairs in insertion order.
  std::vector<std::pair<double, std::uint64_t>> items() const {
    std::vector<const Entry*> live;
    for (const Entry& e : entries_) {
      if (e.count > 0) live.push_back(&e);
    }
    std::sort(live.begin(), live.end(),
              [](const Entry* a, const Entry* b) { return a->stamp < b->stamp; });
    std::vector<std::pair<double, std::uint64_t>> out;
    out.reserve(live.size());
    for (const Entry* e : live) out.emplace_back(e->key, e->count);
    return out;
  }

  /// Same keys, counts and insertion order (storage layout and absolute stamps are irrelevant).
  friend bool operator==(const ValueCounts& a, const ValueCounts& b) {
    return a.live_ == b.live_ && a.items() == b.items();
  }

  template <class Archive>
  void save(Archive& ar) const {
    const auto list = items();
    std::vector<double> keys;
    std::vector<std::uint64_t> counts;
    for (const auto& [k, c] : list) {
      keys.push_back(k);
      counts.push_back(c);
    }
    ar(keys, counts);
  }
  /// Rebuilds the table from keys and counts in insertion order; rejects damaged data.
  template <class Archive>
  void load(Archive& ar) {
    std::vector<double> keys;
    std::vector<std::uint64_t> counts;
    ar(keys, counts);
    require_consistent(keys.size() == counts.size(), "ValueCounts", "has mismatched lengths");
    ValueCounts fresh;
    fresh.reserve(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
      require_consistent(std::isfinite(keys[i]) && counts[i] > 0 && !fresh.contains(keys[i]),
                         "ValueCounts", "has an invalid or repeated key");
      fresh.increment(keys[i]);
      fresh.entries_.back().count = counts[i];
    }
    *this = std::move(fresh);
  }

 private:
  struct Entry {
    double key = 0.0;
    std::uint64_t count = 0;
    std::uint64_t stamp = 0;
  };

  // -0.0 and 0.0 are one key, as in Python.
  static double normalise(double key) { return key == 0.0 ? 0.0 : key; }
  static std::uint64_t hash(double key) {
    std::uint64_t z = std::bit_cast<std::uint64_t>(key) + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t mask() const { return table_.size() - 1; }
  // Slot holding `key`, or the empty slot where it would go. The table must not be empty.
  std::size_t find_slot(double key) const {
    std::size_t slot = hash(key) & mask();
    while (table_[slot] != 0 && entries_[table_[slot] - 1].key != key) slot = (slot + 1) & mask();
    return slot;
  }
  void rehash(std::size_t capacity) {
    table_.assign(capacity, 0);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].count == 0) continue;
      table_[find_slot(entries_[i].key)] = static_cast<std::uint32_t>(i + 1);
    }
  }

  std::vector<Entry> entries_;
  std::vector<std::uint32_t> free_;
  std::vector<std::uint32_t> table_;  // 0 = empty, otherwise entry index + 1
  std::uint64_t next_stamp_ = 0;
  std::size_t live_ = 0;
};

}  // namespace streamwise::stats::detail
