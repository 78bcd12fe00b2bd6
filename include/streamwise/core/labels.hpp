#pragma once
/// @file
/// Class labels of any type, interned to dense class ids. Estimators work on ids; bindings and
/// the learner loop map them back so users get their own labels (str, int, bool) in return.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "streamwise/core/errors.hpp"

namespace streamwise {

/// Dense index of an interned class label, in order of first appearance.
using ClassId = std::uint32_t;

/// Interns labels of type `Label` (hashable, equality-comparable) to `ClassId`s.
template <class Label>
class LabelEncoder {
 public:
  /// Id of `label`, interning it if new.
  ClassId encode(const Label& label) {
    if (auto it = ids_.find(label); it != ids_.end()) return it->second;
    const auto id = static_cast<ClassId>(labels_.size());
    labels_.push_back(label);
    ids_.emplace(label, id);
    return id;
  }
  /// Id of `label` if it has been seen.
  std::optional<ClassId> find(const Label& label) const {
    if (auto it = ids_.find(label); it != ids_.end()) return it->second;
    return std::nullopt;
  }
  /// The label behind an id; throws `InvalidInput` for an unknown id.
  typename std::vector<Label>::const_reference decode(ClassId id) const {
    if (id >= labels_.size()) throw InvalidInput("unknown class id " + std::to_string(id));
    return labels_[id];
  }
  /// Number of distinct labels seen.
  std::size_t size() const { return labels_.size(); }
  /// All labels, indexed by id.
  const std::vector<Label>& labels() const { return labels_; }

  /// cereal hook: the labels in id order; the map is rebuilt on load.
  template <class Archive>
  void save(Archive& ar, std::uint32_t /*version*/) const {
    ar(labels_);
  }
  template <class Archive>
  void load(Archive& ar, std::uint32_t /*version*/) {
    LabelEncoder loaded;
    ar(loaded.labels_);
    for (std::size_t i = 0; i < loaded.labels_.size(); ++i) {
      if (!loaded.ids_.emplace(loaded.labels_[i], static_cast<ClassId>(i)).second) {
        throw CheckpointError("LabelEncoder: duplicate label in checkpoint");
      }
    }
    *this = std::move(loaded);
  }

 private:
  std::vector<Label> labels_;
  std::unordered_map<Label, ClassId> ids_;
};

}  // namespace streamwise
