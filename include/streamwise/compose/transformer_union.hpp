#pragma once
/// @file
/// Several transformers applied to the same sample, outputs side by side, River's
/// `compose.TransformerUnion` (the `+` operator).

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeindex>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>

#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::compose {

/// Applies each part to the same input and lays their outputs side by side.
///
/// `learn_one(x)` makes every part learn from `x`; `transform_one` writes every part's output.
/// Output ids are interleaved: output `j` of part `k` (of `P` parts) is id `j * P + k`. Unlike
/// fixed offsets, this keeps every id stable when a part's output grows (a new feature, a new
/// one-hot value), as River's dict keys are. Slots a part does not produce stay absent (NaN).
/// `n_outputs(x)` is `P` times the widest part's output.
///
/// River merges the parts' dicts, so parts producing equal keys collapse (the first part wins);
/// here every part keeps its own outputs, as River does once the parts' keys differ
/// (`compose.Prefixer`). `output_name` gives each part's own names.
///
/// `transform_one` uses an internal scratch buffer: not safe from two threads at once.
///
/// ```cpp
/// using namespace streamwise;
/// compose::TransformerUnion<preprocessing::StandardScaler, preprocessing::MinMaxScaler> both;
/// const double x[] = {1.0, 2.0};
/// both.learn_one(DenseView{x});
/// std::vector<double> out(both.n_outputs(DenseView{x}));  // 4: x0 std, x0 minmax, x1 std, ...
/// both.transform_one(DenseView{x}, out);
/// ```
template <class... Parts>
class TransformerUnion {
  static_assert(sizeof...(Parts) >= 1, "a TransformerUnion needs at least one part");
  static_assert((detail::transformer_step<Parts> && ...), "every part must be a Transformer");

 public:
  /// Number of parts.
  static constexpr std::size_t n_parts = sizeof...(Parts);
  /// Type of part `I`.
  template <std::size_t I>
  using part_type = std::tuple_element_t<I, std::tuple<Parts...>>;

  /// The parts' specs, named River's way.
  using Params = detail::CompositeParams;
  static constexpr std::string_view name = "TransformerUnion";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are accepted when every part accepts them.
  static constexpr bool accepts_nominal = (detail::accepts_nominal_of<Parts>() && ...);

  /// Default-constructed parts.
  TransformerUnion() { refresh_params(); }
  /// Takes the parts, in order.
  explicit TransformerUnion(Parts... parts) : parts_(std::move(parts)...) { refresh_params(); }

  /// Every part learns from `x` (parts whose `learn_one` takes a weight get `w`). Throws
  /// `InvalidInput`, every part unchanged, for an infinite value.
  void learn_one(DenseView x, double w = 1.0) {
    detail::require_finite_sample(x, name);
    require_weight(w, name);
    std::apply(
        [&](auto&... part) {
          (
              [&](auto& p) {
                if constexpr (detail::weighted_transformer<std::remove_cvref_t<decltype(p)>>) {
                  p.learn_one(x, w);
                } else {
                  p.learn_one(x);
                }
              }(part),
              ...);
        },
        parts_);
  }

  /// Writes every part's output, interleaved (see the class comment), into `out`
  /// (`out.size() >= n_outputs(x)`; extra slots are set absent).
  void transform_one(DenseView x, std::span<double> out) const {
    const std::size_t n = n_outputs(x);
    if (out.size() < n) {
      throw InvalidInput("TransformerUnion: out has " + std::to_string(out.size()) +
                         " slots, fewer than the " + std::to_string(n) + " outputs");
    }
    std::fill(out.begin(), out.end(), missing_value);
    transform_part<0>(x, out);
  }

  /// `n_parts` times the widest part's output for `x`.
  std::size_t n_outputs(DenseView x) const {
    std::size_t widest = 0;
    std::apply(
        [&](const auto&... part) {
          ((widest = std::max(widest, detail::n_outputs_of(part, x))), ...);
        },
        parts_);
    return widest * n_parts;
  }

  /// Name of output `id`: the owning part's name for its output `id / n_parts`, or, for parts
  /// that keep ids, the input feature's name. Throws `std::logic_error` when that needs a
  /// `FeatureSpace` and none is bound.
  std::string output_name(FeatureId id) const { return name_of<0>(id % n_parts, id / n_parts); }

  /// Binds the input's feature names and forwards them to every part that has `bind`.
  void bind(const FeatureSpace* space) {
    space_ = space;
    std::apply(
        [space](auto&... part) {
          (
              [&](auto& p) {
                if constexpr (detail::bindable<std::remove_cvref_t<decltype(p)>>) p.bind(space);
              }(part),
              ...);
        },
        parts_);
  }

  /// Part `I`.
  template <std::size_t I>
  const part_type<I>& part() const {
    return std::get<I>(parts_);
  }

  /// The parts' specs.
  const Params& params() const { return params_; }

  /// Saves or loads every part (not the bound space: its owner saves it and binds again).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("TransformerUnion: checkpoint from a newer version");
    }
    std::apply([&ar](auto&... part) { ar(part...); }, parts_);
    if constexpr (Archive::is_loading::value) refresh_params();
  }

  /// Equal parts.
  friend bool operator==(const TransformerUnion& a, const TransformerUnion& b) {
    return a.parts_ == b.parts_;
  }

 private:
  template <std::size_t K>
  void transform_part(DenseView x, std::span<double> out) const {
    if constexpr (K < n_parts) {
      const auto& part = std::get<K>(parts_);
      const auto own = detail::prepare_buffer(scratch_, detail::n_outputs_of(part, x));
      part.transform_one(x, own);
      for (std::size_t j = 0; j < own.size(); ++j) out[j * n_parts + K] = own[j];
      transform_part<K + 1>(x, out);
    }
  }

  template <std::size_t K>
  std::string name_of(std::size_t k, FeatureId j) const {
    if constexpr (K < n_parts) {
      if (k != K) return name_of<K + 1>(k, j);
      if constexpr (detail::has_output_name<part_type<K>>) {
        return std::string(std::get<K>(parts_).output_name(j));
      } else {
        if (space_ == nullptr) {
          throw std::logic_error("TransformerUnion: bind() a FeatureSpace first");
        }
        return space_->name(j);
      }
    } else {
      throw std::out_of_range("TransformerUnion: no such part");
    }
  }

  void refresh_params() {
    params_ = Params{};
    std::apply([this](const auto&... part) { (params_.add(detail::step_spec(part)), ...); },
               parts_);
  }

  std::tuple<Parts...> parts_;
  Params params_;
  const FeatureSpace* space_ = nullptr;
  mutable std::vector<double> scratch_;  // one part's output; never compared nor saved
};

/// Builds a `TransformerUnion`, deducing the parts' types.
template <class... Parts>
TransformerUnion<std::remove_cvref_t<Parts>...> make_union(Parts&&... parts) {
  return TransformerUnion<std::remove_cvref_t<Parts>...>(std::forward<Parts>(parts)...);
}

}  // namespace streamwise::compose

/// cereal's CEREAL_CLASS_VERSION for every `TransformerUnion<Parts...>`.
namespace cereal::detail {
template <class... Parts>
struct Version<streamwise::compose::TransformerUnion<Parts...>> {
  static std::uint32_t registerVersion() {
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(streamwise::compose::TransformerUnion<Parts...>)).hash_code(),
        streamwise::compose::TransformerUnion<Parts...>::class_version);
    return streamwise::compose::TransformerUnion<Parts...>::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
