#pragma once
/// @file
/// Constant learning rate, River's `optim.schedulers.Constant`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::optim::schedulers {

/// A learning rate that never changes: `get(t)` is `learning_rate` for every step `t`.
///
/// Optimizers take a scheduler for their `lr`; a plain number means `Constant(number)`.
///
/// ```cpp
/// streamwise::optim::schedulers::Constant lr(0.05);
/// lr.get(0);     // 0.05
/// lr.get(1000);  // 0.05
/// ```
class Constant {
 public:
  /// Hyper-parameters, with River's names.
  struct Params {
    /// The learning rate (finite, >= 0). River requires it; 0.01 (SGD's default) is used when
    /// a default is needed.
    double learning_rate = 0.01;

    template <class V>
    void visit(V&& v) {
      v("learning_rate", learning_rate);
    }

    /// Throws `std::invalid_argument("Constant: learning_rate must be finite and >= 0")`.
    void validate() const {
      if (!(std::isfinite(learning_rate) && learning_rate >= 0.0)) {
        throw invalid_parameter("Constant", "learning_rate", "finite and >= 0");
      }
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(learning_rate);
    }
  };

  static constexpr std::string_view name = "Constant";
  static constexpr std::uint32_t class_version = 1;

  /// A learning rate of 0.01.
  Constant() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit Constant(const Params& params) : params_(params) { params_.validate(); }
  /// Shorthand for `Constant(Params{learning_rate})`.
  explicit Constant(double learning_rate) : Constant(Params{learning_rate}) {}

  /// The learning rate at step `t` (always `learning_rate`).
  double get(std::uint64_t /*t*/) const { return params_.learning_rate; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: the parameters (there is no other state).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("Constant: checkpoint from a newer version");
    }
    ar(params_);
  }

  friend bool operator==(const Constant&, const Constant&) = default;

 private:
  Params params_{};
};

}  // namespace streamwise::optim::schedulers

CEREAL_CLASS_VERSION(streamwise::optim::schedulers::Constant,
                     streamwise::optim::schedulers::Constant::class_version)
