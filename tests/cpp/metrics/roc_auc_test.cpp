#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "metrics/other_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/roc_auc.hpp"

using streamwise::metrics::ROCAUC;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<ROCAUC>);
static_assert(ROCAUC::bigger_is_better);
static_assert(ROCAUC::works_with_weights);

namespace {
ROCAUC make(std::int64_t n_thresholds, bool pos_val = true) {
  ROCAUC::Params p;
  p.n_thresholds = n_thresholds;
  p.pos_val = pos_val;
  return ROCAUC(p);
}

// Writes ROCAUC's checkpoint layout with arbitrary contents, to feed the loader bad files.
template <std::uint32_t Version>
struct ForgedROCAUC {
  using Params = ROCAUC::Params;
  static constexpr std::string_view name = "ROCAUC";
  Params p;
  std::vector<std::array<double, 4>> counts;
  const Params& params() const { return p; }
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    ar(p, counts);
  }
};
}  // namespace

CEREAL_CLASS_VERSION(ForgedROCAUC<1>, 1)
CEREAL_CLASS_VERSION(ForgedROCAUC<2>, 2)

TEST_CASE("ROCAUC matches River at every step of a weighted stream") {
  // Expected: River's ROCAUC with n_thresholds 10 and 37, and with pos_val=False (River's
  // negative area), on a stream with scores exactly on thresholds, 0 and 1, and zero weights.
  const auto t = test::read_table("metrics/other_binary.csv");
  REQUIRE(t.rows == 300);
  ROCAUC def, fine = make(37), neg = make(10, false);
  std::vector<test::ScoredSample> seen;
  for (std::size_t i = 0; i < t.rows; ++i) {
    const bool y = t["y_true"][i] != 0.0;
    def.update(y, t["p_true"][i], t["w"][i]);
    fine.update(y, t["p_true"][i], t["w"][i]);
    neg.update(y, t["p_true"][i], t["w"][i]);
    test::check_step("ROCAUC", i, def.get(), t["ROCAUC"][i]);
    test::check_step("ROCAUC(n_thresholds=37)", i, fine.get(), t["ROCAUC_37"][i]);
    test::check_step("ROCAUC(pos_val=false)", i, neg.get(), t["ROCAUC_neg"][i]);
    seen.push_back({y, t["p_true"][i], t["w"][i]});
    if (i % 25 == 0) test::check_step("batch", i, def.get(), test::batch_rocauc(seen, 10));
  }
}

TEST_CASE("ROCAUC equals scikit-learn's exact roc_auc_score when the thresholds separate scores") {
  // Scores on the grid k/10 (k = 1..10) and n_thresholds = 11: every operating point is visited.
  const auto t = test::read_table("metrics/other_rocauc_grid.csv");
  REQUIRE(t.rows == 200);
  ROCAUC metric = make(11);
  for (std::size_t i = 0; i < t.rows; ++i) {
    metric.update(t["y_true"][i] != 0.0, t["p_true"][i], t["w"][i]);
    test::check_step("ROCAUC(n_thresholds=11)", i, metric.get(), t["ROCAUC_11"][i]);
    if (i > 0) test::check_step("sklearn roc_auc_score", i, metric.get(), t["sklearn_exact"][i]);
  }
}

TEST_CASE("ROCAUC follows River's documented example") {
  const bool y_true[] = {false, false, true, true};
  const double p_true[] = {0.1, 0.4, 0.35, 0.8};
  ROCAUC coarse, fine = make(20);
  for (int i = 0; i < 4; ++i) {
    coarse.update(y_true[i], p_true[i]);
    fine.update(y_true[i], p_true[i]);
  }
  CHECK(test::close(coarse.get(), 0.875));
  CHECK(test::close(fine.get(), 0.75));  // the exact AUC
}

TEST_CASE("ROCAUC edge cases: empty, one class only, zero weights, extreme scores") {
  ROCAUC metric;
  CHECK(metric.get() == 0.0);
  REQUIRE(metric.thresholds().size() == 10);
  CHECK(metric.thresholds().front() == -1e-7);
  CHECK(metric.thresholds().back() == 1.0 + 1e-7);
  CHECK(metric.thresholds()[3] == 3.0 / 9.0);
  metric.update(true, 0.5, 0.0);
  CHECK(metric == ROCAUC{});
  metric.update(true, 0.9);
  metric.update(true, 0.1);
  CHECK(metric.get() == 0.0);  // no negatives: every FPR is 0, no area
  metric.update(false, 0.0);
  metric.update(false, 1.0);
  CHECK(test::close(
      metric.get(),
      test::batch_rocauc({{true, 0.9, 1}, {true, 0.1, 1}, {false, 0.0, 1}, {false, 1.0, 1}}, 10)));
  ROCAUC perfect;
  for (int i = 0; i < 20; ++i) perfect.update(i % 2 == 0, i % 2 == 0 ? 0.95 : 0.05);
  CHECK(test::close(perfect.get(), 1.0));
}

TEST_CASE("ROCAUC revert undoes update and refuses what was never added") {
  ROCAUC metric, first;
  metric.update(true, 0.8);
  first.update(true, 0.8);
  metric.update(false, 0.3, 2.5);
  metric.update(true, 0.45, 0.1);
  metric.revert(true, 0.45, 0.1);
  metric.revert(false, 0.3, 2.5);
  CHECK(metric == first);
  const ROCAUC before = metric;
  CHECK_THROWS_WITH_AS(metric.revert(false, 0.8),
                       "ROCAUC: cannot revert a sample that was not added",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.revert(true, 0.8, 2.0), streamwise::InvalidInput);
  CHECK(metric == before);
  metric.revert(true, 0.8);
  CHECK(metric == ROCAUC{});
}

TEST_CASE("ROCAUC rejects bad input without changing state") {
  ROCAUC metric;
  metric.update(true, 0.7);
  const ROCAUC before = metric;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(metric.update(true, 1.5),
                       "ROCAUC: p_true must be a probability in [0, 1], got 1.500000",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(false, nan),
                       "ROCAUC: p_true must be a probability in [0, 1], got nan",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.update(true, -1e-300), streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(metric.update(true, 0.5, -1.0),
                       "ROCAUC: weight w must be finite and >= 0, got -1.000000",
                       streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.update(true, 0.5, std::numeric_limits<double>::infinity()),
                  streamwise::InvalidInput);
  CHECK_THROWS_AS(metric.revert(true, nan), streamwise::InvalidInput);
  CHECK(metric == before);
}

TEST_CASE("ROCAUC validates its parameters") {
  CHECK_THROWS_WITH_AS(make(1), "ROCAUC: n_thresholds must be >= 2", std::invalid_argument);
  CHECK_THROWS_WITH_AS(make(0), "ROCAUC: n_thresholds must be >= 2", std::invalid_argument);
  CHECK_THROWS_AS(make(-4), std::invalid_argument);
  const ROCAUC two = make(2);
  CHECK(two.thresholds() == std::vector<double>{-1e-7, 1.0 + 1e-7});
  CHECK(ROCAUC{}.params() == ROCAUC::Params{});
  const auto p = streamwise::params_from_list<ROCAUC::Params>(
      {{"n_thresholds", std::int64_t{20}}, {"pos_val", false}}, "ROCAUC");
  CHECK(p.n_thresholds == 20);
  CHECK(!p.pos_val);
  CHECK_THROWS_WITH_AS(
      streamwise::params_from_list<ROCAUC::Params>({{"n_thresholds", std::int64_t{1}}}, "ROCAUC"),
      "ROCAUC: n_thresholds must be >= 2", std::invalid_argument);
}

TEST_CASE("ROCAUC checkpoint round-trip keeps state and behaviour") {
  const auto t = test::read_table("metrics/other_binary.csv");
  ROCAUC original = make(37, false);
  for (std::size_t i = 0; i < 150; ++i)
    original.update(t["y_true"][i] != 0, t["p_true"][i], t["w"][i]);
  ROCAUC restored = test::roundtrip(original);
  CHECK(restored == original);
  for (std::size_t i = 150; i < t.rows; ++i) {
    original.update(t["y_true"][i] != 0, t["p_true"][i], t["w"][i]);
    restored.update(t["y_true"][i] != 0, t["p_true"][i], t["w"][i]);
  }
  CHECK(restored == original);
  CHECK(restored.get() == original.get());
  CHECK(streamwise::to_json(streamwise::spec_of(original)) ==
        R"({"type":"ROCAUC","params":{"n_thresholds":37,"pos_val":false}})");
  CHECK(streamwise::repr(streamwise::spec_of(ROCAUC{})) ==
        "ROCAUC (\n  n_thresholds=10\n  pos_val=True\n)");
}

TEST_CASE("ROCAUC refuses inconsistent or newer checkpoints") {
  ForgedROCAUC<1> wrong_size;
  wrong_size.p.n_thresholds = 1'000'000'000;  // must not be trusted to size anything
  wrong_size.counts.resize(3);
  CHECK_THROWS_WITH_AS(
      test::roundtrip_as<ROCAUC>(wrong_size),
      "ROCAUC: checkpoint holds 3 confusion matrices for n_thresholds = 1000000000",
      streamwise::CheckpointError);
  ForgedROCAUC<1> bad_params;
  bad_params.p.n_thresholds = 1;
  bad_params.counts.resize(1);
  CHECK_THROWS_WITH_AS(
      test::roundtrip_as<ROCAUC>(bad_params),
      "ROCAUC: invalid parameters in checkpoint: ROCAUC: n_thresholds must be >= 2",
      streamwise::CheckpointError);
  ForgedROCAUC<2> newer;
  newer.counts.resize(10);
  CHECK_THROWS_WITH_AS(test::roundtrip_as<ROCAUC>(newer), "ROCAUC: checkpoint from a newer version",
                       streamwise::CheckpointError);
}
