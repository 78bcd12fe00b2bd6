#pragma once
/// @file
/// Features without dicts on the hot path.
///
/// River's inputs are dicts whose keys come and go and whose string values are nominal. A
/// `FeatureSpace` interns feature names to dense ids and nominal values to integer codes, so a
/// sample becomes a view over doubles indexed by id. Missing features are `missing_value`
/// (a quiet NaN) in a dense view, or simply absent from a sparse one. A dense
/// `std::span<const double>` from the caller is used as is: no copy.

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "streamwise/core/errors.hpp"

namespace streamwise {

/// Dense index of an interned feature name.
using FeatureId = std::uint32_t;

/// Marker for a feature that is absent from a dense sample.
inline constexpr double missing_value = std::numeric_limits<double>::quiet_NaN();

/// True when a dense value stands for a missing feature.
inline bool is_missing(double value) { return std::isnan(value); }

/// Whether a feature holds numbers or nominal (categorical) codes.
enum class FeatureKind : std::uint8_t { numeric = 0, nominal = 1 };

namespace detail {
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
}  // namespace detail

/// Interns feature names to ids and nominal values to codes. Ids and codes are assigned in
/// order of first appearance and never change, so they survive checkpoints.
class FeatureSpace {
 public:
  /// Id of `name`, interning it with `kind` if new. A name first seen as numeric and later
  /// given a nominal value (or the reverse) is rejected with `InvalidInput`, unchanged.
  FeatureId intern(std::string_view name, FeatureKind kind = FeatureKind::numeric) {
    if (auto it = ids_.find(name); it != ids_.end()) {
      if (kinds_[it->second] != kind) {
        throw InvalidInput("feature '" + std::string(name) + "' was " +
                           kind_name(kinds_[it->second]) + " and is now " + kind_name(kind));
      }
      return it->second;
    }
    const auto id = static_cast<FeatureId>(names_.size());
    names_.emplace_back(name);
    kinds_.push_back(kind);
    nominal_codes_.emplace_back();
    nominal_values_.emplace_back();
    ids_.emplace(names_.back(), id);
    return id;
  }

  /// Id of `name` if known.
  std::optional<FeatureId> find(std::string_view name) const {
    if (auto it = ids_.find(name); it != ids_.end()) return it->second;
    return std::nullopt;
  }

  /// Code of a nominal value of feature `id`, interning it if new.
  double encode_nominal(FeatureId id, std::string_view value) {
    auto& codes = nominal_codes_.at(id);
    if (auto it = codes.find(value); it != codes.end()) return static_cast<double>(it->second);
    const auto code = static_cast<std::uint32_t>(nominal_values_[id].size());
    nominal_values_[id].emplace_back(value);
    codes.emplace(nominal_values_[id].back(), code);
    return static_cast<double>(code);
  }

  /// Code of a nominal value if it has been seen.
  std::optional<double> find_nominal(FeatureId id, std::string_view value) const {
    const auto& codes = nominal_codes_.at(id);
    if (auto it = codes.find(value); it != codes.end()) return static_cast<double>(it->second);
    return std::nullopt;
  }

  /// The nominal value behind a code.
  const std::string& nominal_value(FeatureId id, double code) const {
    return nominal_values_.at(id).at(static_cast<std::size_t>(code));
  }

  /// Name of feature `id`.
  const std::string& name(FeatureId id) const { return names_.at(id); }
  /// Kind of feature `id`.
  FeatureKind kind(FeatureId id) const { return kinds_.at(id); }
  /// Number of interned features.
  std::size_t size() const { return names_.size(); }
  /// Number of distinct nominal values seen for feature `id`.
  std::size_t n_nominal_values(FeatureId id) const { return nominal_values_.at(id).size(); }

  /// cereal hook: names, kinds and nominal values; the lookup maps are rebuilt on load.
  template <class Archive>
  void save(Archive& ar, std::uint32_t /*version*/) const {
    ar(names_, kinds_, nominal_values_);
  }
  template <class Archive>
  void load(Archive& ar, std::uint32_t /*version*/) {
    FeatureSpace loaded;
    ar(loaded.names_, loaded.kinds_, loaded.nominal_values_);
    if (loaded.kinds_.size() != loaded.names_.size() ||
        loaded.nominal_values_.size() != loaded.names_.size()) {
      throw CheckpointError("FeatureSpace: inconsistent sizes in checkpoint");
    }
    loaded.nominal_codes_.resize(loaded.names_.size());
    for (std::size_t i = 0; i < loaded.names_.size(); ++i) {
      if (!loaded.ids_.emplace(loaded.names_[i], static_cast<FeatureId>(i)).second) {
        throw CheckpointError("FeatureSpace: duplicate feature name in checkpoint");
      }
      for (std::size_t c = 0; c < loaded.nominal_values_[i].size(); ++c) {
        loaded.nominal_codes_[i].emplace(loaded.nominal_values_[i][c],
                                         static_cast<std::uint32_t>(c));
      }
    }
    *this = std::move(loaded);
  }

 private:
  static const char* kind_name(FeatureKind k) {
    return k == FeatureKind::numeric ? "numeric" : "nominal";
  }

  using NameMap =
      std::unordered_map<std::string, std::uint32_t, detail::StringHash, std::equal_to<>>;
  std::vector<std::string> names_;
  std::vector<FeatureKind> kinds_;
  std::vector<std::vector<std::string>> nominal_values_;
  NameMap ids_;
  std::vector<NameMap> nominal_codes_;
};

/// A sample as a contiguous row of values indexed by feature id. Ids past the end are missing.
struct DenseView {
  std::span<const double> values;  ///< One value per feature id; NaN marks a missing feature.

  /// Value of feature `id`, or `missing_value`.
  double operator[](FeatureId id) const { return id < values.size() ? values[id] : missing_value; }
  /// Number of ids covered by the row.
  std::size_t size() const { return values.size(); }
};

/// A sample as parallel arrays of (id, value) for present features only, ids strictly increasing.
/// It has no default constructor on purpose: `model.predict_one({})` then means an empty dense
/// row, never an ambiguity (an empty sparse sample is `SparseView{{}, {}}`).
struct SparseView {
  /// Views `ids` and their `values` (same length; checked by the estimators).
  SparseView(std::span<const FeatureId> ids_, std::span<const double> values_)
      : ids(ids_), values(values_) {}

  std::span<const FeatureId> ids;  ///< Present feature ids, sorted.
  std::span<const double> values;  ///< Their values.

  /// Number of present features.
  std::size_t size() const { return ids.size(); }
};

/// An owned sparse sample whose buffers are reused between samples (no allocation once warm).
class SparseSample {
 public:
  /// Forgets the previous sample, keeping the capacity.
  void clear() {
    ids_.clear();
    values_.clear();
  }
  /// Appends a feature; call `sort()` afterwards if ids were not added in increasing order.
  void push_back(FeatureId id, double value) {
    ids_.push_back(id);
    values_.push_back(value);
  }
  /// Sorts by id (insertion sort: samples are short and often nearly sorted).
  void sort() {
    for (std::size_t i = 1; i < ids_.size(); ++i) {
      const FeatureId id = ids_[i];
      const double v = values_[i];
      std::size_t j = i;
      for (; j > 0 && ids_[j - 1] > id; --j) {
        ids_[j] = ids_[j - 1];
        values_[j] = values_[j - 1];
      }
      ids_[j] = id;
      values_[j] = v;
    }
  }
  /// A view over the current contents.
  SparseView view() const { return SparseView{ids_, values_}; }

 private:
  std::vector<FeatureId> ids_;
  std::vector<double> values_;
};

}  // namespace streamwise
