#pragma once
// Shared test support for the optimizers: River's recorded runs (tests/data/optim/optimizers_*.csv,
// written by make_optimizers_reference.py) replayed step by step, plus the bad-input and
// checkpoint checks every optimizer gets.

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/io/archive.hpp"
#include "streamwise/io/checkpoint.hpp"
#include "support/checkpoint.hpp"

namespace streamwise::test::optim {

inline constexpr std::size_t n_features = 5;

/// Rows of a CSV file with a header line; "nan" cells become NaN.
inline std::vector<std::vector<double>> read_csv(const std::string& name) {
  std::ifstream in(data_path("optim/" + name));
  REQUIRE_MESSAGE(in.good(), "missing reference data file tests/data/optim/" << name);
  std::vector<std::vector<double>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<double> row;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) {
      row.push_back(cell == "nan" ? std::numeric_limits<double>::quiet_NaN() : std::stod(cell));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

/// One step of the gradient sequence: the ids present and their gradients.
struct Step {
  std::vector<FeatureId> ids;
  std::vector<double> g;
};

inline std::vector<Step> gradient_sequence() {
  std::vector<Step> steps;
  for (const auto& row : read_csv("optimizers_gradients.csv")) {
    Step s;
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (!std::isnan(row[k])) {
        s.ids.push_back(static_cast<FeatureId>(k));
        s.g.push_back(row[k]);
      }
    }
    steps.push_back(std::move(s));
  }
  return steps;
}

/// One recorded River step: weights after look_ahead, after step, Averager's average, the
/// learning rate after the step and the step count.
struct Expected {
  double la[n_features];
  double w[n_features];
  double avg[n_features];
  double lr;
  double n_iterations;
};

inline std::vector<Expected> river_run(const std::string& label) {
  std::vector<Expected> out;
  for (const auto& row : read_csv("optimizers_" + label + ".csv")) {
    REQUIRE(row.size() == 3 * n_features + 3);
    Expected e{};
    for (std::size_t k = 0; k < n_features; ++k) {
      e.la[k] = row[1 + k];
      e.w[k] = row[1 + n_features + k];
      e.avg[k] = row[1 + 2 * n_features + k];
    }
    e.lr = row[1 + 3 * n_features];
    e.n_iterations = row[2 + 3 * n_features];
    out.push_back(e);
  }
  return out;
}

/// Relative closeness: equal, or within `tol` of the larger magnitude.
inline bool rel_close(double a, double b, double tol = 1e-12) {
  if (a == b) return true;
  return std::fabs(a - b) <= tol * std::max(std::fabs(a), std::fabs(b));
}

/// Weight `k` of a vector that may not have grown that far yet (absent features read 0).
inline double at(const std::vector<double>& w, std::size_t k) { return k < w.size() ? w[k] : 0.0; }

/// Grows `w` (zeros) to cover the step's ids, as a model grows its weights on first sight.
inline void grow_for(std::vector<double>& w, const Step& s) {
  for (FeatureId id : s.ids) {
    if (id >= w.size()) w.resize(id + 1, 0.0);
  }
}

/// Replays steps [from, to) of the sequence through `opt` (look_ahead then step).
template <class O>
void replay(O& opt, std::vector<double>& w, std::size_t from, std::size_t to) {
  const auto steps = gradient_sequence();
  for (std::size_t t = from; t < to; ++t) {
    grow_for(w, steps[t]);
    opt.look_ahead(w, steps[t].ids);
    opt.step(w, steps[t].ids, steps[t].g);
  }
}

/// Drives `opt` through River's recorded run `label` and requires the weights after look_ahead
/// and after every step (and the average, the learning rate, the step count) to match River
/// within 1e-12 relative. `avg` reads the averaged weights (Averager only).
template <class O, class Avg>
void check_against_river(O opt, const std::string& label, Avg avg) {
  const auto steps = gradient_sequence();
  const auto expected = river_run(label);
  REQUIRE(steps.size() == expected.size());
  std::vector<double> w;
  for (std::size_t t = 0; t < steps.size(); ++t) {
    grow_for(w, steps[t]);
    opt.look_ahead(w, steps[t].ids);
    for (std::size_t k = 0; k < n_features; ++k) {
      if (!rel_close(at(w, k), expected[t].la[k])) {
        FAIL(label << " step " << t << " look_ahead w[" << k << "]: got " << at(w, k) << ", River "
                   << expected[t].la[k]);
      }
    }
    opt.step(w, steps[t].ids, steps[t].g);
    for (std::size_t k = 0; k < n_features; ++k) {
      if (!rel_close(at(w, k), expected[t].w[k])) {
        FAIL(label << " step " << t << " w[" << k << "]: got " << at(w, k) << ", River "
                   << expected[t].w[k]);
      }
      if (!std::isnan(expected[t].avg[k])) {
        const double a = at(avg(opt), k);
        if (!rel_close(a, expected[t].avg[k])) {
          FAIL(label << " step " << t << " avg[" << k << "]: got " << a << ", River "
                     << expected[t].avg[k]);
        }
      }
    }
    if (!std::isnan(expected[t].lr)) {
      if (!rel_close(opt.learning_rate(), expected[t].lr)) {
        FAIL(label << " step " << t << " learning_rate: got " << opt.learning_rate() << ", River "
                   << expected[t].lr);
      }
    }
    CHECK(static_cast<double>(opt.n_iterations()) == expected[t].n_iterations);
  }
}

template <class O>
void check_against_river(O opt, const std::string& label) {
  check_against_river(std::move(opt), label, [](const O&) { return std::vector<double>{}; });
}

/// Saves and reloads with the checkpoint archives directly (for the Any* wrappers, which are
/// parts rather than whole models and so have no checkpoint header of their own).
template <class T>
T payload_roundtrip(const T& value) {
  std::string bytes;
  {
    io::PayloadOutputArchive out(bytes);
    out(value);
  }
  T restored{};
  io::PayloadInputArchive in(io::detail::as_bytes(bytes));
  in(restored);
  CHECK(in.remaining() == 0);
  return restored;
}

/// Checkpoints `opt` after 20 steps of the sequence (mid-stream, with late features still to
/// come) and requires the restored copy to equal it and to continue identically.
template <class O, class Roundtrip>
void check_roundtrip_mid_sequence(O opt, Roundtrip roundtrip) {
  const std::size_t n = gradient_sequence().size();
  std::vector<double> w;
  replay(opt, w, 0, 20);
  O restored = roundtrip(opt);
  CHECK(restored == opt);
  std::vector<double> w_restored = w;
  replay(opt, w, 20, n);
  replay(restored, w_restored, 20, n);
  CHECK(restored == opt);
  CHECK(w_restored == w);
  CHECK(restored.n_iterations() == n);
}

template <class O>
void check_roundtrip_mid_sequence(O opt) {
  check_roundtrip_mid_sequence(std::move(opt), [](const O& o) { return test::roundtrip(o); });
}

/// A non-finite gradient, mismatched spans and an id outside `w` throw `InvalidInput` and leave
/// the optimizer and the weights untouched. `message` is the expected NaN message.
template <class O>
void check_bad_input(O opt, const std::string& message) {
  std::vector<double> w;
  replay(opt, w, 0, 12);
  const O before = opt;
  const std::vector<double> w_before = w;
  const FeatureId ids[] = {0, 1};
  const double nan_g[] = {0.5, std::nan("")};
  CHECK_THROWS_WITH_AS(opt.step(w, ids, nan_g), message.c_str(), streamwise::InvalidInput);
  const double inf_g[] = {INFINITY, 0.5};
  CHECK_THROWS_AS(opt.step(w, ids, inf_g), streamwise::InvalidInput);
  const double one_g[] = {0.5};
  CHECK_THROWS_WITH_AS(opt.step(w, ids, one_g),
                       doctest::Contains("ids and g must have the same length, got 2 and 1"),
                       streamwise::InvalidInput);
  const FeatureId far[] = {0, 9};
  const double g[] = {0.5, 0.5};
  CHECK_THROWS_WITH_AS(opt.step(w, far, g),
                       doctest::Contains("feature id 9 is outside the weight vector of size"),
                       streamwise::InvalidInput);
  CHECK(opt == before);
  CHECK(w == w_before);
  // An empty step is valid: it only counts (and advances schedules and bias corrections).
  opt.step(w, std::span<const FeatureId>{}, std::span<const double>{});
  CHECK(opt.n_iterations() == before.n_iterations() + 1);
  CHECK(w == w_before);
}

}  // namespace streamwise::test::optim
