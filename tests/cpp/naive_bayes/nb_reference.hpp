#pragma once
// Reads the River reference streams written by tests/data/naive_bayes/make_nb_reference.py and
// replays them test-then-train against a streamwise model.

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

namespace streamwise::test::nb {

/// One step of a reference stream: the sample, its label and weight, and River's answers for
/// it before learning it.
struct Step {
  std::vector<double> x;  // NaN = absent
  ClassId y = 0;
  double w = 1.0;
  std::size_t n_classes = 0;
  std::vector<double> proba;  // n_classes values
  std::vector<double> jll;    // n_classes values
};

inline std::vector<Step> load(const std::string& file) {
  const std::vector<double> v = read_doubles("naive_bayes/" + file);
  REQUIRE(v.size() >= 2);
  const auto n_features = static_cast<std::size_t>(v[0]);
  const auto n_slots = static_cast<std::size_t>(v[1]);
  const std::size_t width = n_features + 3 + 2 * n_slots;
  REQUIRE((v.size() - 2) % width == 0);
  std::vector<Step> steps;
  for (std::size_t at = 2; at < v.size(); at += width) {
    Step s;
    s.x.assign(v.begin() + static_cast<std::ptrdiff_t>(at),
               v.begin() + static_cast<std::ptrdiff_t>(at + n_features));
    s.y = static_cast<ClassId>(v[at + n_features]);
    s.w = v[at + n_features + 1];
    s.n_classes = static_cast<std::size_t>(v[at + n_features + 2]);
    const std::size_t p = at + n_features + 3;
    for (std::size_t c = 0; c < s.n_classes; ++c) {
      s.proba.push_back(v[p + c]);
      s.jll.push_back(v[p + n_slots + c]);
    }
    steps.push_back(std::move(s));
  }
  return steps;
}

/// River's predict_one: the first class with the largest probability. Returns false when the
/// top two are too close for the answer to be meaningful at 1e-9.
inline bool clear_winner(const std::vector<double>& proba, ClassId& winner) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < proba.size(); ++i) {
    if (proba[i] > proba[best]) best = i;
  }
  winner = static_cast<ClassId>(best);
  for (std::size_t i = 0; i < proba.size(); ++i) {
    if (i != best && std::fabs(proba[i] - proba[best]) < 1e-9) return false;
  }
  return true;
}

/// Replays steps [begin, end) test-then-train: before each learn_one, the probabilities, the
/// joint log-likelihoods and the predicted class must match River's within 1e-9.
template <class Model>
void replay(Model& model, const std::vector<Step>& steps, std::size_t begin, std::size_t end,
            bool weighted) {
  for (std::size_t i = begin; i < end; ++i) {
    const Step& s = steps[i];
    const DenseView x{s.x};
    REQUIRE_MESSAGE(model.n_classes() == s.n_classes, "step " << i);
    std::vector<double> proba(s.n_classes), jll(s.n_classes);
    model.predict_proba_one(x, proba);
    model.joint_log_likelihood(x, jll);
    for (std::size_t c = 0; c < s.n_classes; ++c) {
      if (!close(proba[c], s.proba[c])) {
        FAIL("step " << i << " class " << c << ": proba " << proba[c] << ", River " << s.proba[c]);
      }
      if (!close(jll[c], s.jll[c])) {
        FAIL("step " << i << " class " << c << ": jll " << jll[c] << ", River " << s.jll[c]);
      }
    }
    ClassId winner = 0;
    if (s.n_classes > 0 && clear_winner(s.proba, winner)) {
      if (model.predict_one(x) != winner) FAIL("step " << i << ": predict_one differs from River");
    }
    if (weighted) {
      model.learn_one(x, s.y, s.w);
    } else {
      model.learn_one(x, s.y);
    }
  }
}

/// Full replay, then a mid-stream checkpoint round-trip that must not change anything.
template <class Model>
void replay_with_checkpoint(Model model, const std::vector<Step>& steps, bool weighted) {
  const std::size_t half = steps.size() / 2;
  replay(model, steps, 0, half, weighted);
  Model restored = roundtrip(model);
  CHECK(restored == model);
  Model uninterrupted = model;
  replay(restored, steps, half, steps.size(), weighted);
  replay(uninterrupted, steps, half, steps.size(), weighted);
  CHECK(restored == uninterrupted);
}

}  // namespace streamwise::test::nb
