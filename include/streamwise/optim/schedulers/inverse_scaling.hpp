#pragma once
/// @file
/// Power-decay learning rate, River's `optim.schedulers.InverseScaling`.

#include <cmath>
#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::optim::schedulers {

/// A learning rate that decays as a power of the step: `get(t) = learning_rate / (t + 1)^power`.
///
/// ```cpp
/// streamwise::optim::schedulers::InverseScaling lr(0.1);  // power 0.5
/// lr.get(0);  // 0.1
/// lr.get(3);  // 0.05
/// ```
class InverseScaling {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Initial learning rate (finite, >= 0). River requires it; 0.01 is used when a default is
    /// needed.
    double learning_rate = 0.01;
    /// Exponent of the decay (finite).
    double power = 0.5;

    template <class V>
    void visit(V&& v) {
      v("learning_rate", learning_rate);
      v("power", power);
    }

    /// Throws `std::invalid_argument("InverseScaling: <param> must be ...")`.
    void validate() const {
      if (!(std::isfinite(learning_rate) && learning_rate >= 0.0)) {
        throw invalid_parameter("InverseScaling", "learning_rate", "finite and >= 0");
      }
      if (!std::isfinite(power)) throw invalid_parameter("InverseScaling", "power", "finite");
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(learning_rate, power);
    }
  };

  static constexpr std::string_view name = "InverseScaling";
  static constexpr std::uint32_t class_version = 1;

  /// A learning rate of 0.01 with power 0.5.
  InverseScaling() = default;
  /// Validates `params` (throws `std::invalid_argument`).
  explicit InverseScaling(const Params& params) : params_(params) { params_.validate(); }
  /// Shorthand for `InverseScaling(Params{learning_rate, power})`.
  explicit InverseScaling(double learning_rate, double power = 0.5)
      : InverseScaling(Params{learning_rate, power}) {}

  /// The learning rate at step `t`: `learning_rate / pow(t + 1, power)`, as River computes it.
  double get(std::uint64_t t) const {
    return params_.learning_rate / std::pow(static_cast<double>(t + 1), params_.power);
  }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: the parameters (there is no other state).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("InverseScaling: checkpoint from a newer version");
    }
    ar(params_);
  }

  friend bool operator==(const InverseScaling&, const InverseScaling&) = default;

 private:
  Params params_{};
};

}  // namespace streamwise::optim::schedulers

CEREAL_CLASS_VERSION(streamwise::optim::schedulers::InverseScaling,
                     streamwise::optim::schedulers::InverseScaling::class_version)
