#pragma once
/// @file
/// Constant weight initializer, River's `optim.initializers.Constant`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::optim::initializers {

/// Starts every new weight at the same `value`.
///
/// ```cpp
/// streamwise::optim::initializers::Constant init(3.14);
/// init.next();  // 3.14
/// ```
class Constant {
 public:
  /// Hyper-parameters, with River's names.
  struct Params {
    /// The initial weight (finite). River requires it; 0 is used when a default is needed.
    double value = 0.0;

    template <class V>
    void visit(V&& v) {
      v("value", value);
    }

    /// Throws `std::invalid_argument("Constant: value must be finite")`.
    void validate() const {
      if (!std::isfinite(value)) throw invalid_parameter("Constant", "value", "finite");
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(value);
    }
  };

  static constexpr std::string_view name = "Constant";
  static constexpr std::uint32_t class_version = 1;

  /// A value of 0.
  Constant() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit Constant(const Params& params) : params_(params) { params_.validate(); }
  /// Shorthand for `Constant(Params{value})`.
  explicit Constant(double value) : Constant(Params{value}) {}

  /// The next initial weight: `value`.
  double next() { return params_.value; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: the parameters (there is no other state).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Constant: checkpoint from a newer version");
    ar(params_);
  }

  friend bool operator==(const Constant&, const Constant&) = default;

 private:
  Params params_{};
};

}  // namespace streamwise::optim::initializers

CEREAL_CLASS_VERSION(streamwise::optim::initializers::Constant,
                     streamwise::optim::initializers::Constant::class_version)
