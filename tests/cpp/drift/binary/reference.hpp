#pragma once
// Shared helpers for the binary drift detector tests: River's reference indices
// (tests/data/drift_binary/*_expected.csv, written by make_binary_drift_reference.py) and
// replays of streams through a detector.

#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "streamwise/core/params.hpp"
#include "streamwise/core/rng.hpp"
#include "support/checkpoint.hpp"

namespace streamwise::test {

/// One line of a `<detector>_expected.csv` file.
struct DriftCase {
  std::string stream;                 ///< Stream name (file stream_<name>.csv).
  std::string params;                 ///< River keyword arguments as written by the generator.
  ParamList param_list;               ///< The same, parsed.
  std::vector<std::size_t> drifts;    ///< Indices where River's drift_detected was True.
  std::vector<std::size_t> warnings;  ///< Indices where River's warning_detected was True.
};

/// Parses a Python literal written by the generator: True/False/None, an int or a float.
inline ParamValue parse_python_literal(const std::string& text) {
  if (text == "True") return true;
  if (text == "False") return false;
  if (text == "None") return std::monostate{};
  if (text.find_first_of(".eEn") != std::string::npos) return std::stod(text);
  return static_cast<std::int64_t>(std::stoll(text));
}

/// Expands "3 7-9 12" into 3 7 8 9 12.
inline std::vector<std::size_t> parse_indices(const std::string& text) {
  std::vector<std::size_t> out;
  std::istringstream in(text);
  std::string token;
  while (in >> token) {
    const auto dash = token.find('-');
    const std::size_t first = std::stoul(token.substr(0, dash));
    const std::size_t last = dash == std::string::npos ? first : std::stoul(token.substr(dash + 1));
    for (std::size_t i = first; i <= last; ++i) out.push_back(i);
  }
  return out;
}

inline std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) parts.push_back(part);
  if (!s.empty() && s.back() == sep) parts.emplace_back();
  return parts;
}

/// Reads every case of `drift_binary/<detector>_expected.csv`.
inline std::vector<DriftCase> read_drift_cases(const std::string& detector) {
  const std::string name = "drift_binary/" + detector + "_expected.csv";
  std::ifstream in(data_path(name));
  REQUIRE_MESSAGE(in.good(), "missing reference data file tests/data/" << name);
  std::vector<DriftCase> cases;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto cols = split(line, ';');
    REQUIRE(cols.size() == 4);
    DriftCase c{cols[0], cols[1], {}, parse_indices(cols[2]), parse_indices(cols[3])};
    for (const auto& kv : split(cols[1], ',')) {
      if (kv.empty()) continue;
      const auto eq = kv.find('=');
      REQUIRE(eq != std::string::npos);
      c.param_list.push_back(Param{kv.substr(0, eq), parse_python_literal(kv.substr(eq + 1))});
    }
    cases.push_back(std::move(c));
  }
  REQUIRE(!cases.empty());
  return cases;
}

/// Reads `drift_binary/stream_<name>.csv`.
inline std::vector<double> read_bit_stream(const std::string& name) {
  return read_doubles("drift_binary/stream_" + name + ".csv");
}

/// Indices after whose update a detector flagged drift (and warning).
struct Flags {
  std::vector<std::size_t> drifts;
  std::vector<std::size_t> warnings;
};

/// Feeds `xs[from..]` to `detector`, recording the flagged indices.
template <class D>
Flags replay(D& detector, const std::vector<double>& xs, std::size_t from = 0) {
  Flags flags;
  for (std::size_t i = from; i < xs.size(); ++i) {
    detector.update(xs[i]);
    if (detector.drift_detected()) flags.drifts.push_back(i);
    if (detector.warning_detected()) flags.warnings.push_back(i);
  }
  return flags;
}

inline std::string show(const std::vector<std::size_t>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? " " : "") + std::to_string(v[i]);
  return s + "]";
}

/// Replays every River case of `detector_file` through a `D` built from the case's parameters
/// and requires identical drift and warning indices. Returns the number of cases checked.
template <class D>
std::size_t check_against_river(const std::string& detector_file) {
  std::size_t checked = 0;
  for (const auto& c : read_drift_cases(detector_file)) {
    CAPTURE(c.stream);
    CAPTURE(c.params);
    D detector(params_from_list<typename D::Params>(c.param_list, D::name));
    const auto flags = replay(detector, read_bit_stream(c.stream));
    CHECK_MESSAGE(flags.drifts == c.drifts,
                  "drifts " << show(flags.drifts) << " vs River " << show(c.drifts));
    CHECK_MESSAGE(flags.warnings == c.warnings,
                  "warnings " << show(flags.warnings) << " vs River " << show(c.warnings));
    ++checked;
  }
  return checked;
}

/// A Bernoulli stream whose rate of ones changes every `block` bits, cycling through `rates`.
inline std::vector<double> bernoulli_blocks(std::size_t n, std::size_t block,
                                            const std::vector<double>& rates, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<double> xs(n);
  for (std::size_t i = 0; i < n; ++i) {
    xs[i] = rng.bernoulli(rates[(i / block) % rates.size()]) ? 1.0 : 0.0;
  }
  return xs;
}

/// Checkpoint round-trip in the middle of `xs`: the restored detector equals the original and
/// both flag the same later indices (checked after every update).
template <class D>
void check_roundtrip_midstream(D original, const std::vector<double>& xs, std::size_t cut) {
  for (std::size_t i = 0; i < cut; ++i) original.update(xs[i]);
  D restored = roundtrip(original);
  REQUIRE(restored == original);
  for (std::size_t i = cut; i < xs.size(); ++i) {
    original.update(xs[i]);
    restored.update(xs[i]);
    REQUIRE_MESSAGE(restored.drift_detected() == original.drift_detected(), "at " << i);
    REQUIRE_MESSAGE(restored.warning_detected() == original.warning_detected(), "at " << i);
  }
  CHECK(restored == original);
}

/// One million updates on a drifting stream: the checkpoint (the whole state) does not grow,
/// and the detector keeps detecting. Returns the number of drifts.
template <class D>
std::size_t check_bounded_state(D detector) {
  const auto xs = bernoulli_blocks(1'000'000, 50'000, {0.05, 0.5, 0.2, 0.9}, 99);
  for (std::size_t i = 0; i < 10; ++i) detector.update(xs[i]);
  const std::size_t early = io::to_checkpoint(detector).size();
  std::size_t drifts = 0;
  for (std::size_t i = 10; i < xs.size(); ++i) {
    detector.update(xs[i]);
    drifts += detector.drift_detected() ? 1 : 0;
  }
  CHECK(io::to_checkpoint(detector).size() == early);
  return drifts;
}

}  // namespace streamwise::test
