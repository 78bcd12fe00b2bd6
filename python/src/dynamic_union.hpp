#pragma once
/// @file
/// `DynamicUnion`: River's `compose.TransformerUnion` over transformers chosen at run time, with
/// the layout of the static `compose::TransformerUnion` (output `j` of part `k` of `P` is id
/// `j * P + k`, so ids stay stable when a part's output grows).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>

#include "streamwise/compose/any_transformer.hpp"
#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::python {

/// Applies every part to the same input and lays the outputs side by side (see the file comment).
class DynamicUnion {
 public:
  using Params = compose::detail::CompositeParams;
  static constexpr std::string_view name = "TransformerUnion";
  static constexpr std::uint32_t class_version = 1;

  /// No parts (assign a real union before use).
  DynamicUnion() = default;
  /// The parts, in order; none may be empty.
  explicit DynamicUnion(std::vector<compose::AnyTransformer> parts) : parts_(std::move(parts)) {
    if (parts_.empty()) throw std::invalid_argument("TransformerUnion: needs at least one part");
    for (const auto& p : parts_) {
      if (!p.has_value()) throw std::invalid_argument("TransformerUnion: a part is empty");
    }
    refresh_params();
  }

  /// Every part learns from `x`.
  void learn_one(DenseView x, double w = 1.0) {
    compose::detail::require_finite_sample(x, name);
    require_weight(w, name);
    for (auto& p : parts_) p.learn_one(x, w);
  }

  /// Writes every part's output, interleaved, into `out` (`out.size() >= n_outputs(x)`).
  void transform_one(DenseView x, std::span<double> out) const {
    const std::size_t n = n_outputs(x);
    if (out.size() < n) {
      throw InvalidInput("TransformerUnion: out has " + std::to_string(out.size()) +
                         " slots, fewer than the " + std::to_string(n) + " outputs");
    }
    std::fill(out.begin(), out.end(), missing_value);
    const std::size_t P = parts_.size();
    for (std::size_t k = 0; k < P; ++k) {
      const auto own = compose::detail::prepare_buffer(scratch_, parts_[k].n_outputs(x));
      parts_[k].transform_one(x, own);
      for (std::size_t j = 0; j < own.size(); ++j) out[j * P + k] = own[j];
    }
  }

  /// Number of parts times the widest part's output.
  std::size_t n_outputs(DenseView x) const {
    std::size_t widest = 0;
    for (const auto& p : parts_) widest = std::max(widest, p.n_outputs(x));
    return widest * parts_.size();
  }

  /// Name of output `id`: the owning part's name for its output.
  std::string output_name(FeatureId id) const {
    const std::size_t P = parts_.size();
    return parts_.at(id % P).output_name(static_cast<FeatureId>(id / P), space_);
  }

  /// Binds the input's names and forwards them to every part.
  void bind(const FeatureSpace* space) {
    space_ = space;
    for (auto& p : parts_) p.bind(space);
  }

  /// The parts.
  const std::vector<compose::AnyTransformer>& parts() const { return parts_; }
  /// The parts' specs.
  const Params& params() const { return params_; }

  /// Saves or loads every part; loading needs the same number and types of parts.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("TransformerUnion: checkpoint from a newer version");
    }
    std::uint64_t n = parts_.size();
    ar(n);
    if constexpr (Archive::is_loading::value) {
      if (n != parts_.size()) throw CheckpointError("TransformerUnion: wrong number of parts");
      auto parts = parts_;
      for (auto& p : parts) ar(p);
      parts_ = std::move(parts);
      refresh_params();
    } else {
      for (auto& p : parts_) ar(p);
    }
  }

  friend bool operator==(const DynamicUnion& a, const DynamicUnion& b) {
    return a.parts_ == b.parts_;
  }

 private:
  void refresh_params() {
    params_ = Params{};
    for (const auto& p : parts_) params_.add(p.spec());
  }

  std::vector<compose::AnyTransformer> parts_;
  Params params_;
  const FeatureSpace* space_ = nullptr;
  mutable std::vector<double> scratch_;
};

}  // namespace streamwise::python

CEREAL_CLASS_VERSION(streamwise::python::DynamicUnion,
                     streamwise::python::DynamicUnion::class_version)
