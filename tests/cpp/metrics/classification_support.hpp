#pragma once
// Shared checks for the confusion-matrix classification metrics: the scikit-learn reference
// streams written by tests/data/metrics/make_classification_reference.py, revert, bad input and
// checkpoint round-trips. Every metric's test file runs them for its own column.

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/labels.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

namespace streamwise::test {

/// One step of a reference stream: the sample and every metric's value after it.
struct ClassificationStep {
  ClassId y_true = 0;
  ClassId y_pred = 0;
  double w = 1.0;
  ClassId pos_val = 1;
  double expected = 0.0;  // the requested column
};

/// The cumulative reference streams (the rolling one is read by `check_rolling`).
inline const char* const classification_files[] = {
    "metrics/classification_multiclass.csv",
    "metrics/classification_binary.csv",
    "metrics/classification_unseen.csv",
};

/// Reads a reference CSV and keeps the sample columns plus the named metric column.
inline std::vector<ClassificationStep> read_classification(const std::string& file,
                                                           const std::string& column) {
  std::ifstream in(data_path(file));
  REQUIRE_MESSAGE(in.good(), "missing reference data file tests/data/" << file);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  {
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) header.push_back(cell);
  }
  std::size_t col = header.size();
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == column) col = i;
  }
  REQUIRE_MESSAGE(col < header.size(), "no column " << column << " in " << file);
  REQUIRE(header.size() > 5);
  REQUIRE(header[1] == "y_true");
  REQUIRE(header[2] == "y_pred");
  REQUIRE(header[3] == "w");
  REQUIRE(header[4] == "pos_val");
  std::vector<ClassificationStep> steps;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    REQUIRE(cells.size() == header.size());
    ClassificationStep s;
    s.y_true = static_cast<ClassId>(std::stoul(cells[1]));
    s.y_pred = static_cast<ClassId>(std::stoul(cells[2]));
    s.w = std::stod(cells[3]);
    s.pos_val = static_cast<ClassId>(std::stoul(cells[4]));
    s.expected = std::stod(cells[col]);
    steps.push_back(s);
  }
  REQUIRE(!steps.empty());
  return steps;
}

/// A metric with River's defaults, or with `pos_val` set for the binary metrics.
template <class M>
M make_metric(ClassId pos_val) {
  if constexpr (requires(typename M::Params p) { p.pos_val; }) {
    typename M::Params params;
    params.pos_val = pos_val;
    return M(params);
  } else {
    (void)pos_val;
    return M();
  }
}

/// Feeds the stream and compares `get()` with the reference after every step (1e-9).
template <class M>
void check_reference(const std::string& file, const std::string& column) {
  const auto steps = read_classification(file, column);
  M metric = make_metric<M>(steps.front().pos_val);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    metric.update(steps[i].y_true, steps[i].y_pred, steps[i].w);
    if (!close(metric.get(), steps[i].expected)) {
      FAIL(file << " step " << i << ": got " << metric.get() << ", expected " << steps[i].expected);
    }
  }
}

/// Updates with the whole stream, then reverts it from the end: after each revert the value
/// must be the reference value of the step before; once empty, every sum is exactly 0.
template <class M>
void check_revert_to_empty(const std::string& file, const std::string& column) {
  const auto steps = read_classification(file, column);
  M metric = make_metric<M>(steps.front().pos_val);
  for (const auto& s : steps) metric.update(s.y_true, s.y_pred, s.w);
  for (std::size_t i = steps.size(); i-- > 1;) {
    metric.revert(steps[i].y_true, steps[i].y_pred, steps[i].w);
    if (!close(metric.get(), steps[i - 1].expected)) {
      FAIL(file << " after reverting step " << i << ": got " << metric.get() << ", expected "
                << steps[i - 1].expected);
    }
  }
  metric.revert(steps[0].y_true, steps[0].y_pred, steps[0].w);
  CHECK(metric.get() == 0.0);
  CHECK(metric.cm().total_weight() == 0.0);
  CHECK(metric.cm().total_true_positives() == 0.0);
  CHECK(metric.cm().n_samples() == 0);
  CHECK(metric.cm().classes().empty());
}

/// A window of the last 7 steps kept with update + revert (what `Rolling` does), against the
/// reference computed by scikit-learn on each window.
template <class M>
void check_rolling(const std::string& column, std::size_t window = 7) {
  const auto steps = read_classification("metrics/classification_rolling.csv", column);
  M metric = make_metric<M>(steps.front().pos_val);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    metric.update(steps[i].y_true, steps[i].y_pred, steps[i].w);
    if (i >= window) {
      const auto& old = steps[i - window];
      metric.revert(old.y_true, old.y_pred, old.w);
    }
    if (!close(metric.get(), steps[i].expected)) {
      FAIL("rolling step " << i << ": got " << metric.get() << ", expected " << steps[i].expected);
    }
  }
}

/// Bad weights and reverts of things never added throw `InvalidInput` and change nothing.
template <class M>
void check_bad_input() {
  const std::string prefix = std::string(M::name) + ": ";
  M metric;
  metric.update(1, 1, 2.0);
  metric.update(0, 1, 0.5);
  const M before = metric;
  CHECK_THROWS_WITH_AS(metric.update(1, 0, -1.0),
                       (prefix + "weight w must be finite and >= 0, got -1.000000").c_str(),
                       InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(1, 0, std::nan("")),
                       doctest::Contains("weight w must be finite and >= 0"), InvalidInput);
  CHECK_THROWS_AS(metric.update(1, 0, INFINITY), InvalidInput);
  CHECK_THROWS_AS(metric.revert(1, 1, -1.0), InvalidInput);
  CHECK_THROWS_AS(metric.revert(1, 1, std::nan("")), InvalidInput);
  // (0, 0) was never recorded: for binary metrics too, since 0 is negative and 1 positive.
  CHECK_THROWS_WITH_AS(
      metric.revert(0, 0),
      (prefix + "cannot revert (y_true=0, y_pred=0): no such update is recorded").c_str(),
      InvalidInput);
  // More weight than recorded in the cell.
  CHECK_THROWS_WITH_AS(
      metric.revert(1, 1, 3.0),
      (prefix + "cannot revert w=3.0 for (y_true=1, y_pred=1): only 2.0 is recorded").c_str(),
      InvalidInput);
  // Reverting twice what was added once.
  metric.revert(0, 1, 0.5);
  const M after_one = metric;
  CHECK_THROWS_AS(metric.revert(0, 1, 0.5), InvalidInput);
  CHECK(metric == after_one);
  metric.update(0, 1, 0.5);
  CHECK(metric == before);
  // Zero weights are no-ops both ways, even for cells never seen.
  metric.update(0, 0, 0.0);
  metric.revert(0, 0, 0.0);
  CHECK(metric == before);
}

/// Checkpoint mid-stream: the restored metric equals the original and stays equal.
template <class M>
void check_roundtrip(const std::string& column) {
  const auto steps = read_classification("metrics/classification_multiclass.csv", column);
  M original = make_metric<M>(steps.front().pos_val);
  const std::size_t half = steps.size() / 2;
  for (std::size_t i = 0; i < half; ++i) {
    original.update(steps[i].y_true, steps[i].y_pred, steps[i].w);
  }
  M restored = roundtrip(original);
  CHECK(restored == original);
  CHECK(restored.get() == original.get());
  for (std::size_t i = half; i < steps.size(); ++i) {
    original.update(steps[i].y_true, steps[i].y_pred, steps[i].w);
    restored.update(steps[i].y_true, steps[i].y_pred, steps[i].w);
    if (i % 10 == 0) {
      const auto& old = steps[i - half];
      original.revert(old.y_true, old.y_pred, old.w);
      restored.revert(old.y_true, old.y_pred, old.w);
    }
  }
  CHECK(restored == original);
  CHECK(restored.get() == original.get());
  const M empty;
  CHECK(roundtrip(empty) == empty);
}

}  // namespace streamwise::test
