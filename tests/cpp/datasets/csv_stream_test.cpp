#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "streamwise/core/concepts.hpp"
#include "streamwise/datasets/csv_stream.hpp"
#include "streamwise/datasets/paths.hpp"
#include "support/checkpoint.hpp"

using streamwise::datasets::CsvSample;
using streamwise::datasets::CsvStream;
namespace fs = std::filesystem;

static_assert(streamwise::Estimator<CsvStream>);

namespace {

/// Writes `bytes` to a fresh file in the temporary directory and returns its path.
std::string temp_csv(const std::string& name, const std::string& bytes) {
  const fs::path dir = fs::temp_directory_path() / "streamwise_csv_stream_test";
  fs::create_directories(dir);
  const fs::path path = dir / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  return path.string();
}

std::vector<CsvSample> read_all(CsvStream& stream) {
  std::vector<CsvSample> rows;
  CsvSample s;
  while (stream.next(s)) rows.push_back(s);
  return rows;
}

}  // namespace

TEST_CASE("CsvStream reads numeric features and keeps the target column apart") {
  const auto path = temp_csv("basic.csv", "a,label,b\n1,yes,2.5\n-3e2,no,+4\n0.1, 7 ,\"5\"\n");
  CsvStream stream({.path = path, .target = "label"});
  CHECK(stream.n_features() == 2);
  CHECK(stream.feature_names() == std::vector<std::string>{"a", "b"});
  const auto rows = read_all(stream);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].x == std::vector<double>{1.0, 2.5});
  CHECK(rows[0].y == "yes");
  CHECK(std::isnan(rows[0].y_value));
  CHECK(rows[1].x == std::vector<double>{-300.0, 4.0});
  CHECK(rows[2].x == std::vector<double>{0.1, 5.0});
  CHECK(rows[2].y == "7");
  CHECK(rows[2].y_value == 7.0);
  CHECK(stream.line() == 4);
  CsvSample s;
  CHECK_FALSE(stream.next(s));  // stays at the end
  stream.reset();
  CHECK(read_all(stream).size() == 3);
}

TEST_CASE("CsvStream accepts CRLF, no trailing newline, blank lines; empty fields are missing") {
  const auto crlf = temp_csv("crlf.csv", "x,y\r\n1.5,0\r\n2.5,1\r\n");
  CsvStream a({.path = crlf, .target = "y"});
  const auto ra = read_all(a);
  REQUIRE(ra.size() == 2);
  CHECK(ra[1].x[0] == 2.5);
  CHECK(ra[1].y == "1");
  const auto no_newline = temp_csv("no_newline.csv", "x,y\n1.5,0\n2.5,1");
  CsvStream b({.path = no_newline, .target = "y"});
  CHECK(read_all(b).size() == 2);
  const auto blank = temp_csv("blank.csv", "x,z,y\n\n1,,0\n\n\n2,3,1\n\n");
  CsvStream c({.path = blank, .target = "y"});
  const auto rc = read_all(c);
  REQUIRE(rc.size() == 2);
  CHECK(std::isnan(rc[0].x[1]));
  CHECK(rc[1].x[1] == 3.0);
  const auto header_only = temp_csv("header_only.csv", "x,y\n");
  CsvStream d({.path = header_only, .target = "y"});
  CHECK(read_all(d).empty());
}

TEST_CASE("CsvStream reports bad files with the file, line and column") {
  const auto empty = temp_csv("empty.csv", "");
  CHECK_THROWS_WITH_AS(CsvStream({.path = empty, .target = "y"}),
                       ("CsvStream: '" + empty + "' is empty (no header row)").c_str(),
                       streamwise::InvalidInput);
  const auto no_target = temp_csv("no_target.csv", "a,b\n1,2\n");
  CHECK_THROWS_WITH_AS(
      CsvStream({.path = no_target, .target = "class"}),
      ("CsvStream: '" + no_target + "' has no column 'class' (columns: a, b)").c_str(),
      streamwise::InvalidInput);
  const auto bad = temp_csv("bad_number.csv", "a,b,y\n1,2,0\n3,abc,1\n");
  CsvStream stream({.path = bad, .target = "y"});
  CsvSample s;
  CHECK(stream.next(s));
  CHECK_THROWS_WITH_AS(
      stream.next(s),
      ("CsvStream: '" + bad + "' line 3, column 'b': 'abc' is not a number").c_str(),
      streamwise::InvalidInput);
  CHECK_FALSE(stream.next(s));  // past the bad row: end of file
  const auto ragged = temp_csv("ragged.csv", "a,b,y\n1,2,0,9\n1,2\n");
  CsvStream r({.path = ragged, .target = "y"});
  CHECK_THROWS_WITH_AS(r.next(s),
                       ("CsvStream: '" + ragged + "' line 2: 4 fields, the header has 3").c_str(),
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(r.next(s),
                       ("CsvStream: '" + ragged + "' line 3: 2 fields, the header has 3").c_str(),
                       streamwise::InvalidInput);
  const auto trailing = temp_csv("trailing.csv", "a,y\n1x,0\n");
  CsvStream t({.path = trailing, .target = "y"});
  CHECK_THROWS_WITH_AS(
      t.next(s), ("CsvStream: '" + trailing + "' line 2, column 'a': '1x' is not a number").c_str(),
      streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(CsvStream({.path = "/nonexistent/dir/x.csv", .target = "y"}),
                       "CsvStream: cannot open '/nonexistent/dir/x.csv'", streamwise::Error);
}

TEST_CASE("CsvStream validates its parameters; a default stream is empty") {
  CHECK_THROWS_WITH_AS(CsvStream({.path = "", .target = "y"}), "CsvStream: path must be non-empty",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(CsvStream({.path = "x.csv", .target = ""}),
                       "CsvStream: target must be non-empty", std::invalid_argument);
  CsvStream none;
  CsvSample s;
  CHECK_FALSE(none.next(s));
  CsvStream copy = none;
  CHECK(copy == none);
}

TEST_CASE("CsvStream checkpoint and copies resume at the same row") {
  const auto path = temp_csv("resume.csv", "a,b,y\r\n1,2,0\r\n3,4,1\r\n5,6,0\r\n7,8,1\r\n");
  CsvStream stream({.path = path, .target = "y"});
  CsvSample s;
  stream.next(s);
  stream.next(s);
  CsvStream restored = streamwise::test::roundtrip(stream);
  CsvStream copy = stream;
  CHECK(restored == stream);
  CHECK(copy == stream);
  const auto rest = read_all(stream);
  REQUIRE(rest.size() == 2);
  const auto rest_restored = read_all(restored);
  const auto rest_copy = read_all(copy);
  REQUIRE(rest_restored.size() == 2);
  REQUIRE(rest_copy.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(rest_restored[i].x == rest[i].x);
    CHECK(rest_copy[i].y == rest[i].y);
  }
  CHECK(rest[0].x == std::vector<double>{5.0, 6.0});
  CHECK(restored == stream);
  CHECK(streamwise::to_json(streamwise::spec_of(stream)) ==
        R"({"type":"CsvStream","params":{"path":")" + path + R"(","target":"y"}})");
}

TEST_CASE("CsvStream reads the shared Electricity and SEA files") {
  namespace ds = streamwise::datasets;
  fs::path elec, sea;
  try {
    elec = ds::elec_path();
    sea = ds::sea_path();
  } catch (const ds::DatasetNotFound& e) {
    MESSAGE("skipped: " << e.what());
    return;
  }
  CsvStream stream({.path = elec.string(), .target = "class"});
  CHECK(stream.feature_names() == std::vector<std::string>{"period", "nswprice", "nswdemand",
                                                           "vicprice", "vicdemand", "transfer"});
  CsvSample s;
  REQUIRE(stream.next(s));
  // First data row of elec.csv: 0.0,0.05644299999999999,0.439155,0.003467,0.422915,0.414912,1
  CHECK(s.x ==
        std::vector<double>{0.0, 0.05644299999999999, 0.439155, 0.003467, 0.422915, 0.414912});
  CHECK(s.y == "1");
  std::size_t n = 1, ones = s.y == "1";
  while (stream.next(s)) {
    ++n;
    ones += s.y == "1";
  }
  CHECK(n == 45312);
  CHECK(ones > 0);
  CHECK(ones < n);
  CsvStream sea_stream({.path = sea.string(), .target = "class"});
  CHECK(sea_stream.n_features() == 3);
  std::size_t m = 0;
  while (sea_stream.next(s)) ++m;
  CHECK(m == 100000);
}
