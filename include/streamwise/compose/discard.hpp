#pragma once
/// @file
/// Drops the named features, River's `compose.Discard`.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/compose/detail/key_mask.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::compose {

/// Marks the features named in `keys` absent and passes every other feature through unchanged
/// (same ids). Names are those of the bound `FeatureSpace`, so `Discard` must see the space's
/// own ids: put it first in a pipeline, or after steps that keep ids. Keys that are not
/// features are ignored, as in River. Nothing is learnt. The name-to-id mask is a cache refreshed
/// when the space grows: not safe from two threads at once.
///
/// ```cpp
/// streamwise::FeatureSpace space;
/// space.intern("a"); space.intern("b");
/// streamwise::compose::Discard discard({.keys = {"b"}});
/// discard.bind(&space);
/// const double x[] = {1.0, 2.0};
/// double out[2];
/// discard.transform_one(streamwise::DenseView{x}, out);  // {1.0, NaN}
/// ```
class Discard {
 public:
  /// Hyper-parameters, River's names.
  struct Params {
    /// Names of the features to drop.
    std::vector<std::string> keys;

    /// Lists the keys as one ','-joined string (specs have no list values yet).
    template <class V>
    void visit(V&& v) {
      std::string joined = detail::join_keys(keys);
      const std::string before = joined;
      v("keys", joined);
      if (joined != before) keys = detail::split_keys(joined);
    }
    /// Any list of keys is valid.
    void validate() const {}
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(keys);
    }
  };

  static constexpr std::string_view name = "Discard";
  static constexpr std::uint32_t class_version = 1;

  /// No keys: every feature is kept.
  Discard() = default;
  /// Drops `params.keys`.
  explicit Discard(const Params& params) : params_((params.validate(), params)) {}

  /// Binds the space that names the input's features. It must outlive this object.
  void bind(const FeatureSpace* space) { mask_.bind(space); }

  /// Nothing to learn (River's `Discard` is stateless).
  void learn_one(DenseView /*x*/) {}

  /// Copies the features of `x` not named in `keys` into `out` (same ids) and sets every other
  /// slot absent. Throws `std::logic_error` if no space is bound, `InvalidInput` if `out` is
  /// shorter than `x`.
  void transform_one(DenseView x, std::span<double> out) const {
    if (out.size() < x.size()) {
      throw InvalidInput("Discard: out has " + std::to_string(out.size()) +
                         " slots, fewer than the " + std::to_string(x.size()) + " of the sample");
    }
    (void)mask_.name_space(name);  // throws when unbound, even for an empty sample
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i] = i < x.size() && !mask_.contains(params_.keys, static_cast<FeatureId>(i), name)
                   ? x.values[i]
                   : missing_value;
    }
  }

  /// Output width: the input's (ids are kept).
  std::size_t n_outputs(DenseView x) const { return x.size(); }
  /// The input feature's name.
  const std::string& output_name(FeatureId id) const { return mask_.name(id, name); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Discard: checkpoint from a newer version");
    ar(params_);
    if constexpr (Archive::is_loading::value) mask_.bind(mask_.space());
  }

  /// Equal keys (the bound space is not compared).
  friend bool operator==(const Discard&, const Discard&) = default;

 private:
  Params params_{};
  detail::KeyMask mask_;
};

}  // namespace streamwise::compose

CEREAL_CLASS_VERSION(streamwise::compose::Discard, streamwise::compose::Discard::class_version)
