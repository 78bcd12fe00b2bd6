#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>

#include "streamwise/core/python_format.hpp"
#include "support/checkpoint.hpp"

using streamwise::python_str;

TEST_CASE("python_str matches Python's str(float) on recorded values") {
  // tests/data/preprocessing/encoders_python_str.csv: bit pattern and Python's str().
  std::ifstream in(streamwise::test::data_path("preprocessing/encoders_python_str.csv"));
  REQUIRE(in.good());
  std::string line;
  std::getline(in, line);
  int checked = 0;
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    const auto bits = std::stoull(line.substr(0, comma), nullptr, 16);
    const double v = std::bit_cast<double>(static_cast<std::uint64_t>(bits));
    const std::string expected = line.substr(comma + 1);
    CHECK_MESSAGE(python_str(v) == expected, "value " << line);
    ++checked;
  }
  CHECK(checked >= 20);
}

TEST_CASE("python_str special values and layout boundaries") {
  CHECK(python_str(1.0) == "1.0");
  CHECK(python_str(0.1) == "0.1");
  CHECK(python_str(1e-7) == "1e-07");
  CHECK(python_str(0.0001) == "0.0001");
  CHECK(python_str(0.00001) == "1e-05");
  CHECK(python_str(1e15) == "1000000000000000.0");
  CHECK(python_str(1e16) == "1e+16");
  CHECK(python_str(-2.5) == "-2.5");
  CHECK(python_str(0.0) == "0.0");
  CHECK(python_str(-0.0) == "-0.0");
  CHECK(python_str(INFINITY) == "inf");
  CHECK(python_str(-INFINITY) == "-inf");
  CHECK(python_str(std::nan("")) == "nan");
  CHECK(python_str(123.0) == "123.0");
  CHECK(python_str(1.5e300) == "1.5e+300");
}
