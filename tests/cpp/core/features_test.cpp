#include <doctest/doctest.h>

#include <vector>

#include "streamwise/core/features.hpp"
#include "support/checkpoint.hpp"

using streamwise::FeatureKind;
using streamwise::FeatureSpace;

namespace {
struct Holder {  // FeatureSpace is not an estimator; wrap it to use the archive directly.
  FeatureSpace space;
};
FeatureSpace roundtrip(const FeatureSpace& s) {
  std::string bytes;
  {
    streamwise::io::PayloadOutputArchive out(bytes);
    out(s);
  }
  FeatureSpace r;
  streamwise::io::PayloadInputArchive in(streamwise::io::detail::as_bytes(bytes));
  in(r);
  return r;
}
}  // namespace

TEST_CASE("FeatureSpace interns names in order of first appearance") {
  FeatureSpace fs;
  CHECK(fs.intern("temp") == 0);
  CHECK(fs.intern("city", FeatureKind::nominal) == 1);
  CHECK(fs.intern("temp") == 0);
  CHECK(fs.size() == 2);
  CHECK(fs.name(1) == "city");
  CHECK(fs.kind(1) == FeatureKind::nominal);
  CHECK(fs.find("temp") == 0u);
  CHECK_FALSE(fs.find("humidity").has_value());
}

TEST_CASE("nominal values get stable codes per feature") {
  FeatureSpace fs;
  const auto city = fs.intern("city", FeatureKind::nominal);
  const auto color = fs.intern("color", FeatureKind::nominal);
  CHECK(fs.encode_nominal(city, "Paris") == 0.0);
  CHECK(fs.encode_nominal(city, "Oslo") == 1.0);
  CHECK(fs.encode_nominal(city, "Paris") == 0.0);
  CHECK(fs.encode_nominal(color, "red") == 0.0);
  CHECK(fs.find_nominal(city, "Oslo") == 1.0);
  CHECK_FALSE(fs.find_nominal(city, "Rome").has_value());
  CHECK(fs.nominal_value(city, 1.0) == "Oslo");
  CHECK(fs.n_nominal_values(city) == 2);
}

TEST_CASE("a feature cannot change kind, and the space is unchanged by the attempt") {
  FeatureSpace fs;
  fs.intern("x");
  CHECK_THROWS_WITH_AS(fs.intern("x", FeatureKind::nominal),
                       "feature 'x' was numeric and is now nominal", streamwise::InvalidInput);
  CHECK(fs.size() == 1);
  CHECK(fs.kind(0) == FeatureKind::numeric);
}

TEST_CASE("dense views read missing past the end; NaN is the missing marker") {
  const std::vector<double> row{1.0, streamwise::missing_value, 3.0};
  const streamwise::DenseView x{row};
  CHECK(x[0] == 1.0);
  CHECK(streamwise::is_missing(x[1]));
  CHECK(streamwise::is_missing(x[7]));
  CHECK(x.values.data() == row.data());  // no copy
}

TEST_CASE("sparse samples sort by id and reuse their buffers") {
  streamwise::SparseSample s;
  s.push_back(5, 0.5);
  s.push_back(1, 0.1);
  s.push_back(3, 0.3);
  s.sort();
  const auto v = s.view();
  REQUIRE(v.size() == 3);
  CHECK(v.ids[0] == 1);
  CHECK(v.ids[1] == 3);
  CHECK(v.ids[2] == 5);
  CHECK(v.values[2] == 0.5);
  const auto* before = v.ids.data();
  s.clear();
  s.push_back(2, 2.0);
  CHECK(s.view().ids.data() == before);
}

TEST_CASE("FeatureSpace round-trips through the checkpoint archive") {
  FeatureSpace fs;
  fs.intern("a");
  const auto c = fs.intern("c", FeatureKind::nominal);
  fs.encode_nominal(c, "x");
  fs.encode_nominal(c, "y");
  const FeatureSpace r = roundtrip(fs);
  CHECK(r.size() == 2);
  CHECK(r.find("c") == 1u);
  CHECK(r.find_nominal(1, "y") == 1.0);
  CHECK(r.kind(1) == FeatureKind::nominal);
}
