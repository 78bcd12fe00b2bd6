#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "preprocessing/preprocessing_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/preprocessing/max_abs_scaler.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

using streamwise::DenseView;
using streamwise::preprocessing::MaxAbsScaler;
namespace test = streamwise::test;

static_assert(streamwise::Transformer<MaxAbsScaler>);
static_assert(!MaxAbsScaler::accepts_nominal);

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("MaxAbsScaler matches River at every step") {
  test::check_against_river(MaxAbsScaler(), "max_abs_scaler.csv");
}

TEST_CASE("MaxAbsScaler over a window matches River at every step") {
  test::check_against_river(MaxAbsScaler({.window_size = 3}), "max_abs_scaler_window3.csv");
}

TEST_CASE("MaxAbsScaler agrees with a two-pass absolute maximum") {
  const auto s = test::make_stream(300, 13);
  MaxAbsScaler scaler, windowed({.window_size = 5});
  std::vector<double> out(1), out_w(1);
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    const std::vector<double> row{s.x[i]};
    scaler.learn_one(DenseView{row});
    windowed.learn_one(DenseView{row});
    scaler.transform_one(DenseView{row}, out);
    windowed.transform_one(DenseView{row}, out_w);
    double m = 0.0;
    for (std::size_t j = 0; j <= i; ++j) m = std::fmax(m, std::fabs(s.x[j]));
    CHECK(out[0] == s.x[i] / m);
    m = 0.0;
    for (std::size_t j = i >= 4 ? i - 4 : 0; j <= i; ++j) m = std::fmax(m, std::fabs(s.x[j]));
    CHECK(out_w[0] == s.x[i] / m);
  }
}

TEST_CASE("MaxAbsScaler before any learning, on unseen features and zeros") {
  const std::vector<double> row{3.0, kNaN, -1.0};
  std::vector<double> out(4, 42.0);
  MaxAbsScaler().transform_one(DenseView{row}, out);  // River: abs max 0, so 0
  CHECK(out[0] == 0.0);
  CHECK(std::isnan(out[1]));
  CHECK(out[2] == 0.0);
  CHECK(std::isnan(out[3]));
  MaxAbsScaler({.window_size = 2}).transform_one(DenseView{row}, out);  // River: None, so 0
  CHECK(out[0] == 0.0);
  CHECK(out[2] == 0.0);

  MaxAbsScaler scaler({.window_size = 2});
  const std::vector<double> zeros{0.0, kNaN, 0.0};
  scaler.learn_one(DenseView{zeros});
  scaler.transform_one(DenseView{row}, out);
  CHECK(out[0] == 0.0);  // only zeros so far
  scaler.learn_one(DenseView{row});
  scaler.transform_one(DenseView{row}, out);
  CHECK(out[0] == 1.0);
  CHECK(out[2] == -1.0);
  scaler.learn_one(DenseView{zeros});
  scaler.learn_one(DenseView{zeros});  // the window holds zeros only again
  scaler.transform_one(DenseView{row}, out);
  CHECK(out[0] == 0.0);
  CHECK(scaler.abs_max(0) == 0.0);
  CHECK(scaler.abs_max(9) == 0.0);
}

TEST_CASE("MaxAbsScaler rejects infinite values without changing state") {
  MaxAbsScaler scaler;
  const std::vector<double> row{1.0, -2.0};
  scaler.learn_one(DenseView{row});
  const MaxAbsScaler before = scaler;
  const std::vector<double> bad{kNaN, kInf};
  CHECK_THROWS_WITH_AS(scaler.learn_one(DenseView{bad}),
                       "MaxAbsScaler: x[1] must be finite, got inf", streamwise::InvalidInput);
  std::vector<double> out(2);
  CHECK_THROWS_AS(scaler.transform_one(DenseView{bad}, out), streamwise::InvalidInput);
  CHECK(scaler == before);
}

TEST_CASE("MaxAbsScaler validates its parameters") {
  CHECK_THROWS_WITH_AS(MaxAbsScaler({.window_size = -1}),
                       "MaxAbsScaler: window_size must be None or >= 1", std::invalid_argument);
  CHECK_NOTHROW(MaxAbsScaler({.window_size = 1}));
}

TEST_CASE("MaxAbsScaler checkpoint round-trip keeps state and behaviour") {
  for (const MaxAbsScaler::Params& params :
       {MaxAbsScaler::Params{}, MaxAbsScaler::Params{.window_size = 3}}) {
    MaxAbsScaler original(params);
    const auto& rows = test::preprocessing_stream();
    for (std::size_t r = 0; r < 50; ++r) original.learn_one(DenseView{rows[r]});
    MaxAbsScaler restored = test::roundtrip(original);
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
  CHECK(streamwise::to_json(streamwise::spec_of(MaxAbsScaler({.window_size = 3}))) ==
        R"({"type":"MaxAbsScaler","params":{"window_size":3}})");
}
