#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "preprocessing/preprocessing_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::preprocessing::StandardScaler;
namespace test = streamwise::test;

static_assert(streamwise::Transformer<StandardScaler>);
static_assert(!StandardScaler::accepts_nominal);

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("StandardScaler matches River at every step") {
  test::check_against_river(StandardScaler(), "standard_scaler.csv");
}

TEST_CASE("StandardScaler without std matches River at every step") {
  test::check_against_river(StandardScaler({.with_std = false}), "standard_scaler_no_std.csv");
}

TEST_CASE("StandardScaler over a window matches River at every step") {
  test::check_against_river(StandardScaler({.window_size = 5}), "standard_scaler_window5.csv");
  test::check_against_river(StandardScaler({.with_std = false, .window_size = 5}),
                            "standard_scaler_window5_no_std.csv");
  test::check_against_river(StandardScaler({.window_size = 1}), "standard_scaler_window1.csv");
}

TEST_CASE("StandardScaler agrees with a two-pass mean and population variance") {
  const auto s = test::make_stream(500, 5);
  StandardScaler scaler;
  std::vector<double> out(1);
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    const std::vector<double> row{s.x[i]};
    scaler.learn_one(DenseView{row});
    long double sum = 0, sq = 0;
    for (std::size_t j = 0; j <= i; ++j) sum += s.x[j];
    const long double mean = sum / static_cast<long double>(i + 1);
    for (std::size_t j = 0; j <= i; ++j) sq += (s.x[j] - mean) * (s.x[j] - mean);
    const auto var = static_cast<double>(sq / static_cast<long double>(i + 1));
    CHECK(test::close(scaler.mean(0), static_cast<double>(mean), 1e-11));
    CHECK(test::close(scaler.var(0), var, 1e-9));
    scaler.transform_one(DenseView{row}, out);
    const double expected = i == 0 ? 0.0 : (s.x[i] - static_cast<double>(mean)) / std::sqrt(var);
    CHECK(test::close(out[0], expected, 1e-9));
  }
  CHECK(scaler.count(0) == 500);
}

TEST_CASE("StandardScaler before any learning and on unseen features") {
  const StandardScaler fresh;
  const std::vector<double> row{3.0, kNaN, -2.0};
  std::vector<double> out(5, 42.0);
  fresh.transform_one(DenseView{row}, out);
  // River: an unseen feature has variance 0, so it scales to 0; absent stays absent, and slots
  // past the end of the sample are absent too.
  CHECK(out[0] == 0.0);
  CHECK(std::isnan(out[1]));
  CHECK(out[2] == 0.0);
  CHECK(std::isnan(out[3]));
  CHECK(std::isnan(out[4]));
  // Without std, River only subtracts a mean of 0.
  StandardScaler({.with_std = false}).transform_one(DenseView{row}, out);
  CHECK(out[0] == 3.0);
  CHECK(out[2] == -2.0);
  StandardScaler({.with_std = false, .window_size = 3}).transform_one(DenseView{row}, out);
  CHECK(out[0] == 3.0);
  StandardScaler({.window_size = 3}).transform_one(DenseView{row}, out);
  CHECK(out[0] == 0.0);
  CHECK(fresh.n_features() == 0);
  CHECK(fresh.mean(7) == 0.0);
  CHECK(fresh.var(7) == 0.0);
  CHECK(fresh.count(7) == 0);
}

TEST_CASE("StandardScaler edge cases: empty samples, one value, constant and late features") {
  StandardScaler scaler;
  scaler.learn_one(DenseView{});  // nothing present: nothing learnt
  const std::vector<double> all_absent{kNaN, kNaN};
  scaler.learn_one(DenseView{all_absent});
  CHECK(scaler.n_features() == 0);
  CHECK(scaler == StandardScaler());
  const std::vector<double> late{kNaN, kNaN, kNaN, 7.0};  // id 3 first: ids 0-2 stay unseen
  scaler.learn_one(DenseView{late});
  CHECK(scaler.n_features() == 4);
  CHECK(scaler.count(0) == 0);
  CHECK(scaler.count(3) == 1);
  std::vector<double> out(4);
  scaler.transform_one(DenseView{late}, out);
  CHECK(out[3] == 0.0);  // one value: no spread yet
  for (int i = 0; i < 10; ++i) scaler.learn_one(DenseView{late});
  scaler.transform_one(DenseView{late}, out);
  CHECK(out[3] == 0.0);  // constant
  CHECK(scaler.mean(3) == 7.0);
  CHECK(scaler.var(3) == 0.0);
  const std::vector<double> other{1.0, kNaN, kNaN, 9.0};
  scaler.transform_one(DenseView{other}, out);
  CHECK(out[0] == 0.0);  // never learnt
  CHECK(out[3] == 0.0);  // variance still 0
}

TEST_CASE("StandardScaler rejects infinite values without changing state") {
  StandardScaler scaler({.window_size = 4});
  const std::vector<double> row{1.0, 2.0};
  scaler.learn_one(DenseView{row});
  const StandardScaler before = scaler;
  const std::vector<double> bad{3.0, kNaN, -kInf};
  CHECK_THROWS_WITH_AS(scaler.learn_one(DenseView{bad}),
                       "StandardScaler: x[2] must be finite, got -inf", streamwise::InvalidInput);
  CHECK(scaler == before);
  std::vector<double> out(3);
  CHECK_THROWS_WITH_AS(scaler.transform_one(DenseView{bad}, out),
                       "StandardScaler: x[2] must be finite, got -inf", streamwise::InvalidInput);
  std::vector<double> small(1);
  CHECK_THROWS_WITH_AS(scaler.transform_one(DenseView{row}, small),
                       "StandardScaler: out has 1 slots, fewer than the 2 of the sample",
                       streamwise::InvalidInput);
  CHECK(scaler == before);
}

TEST_CASE("StandardScaler validates its parameters") {
  CHECK_THROWS_WITH_AS(StandardScaler({.window_size = 0}),
                       "StandardScaler: window_size must be None or >= 1", std::invalid_argument);
  CHECK_THROWS_AS(StandardScaler({.window_size = -3}), std::invalid_argument);
  CHECK_NOTHROW(StandardScaler({.with_std = false, .window_size = 1}));
  const auto params = streamwise::params_from_list<StandardScaler::Params>(
      {{"with_std", false}, {"window_size", std::int64_t{10}}}, "StandardScaler");
  CHECK_FALSE(params.with_std);
  CHECK(params.window_size == 10);
}

TEST_CASE("StandardScaler checkpoint round-trip keeps state and behaviour") {
  for (const StandardScaler::Params& params :
       {StandardScaler::Params{}, StandardScaler::Params{.with_std = false},
        StandardScaler::Params{.window_size = 3},
        StandardScaler::Params{.with_std = false, .window_size = 3}}) {
    StandardScaler original(params);
    const auto& rows = test::preprocessing_stream();
    for (std::size_t r = 0; r < 50; ++r) original.learn_one(DenseView{rows[r]});
    StandardScaler restored = test::roundtrip(original);
    CHECK(restored == original);
    std::vector<double> a(6), b(6);
    for (std::size_t r = 50; r < rows.size(); ++r) {
      original.learn_one(DenseView{rows[r]});
      restored.learn_one(DenseView{rows[r]});
      original.transform_one(DenseView{rows[r]}, a);
      restored.transform_one(DenseView{rows[r]}, b);
      for (std::size_t i = 0; i < 6; ++i) CHECK(test::close_rel(a[i], b[i], 0.0));
    }
    CHECK(restored == original);
  }
  CHECK(streamwise::to_json(streamwise::spec_of(StandardScaler())) ==
        R"({"type":"StandardScaler","params":{"with_std":true,"window_size":null}})");
  CHECK(streamwise::to_json(streamwise::spec_of(StandardScaler({.window_size = 5}))) ==
        R"({"type":"StandardScaler","params":{"with_std":true,"window_size":5}})");
  CHECK(streamwise::repr(streamwise::spec_of(StandardScaler())) ==
        "StandardScaler (\n  with_std=True\n  window_size=None\n)");
}

namespace {
// Writes a StandardScaler-shaped payload whose per-feature vectors disagree in length.
struct InconsistentStandardScaler {
  using Params = StandardScaler::Params;
  static constexpr std::string_view name = "StandardScaler";
  const Params& params() const { return params_; }
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    std::vector<std::uint64_t> counts{1, 1, 1};
    std::vector<double> means{0.5, 1.5};
    std::vector<double> vars{0.0, 0.0, 0.0};
    std::vector<streamwise::stats::Rolling<streamwise::stats::Mean>> rolling_means;
    std::vector<streamwise::stats::Rolling<streamwise::stats::Var>> rolling_vars;
    ar(params_, counts, means, vars, rolling_means, rolling_vars);
  }
  Params params_{};
};
}  // namespace

TEST_CASE("StandardScaler refuses an inconsistent checkpoint") {
  const std::string bytes = streamwise::io::to_checkpoint(InconsistentStandardScaler{});
  CHECK_THROWS_WITH_AS(
      streamwise::io::from_checkpoint<StandardScaler>(std::string_view(bytes)),
      "checkpoint payload is damaged: StandardScaler per-feature statistics are inconsistent",
      streamwise::CheckpointError);
}

TEST_CASE("StandardScaler's dense fast path equals the general path, also after a restore") {
  // Rows with every feature present take the vectorised path; the same rows with one extra
  // absent slot take the general one. Both must give the same bits, before and after a
  // checkpoint (the cached standard deviations are rebuilt on load, not saved).
  streamwise::Rng rng(11);
  StandardScaler dense, general;
  std::vector<double> row(10), padded(11), a(10), b(11);
  for (int step = 0; step < 400; ++step) {
    for (std::size_t j = 0; j < 10; ++j) row[j] = rng.normal(static_cast<double>(j), 1.0 + j);
    std::copy(row.begin(), row.end(), padded.begin());
    padded[10] = streamwise::missing_value;
    dense.learn_one(DenseView{row});
    general.learn_one(DenseView{padded});
    if (step == 200) {
      dense = test::roundtrip(dense);
      general = test::roundtrip(general);
    }
    dense.transform_one(DenseView{row}, a);
    general.transform_one(DenseView{padded}, b);
    for (std::size_t j = 0; j < 10; ++j) REQUIRE(a[j] == b[j]);
    CHECK(std::isnan(b[10]));
  }
}
