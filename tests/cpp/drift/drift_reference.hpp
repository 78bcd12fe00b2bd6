#pragma once
// Helpers shared by the drift detector tests: River's reference streams and detection indices
// from tests/data/drift/ (written by tests/data/drift/make_drift_reference.py).

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "streamwise/core/params.hpp"
#include "support/checkpoint.hpp"

namespace streamwise::test::drift {

/// One line of a `<detector>_expected.csv` file.
struct ExpectedCase {
  std::string stream;              ///< Name of the stream file (stream_<name>.csv).
  std::string params_text;         ///< Parameters as written by the script, for messages.
  ParamList params;                ///< The same, parsed.
  std::vector<std::size_t> drift;  ///< Indices River flagged.
};

inline std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string part;
  while (std::getline(ss, part, sep)) out.push_back(part);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

/// Parses a Python literal written by the script: 'text', int or float.
inline ParamValue parse_literal(const std::string& text) {
  if (text.size() >= 2 && (text.front() == '\'' || text.front() == '"')) {
    return text.substr(1, text.size() - 2);
  }
  if (text.find_first_of(".eE") != std::string::npos) return std::stod(text);
  return static_cast<std::int64_t>(std::stoll(text));
}

/// The stream `stream_<name>.csv`, one double per line.
inline std::vector<double> read_stream(const std::string& name) {
  return read_doubles("drift/stream_" + name + ".csv");
}

/// All cases of `drift/<file>`.
inline std::vector<ExpectedCase> read_expected(const std::string& file) {
  std::ifstream in(data_path("drift/" + file));
  REQUIRE_MESSAGE(in.good(), "missing reference data file tests/data/drift/" << file);
  std::string line;
  std::getline(in, line);  // header
  std::vector<ExpectedCase> cases;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto fields = split(line, ';');
    REQUIRE(fields.size() == 3);
    ExpectedCase c;
    c.stream = fields[0];
    c.params_text = fields[1];
    for (const auto& kv : split(fields[1], ',')) {
      if (kv.empty()) continue;
      const auto eq = kv.find('=');
      REQUIRE(eq != std::string::npos);
      c.params.push_back(Param{kv.substr(0, eq), parse_literal(kv.substr(eq + 1))});
    }
    for (const auto& idx : split(fields[2], ' ')) {
      if (!idx.empty()) c.drift.push_back(static_cast<std::size_t>(std::stoull(idx)));
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

/// Rows of a CSV file with a header line, as doubles.
inline std::vector<std::vector<double>> read_table(const std::string& file) {
  std::ifstream in(data_path("drift/" + file));
  REQUIRE_MESSAGE(in.good(), "missing reference data file tests/data/drift/" << file);
  std::string line;
  std::getline(in, line);
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<double> row;
    // strtod, not stod: subnormal p-values are valid data.
    for (const auto& f : split(line, ',')) row.push_back(std::strtod(f.c_str(), nullptr));
    rows.push_back(std::move(row));
  }
  return rows;
}

/// Indices after whose update `detector.drift_detected()` was true.
template <class D>
std::vector<std::size_t> detections(D& detector, const std::vector<double>& stream,
                                    std::size_t from = 0) {
  std::vector<std::size_t> out;
  for (std::size_t i = from; i < stream.size(); ++i) {
    detector.update(stream[i]);
    if (detector.drift_detected()) out.push_back(i);
  }
  return out;
}

}  // namespace streamwise::test::drift
