#pragma once
// The Electricity stream for the benchmarks: ../shared/datasets/elec.csv (or the file named by
// STREAMWISE_ELEC_CSV), read once into a row-major matrix with class ids in order of first
// appearance. Empty when the file is missing, so a benchmark can skip with a message.

#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "streamwise/core/features.hpp"

namespace streamwise::bench {

/// A classification stream held in memory.
struct Stream {
  std::size_t n_features = 0;
  std::vector<double> x;  // row-major
  std::vector<streamwise::ClassId> y;
  std::size_t size() const { return y.size(); }
};

/// The Electricity stream, read on first use (empty when the file is missing).
inline const Stream& elec() {
  static const Stream s = [] {
    Stream out;
    const char* env = std::getenv("STREAMWISE_ELEC_CSV");
    std::ifstream in(env != nullptr ? env : "../shared/datasets/elec.csv");
    if (!in.good()) return out;
    std::string line;
    std::getline(in, line);
    std::map<std::string, streamwise::ClassId> labels;
    while (std::getline(in, line)) {
      std::stringstream ss(line);
      std::string cell;
      std::vector<std::string> cells;
      while (std::getline(ss, cell, ',')) cells.push_back(cell);
      if (cells.size() < 2) continue;
      out.n_features = cells.size() - 1;
      for (std::size_t i = 0; i + 1 < cells.size(); ++i) out.x.push_back(std::stod(cells[i]));
      const auto it =
          labels.emplace(cells.back(), static_cast<streamwise::ClassId>(labels.size())).first;
      out.y.push_back(it->second);
    }
    return out;
  }();
  return s;
}

}  // namespace streamwise::bench
