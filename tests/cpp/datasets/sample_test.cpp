#include <doctest/doctest.h>

#include <cmath>

#include "streamwise/datasets/sample.hpp"

using streamwise::datasets::ClassificationSample;
using streamwise::datasets::RegressionSample;

TEST_CASE("Sample views its features densely and compares by value") {
  ClassificationSample a{{1.0, streamwise::missing_value, 3.0}, 2};
  const auto view = a.view();
  CHECK(view.size() == 3);
  CHECK(view[0] == 1.0);
  CHECK(std::isnan(view[1]));
  CHECK(view[7] != view[7]);                // past the end: missing
  CHECK(view.values.data() == a.x.data());  // no copy
  ClassificationSample b{{1.0, 2.0, 3.0}, 2};
  ClassificationSample c = b;
  CHECK(b == c);
  c.y = 1;
  CHECK(b != c);
  RegressionSample r;
  CHECK(r.x.empty());
  CHECK(r.y == 0.0);
}
