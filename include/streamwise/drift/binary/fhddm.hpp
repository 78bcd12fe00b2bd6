#pragma once
/// @file
/// Fast Hoeffding Drift Detection Method (Pesaranghader & Viktor, 2016), River's
/// `drift.binary.FHDDM`, with its stacking variant (a second, short window).

#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/drift/binary/bit_input.hpp"

namespace streamwise::drift::binary {

/// FHDDM: slides a window of `sliding_window_size` bits over the stream and, each time the
/// window is full, compares the rate of ones in it with the highest rate seen since the last
/// reset; a fall of more than the Hoeffding bound `sqrt(ln(1 / confidence_level) / (2 n))`
/// is a drift. With `short_window_size` the most recent bits of the window are checked the
/// same way (stacking FHDDM) and either window can flag the drift. River counts the ones in
/// the window, so the drift fires when the rate of ones *falls*. The update after a drift
/// starts from scratch. FHDDM never raises warnings.
///
/// ```cpp
/// streamwise::drift::binary::FHDDM fhddm({.short_window_size = 20});
/// for (double bit : bits) {
///   fhddm.update(bit);
///   if (fhddm.drift_detected()) react();
/// }
/// ```
class FHDDM {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Length of the sliding window (bits before the first test).
    std::int64_t sliding_window_size = 100;
    /// Confidence level of the Hoeffding bound.
    double confidence_level = 0.000001;
    /// Length of the short window of the stacking variant; none by default.
    std::optional<std::int64_t> short_window_size = std::nullopt;

    /// Lists every field for reflection.
    template <class V>
    void visit(V&& v) {
      v("sliding_window_size", sliding_window_size);
      v("confidence_level", confidence_level);
      v("short_window_size", short_window_size);
    }
    /// Throws `std::invalid_argument` unless `sliding_window_size` is in [1, 2^31),
    /// `confidence_level` in (0, 1) and `short_window_size` none or in [1,
    /// sliding_window_size].
    void validate() const {
      if (sliding_window_size < 1 || sliding_window_size > max_window) {
        throw invalid_parameter("FHDDM", "sliding_window_size", "in [1, 2147483647]");
      }
      if (!(confidence_level > 0.0 && confidence_level < 1.0)) {
        throw invalid_parameter("FHDDM", "confidence_level", "in (0, 1)");
      }
      if (short_window_size &&
          (*short_window_size < 1 || *short_window_size > sliding_window_size)) {
        throw invalid_parameter("FHDDM", "short_window_size",
                                "None or in [1, sliding_window_size]");
      }
    }
    /// Field-wise equality.
    friend bool operator==(const Params&, const Params&) = default;
    /// Saves or restores every field.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(sliding_window_size, confidence_level, short_window_size);
    }
  };

  /// River's class name.
  static constexpr std::string_view name = "FHDDM";
  /// Checkpoint layout version of this class.
  static constexpr std::uint32_t class_version = 1;
  /// Largest accepted window (the window is held in memory, one byte per bit).
  static constexpr std::int64_t max_window = 2147483647;

  /// River's defaults.
  FHDDM() : FHDDM(Params{}) {}
  /// Validates and stores `params`; allocates the window once.
  explicit FHDDM(const Params& params) : params_(params) {
    params_.validate();
    cache_constants();
    window_.assign(static_cast<std::size_t>(params_.sliding_window_size), 0);
  }

  /// Feeds one bit. Throws `InvalidInput` unless `x` is 0 or 1, before any change.
  void update(double x) {
    require_bit(x, name);
    if (drift_) reset();
    const std::size_t size = window_.size();
    const auto bit = static_cast<std::uint8_t>(x == 1.0);
    window_[(start_ + count_) % size] = bit;
    ++count_;
    n_one_ += bit;
    if (short_size_ != 0) {
      short_ones_ += bit;
      // Keep short_ones_ equal to the ones among the last short_size_ bits of the window.
      if (count_ > short_size_) short_ones_ -= window_[(start_ + count_ - short_size_ - 1) % size];
    }
    if (count_ < size) return;

    // The window is full: test it, then drop its oldest bit.
    const double u = static_cast<double>(n_one_) / static_cast<double>(size);
    if (u_max_ < u) u_max_ = u;
    bool short_drift = false;
    if (short_size_ != 0) {
      const double u_short = static_cast<double>(short_ones_) / static_cast<double>(short_size_);
      if (u_short_max_ < u_short) u_short_max_ = u_short;
      short_drift = u_short_max_ - u_short > epsilon_short_;
    }
    drift_ = (u_max_ - u > epsilon_) || short_drift;

    const std::uint8_t oldest = window_[start_];
    window_[start_] = 0;
    n_one_ -= oldest;
    if (short_size_ == size) short_ones_ -= oldest;
    start_ = (start_ + 1) % size;
    --count_;
  }

  /// Whether the last update detected a drift.
  bool drift_detected() const { return drift_; }
  /// Always false: FHDDM has no warning zone (River exposes the flag, never set).
  bool warning_detected() const { return false; }
  /// Number of ones currently in the sliding window (River's `n_one`).
  std::uint64_t n_one() const { return n_one_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or restores parameters and the whole state; throws `CheckpointError` for a newer
  /// class version or a window inconsistent with the parameters.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("FHDDM: checkpoint from a newer version");
    ar(params_);
    params_.validate();
    cache_constants();
    ar(window_, start_, count_, n_one_, short_ones_, u_max_, u_short_max_, drift_);
    check_invariants();
  }

  /// Whole-state equality (parameters included).
  friend bool operator==(const FHDDM&, const FHDDM&) = default;

 private:
  void cache_constants() {
    const double log_inv = std::log(1.0 / params_.confidence_level);
    epsilon_ = std::sqrt(log_inv / (2.0 * static_cast<double>(params_.sliding_window_size)));
    short_size_ = params_.short_window_size ? static_cast<std::uint64_t>(*params_.short_window_size)
                                            : std::uint64_t{0};
    epsilon_short_ =
        short_size_ != 0 ? std::sqrt(log_inv / (2.0 * static_cast<double>(short_size_))) : 0.0;
  }

  void reset() {
    for (auto& b : window_) b = 0;
    start_ = 0;
    count_ = 0;
    n_one_ = 0;
    short_ones_ = 0;
    u_max_ = 0.0;
    u_short_max_ = 0.0;
    drift_ = false;
  }

  // A loaded window must match the parameters and its counters, or updates could go out of
  // bounds or disagree with the original detector.
  void check_invariants() const {
    const auto size = static_cast<std::uint64_t>(params_.sliding_window_size);
    bool ok = window_.size() == size && start_ < size && count_ < size;
    std::uint64_t ones = 0;
    std::uint64_t recent = 0;
    for (std::uint64_t i = 0; ok && i < size; ++i) {
      const std::uint8_t b = window_[(start_ + i) % size];
      if (b > 1 || (i >= count_ && b != 0)) ok = false;
      ones += b;
      if (i < count_ && i + short_size_ >= count_) recent += b;
    }
    ok = ok && ones == n_one_ && (short_size_ == 0 ? short_ones_ == 0 : recent == short_ones_);
    if (!ok) throw CheckpointError("FHDDM: checkpoint holds an inconsistent window");
  }

  Params params_{};
  std::vector<std::uint8_t> window_;  // ring buffer of sliding_window_size bits, unused slots 0
  std::uint64_t start_ = 0;           // position of the oldest bit
  std::uint64_t count_ = 0;           // bits in the window (< size between updates)
  std::uint64_t n_one_ = 0;           // ones in the window
  std::uint64_t short_ones_ = 0;      // ones among the last short_window_size bits
  double u_max_ = 0.0;                // highest window rate since the last reset
  double u_short_max_ = 0.0;          // same for the short window
  bool drift_ = false;
  // Derived from params_ (not serialised).
  double epsilon_ = 0.0;
  double epsilon_short_ = 0.0;
  std::uint64_t short_size_ = 0;
};

}  // namespace streamwise::drift::binary

CEREAL_CLASS_VERSION(streamwise::drift::binary::FHDDM,
                     streamwise::drift::binary::FHDDM::class_version)
