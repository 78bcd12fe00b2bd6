#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "streamwise/datasets/detail/python_rng.hpp"
#include "support/checkpoint.hpp"

using streamwise::datasets::detail::PyRng;

namespace {
struct Call {
  std::string name;
  double value;
};

/// python_rng.csv grouped by seed, in file order.
std::map<std::int64_t, std::vector<Call>> read_script() {
  std::ifstream in(streamwise::test::data_path("datasets/python_rng.csv"));
  REQUIRE_MESSAGE(in.good(), "missing tests/data/datasets/python_rng.csv");
  std::string line;
  std::getline(in, line);
  std::map<std::int64_t, std::vector<Call>> out;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string seed, name, value;
    std::getline(ss, seed, ',');
    std::getline(ss, name, ',');
    std::getline(ss, value, ',');
    out[std::stoll(seed)].push_back({name, std::strtod(value.c_str(), nullptr)});
  }
  return out;
}

/// Saves and loads through the checkpoint payload archive (PyRng has no spec of its own).
PyRng roundtrip_value(const PyRng& rng) {
  std::string bytes;
  {
    streamwise::io::PayloadOutputArchive out(bytes);
    out(rng);
  }
  PyRng loaded(1);
  streamwise::io::PayloadInputArchive in(streamwise::io::detail::as_bytes(bytes));
  in(loaded);
  return loaded;
}

double draw(PyRng& rng, const std::string& name) {
  if (name == "random") return rng.random();
  if (name == "randint_0_9") return static_cast<double>(rng.randint(0, 9));
  if (name == "randint_20_80") return static_cast<double>(rng.randint(20, 80));
  if (name == "uniform_0_10") return rng.uniform(0.0, 10.0);
  if (name == "gauss_0_1") return rng.gauss(0.0, 1.0);
  if (name == "randint_m5_5") return static_cast<double>(rng.randint(-5, 5));
  if (name == "choice_01") return static_cast<double>(rng.randbelow(2));
  if (name == "getrandbits_1") return static_cast<double>(rng.getrandbits(1));
  if (name == "gauss_3_2") return rng.gauss(3.0, 2.0);
  if (name == "uniform_m1_1") return rng.uniform(-1.0, 1.0);
  FAIL("unknown call " << name);
  return 0.0;
}
}  // namespace

TEST_CASE("PyRng replays CPython's random.Random calls exactly") {
  const auto script = read_script();
  REQUIRE(script.size() == 4);
  for (const auto& [seed, calls] : script) {
    PyRng rng(seed);
    for (std::size_t i = 0; i < calls.size(); ++i) {
      const double got = draw(rng, calls[i].name);
      if (got != calls[i].value) {
        FAIL("seed " << seed << " call " << i << " (" << calls[i].name << "): got " << got
                     << ", Python " << calls[i].value);
      }
    }
  }
}

TEST_CASE("PyRng reseeding drops the cached Gaussian; checkpoints keep it") {
  PyRng a(42);
  const double first = a.gauss(0.0, 1.0);  // caches the pair's second value
  PyRng restored = roundtrip_value(a);
  CHECK(restored == a);
  CHECK(restored.gauss(0.0, 1.0) == a.gauss(0.0, 1.0));
  a.reseed(42);
  CHECK(a.gauss(0.0, 1.0) == first);
  PyRng u1(std::nullopt), u2(std::nullopt);
  CHECK(u1.random() != u2.random());
  CHECK_THROWS_WITH_AS(a.randint(3, 2), "PyRng: empty range for randint", streamwise::InvalidInput);
  CHECK(streamwise::datasets::detail::py_pow(3.0, 2.0) == 9.0);
}
