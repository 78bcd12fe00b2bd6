#pragma once
// Loading the River reference runs of tests/data/tree (written by make_reference.py).

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "support/checkpoint.hpp"

namespace streamwise::test::tree {

/// A labelled stream: rows of feature values (NaN = missing) and class ids in order of first
/// appearance (as the generator maps them for River).
struct Stream {
  std::vector<std::string> names;
  std::vector<std::vector<double>> x;
  std::vector<std::uint32_t> y;
};

/// Reads a CSV whose last column is the label; empty cells are missing features.
inline std::optional<Stream> read_stream(
    const std::filesystem::path& path,
    std::size_t limit = std::numeric_limits<std::size_t>::max()) {
  std::ifstream in(path);
  if (!in.good()) return std::nullopt;
  Stream s;
  std::string line;
  std::getline(in, line);
  {
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) s.names.push_back(cell);
    s.names.pop_back();
  }
  std::map<std::string, std::uint32_t> labels;
  while (s.x.size() < limit && std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = line.find(',', start);
      cells.push_back(line.substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    std::vector<double> row;
    for (std::size_t i = 0; i + 1 < cells.size(); ++i) {
      row.push_back(cells[i].empty() ? std::numeric_limits<double>::quiet_NaN()
                                     : std::stod(cells[i]));
    }
    const auto [it, fresh] =
        labels.emplace(cells.back(), static_cast<std::uint32_t>(labels.size()));
    s.x.push_back(std::move(row));
    s.y.push_back(it->second);
  }
  return s;
}

/// Splits `text` on every occurrence of `sep`.
inline std::vector<std::string> split_text(const std::string& text, const std::string& sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = text.find(sep, start);
    if (at == std::string::npos) break;
    out.push_back(text.substr(start, at - start));
    start = at + sep.size();
  }
  return out;
}

/// Path of a file in ../shared/datasets.
inline std::filesystem::path shared_dataset(const std::string& name) {
  return std::filesystem::path(STREAMWISE_SHARED_DATASETS_DIR) / name;
}

/// One row of configs.csv.
struct Config {
  std::map<std::string, std::string> cells;
  const std::string& operator[](const std::string& key) const { return cells.at(key); }
};

inline std::vector<Config> read_configs() {
  std::ifstream in(data_path("tree/configs.csv"));
  REQUIRE_MESSAGE(in.good(), "missing tests/data/tree/configs.csv");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  {
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) header.push_back(cell);
  }
  std::vector<Config> out;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Config c;
    std::size_t start = 0;
    for (const auto& key : header) {
      const std::size_t comma = line.find(',', start);
      c.cells[key] = line.substr(start, comma - start);
      start = comma == std::string::npos ? line.size() : comma + 1;
    }
    out.push_back(std::move(c));
  }
  return out;
}

/// River's predictions for a config: class ids, -1 where River predicted None.
inline std::vector<int> read_predictions(const std::string& config) {
  std::ifstream in(data_path("tree/pred_" + config + ".txt"));
  REQUIRE_MESSAGE(in.good(), "missing tests/data/tree/pred_" << config << ".txt");
  std::vector<int> out;
  int v;
  while (in >> v) out.push_back(v);
  return out;
}

}  // namespace streamwise::test::tree
