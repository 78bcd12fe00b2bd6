#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "preprocessing/preprocessing_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/preprocessing/robust_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::preprocessing::RobustScaler;
namespace test = streamwise::test;

static_assert(streamwise::Transformer<RobustScaler>);
static_assert(!RobustScaler::accepts_nominal);

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("RobustScaler matches River at every step") {
  test::check_against_river(RobustScaler(), "robust_scaler.csv");
  test::check_against_river(RobustScaler({.with_centering = false}),
                            "robust_scaler_no_centering.csv");
  test::check_against_river(RobustScaler({.with_scaling = false}), "robust_scaler_no_scaling.csv");
  test::check_against_river(RobustScaler({.q_inf = 0.1, .q_sup = 0.9}),
                            "robust_scaler_q10_q90.csv");
}

TEST_CASE("RobustScaler uses order statistics before five values") {
  // Fewer than six values: the P2 answer is the sorted value at min(n - 1, floor(n q)).
  RobustScaler scaler;
  std::vector<double> out(1);
  const std::vector<double> xs{4.0, 1.0, 3.0};
  for (double v : xs) scaler.learn_one(DenseView{std::vector<double>{v}});
  // sorted {1, 3, 4}: median index floor(1.5) = 1 -> 3; q25 index 0 -> 1; q75 index 2 -> 4
  CHECK(scaler.median(0) == 3.0);
  CHECK(scaler.range(0) == 3.0);
  scaler.transform_one(DenseView{std::vector<double>{9.0}}, out);
  CHECK(out[0] == 2.0);  // (9 - 3) / 3
}

TEST_CASE("RobustScaler before any learning, on unseen features and constant ones") {
  const std::vector<double> row{3.0, kNaN, -1.5};
  std::vector<double> out(3, 42.0);
  RobustScaler().transform_one(DenseView{row}, out);  // River: IQR None, so 0
  CHECK(out[0] == 0.0);
  CHECK(std::isnan(out[1]));
  CHECK(out[2] == 0.0);
  RobustScaler({.with_scaling = false}).transform_one(DenseView{row}, out);  // median None
  CHECK(out[0] == 3.0);
  CHECK(out[2] == -1.5);
  RobustScaler({.with_centering = false, .with_scaling = false}).transform_one(DenseView{row}, out);
  CHECK(out[0] == 3.0);

  RobustScaler scaler;
  const std::vector<double> constant{7.0};
  for (int i = 0; i < 8; ++i) scaler.learn_one(DenseView{constant});
  scaler.transform_one(DenseView{row}, out);
  CHECK(out[0] == 0.0);  // range 0
  CHECK(out[2] == 0.0);  // feature 2 never learnt
  CHECK(scaler.n_features() == 1);
  CHECK(std::isnan(scaler.median(2)));

  RobustScaler neither({.with_centering = false, .with_scaling = false});
  neither.learn_one(DenseView{row});
  CHECK(neither.n_features() == 3);
  neither.transform_one(DenseView{row}, out);
  CHECK(out[0] == 3.0);
}

TEST_CASE("RobustScaler rejects infinite values without changing state") {
  RobustScaler scaler;
  const std::vector<double> row{1.0, 2.0};
  scaler.learn_one(DenseView{row});
  const RobustScaler before = scaler;
  const std::vector<double> bad{1.0, -kInf};
  CHECK_THROWS_WITH_AS(scaler.learn_one(DenseView{bad}),
                       "RobustScaler: x[1] must be finite, got -inf", streamwise::InvalidInput);
  std::vector<double> out(2);
  CHECK_THROWS_AS(scaler.transform_one(DenseView{bad}, out), streamwise::InvalidInput);
  CHECK(scaler == before);
}

TEST_CASE("RobustScaler validates its parameters") {
  CHECK_THROWS_WITH_AS(RobustScaler({.q_inf = -0.1}), "RobustScaler: q_inf must be in [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(RobustScaler({.q_sup = 1.5}), "RobustScaler: q_sup must be in [0, 1]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(RobustScaler({.q_inf = 0.8}),
                       "RobustScaler: q_inf must be strictly less than q_sup",
                       std::invalid_argument);
  CHECK_THROWS_AS(RobustScaler({.q_inf = kNaN}), std::invalid_argument);
  CHECK_NOTHROW(RobustScaler({.q_inf = 0.0, .q_sup = 1.0}));
}

TEST_CASE("RobustScaler checkpoint round-trip keeps state and behaviour") {
  for (const RobustScaler::Params& params :
       {RobustScaler::Params{}, RobustScaler::Params{.with_centering = false},
        RobustScaler::Params{.with_scaling = false, .q_inf = 0.1}}) {
    RobustScaler original(params);
    const auto& rows = test::preprocessing_stream();
    for (std::size_t r = 0; r < 50; ++r) original.learn_one(DenseView{rows[r]});
    RobustScaler restored = test::roundtrip(original);
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
  CHECK(streamwise::to_json(streamwise::spec_of(RobustScaler())) ==
        R"({"type":"RobustScaler","params":{"with_centering":true,"with_scaling":true,)"
        R"("q_inf":0.25,"q_sup":0.75}})");
}
