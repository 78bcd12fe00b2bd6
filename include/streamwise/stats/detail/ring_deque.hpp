#pragma once
/// @file
/// A growable ring buffer used by the rolling statistics: a FIFO/deque whose storage only grows
/// (by doubling) until it holds the largest window seen, and never allocates after that.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"

namespace streamwise::stats::detail {

/// Double-ended queue over a power-of-two ring. `push_back`, `pop_front`, `pop_back` and indexed
/// access are O(1); storage grows geometrically and is then reused, so a window that has reached
/// its size allocates nothing more.
template <class T>
class RingDeque {
 public:
  /// Number of stored elements.
  std::size_t size() const { return size_; }
  /// True when nothing is stored.
  bool empty() const { return size_ == 0; }
  /// Oldest element (the deque must not be empty).
  const T& front() const { return buf_[head_]; }
  /// Newest element (the deque must not be empty).
  const T& back() const { return buf_[(head_ + size_ - 1) & mask()]; }
  /// The `i`-th element from the front.
  const T& operator[](std::size_t i) const { return buf_[(head_ + i) & mask()]; }

  /// Appends at the back.
  void push_back(const T& value) {
    if (size_ == buf_.size()) grow(size_ + 1);
    buf_[(head_ + size_) & mask()] = value;
    ++size_;
  }
  /// Removes the front element (the deque must not be empty).
  void pop_front() {
    head_ = (head_ + 1) & mask();
    --size_;
  }
  /// Removes the back element (the deque must not be empty).
  void pop_back() { --size_; }
  /// Removes everything (keeps the storage).
  void clear() {
    head_ = 0;
    size_ = 0;
  }
  /// Makes room for `n` elements so that up to `n` stored elements never allocate.
  void reserve(std::size_t n) {
    if (n > buf_.size()) grow(n);
  }

  /// Equal when both hold the same elements in the same order (storage layout is irrelevant).
  friend bool operator==(const RingDeque& a, const RingDeque& b) {
    if (a.size_ != b.size_) return false;
    for (std::size_t i = 0; i < a.size_; ++i) {
      if (!(a[i] == b[i])) return false;
    }
    return true;
  }

  /// Copies the elements, front first.
  std::vector<T> to_vector() const {
    std::vector<T> out;
    out.reserve(size_);
    for (std::size_t i = 0; i < size_; ++i) out.push_back((*this)[i]);
    return out;
  }
  /// Replaces the contents with `values`, front first.
  void assign(const std::vector<T>& values) {
    clear();
    reserve(values.size());
    for (const T& v : values) push_back(v);
  }

  template <class Archive>
  void save(Archive& ar) const {
    ar(to_vector());
  }
  template <class Archive>
  void load(Archive& ar) {
    std::vector<T> values;
    ar(values);
    assign(values);
  }

 private:
  std::size_t mask() const { return buf_.size() - 1; }
  void grow(std::size_t at_least) {
    std::size_t cap = buf_.empty() ? 8 : buf_.size();
    while (cap < at_least) cap *= 2;
    std::vector<T> next(cap);
    for (std::size_t i = 0; i < size_; ++i) next[i] = (*this)[i];
    buf_ = std::move(next);
    head_ = 0;
  }

  std::vector<T> buf_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

/// After loading a checkpoint, re-validates the parameters read from it; a bad value means the
/// file is damaged, so the `std::invalid_argument` becomes a `CheckpointError`.
template <class P>
void validate_loaded_params(const P& params) {
  try {
    params.validate();
  } catch (const std::invalid_argument& e) {
    throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
  }
}

/// Throws `CheckpointError` naming `estimator` unless `ok`.
inline void require_consistent(bool ok, std::string_view estimator, std::string_view what) {
  if (!ok) {
    throw CheckpointError("checkpoint payload is damaged: " + std::string(estimator) + " " +
                          std::string(what));
  }
}

}  // namespace streamwise::stats::detail
