#pragma once
// Readers and checks for the River/numpy reference tables under tests/data/optim, written by
// tests/data/optim/make_losses_reference.py (see its header for every file's columns).

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "streamwise/core/errors.hpp"
#include "support/checkpoint.hpp"

namespace streamwise::test {

/// A CSV table with a header row; cells are kept as text.
class CsvTable {
 public:
  explicit CsvTable(const std::string& name) {
    std::ifstream in(data_path(name));
    REQUIRE_MESSAGE(in.good(), "missing reference data file tests/data/" << name);
    std::string line;
    REQUIRE(std::getline(in, line));
    header_ = split(line);
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      rows_.push_back(split(line));
      REQUIRE(rows_.back().size() == header_.size());
    }
    REQUIRE(!rows_.empty());
  }

  std::size_t rows() const { return rows_.size(); }
  std::size_t column(const std::string& name) const {
    for (std::size_t i = 0; i < header_.size(); ++i) {
      if (header_[i] == name) return i;
    }
    FAIL("no column " << name);
    return 0;
  }
  const std::string& text(std::size_t row, const std::string& col) const {
    return rows_[row][column(col)];
  }
  double num(std::size_t row, const std::string& col) const { return parse(text(row, col)); }

  /// strtod, not stod: stod rejects subnormal values (7.4e-309) as out of range.
  static double parse(const std::string& cell) {
    char* end = nullptr;
    const double v = std::strtod(cell.c_str(), &end);
    REQUIRE_MESSAGE(end != cell.c_str(), "not a number: " << cell);
    return v;
  }

 private:
  static std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) out.push_back(cell);
    return out;
  }

  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

/// Exact agreement (the same formula on the same libm gives the same double); zeros of either
/// sign are equal.
inline bool same(double got, double expected) {
  if (std::isnan(expected)) return std::isnan(got);
  return got == expected;
}

/// Checks `call()` against a reference cell: a number must match exactly, "overflow" (River's
/// OverflowError) and "error" must throw `InvalidInput`. Returns false on a mismatch.
inline bool matches_cell(const std::function<double()>& call, const std::string& cell) {
  if (cell == "overflow" || cell == "error") {
    try {
      (void)call();
    } catch (const InvalidInput&) {
      return true;
    }
    return false;
  }
  return same(call(), CsvTable::parse(cell));
}

/// Runs a binary/regression loss over tests/data/optim/losses_<name>.csv. `make(p1, p2)`
/// builds the loss for a row's parameters.
template <class Loss, class Make>
void check_loss_table(const std::string& file, Make make) {
  const CsvTable table(file);
  std::size_t mismatches = 0;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const Loss loss = make(table.num(r, "p1"), table.num(r, "p2"));
    const double y_true = table.num(r, "y_true");
    const double y_pred = table.num(r, "y_pred");
    const bool ok_eval =
        matches_cell([&] { return loss.eval(y_true, y_pred); }, table.text(r, "eval"));
    const bool ok_grad =
        matches_cell([&] { return loss.gradient(y_true, y_pred); }, table.text(r, "gradient"));
    const bool ok_mean =
        matches_cell([&] { return loss.mean_func(y_pred); }, table.text(r, "mean_func"));
    if (!(ok_eval && ok_grad && ok_mean) && ++mismatches <= 10) {
      MESSAGE("row " << r + 2 << " y_true=" << y_true << " y_pred=" << y_pred << " eval ok="
                     << ok_eval << " gradient ok=" << ok_grad << " mean_func ok=" << ok_mean);
    }
  }
  CHECK_MESSAGE(mismatches == 0, mismatches << " of " << table.rows() << " rows differ");
}

}  // namespace streamwise::test

#include "streamwise/io/archive.hpp"

namespace streamwise::test {

/// Round-trips a part that is not a top-level estimator (the Any* wrappers have no `name` of
/// their own, so they travel inside a model's checkpoint): cereal payload out and back in.
template <class T>
T payload_roundtrip(const T& value) {
  std::string bytes;
  {
    io::PayloadOutputArchive out(bytes);
    out(value);
  }
  T restored{};
  io::PayloadInputArchive in(
      std::span<const std::byte>(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()));
  in(restored);
  REQUIRE(in.remaining() == 0);
  return restored;
}

}  // namespace streamwise::test
