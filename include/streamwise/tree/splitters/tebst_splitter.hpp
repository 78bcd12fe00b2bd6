#pragma once
/// @file
/// Truncated E-BST splitter for regression trees, River's `tree.splitter.TEBSTSplitter` (the
/// default splitter of `HoeffdingTreeRegressor`).

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/tree/splitters/ebst_splitter.hpp"

namespace streamwise::tree {

/// An `EBSTSplitter` that first rounds each value to `digits` decimals (Python's `round`:
/// correctly rounded, halves to even), so nearby values share a node and memory stays small.
///
/// ```cpp
/// streamwise::tree::TEBSTSplitter s({.digits = 2});
/// s.update(0.123, 4.0, 1.0);  // stored under 0.12
/// ```
class TEBSTSplitter {
 public:
  static constexpr std::string_view name = "TEBSTSplitter";
  static constexpr std::uint32_t class_version = 1;

  /// Hyper-parameters, River's names and defaults.
  struct Params {
    std::int64_t digits = 1;  ///< Decimal places kept.

    template <class V>
    void visit(V&& v) {
      v("digits", digits);
    }
    /// Throws `std::invalid_argument` unless `digits` is in [0, 15].
    void validate() const {
      if (digits < 0 || digits > 15)
        throw invalid_parameter("TEBSTSplitter", "digits", "in [0, 15]");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(digits);
    }
  };

  /// River's default (`digits = 1`).
  TEBSTSplitter() = default;
  /// Validates and stores `params`.
  explicit TEBSTSplitter(const Params& params) : params_(params) { params_.validate(); }

  /// `x` rounded to `digits` decimals as Python's `round(x, digits)` does.
  double round_value(double x) const {
    // Fast path: away from a decimal tie, k = nearest integer to x * 10^d is unambiguous and
    // k / 10^d is the double nearest the decimal, which is what Python returns.
    static constexpr double pow10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                         1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const double p = pow10[params_.digits];
    const double y = x * p;
    if (std::fabs(y) < 1e15) {
      const double f = std::floor(y);
      const double frac = y - f;
      if (std::fabs(frac - 0.5) > 1e-6) {
        const double k = frac < 0.5 ? f : f + 1.0;
        return k == 0.0 ? std::copysign(0.0, x) : k / p;
      }
    }
    // Near a tie: let the C library round the exact binary value (half to even), as Python.
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(params_.digits), x);
    return std::strtod(buf, nullptr);
  }

  /// Adds value `x` (rounded) with target `y` and weight `w` (`w = 0` does nothing). Throws
  /// `InvalidInput`, unchanged, for a non-finite `x` or `y` or a bad weight.
  void update(double x, double y, double w) {
    require_finite(x, name);
    require_finite(y, name, "y");
    require_weight(w, name);
    if (w == 0.0) return;
    tree_.insert(round_value(x), y, w);
  }
  /// Writes the best threshold into `best` when it beats `best.merit`.
  void best_split(const VarianceReductionCriterion& criterion, const detail::TargetVar& pre,
                  FeatureId feature, bool /*binary_only*/, detail::RegSplitSuggestion& best) const {
    tree_.best_split(criterion, pre, feature, best);
  }
  /// Prunes split points much worse than the last failed attempt's best (FIMT-DD's rule).
  void remove_bad_splits(const VarianceReductionCriterion& criterion, double last_check_ratio,
                         double last_check_vr, double last_check_e, const detail::TargetVar& pre) {
    tree_.remove_bad_splits(criterion, last_check_ratio, last_check_vr, last_check_e, pre);
  }
  /// The search tree.
  const detail::Ebst& tree() const { return tree_; }
  /// Approximate bytes held.
  std::size_t memory_size() const { return sizeof(*this) + tree_.memory_size(); }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("TEBSTSplitter: checkpoint from a newer version");
    }
    ar(params_, tree_);
    if constexpr (Archive::is_loading::value) {
      detail::require_consistent(params_.digits >= 0 && params_.digits <= 15, name,
                                 "has invalid digits");
    }
  }
  friend bool operator==(const TEBSTSplitter&, const TEBSTSplitter&) = default;

 private:
  Params params_{};
  detail::Ebst tree_;
};

}  // namespace streamwise::tree

CEREAL_CLASS_VERSION(streamwise::tree::TEBSTSplitter,
                     streamwise::tree::TEBSTSplitter::class_version)
