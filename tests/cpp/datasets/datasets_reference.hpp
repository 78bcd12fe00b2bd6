#pragma once
// Shared checks of the dataset tests: River's samples from tests/data/datasets (written by
// make_reference.py) compared bit for bit, and checkpoint round-trips mid-stream.

#include <doctest/doctest.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "streamwise/core/params.hpp"
#include "support/checkpoint.hpp"

namespace streamwise::test::datasets {

/// One reference sample: the features then the target, as doubles.
struct Row {
  std::vector<double> x;
  double y = 0.0;
};

/// Reads tests/data/datasets/<name>.csv (header, then `x0,...,y` per line).
inline std::vector<Row> read_reference(const std::string& name) {
  std::ifstream in(data_path("datasets/" + name + ".csv"));
  REQUIRE_MESSAGE(in.good(), "missing reference file tests/data/datasets/" << name << ".csv");
  std::string line;
  std::getline(in, line);  // header
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<double> values;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) values.push_back(std::strtod(cell.c_str(), nullptr));
    Row row;
    row.y = values.back();
    values.pop_back();
    row.x = std::move(values);
    rows.push_back(std::move(row));
  }
  REQUIRE(rows.size() == 200);
  return rows;
}

/// Text of a double that reads back exactly.
inline std::string exact(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

/// Draws as many samples from `gen` as the reference has and requires every feature and the
/// target to equal River's exactly. With `drift_at`, calls `gen.generate_drift()` after that
/// many samples (the `*_drift` cases).
template <class Gen>
void check_reference(Gen& gen, const std::string& name, std::size_t drift_at = 0) {
  const auto rows = read_reference(name);
  typename Gen::Sample s;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if constexpr (requires { gen.generate_drift(); }) {
      if (drift_at != 0 && i == drift_at) gen.generate_drift();
    }
    CHECK(gen.next(s));
    REQUIRE(s.x.size() == rows[i].x.size());
    for (std::size_t j = 0; j < s.x.size(); ++j) {
      if (s.x[j] != rows[i].x[j]) {
        FAIL(name << " sample " << i << " feature " << j << ": got " << exact(s.x[j]) << ", River "
                  << exact(rows[i].x[j]));
      }
    }
    if (static_cast<double>(s.y) != rows[i].y) {
      FAIL(name << " sample " << i << " target: got " << exact(static_cast<double>(s.y))
                << ", River " << exact(rows[i].y));
    }
  }
}

/// Draws `before` samples, round-trips the generator through a checkpoint, and requires the
/// copy to equal the original and both to produce the same next `after` samples.
template <class Gen>
void check_checkpoint(Gen gen, std::size_t before = 97, std::size_t after = 150) {
  for (std::size_t i = 0; i < before; ++i) gen.next();
  Gen restored = test::roundtrip(gen);
  CHECK(restored == gen);
  for (std::size_t i = 0; i < after; ++i) {
    const auto a = gen.next();
    const auto b = restored.next();
    REQUIRE(a == b);
  }
  CHECK(restored == gen);
}

/// `reset()` restarts the stream: the same samples again, wherever it was.
template <class Gen>
void check_reset(Gen gen) {
  gen.reset();
  std::vector<typename Gen::Sample> first;
  for (int i = 0; i < 50; ++i) first.push_back(gen.next());
  gen.reset();
  for (int i = 0; i < 50; ++i) REQUIRE(gen.next() == first[static_cast<std::size_t>(i)]);
}

}  // namespace streamwise::test::datasets
