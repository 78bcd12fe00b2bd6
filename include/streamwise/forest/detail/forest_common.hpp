#pragma once
/// @file
/// Helpers shared by the adaptive random forests: River's Poisson draw, `max_features`
/// resolution, per-member seeds and error renaming.

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "streamwise/core/python_random.hpp"

namespace streamwise::forest::detail {

/// Seed of the `generation`-th tree of member `slot`: splitmix64 of the three, 63 bits
/// (tests/data/forest/make_reference.py computes the same).
inline std::int64_t member_seed(std::int64_t seed, std::uint64_t slot, std::uint64_t generation) {
  std::uint64_t z = static_cast<std::uint64_t>(seed) * 0x9E3779B97F4A7C15ull +
                    slot * 0xBF58476D1CE4E5B9ull + generation * 0x94D049BB133111EBull +
                    0x632BE59BD9B4E019ull;
  z ^= z >> 30;
  z *= 0xBF58476D1CE4E5B9ull;
  z ^= z >> 27;
  z *= 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<std::int64_t>(z >> 1);
}

/// A 63-bit seed from the system, for `seed = None`.
inline std::int64_t entropy_seed() {
  std::random_device device;
  const std::uint64_t hi = device();
  const std::uint64_t lo = device();
  return static_cast<std::int64_t>(((hi << 32) | lo) >> 1);
}

/// Parses `text` as a Python int literal (optional sign, digits).
inline std::optional<std::int64_t> parse_int(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::size_t i = text[0] == '-' || text[0] == '+' ? 1 : 0;
  if (i == text.size()) return std::nullopt;
  for (std::size_t j = i; j < text.size(); ++j) {
    if (text[j] < '0' || text[j] > '9') return std::nullopt;
  }
  return std::stoll(text);
}

/// Parses `text` as a finite real number (the whole text).
inline std::optional<double> parse_real(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

/// True for None, "sqrt", "log2", an integer or a finite real.
inline bool max_features_valid(const std::optional<std::string>& mf) {
  if (!mf) return true;
  return *mf == "sqrt" || *mf == "log2" || parse_int(*mf) || parse_real(*mf);
}

/// River's `_set_max_features`: "sqrt" -> round(sqrt(n)), "log2" -> round(log2(n)), an integer
/// as is, a real r -> int(r * n), None -> n; then a negative count adds n, and the result is
/// clamped to [1, n] (1 when n is 0).
inline std::int64_t resolve_max_features(const std::optional<std::string>& mf,
                                         std::int64_t n_features) {
  const auto n = static_cast<double>(n_features);
  std::int64_t m;
  if (!mf) {
    m = n_features;
  } else if (*mf == "sqrt") {
    m = static_cast<std::int64_t>(std::nearbyint(std::sqrt(n)));
  } else if (*mf == "log2") {
    m = n_features > 0 ? static_cast<std::int64_t>(std::nearbyint(std::log2(n))) : 0;
  } else if (const auto i = parse_int(*mf)) {
    m = *i;
  } else {
    const double r = parse_real(*mf).value_or(1.0) * n;
    m = static_cast<std::int64_t>(std::trunc(r < -9e18 ? -9e18 : r > 9e18 ? 9e18 : r));
  }
  if (m < 0) m += n_features;
  if (m <= 0) m = 1;
  if (m > n_features && n_features > 0) m = n_features;
  return m;
}

/// Replaces the estimator name that starts an error message ("HoeffdingTreeClassifier: delta
/// must be ...") by `who`.
inline std::string rename_error(std::string_view message, std::string_view who) {
  const auto colon = message.find(": ");
  if (colon == std::string_view::npos) return std::string(who) + ": " + std::string(message);
  return std::string(who) + std::string(message.substr(colon));
}

}  // namespace streamwise::forest::detail
