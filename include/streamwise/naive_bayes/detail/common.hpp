#pragma once
/// @file
/// Pieces shared by the naive Bayes classifiers: input checks, River's log-sum-exp
/// normalisation and the argmax used by `predict_one`.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::naive_bayes::detail {

/// Throws `InvalidInput` if a present value of `x` is +-inf (NaN means absent and is fine).
/// The message names the feature id: "GaussianNB: x[3] must be finite, got inf".
inline void require_finite_sample(DenseView x, std::string_view estimator) {
  for (std::size_t i = 0; i < x.values.size(); ++i) {
    if (std::isinf(x.values[i])) {
      require_finite(x.values[i], estimator, "x[" + std::to_string(i) + "]");
    }
  }
}

/// Class ids must appear in order (0, 1, 2, ...), as a `LabelEncoder` assigns them: `y` is
/// either known or the next new id. Anything else throws `InvalidInput`.
inline void require_known_or_next(ClassId y, std::size_t n_classes, std::string_view estimator) {
  if (y > n_classes) {
    throw InvalidInput(std::string(estimator) + ": class id " + std::to_string(y) +
                       " skips ids; the next new class id must be " + std::to_string(n_classes));
  }
}

/// Throws `InvalidInput` when `out` cannot hold one value per known class.
inline void require_room(std::span<double> out, std::size_t n_classes, std::string_view estimator) {
  if (out.size() < n_classes) {
    throw InvalidInput(std::string(estimator) + ": out has " + std::to_string(out.size()) +
                       " slots for " + std::to_string(n_classes) + " classes");
  }
}

/// log(sum(exp(a))) computed as scipy.special.logsumexp (1.17) does it, which River calls:
/// the maximum terms are taken out of the sum, `log1p(s / m) + log(m) + max` where `m` counts
/// the maxima, with a direct `log(sum(exp(a)))` when that is not finite.
inline double logsumexp(std::span<const double> a) {
  double a_max = -std::numeric_limits<double>::infinity();
  for (double v : a) {
    if (std::isnan(v)) return v;  // np.max propagates NaN
    if (v > a_max) a_max = v;
  }
  double m = 0.0;
  double s = 0.0;
  for (double v : a) {
    if (v == a_max) {
      m += 1.0;
    } else {
      s += std::exp(v - a_max);
    }
  }
  if (s != 0.0) s /= m;
  double out = std::log1p(s) + std::log(m) + a_max;
  if (!std::isfinite(out)) {
    double direct = 0.0;
    for (double v : a) direct += std::exp(v);
    out = std::log(direct);
  }
  return out;
}

/// Turns joint log-likelihoods into probabilities in place, as River's `predict_proba_one`:
/// `exp(jll - logsumexp(jll))`.
inline void normalise_log_likelihoods(std::span<double> jll) {
  const double lse = logsumexp(jll);
  for (double& v : jll) v = std::exp(v - lse);
}

/// Index of the first maximum (River's `max(proba, key=proba.get)` over classes in learn order).
inline ClassId first_argmax(std::span<const double> values) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < values.size(); ++i) {
    if (values[i] > values[best]) best = i;
  }
  return static_cast<ClassId>(best);
}

/// `predict_one` for any model with `n_classes()` and `predict_proba_one`: the most probable
/// class, lowest id on ties; 0 before any learning (River returns None). Uses a stack buffer
/// for up to 64 classes, so the usual case does not allocate.
template <class Model>
ClassId predict_via_proba(const Model& model, DenseView x) {
  const std::size_t n = model.n_classes();
  if (n == 0) {
    model.predict_proba_one(x, std::span<double>{});  // still validates x
    return 0;
  }
  constexpr std::size_t stack_classes = 64;
  if (n <= stack_classes) {
    std::array<double, stack_classes> buffer;
    const std::span<double> proba(buffer.data(), n);
    model.predict_proba_one(x, proba);
    return first_argmax(proba);
  }
  std::vector<double> buffer(n);
  model.predict_proba_one(x, buffer);
  return first_argmax(buffer);
}

/// Reads `v[i]`, or 0 when the (lazily grown) vector is shorter.
inline double at_or_zero(const std::vector<double>& v, std::size_t i) {
  return i < v.size() ? v[i] : 0.0;
}

/// Throws `CheckpointError` naming `estimator` unless `ok`.
inline void require_consistent(bool ok, std::string_view estimator, std::string_view what) {
  if (!ok) {
    throw CheckpointError("checkpoint payload is damaged: " + std::string(estimator) + " " +
                          std::string(what));
  }
}

/// Re-validates parameters read from a checkpoint, as `CheckpointError`.
template <class P>
void validate_loaded_params(const P& params) {
  try {
    params.validate();
  } catch (const std::invalid_argument& e) {
    throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
  }
}

/// Class counts read from a checkpoint must be finite and positive (every known class has been
/// learnt from with a positive weight).
inline void require_valid_class_counts(const std::vector<double>& counts,
                                       std::string_view estimator) {
  for (double c : counts) {
    require_consistent(std::isfinite(c) && c > 0.0, estimator, "has an invalid class count");
  }
}

}  // namespace streamwise::naive_bayes::detail
