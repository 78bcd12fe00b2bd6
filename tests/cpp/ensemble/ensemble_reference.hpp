#pragma once
// River 0.26.1's answers for the bagging ensembles, written by
// tests/data/ensemble/make_reference.py (see its header for the streams and the columns).

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/python_random.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

namespace streamwise::test::ensemble {

/// One sample: features (NaN = absent), a class id and a real target.
struct Row {
  std::vector<double> x;
  ClassId y_class = 0;
  double y_reg = 0.0;
  DenseView view() const { return DenseView{x}; }
};

/// A stream read from tests/data/ensemble/<file>: `n_features` columns then the targets.
inline std::vector<Row> read_stream(const std::string& file, std::size_t n_features, bool classes,
                                    bool reals) {
  const auto flat = read_doubles("ensemble/" + file);
  const std::size_t width = n_features + (classes ? 1 : 0) + (reals ? 1 : 0);
  REQUIRE(flat.size() % width == 0);
  std::vector<Row> out;
  for (std::size_t r = 0; r < flat.size() / width; ++r) {
    const double* p = flat.data() + r * width;
    Row row{std::vector<double>(p, p + n_features), 0, 0.0};
    if (classes) row.y_class = static_cast<ClassId>(p[n_features]);
    if (reals) row.y_reg = p[n_features + (classes ? 1 : 0)];
    out.push_back(std::move(row));
  }
  return out;
}

/// Phishing: 9 features, y (1 = True), 1,250 rows.
inline const std::vector<Row>& phishing() {
  static const auto rows = read_stream("phishing.csv", 9, true, false);
  return rows;
}
/// The seeded 3-class stream: x0..x3, y_class, y_reg, 600 rows.
inline const std::vector<Row>& synth() {
  static const auto rows = read_stream("synth.csv", 4, true, true);
  return rows;
}
/// Coin-flip labels then y = (x0 > 0): x0, x1, y, 800 rows.
inline const std::vector<Row>& drift_stream() {
  static const auto rows = read_stream("drift.csv", 2, true, false);
  return rows;
}
/// TrumpApproval: 6 features, y, 1,001 rows.
inline const std::vector<Row>& trump() {
  static const auto rows = read_stream("trump.csv", 6, false, true);
  return rows;
}

/// River's answer before learning a row, and what learning it did.
struct Step {
  std::vector<double> proba;  ///< NaN: not a key of River's dict.
  int pred = -1;              ///< -1: None.
  std::int64_t changes = 0;   ///< Member replacements so far (after learning the row).
  int replaced = -1;          ///< Member replaced while learning the row, -1 for none.
};

inline std::vector<Step> classifier_reference(const std::string& file, std::size_t k) {
  const auto flat = read_doubles("ensemble/" + file);
  const std::size_t width = k + 3;
  REQUIRE(flat.size() % width == 0);
  std::vector<Step> out;
  for (std::size_t r = 0; r < flat.size() / width; ++r) {
    const double* p = flat.data() + r * width;
    out.push_back(Step{std::vector<double>(p, p + k), static_cast<int>(p[k]),
                       static_cast<std::int64_t>(p[k + 1]), static_cast<int>(p[k + 2])});
  }
  return out;
}

/// Test-then-train over rows [begin, end): before learning each row the probabilities (1e-9),
/// n_classes, predict_one; after, `changes(model)` and the replaced member (reset to the
/// prototype) when River replaced one.
template <class M, class Changes>
void check_classifier(M& model, const std::vector<Row>& rows, const std::vector<Step>& ref,
                      std::size_t begin, std::size_t end, Changes&& changes) {
  REQUIRE(ref.size() == rows.size());
  std::vector<double> proba;
  for (std::size_t t = begin; t < end; ++t) {
    const Step& s = ref[t];
    std::size_t expected_n = 0;
    for (std::size_t c = 0; c < s.proba.size(); ++c) {
      if (!std::isnan(s.proba[c])) expected_n = c + 1;
    }
    const std::size_t n = model.n_classes();
    if (n != expected_n) FAIL("row " << t << ": n_classes " << n << ", River " << expected_n);
    proba.assign(s.proba.size(), -1.0);
    model.predict_proba_one(rows[t].view(), proba);
    for (std::size_t c = 0; c < s.proba.size(); ++c) {
      const double expected = std::isnan(s.proba[c]) ? 0.0 : s.proba[c];
      if (!close(proba[c], expected)) {
        FAIL("row " << t << ": P(" << c << ") = " << proba[c] << ", River " << expected);
      }
    }
    if (s.pred >= 0) {
      const ClassId pred = model.predict_one(rows[t].view());
      if (pred != static_cast<ClassId>(s.pred)) {
        FAIL("row " << t << ": predict_one " << pred << ", River " << s.pred);
      }
    } else {
      CHECK(model.predict_one(rows[t].view()) == 0);
    }
    model.learn_one(rows[t].view(), rows[t].y_class);
    const std::int64_t got = changes(model);
    if (got != s.changes) FAIL("row " << t << ": " << got << " changes, River " << s.changes);
    if (s.replaced >= 0 && !(model[static_cast<std::size_t>(s.replaced)] == model.model())) {
      FAIL("row " << t << ": member " << s.replaced << " was not reset");
    }
  }
}

/// River's `utils.random.poisson`, written out again here as the oracle for the draws.
inline std::uint32_t river_poisson(double rate, PythonRandom& rng) {
  const double limit = std::exp(-rate);
  std::uint32_t k = 0;
  for (double p = 1.0; p > limit; p *= rng.random()) ++k;
  return k - 1;
}

}  // namespace streamwise::test::ensemble
