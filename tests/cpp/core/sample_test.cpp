#include <doctest/doctest.h>

#include <vector>

#include "streamwise/core/sample.hpp"

TEST_CASE("present_ids lists non-missing features and reuses its buffer") {
  std::vector<streamwise::FeatureId> scratch;
  const std::vector<double> row{1.0, streamwise::missing_value, 0.0, -2.0};
  const auto ids = streamwise::present_ids(streamwise::DenseView{row}, scratch);
  REQUIRE(ids.size() == 3);
  CHECK(ids[0] == 0);
  CHECK(ids[1] == 2);
  CHECK(ids[2] == 3);
  const auto* buffer = scratch.data();
  const std::vector<double> other{streamwise::missing_value, 5.0};
  const auto ids2 = streamwise::present_ids(streamwise::DenseView{other}, scratch);
  REQUIRE(ids2.size() == 1);
  CHECK(ids2[0] == 1);
  CHECK(scratch.data() == buffer);
  CHECK(streamwise::present_ids(streamwise::DenseView{}, scratch).empty());
}
