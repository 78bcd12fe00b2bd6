#pragma once
// Helpers shared by the quantile / mode / entropy / rolling-window tests: reading River's
// reference CSVs (tests/data/stats_rolling/) and the common checkpoint round-trip check.

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

namespace streamwise::test {

/// A CSV with a header line; "nan" cells stand for River's None.
struct ReferenceTable {
  std::vector<std::string> header;
  std::vector<std::vector<double>> columns;

  const std::vector<double>& column(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return columns[i];
    }
    FAIL("no column " << name);
    return columns.front();
  }
};

inline ReferenceTable read_reference(const std::string& name) {
  std::ifstream in(data_path("stats_rolling/" + name));
  REQUIRE_MESSAGE(in.good(), "missing reference data file tests/data/stats_rolling/"
                                 << name << " (run tests/data/stats_rolling/generate.py)");
  ReferenceTable t;
  std::string line, cell;
  std::getline(in, line);
  std::stringstream hs(line);
  while (std::getline(hs, cell, ',')) t.header.push_back(cell);
  t.columns.resize(t.header.size());
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream ls(line);
    std::size_t i = 0;
    while (std::getline(ls, cell, ',')) {
      REQUIRE(i < t.columns.size());
      t.columns[i++].push_back(cell == "nan" ? std::nan("") : std::stod(cell));
    }
    REQUIRE(i == t.columns.size());
  }
  return t;
}

/// Feeds `xs` to `expected_at`-style checks: `stat.get()` after update i must be close to
/// `expected[i]` (NaN matches NaN).
template <class S>
void require_matches(S stat, const std::vector<double>& xs, const std::vector<double>& expected,
                     const char* what) {
  REQUIRE(xs.size() == expected.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    stat.update(xs[i]);
    if (!close(stat.get(), expected[i])) {
      FAIL(what << ", step " << i << ": got " << stat.get() << ", expected " << expected[i]);
    }
  }
}

/// Checkpoints `stat` after the first half of `xs`, then checks that the restored copy equals
/// the original and behaves identically (same get(), same state) on the second half.
template <class S>
void require_roundtrip(S original, const std::vector<double>& xs) {
  const std::size_t half = xs.size() / 2;
  for (std::size_t i = 0; i < half; ++i) original.update(xs[i]);
  S restored = roundtrip(original);
  REQUIRE(restored == original);
  for (std::size_t i = half; i < xs.size(); ++i) {
    original.update(xs[i]);
    restored.update(xs[i]);
    const double a = original.get(), b = restored.get();
    REQUIRE(((a == b) || (std::isnan(a) && std::isnan(b))));
  }
  CHECK(restored == original);
}

}  // namespace streamwise::test
