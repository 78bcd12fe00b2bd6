#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "streamwise/core/python_random.hpp"
#include "support/checkpoint.hpp"

using streamwise::PythonRandom;
namespace test = streamwise::test;

namespace {

struct Row {
  std::int64_t seed = 0;
  std::string kind;
  std::vector<std::uint64_t> args;
  std::vector<std::string> values;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string part;
  while (std::getline(ss, part, sep)) out.push_back(part);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

// Rows of tests/data/drift/python_random.csv, written by make_drift_reference.py from CPython.
std::vector<Row> read_rows() {
  std::ifstream in(test::data_path("drift/python_random.csv"));
  REQUIRE_MESSAGE(in.good(), "missing tests/data/drift/python_random.csv");
  std::string line;
  std::getline(in, line);  // header
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    const auto fields = split(line, ';');
    REQUIRE(fields.size() == 4);
    Row row;
    row.seed = std::stoll(fields[0]);
    row.kind = fields[1];
    for (const auto& a : split(fields[2], ' ')) {
      if (!a.empty()) row.args.push_back(std::stoull(a));
    }
    for (const auto& v : split(fields[3], ' ')) {
      if (!v.empty()) row.values.push_back(v);
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST_CASE("PythonRandom reproduces CPython's draws for every recorded seed") {
  const auto rows = read_rows();
  REQUIRE(rows.size() > 100);
  // Rows of one seed and one kind group share one generator, as in the generator script.
  PythonRandom rng;
  std::int64_t current_seed = -1;
  std::string current_group;
  std::size_t checked = 0;
  for (const auto& row : rows) {
    const std::string group = row.kind == "random" ? "random" : row.kind;
    if (row.seed != current_seed || group != current_group) {
      rng = PythonRandom(row.seed);
      current_seed = row.seed;
      current_group = group;
    }
    CAPTURE(row.seed);
    CAPTURE(row.kind);
    if (row.kind == "random") {
      for (const auto& v : row.values) {
        CHECK(rng.random() == std::stod(v));
        ++checked;
      }
    } else if (row.kind == "getrandbits") {
      for (const auto& v : row.values) {
        CHECK(rng.getrandbits(static_cast<unsigned>(row.args.at(0))) == std::stoull(v));
        ++checked;
      }
    } else if (row.kind == "randbelow") {
      for (const auto& v : row.values) {
        CHECK(rng.randbelow(row.args.at(0)) == std::stoull(v));
        ++checked;
      }
    } else if (row.kind == "sample") {
      const auto got = rng.sample_range(row.args.at(0), row.args.at(1));
      REQUIRE(got.size() == row.values.size());
      for (std::size_t i = 0; i < got.size(); ++i) CHECK(got[i] == std::stoull(row.values[i]));
      ++checked;
    } else {
      FAIL("unknown kind " << row.kind);
    }
  }
  CHECK(checked > 800);
}

TEST_CASE("PythonRandom follows CPython's rule for choosing the sampling method") {
  // 21 for k <= 5, then 21 + 4 ** ceil(log(3k, 4)).
  CHECK(PythonRandom::sample_set_size(0) == 21);
  CHECK(PythonRandom::sample_set_size(5) == 21);
  CHECK(PythonRandom::sample_set_size(6) == 21 + 64);    // log4(18) = 2.08
  CHECK(PythonRandom::sample_set_size(21) == 21 + 64);   // log4(63) = 2.99
  CHECK(PythonRandom::sample_set_size(22) == 21 + 256);  // log4(66) = 3.02
  CHECK(PythonRandom::sample_set_size(30) == 21 + 256);
  CHECK(PythonRandom::sample_set_size(100) == 21 + 1024);
}

TEST_CASE("PythonRandom edge cases and errors") {
  PythonRandom rng(3);
  CHECK(rng.getrandbits(0) == 0);
  CHECK(rng.randbelow(1) == 0);
  CHECK(rng.sample_range(0, 0).empty());
  CHECK_THROWS_WITH_AS(rng.randbelow(0), "PythonRandom: randbelow needs n > 0",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(rng.getrandbits(65), "PythonRandom: getrandbits supports at most 64 bits",
                       streamwise::InvalidInput);
  CHECK_THROWS_WITH_AS(rng.sample_range(3, 4), "PythonRandom: sample larger than population",
                       streamwise::InvalidInput);
  // A full permutation holds every value once.
  auto perm = rng.sample_range(150, 150);
  std::vector<bool> seen(150, false);
  for (auto v : perm) seen.at(v) = true;
  for (bool s : seen) CHECK(s);
  // abs(seed): random.Random(-7) and random.Random(7) agree; the extreme int64 works.
  PythonRandom a(-7), b(7);
  CHECK(a == b);
  PythonRandom extreme(INT64_MIN);
  CHECK(extreme.next_u32() != 0);
  // Entropy seeding gives a usable, different generator.
  PythonRandom e1, e2;
  e1.seed_entropy();
  e2.seed_entropy();
  CHECK_FALSE(e1 == e2);
}

TEST_CASE("PythonRandom checkpoint round-trip continues the same sequence") {
  PythonRandom rng(2024);
  for (int i = 0; i < 1000; ++i) rng.next_u32();
  std::string payload;
  {
    streamwise::io::PayloadOutputArchive ar(payload);
    ar(rng);
  }
  PythonRandom restored(1);
  {
    streamwise::io::PayloadInputArchive ar(streamwise::io::detail::as_bytes(payload));
    ar(restored);
  }
  CHECK(restored == rng);
  for (int i = 0; i < 2000; ++i) REQUIRE(restored.next_u32() == rng.next_u32());
}
