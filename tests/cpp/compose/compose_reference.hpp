#pragma once
// River 0.26's answers for pipelines on a fixed 200-row stream, written by
// tests/data/compose/make_compose_reference.py (see its header for the files and columns).

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

namespace streamwise::test::compose {

/// Rows and columns of the reference stream.
inline constexpr std::size_t n_rows = 200;
inline constexpr std::size_t n_features = 4;

/// A space naming the reference features x0..x3 (ids 0..3).
inline const FeatureSpace* feature_space() {
  static const FeatureSpace space = [] {
    FeatureSpace s;
    for (const char* name : {"x0", "x1", "x2", "x3"}) s.intern(name);
    return s;
  }();
  return &space;
}

/// One sample of the reference stream.
struct Row {
  std::vector<double> x;  ///< x0..x3, NaN = absent.
  ClassId y_class = 0;    ///< Class id (order of first appearance).
  double y_reg = 0.0;     ///< Regression target.
  DenseView view() const { return DenseView{x}; }
};

inline const std::vector<Row>& stream() {
  static const std::vector<Row> rows = [] {
    const auto flat = read_doubles("compose/stream.csv");
    REQUIRE(flat.size() == n_rows * (n_features + 2));
    std::vector<Row> out;
    for (std::size_t r = 0; r < n_rows; ++r) {
      const double* p = flat.data() + r * (n_features + 2);
      out.push_back(Row{std::vector<double>(p, p + n_features), static_cast<ClassId>(p[4]), p[5]});
    }
    return out;
  }();
  return rows;
}

/// A classifier's reference: per row, before learning it, n_classes, P(0..2), argmax.
struct ClassifierStep {
  std::size_t n_classes = 0;
  double proba[3] = {0, 0, 0};
  ClassId pred = 0;
};

inline std::vector<ClassifierStep> classifier_reference(const std::string& file) {
  const auto flat = read_doubles("compose/" + file);
  REQUIRE(flat.size() == n_rows * 5);
  std::vector<ClassifierStep> out(n_rows);
  for (std::size_t r = 0; r < n_rows; ++r) {
    const double* p = flat.data() + r * 5;
    out[r].n_classes = static_cast<std::size_t>(p[0]);
    for (int c = 0; c < 3; ++c) out[r].proba[c] = p[1 + c];
    out[r].pred = std::isnan(p[4]) ? 0 : static_cast<ClassId>(p[4]);
  }
  return out;
}

/// Checks a classifier (anything with the Classifier interface) against a reference,
/// test-then-train over rows [begin, end).
template <class M>
void check_classifier_steps(M& model, const std::vector<ClassifierStep>& ref, std::size_t begin,
                            std::size_t end) {
  const auto& rows = stream();
  std::vector<double> proba;
  for (std::size_t r = begin; r < end; ++r) {
    INFO("row " << r);
    REQUIRE(model.n_classes() == ref[r].n_classes);
    proba.assign(model.n_classes(), -1.0);
    model.predict_proba_one(rows[r].view(), proba);
    for (std::size_t c = 0; c < ref[r].n_classes; ++c) CHECK(close(proba[c], ref[r].proba[c]));
    if (ref[r].n_classes > 0) CHECK(model.predict_one(rows[r].view()) == ref[r].pred);
    model.learn_one(rows[r].view(), rows[r].y_class);
  }
}

/// Checks a regressor against a reference of predictions, test-then-train over [begin, end).
template <class M>
void check_regressor_steps(M& model, const std::vector<double>& ref, std::size_t begin,
                           std::size_t end) {
  const auto& rows = stream();
  REQUIRE(ref.size() == n_rows);
  for (std::size_t r = begin; r < end; ++r) {
    INFO("row " << r);
    CHECK(close(model.predict_one(rows[r].view()), ref[r]));
    model.learn_one(rows[r].view(), rows[r].y_reg);
  }
}

/// Full reference run with a checkpoint round-trip at `cut`: the restored copy must equal the
/// original and both must match River to the end.
template <class M>
void check_classifier_with_checkpoint(M model, const std::string& file,
                                      const FeatureSpace* space = nullptr, std::size_t cut = 100) {
  const auto ref = classifier_reference(file);
  check_classifier_steps(model, ref, 0, cut);
  M restored = roundtrip(model);
  CHECK(restored == model);
  if (space != nullptr) restored.bind(space);  // the space is saved by its owner, not the model
  check_classifier_steps(model, ref, cut, n_rows);
  check_classifier_steps(restored, ref, cut, n_rows);
  CHECK(restored == model);
}

template <class M>
void check_regressor_with_checkpoint(M model, const std::string& file,
                                     const FeatureSpace* space = nullptr, std::size_t cut = 100) {
  const auto ref = read_doubles("compose/" + file);
  check_regressor_steps(model, ref, 0, cut);
  M restored = roundtrip(model);
  CHECK(restored == model);
  if (space != nullptr) restored.bind(space);  // the space is saved by its owner, not the model
  check_regressor_steps(model, ref, cut, n_rows);
  check_regressor_steps(restored, ref, cut, n_rows);
  CHECK(restored == model);
}

/// Checkpoint round trip for type-erased models, which load into a prototype holding the same
/// types (built from the same spec) until a registry of types exists.
template <class T>
T roundtrip_into(const T& model, T prototype) {
  const std::string bytes = io::to_checkpoint(model);
  const auto header = io::read_header(io::detail::as_bytes(bytes));
  io::PayloadInputArchive in(io::detail::as_bytes(bytes).subspan(header.payload_offset));
  in(prototype);
  REQUIRE(in.remaining() == 0);
  return prototype;
}

}  // namespace streamwise::test::compose
