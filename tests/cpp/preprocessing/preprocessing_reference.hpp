#pragma once
// River 0.26's outputs for the preprocessing transformers on a fixed 200-row stream, written by
// tests/data/preprocessing/make_preprocessing_reference.py (see its header for the layout).

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "streamwise/core/features.hpp"
#include "support/checkpoint.hpp"

namespace streamwise::test {

/// Number of features (columns) of the reference stream.
inline constexpr std::size_t preprocessing_features = 6;

/// The input stream: one row of `preprocessing_features` values per step, NaN = absent.
inline const std::vector<std::vector<double>>& preprocessing_stream() {
  static const std::vector<std::vector<double>> rows = [] {
    const auto flat = read_doubles("preprocessing/stream.csv");
    REQUIRE(flat.size() == 200 * preprocessing_features);
    std::vector<std::vector<double>> out;
    for (std::size_t r = 0; r < 200; ++r) {
      out.emplace_back(
          flat.begin() + static_cast<std::ptrdiff_t>(r * preprocessing_features),
          flat.begin() + static_cast<std::ptrdiff_t>((r + 1) * preprocessing_features));
    }
    return out;
  }();
  return rows;
}

/// `a` equals River's `b` within `rel` relative error (NaN matches NaN only; 0 matches only a
/// value within 1e-300).
inline bool close_rel(double a, double b, double rel = 1e-12) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= rel * std::fabs(b) || std::fabs(a - b) <= 1e-300;
}

/// The row with trailing absent features cut off (ids past the end of a view are absent).
inline std::span<const double> trimmed(const std::vector<double>& row) {
  std::size_t n = row.size();
  while (n > 0 && std::isnan(row[n - 1])) --n;
  return {row.data(), n};
}

/// Feeds the reference stream to `model` and checks, at every step, `transform_one` before
/// `learn_one` (columns 0-5 of `file`) and after it (columns 6-11). Learning uses the row with
/// its trailing absent features cut off; the "after" transform is done in place. Halfway, the
/// model is checkpointed; the restored copy must equal it and give the same answers to the end.
template <class T>
void check_against_river(T model, const std::string& file) {
  const auto& rows = preprocessing_stream();
  const auto expected = read_doubles("preprocessing/" + file);
  constexpr std::size_t f = preprocessing_features;
  REQUIRE(expected.size() == rows.size() * 2 * f);
  std::vector<double> before(f), after(f);
  T restored;
  bool have_restored = false;
  std::size_t checked = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (r == rows.size() / 2) {
      restored = roundtrip(model);
      REQUIRE(restored == model);
      have_restored = true;
    }
    const DenseView full{rows[r]};
    model.transform_one(full, before);
    model.learn_one(DenseView{trimmed(rows[r])});
    after = rows[r];
    model.transform_one(DenseView{after}, after);  // in place
    for (std::size_t i = 0; i < f; ++i) {
      const double want_before = expected[(r * 2) * f + i];
      const double want_after = expected[(r * 2 + 1) * f + i];
      if (!close_rel(before[i], want_before)) {
        FAIL(file << " row " << r << " feature " << i << " before learning: got " << before[i]
                  << ", River " << want_before);
      }
      if (!close_rel(after[i], want_after)) {
        FAIL(file << " row " << r << " feature " << i << " after learning: got " << after[i]
                  << ", River " << want_after);
      }
      checked += 2;
    }
    if (have_restored) {
      std::vector<double> again(f);
      restored.transform_one(full, again);
      restored.learn_one(full);
      for (std::size_t i = 0; i < f; ++i) {
        if (!close_rel(again[i], before[i], 0.0)) {
          FAIL(file << " row " << r << ": restored model differs at feature " << i);
        }
      }
    }
  }
  CHECK(have_restored);
  CHECK(restored == model);
  CHECK(checked == rows.size() * 2 * f);
}

}  // namespace streamwise::test
