#pragma once
/// @file
/// KSWIN (Kolmogorov-Smirnov WINdowing), River's `drift.KSWIN`, with the two-sample
/// Kolmogorov-Smirnov p-value computed as SciPy's `ks_2samp(method="auto")` does for two
/// samples of equal size.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/python_random.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::drift {

namespace detail {

// Survival function of the one-sample two-sided Kolmogorov distribution, P(D_n > x), for the
// cases SciPy's `kstwo.sf` reaches from `ks_2samp`'s asymptotic fallback below (small n * x):
// the Ruben-Gambino closed forms and the Durbin matrix algorithm (Marsaglia-Tsang-Wang).
// Elsewhere the fallback is not reached for equal sample sizes (see docs/drift.md) and 1 is
// returned, the value the exact method had rounded to.
inline double kolmogorov_sf(std::uint64_t n_int, double x) {
  if (n_int == 0) return std::numeric_limits<double>::quiet_NaN();
  const auto n = static_cast<double>(n_int);
  if (x >= 1.0) return 0.0;
  if (x <= 0.0) return 1.0;
  const double t = n * x;
  auto clip = [](long double p) {
    return static_cast<double>(std::clamp(p, static_cast<long double>(0.0), 1.0L));
  };
  if (t <= 1.0) {
    if (t <= 0.5) return 1.0;
    double prob = 0.0;
    if (n_int <= 140) {
      prob = 1.0;
      for (std::uint64_t i = 1; i <= n_int; ++i) {
        prob *= static_cast<double>(i) * (1.0 / n) * (2.0 * t - 1.0);
      }
    } else {
      // log(n! / n^n) by Stirling's series, as SciPy evaluates it.
      static constexpr double coeffs[] = {-2.955065359477124183e-2,  6.4102564102564102564e-3,
                                          -1.9175269175269175269e-3, 8.4175084175084175084e-4,
                                          -5.952380952380952381e-4,  7.9365079365079365079e-4,
                                          -2.7777777777777777778e-3, 8.3333333333333333333e-2};
      const double rn = 1.0 / n;
      const double z = rn / n;
      double poly = 0.0;
      for (double c : coeffs) poly = poly * z + c;
      const double log_ratio =
          std::log(n) / 2 - n + std::log(2 * 3.141592653589793) / 2 + rn * poly;
      prob = std::exp(log_ratio + n * std::log(2 * t - 1));
    }
    return clip(1.0 - prob);
  }
  if (t >= n - 1) return clip(2 * std::pow(1.0 - x, n));
  if (x >= 0.5) return 1.0;
  const double nxsquared = t * x;
  const bool use_dmtw = n_int <= 140
                            ? nxsquared <= 0.754693
                            : (nxsquared < 2.2 && n_int <= 100000 && n * std::pow(x, 1.5) <= 1.4);
  if (!use_dmtw) return n_int > 140 && nxsquared >= 370.0 ? 0.0 : 1.0;

  // Durbin's matrix: P(D_n <= x) = n!/n^n * (H^n)[k-1][k-1], with powers scaled by 2^128.
  const double nd = t;
  if (nd <= 0.5) return 1.0;
  const auto k = static_cast<std::size_t>(std::ceil(nd));
  const double h = static_cast<double>(k) - nd;
  const std::size_t m = 2 * k - 1;
  std::vector<double> H(m * m, 0.0), v(m), w(m);
  double fac = 1.0;
  for (std::size_t j = 1; j <= m; ++j) {
    v[j - 1] = 1.0 - std::pow(h, static_cast<double>(j));
    w[j - 1] = fac;
    fac /= static_cast<double>(j);
    v[j - 1] *= fac;
  }
  const double tt = (2 * h - 1.0 > 0 ? std::pow(2 * h - 1.0, static_cast<double>(m)) : 0.0) -
                    2 * std::pow(h, static_cast<double>(m));
  v[m - 1] = (1.0 + tt) * fac;
  for (std::size_t i = 1; i < m; ++i) {
    for (std::size_t r = i - 1; r < m; ++r) H[r * m + i] = w[r - (i - 1)];
  }
  for (std::size_t r = 0; r < m; ++r) H[r * m] = v[r];
  for (std::size_t c = 0; c < m; ++c) H[(m - 1) * m + c] = v[m - 1 - c];

  auto matmul = [m](const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> out(m * m, 0.0);
    for (std::size_t r = 0; r < m; ++r) {
      for (std::size_t c = 0; c < m; ++c) {
        double s = 0.0;
        for (std::size_t q = 0; q < m; ++q) s += a[r * m + q] * b[q * m + c];
        out[r * m + c] = s;
      }
    }
    return out;
  };
  std::vector<double> power(m * m, 0.0);
  for (std::size_t r = 0; r < m; ++r) power[r * m + r] = 1.0;
  const double scale = std::ldexp(1.0, 128);
  long expnt = 0, h_expnt = 0;
  for (std::uint64_t nn = n_int; nn > 0; nn /= 2) {
    if (nn % 2) {
      power = matmul(power, H);
      expnt += h_expnt;
    }
    H = matmul(H, H);
    h_expnt *= 2;
    if (std::fabs(H[(k - 1) * m + (k - 1)]) > scale) {
      for (double& e : H) e /= scale;
      h_expnt += 128;
    }
  }
  // SciPy's rescaling multiplies by a long double, after which it computes in long double.
  long double p = power[(k - 1) * m + (k - 1)];
  bool extended = false;
  for (std::uint64_t i = 1; i <= n_int; ++i) {
    if (extended) {
      p = static_cast<long double>(i) * p / static_cast<long double>(n_int);
    } else {
      p = static_cast<double>(static_cast<double>(i) * static_cast<double>(p) / n);
    }
    if (std::fabs(p) < 1.0L / static_cast<long double>(scale)) {
      p *= static_cast<long double>(scale);
      expnt -= 128;
      extended = true;
    }
  }
  if (expnt != 0) p = std::ldexp(p, static_cast<int>(expnt));
  const long double cdf = std::clamp(p, static_cast<long double>(0.0), 1.0L);
  return extended ? clip(1.0L - cdf) : clip(1.0 - static_cast<double>(cdf));
}

}  // namespace detail

/// p-value of the two-sided two-sample Kolmogorov-Smirnov test for two samples of `n` values
/// each whose empirical CDFs differ by at most `h / n`: SciPy's `ks_2samp(method="auto")`
/// result for equal sizes (the exact lattice-path probability, or the asymptotic fallback SciPy
/// takes when rounding pushes the exact value outside [0, 1]).
inline double ks_2samp_equal_pvalue(std::uint64_t n, std::uint64_t h) {
  if (h == 0) return 1.0;
  // P(D >= h/n) = 2 * A0 * (1 - A1 * (1 - A2 * ...)), evaluated innermost first.
  double P = 0.0;
  const auto nd = static_cast<double>(n);
  const auto hd = static_cast<double>(h);
  for (auto k = static_cast<std::int64_t>(std::floor(nd / hd)); k >= 0; --k) {
    double p1 = 1.0;
    const auto kh = static_cast<double>(k) * hd;
    for (std::uint64_t j = 0; j < h; ++j) {
      const auto jd = static_cast<double>(j);
      p1 = (nd - kh - jd) * p1 / (nd + kh + jd + 1.0);
    }
    P = p1 * (1.0 - P);
  }
  const double exact = 2 * P;
  if (exact >= 0.0 && exact <= 1.0) return exact;
  // SciPy falls back to kstwo.sf(h / n, round(n / 2)) (n*n / (n+n), rounded half to even).
  const double en = nd * nd / (nd + nd);
  const auto rounded = static_cast<std::uint64_t>(std::nearbyint(en));
  return std::clamp(detail::kolmogorov_sf(rounded, hd / nd), 0.0, 1.0);
}

/// KSWIN drift detector (Raab et al., 2020), River 0.26's `drift.KSWIN`.
///
/// Keeps the last `window_size` values. Once the window is full, every update compares the
/// newest `stat_size` values with `stat_size` values drawn without replacement from the older
/// part, using the two-sample Kolmogorov-Smirnov test; a drift is reported when the p-value is
/// at most `alpha` and the statistic exceeds 0.1. Then the window keeps only the newest
/// `stat_size` values, and (as in River) the next update restarts the detector from an empty
/// window with the generator re-seeded.
///
/// The draws reproduce River's `random.Random(seed).sample` exactly, so a seeded KSWIN flags
/// the same indices as River. Without a seed the generator is seeded from OS entropy, like
/// River's `seed=None`.
///
/// ```cpp
/// streamwise::drift::KSWIN::Params p;
/// p.alpha = 1e-4; p.window_size = 200; p.stat_size = 100; p.seed = 42;
/// streamwise::drift::KSWIN kswin(p);
/// for (double x : stream) {
///   kswin.update(x);
///   if (kswin.drift_detected()) { /* kswin.p_value() is at most 1e-4 */ }
/// }
/// ```
class KSWIN {
 public:
  /// Hyper-parameters, with River's names and defaults. River's `window` argument (values to
  /// start from) is a constructor argument instead: it is data, not a setting.
  struct Params {
    double alpha = 0.005;                ///< Significance level of the KS test, in [0, 1].
    std::int64_t window_size = 100;      ///< Length of the sliding window.
    std::int64_t stat_size = 30;         ///< Size of both samples compared (>= 1).
    std::optional<std::int64_t> seed{};  ///< Seed of the Python-compatible generator.

    template <class V>
    void visit(V&& v) {
      v("alpha", alpha);
      v("window_size", window_size);
      v("stat_size", stat_size);
      v("seed", seed);
    }

    /// Throws `std::invalid_argument("KSWIN: <param> must be ...")`.
    void validate() const {
      if (!(alpha >= 0.0 && alpha <= 1.0)) throw invalid_parameter("KSWIN", "alpha", "in [0, 1]");
      if (stat_size < 1) throw invalid_parameter("KSWIN", "stat_size", ">= 1");
      if (window_size > 100'000'000) {
        throw invalid_parameter("KSWIN", "window_size", "<= 100000000");
      }
      // River fails at the first full window when fewer than stat_size older values exist.
      if (window_size < 2 * stat_size) {
        throw invalid_parameter("KSWIN", "window_size", ">= 2 * stat_size");
      }
    }

    friend bool operator==(const Params&, const Params&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(alpha, window_size, stat_size, seed);
    }
  };

  static constexpr std::string_view name = "KSWIN";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (unseeded).
  KSWIN() { init(); }
  /// Validates `params` (throws `std::invalid_argument`).
  explicit KSWIN(const Params& params) : params_(params) {
    params_.validate();
    init();
  }
  /// Starts from already collected values (River's `window` argument); only the last
  /// `window_size` are kept. Throws `InvalidInput` if one is not finite.
  KSWIN(const Params& params, std::span<const double> window) : KSWIN(params) {
    for (double x : window) require_finite(x, name, "window value");
    for (double x : window) push(x);
  }

  /// Adds `x` and tests once the window is full. Throws `InvalidInput` for non-finite `x`
  /// (state unchanged). If the previous update reported a drift, the detector is first reset.
  void update(double x) {
    require_finite(x, name);
    if (drift_detected_) reset();
    ++n_;
    push(x);
    drift_detected_ = false;
    if (size_ < window_.size()) return;

    const std::size_t W = window_.size();
    const auto S = static_cast<std::size_t>(params_.stat_size);
    auto& s = scratch_;
    rng_.sample_range(W - S, s.indices, s.sample);
    for (std::size_t i = 0; i < S; ++i) s.older[i] = at(static_cast<std::size_t>(s.indices[i]));
    for (std::size_t i = 0; i < S; ++i) s.recent[i] = at(W - S + i);
    std::sort(s.older.begin(), s.older.end());
    std::sort(s.recent.begin(), s.recent.end());
    const std::uint64_t h = max_ecdf_gap(s.older, s.recent);
    statistic_ = static_cast<double>(h) * 1.0 / static_cast<double>(S);
    p_value_ = ks_2samp_equal_pvalue(S, h);
    if (p_value_ <= params_.alpha && statistic_ > 0.1) {
      drift_detected_ = true;
      // Keep only the newest stat_size values, oldest first.
      for (std::size_t i = 0; i < S; ++i) s.older[i] = at(W - S + i);
      size_ = 0;
      head_ = 0;
      std::fill(window_.begin(), window_.end(), 0.0);
      for (std::size_t i = 0; i < S; ++i) push(s.older[i]);
    }
  }

  /// Whether the last update detected a drift.
  bool drift_detected() const { return drift_detected_; }
  /// p-value of the last test (0 before the first test, as in River).
  double p_value() const { return p_value_; }
  /// KS statistic of the last test (0 before the first test).
  double statistic() const { return statistic_; }
  /// Values seen since the last reset.
  std::uint64_t n() const { return n_; }
  /// The current window, oldest first (a copy).
  std::vector<double> window() const {
    std::vector<double> out(size_);
    for (std::size_t i = 0; i < size_; ++i) out[i] = at(i);
    return out;
  }
  /// Number of values in the window.
  std::size_t window_length() const { return size_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("KSWIN: checkpoint from a newer version");
    ar(params_, drift_detected_, p_value_, statistic_, n_, rng_, window_, head_, size_);
    if constexpr (Archive::is_loading::value) {
      params_.validate();
      const auto W = static_cast<std::size_t>(params_.window_size);
      if (window_.size() != W || size_ > W || (W > 0 && head_ >= W) || (W == 0 && head_ != 0)) {
        throw CheckpointError("KSWIN: inconsistent window in checkpoint");
      }
      scratch_.resize(static_cast<std::size_t>(params_.stat_size));
    }
  }

  friend bool operator==(const KSWIN&, const KSWIN&) = default;

 private:
  // Buffers reused by every test; not part of the state.
  struct Scratch {
    std::vector<std::uint64_t> indices;
    std::vector<double> older, recent;
    PythonRandom::SampleScratch sample;
    void resize(std::size_t s) {
      indices.assign(s, 0);
      older.assign(s, 0.0);
      recent.assign(s, 0.0);
    }
    friend bool operator==(const Scratch&, const Scratch&) { return true; }
  };

  void init() {
    window_.assign(static_cast<std::size_t>(params_.window_size), 0.0);
    scratch_.resize(static_cast<std::size_t>(params_.stat_size));
    reset();
  }

  void reset() {
    drift_detected_ = false;
    p_value_ = 0.0;
    statistic_ = 0.0;
    n_ = 0;
    head_ = 0;
    size_ = 0;
    std::fill(window_.begin(), window_.end(), 0.0);
    if (params_.seed) {
      rng_.seed_int(*params_.seed);
    } else {
      rng_.seed_entropy();
    }
  }

  double at(std::size_t i) const {
    const std::size_t j = head_ + i;
    return window_[j < window_.size() ? j : j - window_.size()];
  }

  void push(double x) {
    const std::size_t W = window_.size();
    if (W == 0) return;
    if (size_ < W) {
      const std::size_t j = head_ + size_;
      window_[j < W ? j : j - W] = x;
      ++size_;
    } else {
      window_[head_] = x;
      head_ = head_ + 1 == W ? 0 : head_ + 1;
    }
  }

  // Largest |F_a(v) - F_b(v)| * n over all values v of both sorted samples (right-continuous
  // empirical CDFs, so ties are counted on both sides first, as searchsorted(side="right")).
  static std::uint64_t max_ecdf_gap(const std::vector<double>& a, const std::vector<double>& b) {
    std::size_t i = 0, j = 0;
    std::uint64_t best = 0;
    while (i < a.size() || j < b.size()) {
      double v = 0.0;
      if (j >= b.size() || (i < a.size() && a[i] <= b[j])) {
        v = a[i];
      } else {
        v = b[j];
      }
      while (i < a.size() && a[i] <= v) ++i;
      while (j < b.size() && b[j] <= v) ++j;
      const std::uint64_t gap = i > j ? i - j : j - i;
      best = std::max(best, gap);
    }
    return best;
  }

  Params params_{};
  bool drift_detected_ = false;
  double p_value_ = 0.0;
  double statistic_ = 0.0;
  std::uint64_t n_ = 0;
  PythonRandom rng_{};
  std::vector<double> window_;  // ring buffer of window_size slots
  std::uint64_t head_ = 0;      // slot of the oldest value
  std::uint64_t size_ = 0;      // values held
  Scratch scratch_;
};

}  // namespace streamwise::drift

CEREAL_CLASS_VERSION(streamwise::drift::KSWIN, streamwise::drift::KSWIN::class_version)
