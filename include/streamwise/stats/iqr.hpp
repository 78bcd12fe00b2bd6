#pragma once
/// @file
/// Running interquartile range, River's `stats.IQR`.

#include <cstdint>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/stats/detail/ring_deque.hpp"
#include "streamwise/stats/quantile.hpp"

namespace streamwise::stats {

/// Running interquartile range: the difference between two P² quantile estimates (`q_sup` minus
/// `q_inf`), each updated exactly as `Quantile` is. `get()` is NaN before any update (River: None).
///
/// ```cpp
/// streamwise::stats::IQR iqr;  // q_inf = 0.25, q_sup = 0.75
/// for (int i = 0; i <= 1000; ++i) iqr.update(i);
/// iqr.get();  // 500.0
/// ```
class IQR {
 public:
  /// Hyper-parameters.
  struct Params {
    double q_inf = 0.25;  ///< Lower quantile, in [0, 1].
    double q_sup = 0.75;  ///< Upper quantile, in [0, 1] and above q_inf.

    template <class V>
    void visit(V&& v) {
      v("q_inf", q_inf);
      v("q_sup", q_sup);
    }
    /// Throws `std::invalid_argument` unless 0 <= q_inf < q_sup <= 1.
    void validate() const {
      if (!(q_inf >= 0.0 && q_inf <= 1.0)) throw invalid_parameter("IQR", "q_inf", "in [0, 1]");
      if (!(q_sup >= 0.0 && q_sup <= 1.0)) throw invalid_parameter("IQR", "q_sup", "in [0, 1]");
      if (!(q_inf < q_sup)) throw invalid_parameter("IQR", "q_inf", "strictly less than q_sup");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(q_inf, q_sup);
    }
  };

  static constexpr std::string_view name = "IQR";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (0.25, 0.75).
  IQR() = default;
  /// Validates `params`; throws `std::invalid_argument`.
  explicit IQR(const Params& params)
      : params_((params.validate(), params)), inf_(params.q_inf), sup_(params.q_sup) {}

  /// Adds `x`. Throws `InvalidInput` for non-finite `x` (state unchanged).
  void update(double x) {
    require_finite(x, name);
    inf_.update(x);
    sup_.update(x);
  }

  /// Upper minus lower quantile estimate (NaN before the first update).
  double get() const { return sup_.get() - inf_.get(); }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("IQR: checkpoint from a newer version");
    ar(params_, inf_, sup_);
    if constexpr (Archive::is_loading::value) {
      detail::validate_loaded_params(params_);
      detail::require_consistent(inf_.q() == params_.q_inf && sup_.q() == params_.q_sup, "IQR",
                                 "estimates other quantiles");
    }
  }

  friend bool operator==(const IQR&, const IQR&) = default;

 private:
  Params params_{};
  detail::P2Estimator inf_{params_.q_inf};
  detail::P2Estimator sup_{params_.q_sup};
};

}  // namespace streamwise::stats

CEREAL_CLASS_VERSION(streamwise::stats::IQR, streamwise::stats::IQR::class_version)
