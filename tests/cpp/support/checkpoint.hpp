#pragma once
// Test helpers: checkpoint round-trips and reference-data paths.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "streamwise/io/checkpoint.hpp"

namespace streamwise::test {

/// Saves `model` to checkpoint bytes and loads it back as a new object.
template <class T>
T roundtrip(const T& model) {
  const std::string bytes = io::to_checkpoint(model);
  return io::from_checkpoint<T>(std::string_view(bytes));
}

/// Path of a file under tests/data.
inline std::filesystem::path data_path(const std::string& name) {
  return std::filesystem::path(STREAMWISE_TEST_DATA_DIR) / name;
}

/// Reads a whitespace- or comma-separated column of doubles from tests/data.
inline std::vector<double> read_doubles(const std::string& name) {
  std::ifstream in(data_path(name));
  REQUIRE_MESSAGE(in.good(), "missing reference data file tests/data/" << name);
  std::vector<double> out;
  std::string token;
  while (in >> token) {
    std::stringstream ss(token);
    std::string part;
    while (std::getline(ss, part, ',')) {
      if (!part.empty()) out.push_back(std::stod(part));
    }
  }
  return out;
}

}  // namespace streamwise::test
