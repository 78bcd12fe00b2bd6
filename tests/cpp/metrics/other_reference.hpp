#pragma once
// Reference tables written by tests/data/metrics/make_other_reference.py, and a checker that
// compares a metric with them after every step.

#include <doctest/doctest.h>

#include <cstddef>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

namespace streamwise::test {

/// A CSV with a header row: one vector of doubles per column.
struct Table {
  std::map<std::string, std::vector<double>> columns;
  std::size_t rows = 0;

  const std::vector<double>& operator[](const std::string& name) const {
    const auto it = columns.find(name);
    REQUIRE_MESSAGE(it != columns.end(), "no column " << name);
    return it->second;
  }
};

/// Reads tests/data/<name>.
inline Table read_table(const std::string& name) {
  std::ifstream in(data_path(name));
  REQUIRE_MESSAGE(in.good(), "missing reference data file tests/data/" << name);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  {
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) header.push_back(cell);
  }
  Table t;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream ss(line);
    std::string cell;
    std::size_t c = 0;
    while (std::getline(ss, cell, ',')) t.columns[header.at(c++)].push_back(std::stod(cell));
    REQUIRE(c == header.size());
    ++t.rows;
  }
  return t;
}

/// Writes `forged` as a checkpoint and loads it back as a `T`: for feeding loaders bad files.
template <class T, class Forged>
T roundtrip_as(const Forged& forged) {
  const std::string bytes = io::to_checkpoint(forged);
  return io::from_checkpoint<T>(std::string_view(bytes));
}

/// Checkpoint round-trip of a regression metric halfway through `other_regression.csv`: the
/// restored copy equals the original, both stay equal over the rest of the stream, and the spec
/// is `{"type":"<name>","params":{}}`.
template <class M>
void check_regression_roundtrip() {
  const auto t = read_table("metrics/other_regression.csv");
  M original;
  for (std::size_t i = 0; i < 150; ++i) original.update(t["y_true"][i], t["y_pred"][i], t["w"][i]);
  M restored = roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 150; i < t.rows; ++i) {
    original.update(t["y_true"][i], t["y_pred"][i], t["w"][i]);
    restored.update(t["y_true"][i], t["y_pred"][i], t["w"][i]);
  }
  CHECK(restored == original);
  CHECK(restored.get() == original.get());
  CHECK(to_json(spec_of(original)) == R"({"type":")" + std::string(M::name) + R"(","params":{}})");
}

/// Fails with the step and both values unless `got` is within 1e-9 of `expected`.
inline void check_step(const std::string& what, std::size_t step, double got, double expected) {
  if (!close(got, expected)) {
    std::ostringstream msg;
    msg.precision(17);
    msg << what << " step " << step << ": got " << got << ", expected " << expected;
    FAIL(msg.str());
  }
}

/// One binary sample for a batch ROC AUC computation.
struct ScoredSample {
  bool y_true;
  double p_true;
  double w;
};

/// River's ROCAUC approximation recomputed from scratch on a batch of samples (two passes, no
/// state): for each threshold, weighted TPR and FPR of "p > threshold" with the rates read off
/// the `pos_val` cells, then minus the trapezoidal area over (FPR, TPR).
inline double batch_rocauc(const std::vector<ScoredSample>& samples, int n_thresholds,
                           bool pos_val = true) {
  std::vector<double> tpr(static_cast<std::size_t>(n_thresholds));
  std::vector<double> fpr(tpr.size());
  for (int k = 0; k < n_thresholds; ++k) {
    double t = static_cast<double>(k) / (n_thresholds - 1);
    if (k == 0) t -= 1e-7;
    if (k == n_thresholds - 1) t += 1e-7;
    // cells[a][b]: a = (y_true == pos_val), b = (p > t).
    long double cells[2][2] = {{0, 0}, {0, 0}};
    for (const auto& s : samples) cells[s.y_true == pos_val][s.p_true > t] += s.w;
    const int p = pos_val ? 1 : 0;
    const long double tp = cells[p][p], fn = cells[p][1 - p], fp = cells[1 - p][p],
                      tn = cells[1 - p][1 - p];
    tpr[static_cast<std::size_t>(k)] = tp + fn == 0 ? 0.0 : static_cast<double>(tp / (tp + fn));
    fpr[static_cast<std::size_t>(k)] = fp + tn == 0 ? 0.0 : static_cast<double>(fp / (fp + tn));
  }
  long double area = 0;
  for (std::size_t k = 1; k < tpr.size(); ++k) {
    area += (static_cast<long double>(fpr[k]) - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
  }
  return static_cast<double>(-area);
}

}  // namespace streamwise::test
