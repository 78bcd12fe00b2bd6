#pragma once
// Reads the River reference files written by tests/data/preprocessing/make_encoders_reference.py
// and turns the recorded stream of dicts into dense samples through a FeatureSpace.

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "streamwise/core/features.hpp"
#include "support/checkpoint.hpp"

namespace streamwise::test::encoders {

/// Number of steps in encoders_stream.csv (steps may be empty dicts, so it is fixed here).
inline constexpr std::size_t n_steps = 60;

/// Splits one CSV line on commas (the reference files never quote).
inline std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  for (char c : line) {
    if (c == ',') {
      out.push_back(cell);
      cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  out.push_back(cell);
  return out;
}

/// All rows of a reference CSV, header skipped.
inline std::vector<std::vector<std::string>> read_csv(const std::string& name) {
  std::ifstream in(data_path("preprocessing/" + name));
  REQUIRE_MESSAGE(in.good(), "missing reference data file tests/data/preprocessing/" << name);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (!line.empty()) rows.push_back(split(line));
  }
  return rows;
}

/// One (feature, value) of a recorded dict.
struct Entry {
  std::string feature;
  bool nominal = false;
  std::string text;     // nominal value
  double number = 0.0;  // numeric value
};

/// The recorded stream: one list of entries per step, in the dict's key order.
inline std::vector<std::vector<Entry>> load_stream() {
  std::vector<std::vector<Entry>> steps(n_steps);
  for (const auto& r : read_csv("encoders_stream.csv")) {
    REQUIRE(r.size() == 4);
    Entry e;
    e.feature = r[1];
    e.nominal = r[2] == "nom";
    if (e.nominal) {
      e.text = r[3];
    } else {
      e.number = std::strtod(r[3].c_str(), nullptr);
    }
    steps.at(std::stoul(r[0])).push_back(e);
  }
  return steps;
}

/// Interns a step's entries into `space` and writes the dense row (NaN for absent features).
inline std::vector<double> make_row(FeatureSpace& space, const std::vector<Entry>& step) {
  std::vector<std::pair<FeatureId, double>> values;
  for (const auto& e : step) {
    const auto id =
        space.intern(e.feature, e.nominal ? FeatureKind::nominal : FeatureKind::numeric);
    values.emplace_back(id, e.nominal ? space.encode_nominal(id, e.text) : e.number);
  }
  std::vector<double> row(space.size(), missing_value);
  for (auto [id, v] : values) row[id] = v;
  return row;
}

/// Expected outputs per step as name -> value text, from a `step,<key>,value` file.
inline std::vector<std::map<std::string, std::string>> load_named(const std::string& name) {
  std::vector<std::map<std::string, std::string>> out(n_steps);
  for (const auto& r : read_csv(name)) {
    REQUIRE(r.size() == 3);
    out.at(std::stoul(r[0]))[r[1]] = r[2];
  }
  return out;
}

/// Saves a FeatureSpace with the checkpoint archive and loads it back (what the owner of the
/// space does next to the model's checkpoint).
inline FeatureSpace roundtrip_space(const FeatureSpace& space) {
  std::string bytes;
  {
    io::PayloadOutputArchive out(bytes);
    out(space);
  }
  FeatureSpace restored;
  io::PayloadInputArchive in(io::detail::as_bytes(bytes));
  in(restored);
  return restored;
}

}  // namespace streamwise::test::encoders
