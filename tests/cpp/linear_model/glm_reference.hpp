#pragma once
// Readers for the River reference runs written by tests/data/linear_model/make_glm_reference.py.

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

namespace streamwise::test::glm {

/// Rows of a CSV with a header line ("nan" cells become NaN).
inline std::vector<std::vector<double>> read_csv(const std::string& name) {
  std::ifstream in(data_path("linear_model/" + name));
  REQUIRE_MESSAGE(in.good(), "missing reference data file tests/data/linear_model/" << name);
  std::vector<std::vector<double>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<double> row;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) row.push_back(std::stod(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

/// One row of glm_stream.csv.
struct Sample {
  std::vector<double> x;  // 4 features, NaN = absent
  double y_reg;
  unsigned y_bin;
  unsigned y_multi;
};

inline std::vector<Sample> stream() {
  std::vector<Sample> out;
  for (const auto& r : read_csv("glm_stream.csv")) {
    REQUIRE(r.size() == 7);
    out.push_back(
        {{r[0], r[1], r[2], r[3]}, r[4], static_cast<unsigned>(r[5]), static_cast<unsigned>(r[6])});
  }
  REQUIRE(out.size() == 40);
  return out;
}

/// 1e-9 relative (absolute near 0); NaN only matches NaN.
inline void check_close(double got, double want, const char* what, std::size_t step) {
  INFO(what << " at step " << step << ": got " << got << ", River " << want);
  CHECK(close(got, want, 1e-9));
}

/// Checks a model with `intercept()`, `has_weight(id)` and `weight(id)` against a reference row
/// `{pred, intercept, w0..w3}` (NaN = no weight in River's dict).
template <class Model>
void check_weights(const Model& m, const std::vector<double>& ref, std::size_t step) {
  check_close(m.intercept(), ref[1], "intercept", step);
  for (unsigned j = 0; j < 4; ++j) {
    const double want = ref[2 + j];
    INFO("feature " << j);
    CHECK(m.has_weight(j) == !std::isnan(want));
    if (!std::isnan(want)) check_close(m.weight(j), want, "weight", step);
  }
}

}  // namespace streamwise::test::glm
