#include <doctest/doctest.h>

#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xtensor.hpp>

#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/batch.hpp"
#include "streamwise/core/rng.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"

namespace sw = streamwise;

namespace {
struct Data {
  std::vector<double> X;  // 200 x 4, row-major
  std::vector<double> y_reg;
  std::vector<sw::ClassId> y_cls;
  std::vector<double> w;
};
Data make_data() {
  sw::Rng rng(5);
  Data d;
  for (int i = 0; i < 200; ++i) {
    double s = 0.0;
    for (int j = 0; j < 4; ++j) {
      const double v = rng.normal(j, 1.0 + j);
      d.X.push_back(v);
      s += (j + 1) * v;
    }
    d.y_reg.push_back(s + rng.normal());
    d.y_cls.push_back(static_cast<sw::ClassId>(i % 3));
    d.w.push_back(0.5 + rng.uniform());
  }
  return d;
}
}  // namespace

TEST_CASE("learn_many and predict_many equal a loop of the *_one calls") {
  const Data d = make_data();
  const sw::RowMajorBlock X{d.X, 4};
  REQUIRE(X.n_rows() == 200);

  sw::linear_model::LinearRegression batch, loop;
  sw::learn_many(batch, X, std::span<const double>(d.y_reg), std::span<const double>(d.w));
  for (std::size_t i = 0; i < 200; ++i) loop.learn_one(X.row(i), d.y_reg[i], d.w[i]);
  CHECK(batch == loop);
  std::vector<double> out(200);
  sw::predict_many(batch, X, std::span<double>(out));
  for (std::size_t i = 0; i < 200; ++i) CHECK(out[i] == loop.predict_one(X.row(i)));
}

TEST_CASE("predict_proba_many and transform_many fill row-major outputs") {
  const Data d = make_data();
  const sw::RowMajorBlock X{d.X, 4};
  sw::naive_bayes::GaussianNB nb, nb_loop;
  sw::learn_many(nb, X, std::span<const sw::ClassId>(d.y_cls));
  for (std::size_t i = 0; i < 200; ++i) nb_loop.learn_one(X.row(i), d.y_cls[i]);
  CHECK(nb == nb_loop);
  std::vector<double> proba(200 * 3), one(3);
  sw::predict_proba_many(nb, X, std::span<double>(proba));
  for (std::size_t i = 0; i < 200; ++i) {
    nb.predict_proba_one(X.row(i), one);
    for (std::size_t k = 0; k < 3; ++k) CHECK(proba[i * 3 + k] == one[k]);
  }
  std::vector<sw::ClassId> labels(200);
  sw::predict_many(nb, X, std::span<sw::ClassId>(labels));
  for (std::size_t i = 0; i < 200; ++i) CHECK(labels[i] == nb.predict_one(X.row(i)));

  sw::preprocessing::StandardScaler scaler;
  sw::learn_many(scaler, X);
  std::vector<double> t(200 * 4), t1(4);
  sw::transform_many(scaler, X, std::span<double>(t), 4);
  scaler.transform_one(X.row(17), t1);
  for (std::size_t j = 0; j < 4; ++j) CHECK(t[17 * 4 + j] == t1[j]);
}

TEST_CASE("xtensor blocks are read in place") {
  const Data d = make_data();
  const std::vector<std::size_t> shape{200, 4};
  auto adapted = xt::adapt(d.X.data(), d.X.size(), xt::no_ownership(), shape);
  const auto X = sw::block_of(adapted);
  CHECK(X.data.data() == d.X.data());  // no copy
  CHECK(X.n_rows() == 200);
  auto model = sw::compose::make_pipeline(sw::preprocessing::StandardScaler{},
                                          sw::linear_model::LinearRegression{});
  auto loop = model;
  sw::learn_many(model, X, std::span<const double>(d.y_reg));
  for (std::size_t i = 0; i < 200; ++i) loop.learn_one(X.row(i), d.y_reg[i]);
  CHECK(model.predict_one(X.row(3)) == loop.predict_one(X.row(3)));

  xt::xtensor<double, 2, xt::layout_type::column_major> column_major({3, 2});
  CHECK_THROWS_WITH_AS(sw::block_of(column_major), "batch: X must be row-major and contiguous",
                       std::invalid_argument);
  xt::xtensor<double, 1> flat({6});
  CHECK_THROWS_WITH_AS(sw::block_of(flat), "batch: X must be 2-D", std::invalid_argument);
}

TEST_CASE("bad batches are refused with the row or the shape named") {
  const Data d = make_data();
  const sw::RowMajorBlock X{d.X, 4};
  sw::linear_model::LinearRegression model;
  const std::vector<double> short_y(10, 1.0);
  CHECK_THROWS_WITH_AS(sw::learn_many(model, X, std::span<const double>(short_y)),
                       "batch: y has 10 entries for 200 rows", std::invalid_argument);
  CHECK(model == sw::linear_model::LinearRegression{});

  std::vector<double> bad = d.X;
  bad[5 * 4 + 2] = INFINITY;
  const sw::RowMajorBlock B{bad, 4};
  sw::linear_model::LinearRegression loop;
  for (std::size_t i = 0; i < 5; ++i) loop.learn_one(B.row(i), d.y_reg[i]);
  CHECK_THROWS_WITH_AS(sw::learn_many(model, B, std::span<const double>(d.y_reg)),
                       doctest::Contains("row 5: "), sw::InvalidInput);
  CHECK(model == loop);  // rows before the bad one are learnt, as a loop would leave them

  const std::vector<double> ragged(7, 0.0);
  sw::preprocessing::StandardScaler scaler;
  CHECK_THROWS_WITH_AS(sw::learn_many(scaler, sw::RowMajorBlock{ragged, 4}),
                       "batch: data size is not a multiple of n_cols", std::invalid_argument);
}
