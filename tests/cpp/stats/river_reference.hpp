#pragma once
// River 0.26's outputs on a fixed 300-step stream, written by
// tests/data/stats/make_river_reference.py (see its header for the column list).

#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include "support/checkpoint.hpp"

namespace streamwise::test {

/// Rows of tests/data/stats/river_reference.csv.
class RiverReference {
 public:
  static constexpr std::size_t columns = 19;
  /// Column numbers (see the generator script).
  enum Column : std::size_t {
    kX = 0,
    kY = 1,
    kW = 2,
    kVar = 3,
    kSem = 4,
    kCov = 5,
    kCovDdof0 = 6,
    kPearson = 7,
    kAutoCorrLag3 = 8,
    kEWMean03 = 9,
    kEWVar03 = 10,
    kSkew = 11,
    kKurtosis = 12,
    kPeakToPeak = 13,
    kAbsMax = 14,
    kSum = 15,
    kCount = 16,
    kMin = 17,
    kMax = 18,
  };

  RiverReference() : flat_(read_doubles("stats/river_reference.csv")) {
    REQUIRE(flat_.size() % columns == 0);
    REQUIRE(rows() == 300);
  }
  std::size_t rows() const { return flat_.size() / columns; }
  double operator()(std::size_t row, Column c) const { return flat_[row * columns + c]; }

 private:
  std::vector<double> flat_;
};

}  // namespace streamwise::test
