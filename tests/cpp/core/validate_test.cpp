#include "streamwise/core/validate.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using streamwise::all_finite_values;
using streamwise::any_infinite;
using streamwise::InvalidInput;

namespace {

// Every kind of double the scans must classify: zeros, subnormals, normals at both ends of
// the exponent range, infinities and NaNs of both signs and several payloads (quiet and
// signalling).
std::vector<double> special_values() {
  using limits = std::numeric_limits<double>;
  return {0.0,
          -0.0,
          limits::denorm_min(),
          -limits::denorm_min(),
          limits::min(),
          limits::max(),
          -limits::max(),
          std::nextafter(limits::max(), 0.0),
          1.0,
          -3.5,
          limits::infinity(),
          -limits::infinity(),
          limits::quiet_NaN(),
          -limits::quiet_NaN(),
          limits::signaling_NaN(),
          std::bit_cast<double>(std::uint64_t{0x7ff0000000000001}),  // smallest NaN payload
          std::bit_cast<double>(std::uint64_t{0xfff8000000000abc}),
          std::bit_cast<double>(std::uint64_t{0x7fefffffffffffff})};  // max again, by bits
}

}  // namespace

TEST_CASE("all_finite_values and any_infinite agree with std::isfinite / std::isinf") {
  // Each special value at each position of rows of every length up to 33 (the scans have
  // unrolled bodies and tails), the rest of the row being ordinary numbers.
  for (const double special : special_values()) {
    for (std::size_t n = 1; n <= 33; ++n) {
      for (std::size_t at = 0; at < n; ++at) {
        std::vector<double> row(n, 0.25);
        row[at] = special;
        INFO("value bits " << std::bit_cast<std::uint64_t>(special) << ", n " << n << ", at "
                           << at);
        const bool finite =
            std::all_of(row.begin(), row.end(), [](double v) { return std::isfinite(v); });
        const bool infinite =
            std::any_of(row.begin(), row.end(), [](double v) { return std::isinf(v); });
        REQUIRE(all_finite_values(row) == finite);
        REQUIRE(any_infinite(row) == infinite);
      }
    }
  }
  CHECK(all_finite_values({}));
  CHECK_FALSE(any_infinite({}));
}

TEST_CASE("require_finite and require_weight messages") {
  CHECK_NOTHROW(streamwise::require_finite(1e308, "Mean"));
  CHECK_THROWS_WITH_AS(streamwise::require_finite(std::numeric_limits<double>::infinity(), "Mean"),
                       "Mean: x must be finite, got inf", InvalidInput);
  CHECK_THROWS_WITH_AS(
      streamwise::require_finite(std::numeric_limits<double>::quiet_NaN(), "ADWIN", "x[3]"),
      "ADWIN: x[3] must be finite, got nan", InvalidInput);
  CHECK_NOTHROW(streamwise::require_weight(0.0, "Mean"));
  CHECK_THROWS_WITH_AS(streamwise::require_weight(-1.0, "Mean"),
                       "Mean: weight w must be finite and >= 0, got -1.000000", InvalidInput);
}
