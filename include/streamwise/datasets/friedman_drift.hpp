#pragma once
/// @file
/// River's `datasets.synth.FriedmanDrift`: Friedman #1 with local or global concept drifts.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/datasets/detail/python_rng.hpp"
#include "streamwise/datasets/friedman.hpp"
#include "streamwise/datasets/sample.hpp"

namespace streamwise::datasets {

namespace detail {
/// `position` as Python writes the tuple: "(50000, 100000, 150000)".
inline std::string positions_to_text(const std::vector<std::int64_t>& position) {
  std::string text = "(";
  for (std::size_t i = 0; i < position.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(position[i]);
  }
  if (position.size() == 1) text += ",";
  return text + ")";
}
/// Reads integers separated by commas and/or spaces, parentheses optional; nullopt when the
/// text is not such a list.
inline std::optional<std::vector<std::int64_t>> positions_from_text(std::string_view text) {
  std::vector<std::int64_t> out;
  const char* p = text.data();
  const char* end = p + text.size();
  auto skip = [&] {
    while (p < end && (*p == ' ' || *p == ',' || *p == '(' || *p == ')' || *p == '[' || *p == ']'))
      ++p;
  };
  for (skip(); p < end; skip()) {
    std::int64_t v = 0;
    const auto [next, ec] = std::from_chars(p, end, v);
    if (ec != std::errc()) return std::nullopt;
    out.push_back(v);
    p = next;
  }
  return out;
}
}  // namespace detail

/// Friedman #1 with drifts (Ikonomovska et al.). Features `0`..`9` uniform in [0, 1), target
/// plus N(0, 1) noise; the function changes with the sample index `i` (from 0):
/// - `"lea"` (local expanding abrupt): two regions of the input space get other functions from
///   `position[0]`, and the regions grow at `position[1]` and `position[2]`;
/// - `"gra"` (global recurring abrupt): the features are permuted in
///   [`position[0]`, `position[1]`), then the first concept returns;
/// - `"gsg"` (global slow gradual): two changes at `position[0]` and `position[1]`, each
///   followed by `transition_window` samples where old and new concepts are mixed 50/50 (a
///   second generator seeded with `seed` flips the coin).
/// Same seed, same samples as River, bit for bit.
///
/// ```cpp
/// streamwise::datasets::FriedmanDrift gen(
///     {.drift_type = "gra", .position = {1000, 2000}, .seed = 42});
/// auto s = gen.next();
/// ```
class FriedmanDrift {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    std::string drift_type = "lea";  ///< "lea", "gra" or "gsg".
    /// Change points, increasing: three for "lea", two otherwise. In specs it is written as
    /// Python writes the tuple, "(50000, 100000, 150000)".
    std::vector<std::int64_t> position = {50000, 100000, 150000};
    std::int64_t transition_window = 10000;           ///< Mixing length after each "gsg" change.
    std::optional<std::int64_t> seed = std::nullopt;  ///< Random seed; none: from the OS.

    template <class V>
    void visit(V&& v) {
      v("drift_type", drift_type);
      // The parameter system has no list values: `position` travels as its tuple text, and a
      // visitor that assigns it (the factory) has the text parsed back.
      std::string text = detail::positions_to_text(position);
      v("position", text);
      if (text != detail::positions_to_text(position)) {
        position = detail::positions_from_text(text).value_or(std::vector<std::int64_t>{});
      }
      v("transition_window", transition_window);
      v("seed", seed);
    }
    /// Throws `std::invalid_argument` for an unknown drift type, a wrong number of change
    /// points, points not increasing, or a "gsg" window longer than a gap between points.
    void validate() const {
      const bool lea = drift_type == "lea";
      if (!lea && drift_type != "gra" && drift_type != "gsg") {
        throw invalid_parameter("FriedmanDrift", "drift_type", "one of \"lea\", \"gra\", \"gsg\"");
      }
      if (lea && position.size() != 3) {
        throw invalid_parameter("FriedmanDrift", "position",
                                "3 increasing change points for drift_type \"lea\"");
      }
      if (!lea && position.size() != 2) {
        throw invalid_parameter("FriedmanDrift", "position",
                                "2 increasing change points for drift_type \"" + drift_type + "\"");
      }
      for (std::size_t i = 1; i < position.size(); ++i) {
        if (!(position[i - 1] < position[i])) {
          throw invalid_parameter("FriedmanDrift", "position", "increasing");
        }
      }
      if (transition_window < 0) {
        throw invalid_parameter("FriedmanDrift", "transition_window", ">= 0");
      }
      if (drift_type == "gsg" && transition_window > position[1] - position[0]) {
        throw invalid_parameter("FriedmanDrift", "transition_window",
                                "<= the gap between the change points");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(drift_type, position, transition_window, seed);
    }
  };
  /// What `next` produces.
  using Sample = RegressionSample;
  static constexpr std::string_view name = "FriedmanDrift";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (unseeded).
  FriedmanDrift() : FriedmanDrift(Params{}) {}
  /// Validates `params` and starts the stream.
  explicit FriedmanDrift(const Params& params) : params_(params) {
    params_.validate();
    reset();
  }

  /// Restarts the stream from its seed. River creates the "gsg" coin generator once, in its
  /// constructor, so a second `iter()` there continues it; here both generators restart.
  void reset() {
    rng_.reseed(params_.seed);
    coin_.reseed(params_.seed);
    index_ = 0;
  }

  /// Writes the next sample into `out`; always true (the stream is infinite).
  bool next(Sample& out) {
    out.x.resize(10);
    for (auto& v : out.x) v = rng_.uniform(0.0, 1.0);
    out.y = target(out.x.data()) + rng_.gauss(0.0, 1.0);
    ++index_;
    return true;
  }
  /// The next sample, as a new object.
  Sample next() {
    Sample s;
    next(s);
    return s;
  }

  /// Number of features (10).
  std::size_t n_features() const { return 10; }
  /// Feature names, River's keys: "0", ..., "9".
  std::vector<std::string> feature_names() const {
    return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
  }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("FriedmanDrift: checkpoint from a newer version");
    }
    ar(params_, rng_, coin_, index_);
    params_.validate();
  }

  friend bool operator==(const FriedmanDrift&, const FriedmanDrift&) = default;

 private:
  static constexpr double pi = 3.141592653589793;

  // The second and third concepts of "gsg" (and "gra"'s permuted one).
  static double gra_drift(const double* x) {
    return 10.0 * std::sin(pi * x[3] * x[5]) + 20.0 * detail::py_pow(x[1] - 0.5, 2.0) +
           10.0 * x[0] + 5.0 * x[2];
  }
  static double gsg_first(const double* x) {
    return 10.0 * std::sin(pi * x[3] * x[4]) + 20.0 * detail::py_pow(x[1] - 0.5, 2.0) +
           10.0 * x[0] + 5.0 * x[2];
  }
  static double gsg_second(const double* x) {
    return 10.0 * std::sin(pi * x[1] * x[4]) + 20.0 * detail::py_pow(x[3] - 0.5, 2.0) +
           10.0 * x[2] + 5.0 * x[0];
  }

  double target(const double* x) {
    const std::int64_t i = index_;
    const auto& p = params_.position;
    if (params_.drift_type == "lea") {
      bool r1 = false, r2 = false;
      if (i >= p[0] && i < p[1]) {
        r1 = x[1] < 0.3 && x[2] < 0.3 && x[3] > 0.7 && x[4] < 0.3;
        r2 = x[1] > 0.7 && x[2] > 0.7 && x[3] < 0.3 && x[4] > 0.7;
      } else if (i >= p[1] && i < p[2]) {
        r1 = x[1] < 0.3 && x[2] < 0.3 && x[3] > 0.7;
        r2 = x[1] > 0.7 && x[2] > 0.7 && x[3] < 0.3;
      } else if (i >= p[2]) {
        r1 = x[1] < 0.3 && x[2] < 0.3;
        r2 = x[1] > 0.7 && x[2] > 0.7;
      }
      if (r1) return 10.0 * x[0] * x[1] + 20.0 * (x[2] - 0.5) + 10.0 * x[3] + 5.0 * x[4];
      if (r2) {
        return 10.0 * std::cos(x[0] * x[1]) + 20.0 * (x[2] - 0.5) + std::exp(x[3]) +
               5.0 * detail::py_pow(x[4], 2.0);
      }
      return detail::friedman1(x);
    }
    if (params_.drift_type == "gra") {
      return (i < p[0] || i >= p[1]) ? detail::friedman1(x) : gra_drift(x);
    }
    // "gsg": the coin is drawn only inside a transition window, as in River.
    const std::int64_t w = params_.transition_window;
    if (i < p[0]) return detail::friedman1(x);
    if (i < p[1]) {
      if (i < p[0] + w && coin_.getrandbits(1) != 0) return detail::friedman1(x);
      return gsg_first(x);
    }
    if (i < p[1] + w && coin_.getrandbits(1) != 0) return gsg_first(x);
    return gsg_second(x);
  }

  Params params_;
  detail::PyRng rng_;
  detail::PyRng coin_;
  std::int64_t index_ = 0;
};

}  // namespace streamwise::datasets

CEREAL_CLASS_VERSION(streamwise::datasets::FriedmanDrift,
                     streamwise::datasets::FriedmanDrift::class_version)
