#include <doctest/doctest.h>

#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "streamwise/core/concepts.hpp"
#include "streamwise/io/archive.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::ClassId;
using streamwise::metrics::ConfusionMatrix;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<ConfusionMatrix>);

namespace {
struct Sample {
  ClassId y_true;
  ClassId y_pred;
  double w;
};

// Classes appear out of order (7 first) and class 5 only late, to exercise growth.
std::vector<Sample> make_samples(std::size_t n, std::uint64_t seed) {
  streamwise::Rng rng(seed);
  std::vector<Sample> out;
  for (std::size_t i = 0; i < n; ++i) {
    const ClassId k = i < n / 2 ? 5 : 9;
    ClassId t = i == 0 ? 7 : static_cast<ClassId>(rng.below(k));
    ClassId p = rng.uniform() < 0.5 ? t : static_cast<ClassId>(rng.below(k));
    const double w = rng.uniform() < 0.5 ? static_cast<double>(1 + rng.below(3)) : rng.uniform();
    out.push_back({t, p, w});
  }
  return out;
}

// Two-pass oracle: every sum recomputed from the samples of the window [lo, hi).
void check_against_two_pass(const ConfusionMatrix& cm, const std::vector<Sample>& s, std::size_t lo,
                            std::size_t hi) {
  std::map<std::pair<ClassId, ClassId>, long double> cells;
  std::map<ClassId, long double> rows, cols;
  long double total = 0, diag = 0;
  for (std::size_t i = lo; i < hi; ++i) {
    cells[{s[i].y_true, s[i].y_pred}] += s[i].w;
    rows[s[i].y_true] += s[i].w;
    cols[s[i].y_pred] += s[i].w;
    total += s[i].w;
    if (s[i].y_true == s[i].y_pred) diag += s[i].w;
  }
  for (ClassId t = 0; t < 10; ++t) {
    CHECK(test::close(cm.sum_row(t), static_cast<double>(rows[t])));
    CHECK(test::close(cm.sum_col(t), static_cast<double>(cols[t])));
    CHECK(cm.is_present(t) == (rows[t] != 0 || cols[t] != 0));
    for (ClassId p = 0; p < 10; ++p) {
      const auto it = cells.find({t, p});
      const double expected = it == cells.end() ? 0.0 : static_cast<double>(it->second);
      if (!test::close(cm.weight(t, p), expected)) {
        FAIL("cell (" << t << ", " << p << "): got " << cm.weight(t, p) << ", expected "
                      << expected);
      }
    }
  }
  CHECK(test::close(cm.total_weight(), static_cast<double>(total)));
  CHECK(test::close(cm.total_true_positives(), static_cast<double>(diag)));
}
}  // namespace

TEST_CASE("ConfusionMatrix follows River's documented example") {
  // ant = 0, bird = 1, cat = 2.
  ConfusionMatrix cm;
  const ClassId y_true[] = {2, 0, 2, 2, 0, 1};
  const ClassId y_pred[] = {0, 0, 2, 2, 0, 2};
  for (int i = 0; i < 6; ++i) cm.update(y_true[i], y_pred[i]);
  CHECK(cm.weight(1, 2) == 1.0);  // cm['bird']['cat']
  CHECK(cm.weight(0, 0) == 2.0);
  CHECK(cm.weight(2, 0) == 1.0);
  CHECK(cm.weight(2, 2) == 2.0);
  CHECK(cm.weight(1, 1) == 0.0);
  CHECK(cm.support(2) == 3.0);
  CHECK(cm.true_positives(2) == 2.0);
  CHECK(cm.false_positives(2) == 1.0);
  CHECK(cm.false_negatives(2) == 1.0);
  CHECK(cm.true_negatives(2) == 2.0);  // River: correct predictions of the other classes
  CHECK(cm.total_true_positives() == 4.0);
  CHECK(cm.total_weight() == 6.0);
  CHECK(cm.n_samples() == 6);
  CHECK(cm.classes() == std::vector<ClassId>{0, 1, 2});
}

TEST_CASE("ConfusionMatrix matches a two-pass count, cumulative and windowed") {
  const auto s = make_samples(2'000, 11);
  ConfusionMatrix cm;
  for (std::size_t i = 0; i < s.size(); ++i) {
    cm.update(s[i].y_true, s[i].y_pred, s[i].w);
    if (i % 97 == 0) check_against_two_pass(cm, s, 0, i + 1);
  }
  check_against_two_pass(cm, s, 0, s.size());
  // Sliding window of 50 kept with revert.
  ConfusionMatrix window;
  for (std::size_t i = 0; i < s.size(); ++i) {
    window.update(s[i].y_true, s[i].y_pred, s[i].w);
    if (i >= 50) window.revert(s[i - 50].y_true, s[i - 50].y_pred, s[i - 50].w);
    if (i % 89 == 0) check_against_two_pass(window, s, i >= 50 ? i - 49 : 0, i + 1);
  }
}

TEST_CASE("ConfusionMatrix grows without moving cells and without per-update allocation") {
  ConfusionMatrix cm;
  cm.update(0, 1, 2.0);
  cm.update(1, 0, 3.0);
  cm.update(6, 2, 4.0);  // grows from 2 to 7 slots
  CHECK(cm.n_classes() == 7);
  CHECK(cm.weight(0, 1) == 2.0);
  CHECK(cm.weight(1, 0) == 3.0);
  CHECK(cm.weight(6, 2) == 4.0);
  CHECK(cm.weight(2, 6) == 0.0);
  CHECK(cm.classes() == std::vector<ClassId>{0, 1, 2, 6});
  CHECK(!cm.is_present(4));
  CHECK(cm.weight(100, 100) == 0.0);  // unknown ids read as 0
  CHECK(cm.sum_row(100) == 0.0);
}

TEST_CASE("ConfusionMatrix revert leaves exact zeros even with fractional weights") {
  ConfusionMatrix cm;
  cm.update(0, 1, 0.1);
  cm.update(0, 1, 0.2);
  cm.update(1, 1, 0.7);
  cm.revert(0, 1, 0.1);
  cm.revert(0, 1, 0.2);
  // Plain floating point leaves 0.1 + 0.2 - 0.1 - 0.2 = 2.8e-17; the last revert of a cell sets 0.
  CHECK(cm.weight(0, 1) == 0.0);
  CHECK(cm.sum_row(0) == 0.0);
  CHECK(!cm.is_present(0));
  CHECK(cm.classes() == std::vector<ClassId>{1});
  CHECK(cm.total_weight() == doctest::Approx(0.7));
  cm.revert(1, 1, 0.7);
  CHECK(cm.total_weight() == 0.0);
  CHECK(cm.n_samples() == 0);
}

TEST_CASE("ConfusionMatrix rejects bad input without changing state") {
  ConfusionMatrix cm;
  cm.update(1, 2, 1.5);
  const ConfusionMatrix before = cm;
  CHECK_THROWS_WITH_AS(cm.update(0, 0, -0.5),
                       "ConfusionMatrix: weight w must be finite and >= 0, got -0.500000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(cm.update(0, 0, std::nan("")), streamwise::InvalidInput);
  CHECK_THROWS_AS(cm.update(0, 0, INFINITY), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(cm.update(4096, 0),
                       "ConfusionMatrix: class id 4096 exceeds the limit of 4096 classes",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(cm.update(0, 5000), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(cm.revert(2, 1),
                       "ConfusionMatrix: cannot revert (y_true=2, y_pred=1): no such update is "
                       "recorded",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(cm.revert(9, 9), streamwise::InvalidInput);  // beyond the known ids
  CHECK_THROWS_WITH_AS(cm.revert(1, 2, 2.0),
                       "ConfusionMatrix: cannot revert w=2.0 for (y_true=1, y_pred=2): only 1.5 "
                       "is recorded",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(cm.revert(1, 2, -1.0), streamwise::InvalidInput);
  // The cell's last update cannot be reverted with a different weight (it would leave a
  // partly reverted update behind).
  CHECK_THROWS_WITH_AS(cm.revert(1, 2, 1.0),
                       "ConfusionMatrix: cannot revert w=1.0 for (y_true=1, y_pred=2): its last "
                       "update has weight 1.5",
                       streamwise::InvalidInput);
  CHECK(cm == before);
  // With several updates in the cell a revert only has to fit in the cell's weight.
  cm.update(1, 2, 0.5);
  cm.revert(1, 2, 1.0);
  CHECK(cm.weight(1, 2) == 1.0);
  CHECK(cm.count(1, 2) == 1);
  CHECK_THROWS_AS(cm.revert(1, 2, 0.5), streamwise::InvalidInput);
  cm.revert(1, 2, 1.0);
  CHECK(cm.total_weight() == 0.0);
  cm.update(1, 2, 1.5);
  CHECK(cm == before);
  // The custom owner name is used in messages.
  CHECK_THROWS_WITH_AS(cm.update(0, 0, -1.0, "Accuracy"), doctest::Contains("Accuracy: weight w"),
                       streamwise::InvalidInput);
  CHECK(cm == before);
}

TEST_CASE("ConfusionMatrix parameters") {
  const ConfusionMatrix cm;
  CHECK(streamwise::to_json(streamwise::spec_of(cm)) ==
        R"({"type":"ConfusionMatrix","params":{}})");
  CHECK(streamwise::repr(streamwise::spec_of(cm)) == "ConfusionMatrix ()");
}

TEST_CASE("ConfusionMatrix checkpoint round-trip keeps state and behaviour") {
  const auto s = make_samples(600, 5);
  ConfusionMatrix original;
  for (std::size_t i = 0; i < 300; ++i) original.update(s[i].y_true, s[i].y_pred, s[i].w);
  ConfusionMatrix restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 300; i < 600; ++i) {
    original.update(s[i].y_true, s[i].y_pred, s[i].w);
    restored.update(s[i].y_true, s[i].y_pred, s[i].w);
    original.revert(s[i - 300].y_true, s[i - 300].y_pred, s[i - 300].w);
    restored.revert(s[i - 300].y_true, s[i - 300].y_pred, s[i - 300].w);
  }
  CHECK(restored == original);
  const ConfusionMatrix empty;
  CHECK(test::roundtrip(empty) == empty);
}

TEST_CASE("ConfusionMatrix refuses an inconsistent payload") {
  ConfusionMatrix cm;
  cm.update(1, 0);
  std::string payload;
  {
    streamwise::io::PayloadOutputArchive ar(payload);
    ar(cm);
  }
  // Payload: class version (uint32), then n_classes (uint32). Claim 3 classes for 2-class data.
  REQUIRE(payload.size() > 8);
  payload[4] = 3;
  ConfusionMatrix loaded;
  const auto load = [&] {
    streamwise::io::PayloadInputArchive ar(
        {reinterpret_cast<const std::byte*>(payload.data()), payload.size()});
    ar(loaded);
  };
  CHECK_THROWS_WITH_AS(load(), "ConfusionMatrix: inconsistent sizes in checkpoint",
                       streamwise::CheckpointError);
  // A negative weight is refused too: the first cell's weight follows the vector's length.
  payload[4] = 2;
  const double negative = -1.0;
  std::memcpy(payload.data() + 16, &negative, sizeof negative);
  CHECK_THROWS_WITH_AS(load(), "ConfusionMatrix: negative or non-finite weight in checkpoint",
                       streamwise::CheckpointError);
}
