#pragma once
/// @file
/// Shared implementation of `Select` and `Discard`: a stateless transformer that keeps or drops
/// the features named in `keys`.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/compose/detail/key_mask.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::compose::detail {

/// Hyper-parameters of `Select` and `Discard`, River's names.
struct KeysParams {
  /// Names of the features to keep (`Select`) or to drop (`Discard`).
  std::vector<std::string> keys;

  /// Lists the keys as one ','-joined string (specs have no list values yet).
  template <class V>
  void visit(V&& v) {
    std::string joined = join_keys(keys);
    const std::string before = joined;
    v("keys", joined);
    if (joined != before) keys = split_keys(joined);
  }
  /// Any list of keys is valid.
  void validate() const {}
  friend bool operator==(const KeysParams&, const KeysParams&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(keys);
  }
};

/// CRTP base: `Derived` provides `name` and `class_version`. Passes through (same ids) the
/// features named in `keys` when `Keep`, every other feature otherwise; the rest become absent.
/// The checkpoint layout is `ar(params)` under `Derived`'s class version.
template <class Derived, bool Keep>
class KeyFilter {
 public:
  /// Hyper-parameters.
  using Params = KeysParams;

  /// Binds the space that names the input's features. It must outlive this object.
  void bind(const FeatureSpace* space) { mask_.bind(space); }

  /// Nothing to learn (River's `Select` and `Discard` are stateless).
  void learn_one(DenseView /*x*/) {}

  /// Copies the kept features of `x` into `out` (same ids) and sets every other slot absent.
  /// Throws `std::logic_error` if no space is bound, `InvalidInput` if `out` is shorter than `x`.
  void transform_one(DenseView x, std::span<double> out) const {
    if (out.size() < x.size()) {
      throw InvalidInput(std::string(Derived::name) + ": out has " + std::to_string(out.size()) +
                         " slots, fewer than the " + std::to_string(x.size()) + " of the sample");
    }
    (void)mask_.name_space(Derived::name);  // throws when unbound, even for an empty sample
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i] = i < x.size() && mask_.contains(params_.keys, static_cast<FeatureId>(i),
                                              Derived::name) == Keep
                   ? x.values[i]
                   : missing_value;
    }
  }

  /// Output width: the input's (ids are kept).
  std::size_t n_outputs(DenseView x) const { return x.size(); }
  /// The input feature's name.
  const std::string& output_name(FeatureId id) const { return mask_.name(id, Derived::name); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: only the params (the bound space is rebound as is after loading).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > Derived::class_version) {
      throw CheckpointError(std::string(Derived::name) + ": checkpoint from a newer version");
    }
    ar(params_);
    if constexpr (Archive::is_loading::value) mask_.bind(mask_.space());
  }

  /// Equal keys (the bound space is not compared).
  friend bool operator==(const KeyFilter&, const KeyFilter&) = default;

 protected:
  KeyFilter() = default;
  /// Validates and stores `params`.
  explicit KeyFilter(const Params& params) : params_((params.validate(), params)) {}

 private:
  Params params_{};
  KeyMask mask_;
};

}  // namespace streamwise::compose::detail
