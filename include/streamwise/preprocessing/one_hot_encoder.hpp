#pragma once
/// @file
/// One-hot encoding of every (feature, value) pair, River's `preprocessing.OneHotEncoder`.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/python_format.hpp"
#include "streamwise/preprocessing/detail/encoding.hpp"
#include "streamwise/preprocessing/detail/sample_checks.hpp"

namespace streamwise::preprocessing {

/// One output per (feature, value) pair seen in `learn_one`, named like River's keys
/// (`"city_Paris"`, `"b_1.0"`): 1 when the sample has that value, 0 for every other known pair
/// (absent, NaN, with `drop_zeros`). Every feature is encoded, numeric ones too, exactly as River
/// does; select the features to encode upstream. Output ids follow the first appearance of
/// each pair, so they never change and survive checkpoints.
///
/// Names come from the bound `FeatureSpace` (`bind` it before `learn_one`). A value never learnt
/// produces no output (River's `transform_one` would emit a key that no downstream weight knows).
///
/// ```cpp
/// streamwise::FeatureSpace space;
/// const auto city = space.intern("city", streamwise::FeatureKind::nominal);
/// std::vector<double> row{space.encode_nominal(city, "Paris")};
/// streamwise::preprocessing::OneHotEncoder encoder;
/// encoder.bind(&space);
/// encoder.learn_one({row});
/// std::vector<double> out(encoder.n_outputs({row}));
/// encoder.transform_one({row}, out);  // out = {1.0}; encoder.output_name(0) == "city_Paris"
/// ```
class OneHotEncoder {
 public:
  /// Hyper-parameters, with River's names and defaults (River's `categories` is not offered).
  struct Params {
    /// Leave the pairs absent from the sample out of the output (NaN) instead of writing 0.
    bool drop_zeros = false;
    /// Drop the output whose name is smallest (Python string order) from each transform.
    bool drop_first = false;

    /// Lists every field for reflection.
    template <class V>
    void visit(V&& v) {
      v("drop_zeros", drop_zeros);
      v("drop_first", drop_first);
    }
    /// Every combination is valid.
    void validate() const {}
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(drop_zeros, drop_first);
    }
  };

  static constexpr std::string_view name = "OneHotEncoder";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are what this encoder is for.
  static constexpr bool accepts_nominal = true;

  /// River's defaults: zeros written, no output dropped.
  OneHotEncoder() = default;
  /// Validates `params`.
  explicit OneHotEncoder(const Params& params) : params_((params.validate(), params)) {}

  /// Binds the `FeatureSpace` that names the input features and nominal values. The caller
  /// keeps it alive and saves it next to the encoder in checkpoints.
  void bind(const FeatureSpace* space) { space_ = space; }
  /// The bound space, or nullptr.
  const FeatureSpace* space() const { return space_; }

  /// Creates an output for every (feature, value) pair of `x` not seen before. Throws
  /// `std::logic_error` when no `FeatureSpace` is bound, and `InvalidInput` (state unchanged)
  /// for an infinite value, a feature unknown to the space or an invalid nominal code.
  void learn_one(DenseView x) {
    if (space_ == nullptr) throw std::logic_error("OneHotEncoder: bind() a FeatureSpace first");
    detail::require_valid_codes(x, *space_, name);
    const auto& v = x.values;
    const std::size_t slots = detail::needed_slots(x);
    if (index_.size() < slots) index_.resize(slots);
    for (std::size_t i = 0; i < slots; ++i) {
      if (is_missing(v[i])) continue;
      auto [it, added] =
          index_[i].try_emplace(detail::value_key(v[i]), static_cast<FeatureId>(names_.size()));
      if (!added) continue;
      const auto id = static_cast<FeatureId>(i);
      out_features_.push_back(id);
      out_values_.push_back(v[i]);
      names_.push_back(space_->name(id) + "_" + detail::value_text(*space_, id, v[i]));
      if (names_.back() < names_[first_]) first_ = it->second;
    }
  }

  /// Writes the encoding of `x` to `out[0, n_outputs())`: 1 for the sample's known pairs, 0 (or
  /// NaN with `drop_zeros`) for the other known pairs; slots past `n_outputs()` are NaN. With
  /// `drop_first`, the produced output with the smallest name is NaN. Throws `InvalidInput` if
  /// `out` is too short or a present value is infinite. Needs no bound space.
  void transform_one(DenseView x, std::span<double> out) const {
    const std::size_t n = names_.size();
    if (out.size() < n) {
      throw InvalidInput("OneHotEncoder: out has " + std::to_string(out.size()) +
                         " slots, fewer than the " + std::to_string(n) + " outputs");
    }
    detail::require_finite_sample(x, name);
    const double rest = params_.drop_zeros ? missing_value : 0.0;
    for (std::size_t o = 0; o < n; ++o) out[o] = rest;
    for (std::size_t o = n; o < out.size(); ++o) out[o] = missing_value;
    const auto& v = x.values;
    const std::size_t slots = std::min(v.size(), index_.size());
    std::size_t smallest = n;  // smallest-named output set to 1 (drop_zeros + drop_first)
    for (std::size_t i = 0; i < slots; ++i) {
      if (is_missing(v[i])) continue;
      const auto it = index_[i].find(detail::value_key(v[i]));
      if (it == index_[i].end()) continue;
      out[it->second] = 1.0;
      if (smallest == n || names_[it->second] < names_[smallest]) smallest = it->second;
    }
    if (!params_.drop_first || n == 0) return;
    if (!params_.drop_zeros) {
      out[first_] = missing_value;  // every known output is produced: drop the smallest of all
    } else if (smallest < n) {
      out[smallest] = missing_value;
    }
  }

  /// Width of the output: the number of pairs learnt so far (the same for every sample).
  std::size_t n_outputs(DenseView /*x*/ = {}) const { return names_.size(); }
  /// River's key of output `out_id`, e.g. `"city_Paris"` or `"b_1.0"`. Throws `std::out_of_range`
  /// for an unknown id.
  const std::string& output_name(FeatureId out_id) const { return names_.at(out_id); }
  /// Input feature of output `out_id`.
  FeatureId output_feature(FeatureId out_id) const { return out_features_.at(out_id); }
  /// Input value (nominal code or number) of output `out_id`.
  double output_value(FeatureId out_id) const { return out_values_.at(out_id); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and the learnt pairs (names included); the bound space is not
  /// part of it: the owner saves it and binds it again after loading.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("OneHotEncoder: checkpoint from a newer version");
    }
    ar(params_, out_features_, out_values_, names_, first_);
    if constexpr (Archive::is_loading::value) rebuild_index();
  }

  /// Same parameters and learnt outputs (the bound space is not compared).
  friend bool operator==(const OneHotEncoder& a, const OneHotEncoder& b) {
    return a.params_ == b.params_ && a.out_features_ == b.out_features_ && a.names_ == b.names_ &&
           a.first_ == b.first_ && a.index_ == b.index_ &&
           same_values(a.out_values_, b.out_values_);
  }

 private:
  static bool same_values(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) return false;
    }
    return true;
  }

  void rebuild_index() {
    const std::size_t n = names_.size();
    if (out_features_.size() != n || out_values_.size() != n || (n > 0 && first_ >= n) ||
        (n == 0 && first_ != 0)) {
      throw CheckpointError("OneHotEncoder: inconsistent outputs in checkpoint");
    }
    std::vector<std::unordered_map<std::uint64_t, FeatureId>> index;
    for (std::size_t o = 0; o < n; ++o) {
      if (!std::isfinite(out_values_[o]) || out_features_[o] > (1u << 30)) {
        throw CheckpointError("OneHotEncoder: invalid output in checkpoint");
      }
      if (index.size() <= out_features_[o]) index.resize(out_features_[o] + 1);
      if (!index[out_features_[o]]
               .emplace(detail::value_key(out_values_[o]), static_cast<FeatureId>(o))
               .second) {
        throw CheckpointError("OneHotEncoder: duplicate output in checkpoint");
      }
      if (names_[o] < names_[first_]) {
        throw CheckpointError("OneHotEncoder: inconsistent first output in checkpoint");
      }
    }
    index_ = std::move(index);
  }

  Params params_{};
  const FeatureSpace* space_ = nullptr;
  std::vector<FeatureId> out_features_;  // per output: input feature
  std::vector<double> out_values_;       // per output: input value (first seen form)
  std::vector<std::string> names_;       // per output: River's key
  std::uint64_t first_ = 0;              // output with the smallest name
  std::vector<std::unordered_map<std::uint64_t, FeatureId>> index_;  // per feature: value -> output
};

}  // namespace streamwise::preprocessing

CEREAL_CLASS_VERSION(streamwise::preprocessing::OneHotEncoder,
                     streamwise::preprocessing::OneHotEncoder::class_version)
