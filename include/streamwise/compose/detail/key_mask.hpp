#pragma once
/// @file
/// Feature names -> a mask over feature ids, for `Select` and `Discard`.

#include <algorithm>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "streamwise/core/features.hpp"

namespace streamwise::compose::detail {

/// Joins keys with ',' (the form a key list takes in a spec, until specs hold lists).
inline std::string join_keys(const std::vector<std::string>& keys) {
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i) out += ',';
    out += keys[i];
  }
  return out;
}

/// Splits a ','-joined key list (the empty string is no key).
inline std::vector<std::string> split_keys(std::string_view joined) {
  std::vector<std::string> out;
  if (joined.empty()) return out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = joined.find(',', start);
    out.emplace_back(joined.substr(start, comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

/// Which feature ids of a bound `FeatureSpace` carry one of the keys. The space grows while the
/// stream runs, so the mask is rebuilt whenever the space has more names than when it was last
/// built (ids never change, so the old part stays right).
class KeyMask {
 public:
  /// Binds the space whose names the keys refer to (and forgets the mask).
  void bind(const FeatureSpace* space) {
    space_ = space;
    mask_.clear();
    resolved_for_ = 0;
  }
  /// The bound space, or null.
  const FeatureSpace* space() const { return space_; }

  /// True when feature `id` is one of `keys`. Throws `std::logic_error` when unbound.
  bool contains(const std::vector<std::string>& keys, FeatureId id, std::string_view who) const {
    if (space_ == nullptr)
      throw std::logic_error(std::string(who) + ": bind() a FeatureSpace first");
    if (space_->size() != resolved_for_) rebuild(keys);
    return id < mask_.size() && mask_[id] != 0;
  }

  /// The bound space. Throws `std::logic_error` when unbound.
  const FeatureSpace& name_space(std::string_view who) const {
    if (space_ == nullptr)
      throw std::logic_error(std::string(who) + ": bind() a FeatureSpace first");
    return *space_;
  }

  /// Name of feature `id` in the bound space. Throws `std::logic_error` when unbound.
  const std::string& name(FeatureId id, std::string_view who) const {
    if (space_ == nullptr)
      throw std::logic_error(std::string(who) + ": bind() a FeatureSpace first");
    return space_->name(id);
  }

  /// Masks are caches: every KeyMask compares equal.
  friend bool operator==(const KeyMask&, const KeyMask&) { return true; }

 private:
  void rebuild(const std::vector<std::string>& keys) const {
    mask_.assign(space_->size(), 0);
    for (const auto& key : keys) {
      if (const auto id = space_->find(key)) mask_[*id] = 1;
    }
    resolved_for_ = space_->size();
  }

  const FeatureSpace* space_ = nullptr;
  mutable std::vector<unsigned char> mask_;
  mutable std::size_t resolved_for_ = 0;
};

}  // namespace streamwise::compose::detail
