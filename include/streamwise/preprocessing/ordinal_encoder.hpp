#pragma once
/// @file
/// Integer codes for every feature's values, River's `preprocessing.OrdinalEncoder`.

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/preprocessing/detail/encoding.hpp"
#include "streamwise/preprocessing/detail/sample_checks.hpp"

namespace streamwise::preprocessing {

/// Replaces each feature's value by an integer code given in order of first appearance in
/// `learn_one`, per feature. Like River, every present feature is encoded, numeric ones too.
/// Codes skip the reserved `unknown_value` and `none_value` when those are non-negative; a value
/// never learnt becomes `unknown_value` (absent, NaN, when it is None). Feature ids are unchanged.
///
/// River's `none_value` encodes a key whose value is `None`; a streamwise sample has no such
/// value (an absent feature stays absent), so the parameter only shapes the codes.
///
/// ```cpp
/// streamwise::FeatureSpace space;
/// const auto country = space.intern("country", streamwise::FeatureKind::nominal);
/// std::vector<double> row{space.encode_nominal(country, "France")}, out(1);
/// streamwise::preprocessing::OrdinalEncoder encoder;
/// encoder.transform_one({row}, out);  // {0.0}: unknown_value
/// encoder.learn_one({row});
/// encoder.transform_one({row}, out);  // {1.0}: code 0 is reserved for unknown values
/// ```
class OrdinalEncoder {
 public:
  /// Hyper-parameters, with River's names and defaults (River's `categories` is not offered).
  struct Params {
    /// Output for a value never learnt; None leaves it absent (NaN).
    std::optional<std::int64_t> unknown_value = 0;
    /// River's code for a `None` value; reserved (never given to a category) when >= 0.
    std::int64_t none_value = -1;

    /// Lists every field for reflection.
    template <class V>
    void visit(V&& v) {
      v("unknown_value", unknown_value);
      v("none_value", none_value);
    }
    /// Every combination is valid, as in River.
    void validate() const {}
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(unknown_value, none_value);
    }
  };

  static constexpr std::string_view name = "OrdinalEncoder";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are what this encoder is for.
  static constexpr bool accepts_nominal = true;

  /// River's defaults: `unknown_value=0`, `none_value=-1`.
  OrdinalEncoder() = default;
  /// Validates `params`.
  explicit OrdinalEncoder(const Params& params) : params_((params.validate(), params)) {}

  /// Binds the `FeatureSpace` that names the features (only `output_name` needs it).
  void bind(const FeatureSpace* space) { space_ = space; }
  /// The bound space, or nullptr.
  const FeatureSpace* space() const { return space_; }

  /// Gives the next free code to every present value not seen before for its feature. Throws
  /// `InvalidInput` (state unchanged) if a present value is infinite.
  void learn_one(DenseView x) {
    detail::require_finite_sample(x, name);
    const auto& v = x.values;
    const std::size_t slots = detail::needed_slots(x);
    if (values_.size() < slots) {
      values_.resize(slots);
      codes_.resize(slots);
    }
    for (std::size_t i = 0; i < slots; ++i) {
      if (is_missing(v[i])) continue;
      const double code = next_code(values_[i].size());
      if (codes_[i].try_emplace(detail::value_key(v[i]), code).second) values_[i].push_back(v[i]);
    }
  }

  /// Writes the code of every present feature of `x` to `out` (same ids; `out` may be `x`'s
  /// own storage); absent features and slots past the end of `x` are NaN. Throws
  /// `InvalidInput` if a present value is infinite or `out` is shorter than `x`.
  void transform_one(DenseView x, std::span<double> out) const {
    detail::require_output_size(x, out, name);
    detail::require_finite_sample(x, name);
    const double unknown =
        params_.unknown_value ? static_cast<double>(*params_.unknown_value) : missing_value;
    const auto& v = x.values;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (is_missing(v[i])) {
        out[i] = missing_value;
        continue;
      }
      if (i >= codes_.size()) {
        out[i] = unknown;
        continue;
      }
      const auto it = codes_[i].find(detail::value_key(v[i]));
      out[i] = it == codes_[i].end() ? unknown : it->second;
    }
    detail::fill_tail_missing(x, out);
  }

  /// Code of `value` for feature `id`, if learnt.
  std::optional<std::int64_t> code(FeatureId id, double value) const {
    if (id >= codes_.size()) return std::nullopt;
    const auto it = codes_[id].find(detail::value_key(value));
    if (it == codes_[id].end()) return std::nullopt;
    return static_cast<std::int64_t>(it->second);
  }
  /// Number of distinct values learnt for feature `id`.
  std::size_t n_values(FeatureId id) const { return id < values_.size() ? values_[id].size() : 0; }

  /// Output width for `x`: feature ids are kept.
  std::size_t n_outputs(DenseView x) const { return x.size(); }
  /// Output names are the input names. Throws `std::logic_error` when no space is bound.
  const std::string& output_name(FeatureId out_id) const {
    if (space_ == nullptr) throw std::logic_error("OrdinalEncoder: bind() a FeatureSpace first");
    return space_->name(out_id);
  }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and the learnt values (codes are rebuilt from their order).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("OrdinalEncoder: checkpoint from a newer version");
    }
    ar(params_, values_);
    if constexpr (Archive::is_loading::value) {
      codes_.assign(values_.size(), {});
      for (std::size_t i = 0; i < values_.size(); ++i) {
        for (std::size_t k = 0; k < values_[i].size(); ++k) {
          if (!std::isfinite(values_[i][k]) ||
              !codes_[i].try_emplace(detail::value_key(values_[i][k]), next_code(k)).second) {
            throw CheckpointError("OrdinalEncoder: invalid or duplicate value in checkpoint");
          }
        }
      }
    }
  }

  /// Same parameters and codes (the bound space is not compared).
  friend bool operator==(const OrdinalEncoder& a, const OrdinalEncoder& b) {
    return a.params_ == b.params_ && a.codes_ == b.codes_;
  }

 private:
  // River's rule: the k-th category of a feature gets code k, pushed past every reserved code
  // (non-negative unknown_value / none_value, in increasing order) that is <= it.
  double next_code(std::size_t k) const {
    auto code = static_cast<std::int64_t>(k);
    std::int64_t reserved[2];
    std::size_t n = 0;
    if (params_.unknown_value && *params_.unknown_value >= 0)
      reserved[n++] = *params_.unknown_value;
    if (params_.none_value >= 0 && (n == 0 || reserved[0] != params_.none_value)) {
      reserved[n++] = params_.none_value;
    }
    if (n == 2 && reserved[1] < reserved[0]) std::swap(reserved[0], reserved[1]);
    for (std::size_t r = 0; r < n; ++r) {
      if (reserved[r] <= code) ++code;
    }
    return static_cast<double>(code);
  }

  Params params_{};
  const FeatureSpace* space_ = nullptr;
  std::vector<std::vector<double>> values_;                       // per feature, in order
  std::vector<std::unordered_map<std::uint64_t, double>> codes_;  // per feature: value -> code
};

}  // namespace streamwise::preprocessing

CEREAL_CLASS_VERSION(streamwise::preprocessing::OrdinalEncoder,
                     streamwise::preprocessing::OrdinalEncoder::class_version)
