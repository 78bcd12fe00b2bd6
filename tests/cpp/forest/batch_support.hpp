#pragma once
// A stream laid out as a row-major block, for the forests' batch-call tests.

#include <cstddef>
#include <span>
#include <vector>

namespace streamwise::test::forest {

/// Rows of `n_cols` values, row after row, and one target per row.
template <class Y>
struct Flat {
  std::vector<double> x;
  std::vector<Y> y;
  std::size_t n_cols = 0;

  std::size_t rows() const { return y.size(); }
  /// Rows [from, from + count) of the block.
  std::span<const double> data(std::size_t from, std::size_t count) const {
    return std::span<const double>(x).subspan(from * n_cols, count * n_cols);
  }
  /// Targets of rows [from, from + count).
  std::span<const Y> targets(std::size_t from, std::size_t count) const {
    return std::span<const Y>(y).subspan(from, count);
  }
};

/// `s.x` (one vector per row) and `s.y` as a block.
template <class Stream>
auto flatten(const Stream& s) {
  Flat<typename decltype(s.y)::value_type> f;
  f.n_cols = s.x.front().size();
  for (std::size_t t = 0; t < s.x.size(); ++t) {
    f.x.insert(f.x.end(), s.x[t].begin(), s.x[t].end());
    f.y.push_back(s.y[t]);
  }
  return f;
}

}  // namespace streamwise::test::forest
