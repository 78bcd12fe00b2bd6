#pragma once
/// @file
/// The batch API: `learn_many`, `predict_many`, `predict_proba_many` and `transform_many` over a
/// 2-D row-major block of samples in the caller's memory (a `std::span` or any contiguous
/// row-major xtensor expression: `xt::xtensor`, `xt::xarray`, `xt::adapt` over a numpy buffer).
/// Rows are read in place, never copied, and the result is exactly a loop of the `*_one` calls.
///
/// ```cpp
/// std::vector<double> X = ...;                         // n_rows * 10 values, row-major
/// auto block = streamwise::RowMajorBlock{X, 10};
/// streamwise::learn_many(model, block, std::span<const double>(y));
/// std::vector<double> predictions(block.n_rows());
/// streamwise::predict_many(model, block, std::span<double>(predictions));
/// ```
///
/// River's own `learn_many` for LinearRegression and LogisticRegression takes one gradient step
/// on a batch mean; that mini-batch rule is those models' `learn_many` member. These free
/// functions learn row by row for every estimator, so batch and one-by-one use always agree.

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>

#include <xtensor/xexpression.hpp>
#include <xtensor/xlayout.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"

namespace streamwise {

/// `n_rows × n_cols` doubles, row-major, in memory owned by the caller.
struct RowMajorBlock {
  std::span<const double> data;  ///< All values, row after row.
  std::size_t n_cols = 0;        ///< Values per row (feature ids 0 .. n_cols-1).

  /// Number of rows; `data.size()` must be a multiple of `n_cols`.
  std::size_t n_rows() const { return n_cols == 0 ? 0 : data.size() / n_cols; }
  /// Row `i` as a sample view (no copy).
  DenseView row(std::size_t i) const { return DenseView{data.subspan(i * n_cols, n_cols)}; }
};

/// A block over a contiguous row-major 2-D xtensor expression (no copy). Throws
/// `std::invalid_argument` for other shapes or layouts.
template <class E>
RowMajorBlock block_of(const xt::xexpression<E>& expression) {
  const E& X = expression.derived_cast();
  if (X.dimension() != 2) throw std::invalid_argument("batch: X must be 2-D");
  if (X.layout() != xt::layout_type::row_major) {
    throw std::invalid_argument("batch: X must be row-major and contiguous");
  }
  const std::size_t n_rows = X.shape()[0];
  const std::size_t n_cols = X.shape()[1];
  return RowMajorBlock{std::span<const double>(X.data(), n_rows * n_cols), n_cols};
}

namespace detail {
inline void check_block(const RowMajorBlock& X, std::size_t n_targets, const char* what) {
  if (X.n_cols == 0 && !X.data.empty()) throw std::invalid_argument("batch: n_cols must be > 0");
  if (X.n_cols != 0 && X.data.size() % X.n_cols != 0) {
    throw std::invalid_argument("batch: data size is not a multiple of n_cols");
  }
  if (n_targets != X.n_rows()) {
    throw std::invalid_argument(std::string("batch: ") + what + " has " +
                                std::to_string(n_targets) + " entries for " +
                                std::to_string(X.n_rows()) + " rows");
  }
}
}  // namespace detail

/// Learns every row in order, as `model.learn_one(X.row(i), y[i], w[i])` (w defaults to 1).
/// If row `i` is rejected the error names it and rows before it stay learnt, exactly as the
/// equivalent loop would leave the model.
template <class Model, class Target>
void learn_many(Model& model, const RowMajorBlock& X, std::span<const Target> y,
                std::span<const double> w = {}) {
  detail::check_block(X, y.size(), "y");
  if (!w.empty()) detail::check_block(X, w.size(), "w");
  for (std::size_t i = 0; i < X.n_rows(); ++i) {
    try {
      if (w.empty()) {
        model.learn_one(X.row(i), y[i]);
      } else {
        model.learn_one(X.row(i), y[i], w[i]);
      }
    } catch (const InvalidInput& e) {
      throw InvalidInput("row " + std::to_string(i) + ": " + e.what());
    }
  }
}

/// Learns every row of an unsupervised transformer in order.
template <class Model>
requires requires(Model& m, DenseView x) { m.learn_one(x); }
void learn_many(Model& model, const RowMajorBlock& X) {
  detail::check_block(X, X.n_rows(), "X");
  for (std::size_t i = 0; i < X.n_rows(); ++i) {
    try {
      model.learn_one(X.row(i));
    } catch (const InvalidInput& e) {
      throw InvalidInput("row " + std::to_string(i) + ": " + e.what());
    }
  }
}

/// `out[i] = model.predict_one(X.row(i))` (a `double` for regressors, a `ClassId` for
/// classifiers).
template <class Model, class Out>
void predict_many(const Model& model, const RowMajorBlock& X, std::span<Out> out) {
  detail::check_block(X, out.size(), "out");
  for (std::size_t i = 0; i < X.n_rows(); ++i) out[i] = model.predict_one(X.row(i));
}

/// Row `i` of `out` (row-major, `n_rows × n_classes`) gets `model.predict_proba_one(X.row(i))`;
/// `n_classes` is the model's at call time.
template <class Model>
void predict_proba_many(const Model& model, const RowMajorBlock& X, std::span<double> out) {
  const std::size_t k = model.n_classes();
  detail::check_block(X, k == 0 ? X.n_rows() : out.size() / k, "out");
  if (out.size() != X.n_rows() * k)
    throw std::invalid_argument("batch: out must be n_rows * n_classes");
  for (std::size_t i = 0; i < X.n_rows(); ++i)
    model.predict_proba_one(X.row(i), out.subspan(i * k, k));
}

/// Row `i` of `out` (row-major, `n_rows × n_out`) gets `model.transform_one(X.row(i))`.
template <class Model>
void transform_many(const Model& model, const RowMajorBlock& X, std::span<double> out,
                    std::size_t n_out) {
  detail::check_block(X, n_out == 0 ? X.n_rows() : out.size() / n_out, "out");
  if (out.size() != X.n_rows() * n_out)
    throw std::invalid_argument("batch: out must be n_rows * n_out");
  for (std::size_t i = 0; i < X.n_rows(); ++i)
    model.transform_one(X.row(i), out.subspan(i * n_out, n_out));
}

}  // namespace streamwise
