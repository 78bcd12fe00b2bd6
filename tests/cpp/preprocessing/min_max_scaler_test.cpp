#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "preprocessing/preprocessing_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::preprocessing::MinMaxScaler;
namespace test = streamwise::test;

static_assert(streamwise::Transformer<MinMaxScaler>);
static_assert(!MinMaxScaler::accepts_nominal);

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("MinMaxScaler matches River at every step") {
  test::check_against_river(MinMaxScaler(), "min_max_scaler.csv");
}

TEST_CASE("MinMaxScaler over a window matches River at every step") {
  test::check_against_river(MinMaxScaler({.window_size = 4}), "min_max_scaler_window4.csv");
}

TEST_CASE("MinMaxScaler agrees with a two-pass min and max") {
  const auto s = test::make_stream(300, 9);
  MinMaxScaler scaler, windowed({.window_size = 7});
  std::vector<double> out(1), out_w(1);
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    const std::vector<double> row{s.x[i]};
    scaler.learn_one(DenseView{row});
    windowed.learn_one(DenseView{row});
    scaler.transform_one(DenseView{row}, out);
    windowed.transform_one(DenseView{row}, out_w);
    double lo = s.x[0], hi = s.x[0];
    for (std::size_t j = 0; j <= i; ++j) lo = std::fmin(lo, s.x[j]), hi = std::fmax(hi, s.x[j]);
    CHECK(out[0] == (hi > lo ? (s.x[i] - lo) / (hi - lo) : 0.0));
    const std::size_t first = i >= 6 ? i - 6 : 0;
    lo = hi = s.x[first];
    for (std::size_t j = first; j <= i; ++j) lo = std::fmin(lo, s.x[j]), hi = std::fmax(hi, s.x[j]);
    CHECK(out_w[0] == (hi > lo ? (s.x[i] - lo) / (hi - lo) : 0.0));
    CHECK(out[0] >= 0.0);
    CHECK(out[0] <= 1.0);
  }
}

TEST_CASE("MinMaxScaler before any learning, on unseen features and constant ones") {
  const std::vector<double> row{3.0, kNaN};
  std::vector<double> out(3, 42.0);
  // River: (3 - inf) / (-inf - inf) is NaN for a feature never learnt.
  MinMaxScaler().transform_one(DenseView{row}, out);
  CHECK(std::isnan(out[0]));
  CHECK(std::isnan(out[1]));
  CHECK(std::isnan(out[2]));
  MinMaxScaler({.window_size = 2}).transform_one(DenseView{row}, out);
  CHECK(std::isnan(out[0]));
  CHECK(MinMaxScaler().min(0) == kInf);
  CHECK(MinMaxScaler().max(0) == -kInf);

  MinMaxScaler scaler;
  scaler.learn_one(DenseView{});
  CHECK(scaler == MinMaxScaler());
  const std::vector<double> constant{kNaN, 5.0};
  for (int i = 0; i < 3; ++i) scaler.learn_one(DenseView{constant});
  CHECK(scaler.n_features() == 2);
  scaler.transform_one(DenseView{constant}, out);
  CHECK(std::isnan(out[0]));
  CHECK(out[1] == 0.0);  // max == min
  const std::vector<double> zeros{0.0, 0.0};
  scaler.learn_one(DenseView{zeros});
  scaler.transform_one(DenseView{zeros}, out);
  CHECK(out[0] == 0.0);  // one value of feature 0 so far
  CHECK(out[1] == 0.0);  // the new minimum
  scaler.transform_one(DenseView{constant}, out);
  CHECK(out[1] == 1.0);  // the maximum
}

TEST_CASE("MinMaxScaler rejects infinite values without changing state") {
  MinMaxScaler scaler;
  const std::vector<double> row{1.0, 2.0};
  scaler.learn_one(DenseView{row});
  const MinMaxScaler before = scaler;
  const std::vector<double> bad{kInf};
  CHECK_THROWS_WITH_AS(scaler.learn_one(DenseView{bad}),
                       "MinMaxScaler: x[0] must be finite, got inf", streamwise::InvalidInput);
  std::vector<double> out(2);
  CHECK_THROWS_AS(scaler.transform_one(DenseView{bad}, out), streamwise::InvalidInput);
  std::vector<double> small;
  CHECK_THROWS_WITH_AS(scaler.transform_one(DenseView{row}, small),
                       "MinMaxScaler: out has 0 slots, fewer than the 2 of the sample",
                       streamwise::InvalidInput);
  CHECK(scaler == before);
}

TEST_CASE("MinMaxScaler validates its parameters") {
  CHECK_THROWS_WITH_AS(MinMaxScaler({.window_size = 0}),
                       "MinMaxScaler: window_size must be None or >= 1", std::invalid_argument);
  CHECK_NOTHROW(MinMaxScaler({.window_size = 1}));
}

TEST_CASE("MinMaxScaler checkpoint round-trip keeps state and behaviour") {
  for (const MinMaxScaler::Params& params :
       {MinMaxScaler::Params{}, MinMaxScaler::Params{.window_size = 3}}) {
    MinMaxScaler original(params);
    const auto& rows = test::preprocessing_stream();
    for (std::size_t r = 0; r < 50; ++r) original.learn_one(DenseView{rows[r]});
    MinMaxScaler restored = test::roundtrip(original);
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
  CHECK(streamwise::to_json(streamwise::spec_of(MinMaxScaler())) ==
        R"({"type":"MinMaxScaler","params":{"window_size":null}})");
}
