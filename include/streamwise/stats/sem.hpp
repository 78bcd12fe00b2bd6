#pragma once
/// @file
/// Running standard error of the mean, River's `stats.SEM`.

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/var.hpp"

namespace streamwise::stats {

/// Running standard error of the (weighted) mean: `sqrt(Var(ddof) / n)`, `n` being the sum of
/// weights. Before any update River returns `None`; this class returns NaN there (and only
/// there). Revertible and mergeable like `Var`, which it extends in River.
///
/// ```cpp
/// streamwise::stats::SEM sem;  // ddof = 1
/// for (double x : {3.0, 5.0, 4.0}) sem.update(x);
/// sem.get();  // 0.577350...
/// ```
class SEM {
 public:
  /// Hyper-parameters of `SEM`.
  struct Params {
    /// Delta degrees of freedom of the variance: its divisor is `n - ddof`.
    std::int32_t ddof = 1;

    /// Lists the fields for reflection.
    template <class V>
    void visit(V&& v) {
      v("ddof", ddof);
    }
    /// Throws `std::invalid_argument` unless `ddof >= 0`.
    void validate() const {
      if (ddof < 0) throw invalid_parameter("SEM", "ddof", ">= 0");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(ddof);
    }
  };

  static constexpr std::string_view name = "SEM";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (`ddof = 1`).
  SEM() = default;
  /// Validates and uses `params`.
  explicit SEM(const Params& params) : params_(params), var_(validated(params)) {}

  /// Adds `x` with weight `w`. Throws `InvalidInput` for non-finite `x` or a negative/non-finite
  /// `w`, leaving the state unchanged.
  void update(double x, double w = 1.0) {
    require_finite(x, name);
    require_weight(w, name);
    var_.update(x, w);
  }
  /// Removes a previous `update(x, w)`. Throws `InvalidInput` for bad input or if the total
  /// weight would go below 0, leaving the state unchanged (the same slack as `Var::revert`).
  void revert(double x, double w = 1.0) {
    require_finite(x, name);
    require_weight(w, name);
    try {
      var_.revert(x, w);
    } catch (const InvalidInput&) {
      throw InvalidInput("SEM: cannot revert below a total weight of 0");
    }
  }

  /// `sqrt(variance / n)`; NaN while `n == 0` (River: None), 0 while `0 < n <= ddof`.
  double get() const {
    const double n = var_.n();
    if (n == 0.0) return std::numeric_limits<double>::quiet_NaN();
    return std::sqrt(var_.get() / n);
  }
  /// Sum of weights seen.
  double n() const { return var_.n(); }
  /// The underlying variance.
  const Var& var() const { return var_; }

  /// Merges another SEM into this one, as if this had seen both streams.
  SEM& operator+=(const SEM& other) {
    var_ += other.var_;
    return *this;
  }
  /// Removes a stream previously merged in.
  SEM& operator-=(const SEM& other) {
    var_ -= other.var_;
    return *this;
  }
  /// Merged copy.
  friend SEM operator+(SEM a, const SEM& b) { return a += b; }
  /// Copy with `b` removed.
  friend SEM operator-(SEM a, const SEM& b) { return a -= b; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and state; loaded parameters are validated (`CheckpointError`).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("SEM: checkpoint from a newer version");
    ar(params_, var_);
    if constexpr (Archive::is_loading::value) {
      try {
        params_.validate();
      } catch (const std::invalid_argument& e) {
        throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
      }
    }
  }

  friend bool operator==(const SEM&, const SEM&) = default;

 private:
  static Var::Params validated(const Params& params) {
    params.validate();
    return Var::Params{params.ddof};
  }

  Params params_{};
  Var var_{};
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::SEM, streamwise::stats::SEM::class_version)
